"""The dbt project as Dagster assets, and its manifest prepared without `dagster dev`.

`DbtProject.prepare_if_dev()` only acts under `dagster dev`; tests, `ogi run` and code servers call
`ensure_manifest()` instead, which runs `dbt parse` when the manifest is missing or older than the
project's files. No packages.yml exists, so no `dbt deps` is ever needed.
"""


import hashlib
import os
import subprocess
import sys
from collections.abc import Mapping
from functools import cached_property
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from dagster import AssetCheckSpec, AssetExecutionContext, AssetSpec, Config
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from packaging import version
from pydantic import Field

from orchestration.paths import DBT_PROJECT_DIR, build_path, export_build_env
from orchestration.warehouse import built_fingerprint, clear_changed, record_build

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def dbt_executable() -> str:
    """The dbt next to this interpreter (the project's virtual environment)."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def _newest_source_mtime() -> float:
    newest = (DBT_PROJECT_DIR / "dbt_project.yml").stat().st_mtime
    for folder in ("models", "tests", "macros", "seeds"):
        for f in (DBT_PROJECT_DIR / folder).rglob("*"):
            if f.is_file():
                newest = max(newest, f.stat().st_mtime)
    return newest


def ensure_manifest() -> Path:
    """Run `dbt parse` if the manifest is missing or stale; returns the manifest path."""
    manifest = dbt_project.manifest_path
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime():
        return manifest
    export_build_env()
    subprocess.run(
        [dbt_executable(), "parse", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR), "--quiet"],
        check=True,
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
    )
    return manifest


ensure_manifest()

# dbt folder -> Dagster group; seeds are the template's reference codes the staging models join to
DBT_GROUPS = {"staging": "staging", "intermediate": "rules", "marts": "marts"}

_TEST_SENTENCES = {
    "unique": "{column} is unique in {model}",
    "not_null": "{column} is never null in {model}",
    "accepted_values": "{column} of {model} takes only the values {values}",
    "relationships": "every {column} of {model} exists in {to}.{field}",
    "unique_combination": "one row per ({columns}) in {model}",
    "non_negative_integer": "{column} of {model} is a non-negative whole number where printed (rule R5, cell by cell)",
    "rule_passes": "reconciliation rule {rule_id} holds for every report in {model}",
}


def describe_test(props: Mapping[str, Any]) -> str:
    """A dbt test's description: its own from the YAML, else a sentence from its kind and arguments."""
    own = props.get("description") or (props.get("meta") or {}).get("description")
    severity = (props.get("config") or {}).get("severity", "error").lower()
    tail = " Severity warn: failures are reported, never blocking." if severity == "warn" else (
        " Severity error: a failure blocks the downstream assets."
    )
    if own:
        return own.strip() + tail
    meta = props.get("test_metadata") or {}
    kwargs = dict(meta.get("kwargs") or {})
    model = (props.get("attached_node") or "").rsplit(".", 1)[-1] or "the model"
    values = {
        "model": model,
        "column": kwargs.get("column_name") or props.get("column_name") or "the row",
        "values": ", ".join(map(str, kwargs.get("values") or [])),
        "to": str(kwargs.get("to", "")).replace("ref('", "").replace("')", ""),
        "field": kwargs.get("field", ""),
        "columns": ", ".join(kwargs.get("columns") or []),
        "rule_id": kwargs.get("rule_id", ""),
    }
    template = _TEST_SENTENCES.get(meta.get("name", ""), "dbt test {name} on {model}")
    return template.format(name=props.get("name", "?"), **values) + "." + tail


class OgiDbtTranslator(DagsterDbtTranslator):
    """Named groups for the dbt assets (staging, rules, marts) and a description on every dbt test check."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """staging / rules / marts by the model's folder; seeds go with staging."""
        if dbt_resource_props.get("resource_type") == "seed":
            return "staging"
        fqn = dbt_resource_props.get("fqn") or []
        return DBT_GROUPS.get(fqn[1] if len(fqn) > 2 else "", "marts")

    def get_asset_check_spec(self, asset_spec: AssetSpec, manifest: Mapping[str, Any], unique_id: str, project) -> AssetCheckSpec | None:
        """dagster-dbt's check spec, with the test's description (dagster-dbt reads only ``meta.description``)."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        props = manifest["nodes"].get(unique_id) or {}
        return spec._replace(description=describe_test(props))


def project_fingerprint() -> str:
    """A hash of the dbt project's files: when it changes, marts built incrementally are rebuilt in full."""
    digest = hashlib.sha256()
    files = [DBT_PROJECT_DIR / "dbt_project.yml", DBT_PROJECT_DIR / "profiles.yml"]
    for folder in ("models", "tests", "macros", "seeds"):
        files += sorted(f for f in (DBT_PROJECT_DIR / folder).rglob("*") if f.is_file())
    for f in files:
        digest.update(str(f.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()[:16]


# Left out of an incremental build. An exclusion, not a --select: dagster-dbt appends its own
# `--select fqn:*`, and dbt takes the union of --select flags.
INCREMENTAL_EXCLUDE = ("resource_type:seed", "config.materialized:view", "resource_type:unit_test")


class DbtBuildConfig(Config):
    """How to build the marts."""

    full_refresh: bool = Field(default=False, description="Rebuild every mart from scratch (dbt --full-refresh)")


@dbt_assets(
    manifest=dbt_project.manifest_path, project=dbt_project, pool="warehouse", dagster_dbt_translator=OgiDbtTranslator()
)
def ogi_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig):
    """Staging, intermediate and mart models and the rule tests (warn, store_failures) of dbt_project/.

    Runs `dbt build` on the private build copy of the warehouse; a report that does not add up shows
    as a warning check, never as a failed build. The marts are incremental, keyed by report_id: only
    the reports loaded since the last build (and the other reports of their agencies) are rebuilt,
    unless ``full_refresh`` is set or the dbt project changed since the marts were built.
    """
    export_build_env()
    fingerprint = project_fingerprint()
    full = config.full_refresh or built_fingerprint(build_path()) != fingerprint
    context.log.info("full build of the marts" if full else "incremental build of the marts (changed reports only)")
    # Incremental: the project is the one the marts were built with, so seeds and views (staging and the
    # intermediate helpers: definitions only, they read raw live) are as they were; the rule tables, the
    # marts and their tests run, each on the reports in the rebuild scope. Each dbt node costs a fixed
    # ~0.03-0.1 s, which is most of a one-file re-run's dbt time.
    args = ["build", "--full-refresh"] if full else ["build", "--exclude", " ".join(INCREMENTAL_EXCLUDE)]
    yield from dbt.cli(args, context=context, target_path=build_target_path(build_path())).stream()
    # reached only when dbt succeeded: the changes are built, the marts match this project
    clear_changed(build_path())
    record_build(build_path(), fingerprint)


def build_target_path(build_file: Path) -> Path:
    """dbt's target folder for one build warehouse: the same folder every run, so dbt parses partially.

    dbt's partial parse is void when the profile changes, and the profile holds the build file's path;
    dagster-dbt's default target folder is new for every run, seeded with the manifest ``dbt parse``
    wrote for the default warehouse. A folder per build file keeps the previous run's
    ``partial_parse.msgpack`` for the same profile (a full parse costs ~4 s of a one-file re-run).
    """
    key = hashlib.sha256(str(build_file).encode()).hexdigest()[:12]
    return DBT_PROJECT_DIR / "target" / "builds" / key


class OgiDbtCliResource(DbtCliResource):
    """dagster-dbt's CLI resource without the two dbt start-ups it makes before every command.

    dagster-dbt imports dbt and registers an adapter in the Dagster process (``_initialize_dbt_core_adapter``)
    only for ``fetch_row_counts`` / ``fetch_column_metadata``, which this project does not call; it costs
    ~4 s of every build in a fresh process (measured in a one-file re-run), while dbt itself runs in a
    subprocess. Without the adapter, dagster-dbt runs the command exactly as before (it accepts None).
    """

    def _initialize_dbt_core_adapter(self, args):  # noqa: ANN001 - dagster-dbt's private signature
        """No in-process adapter (see the class docstring)."""
        return None

    @cached_property
    def _cli_version(self) -> version.Version:
        """The installed dbt-core's version, read from its package metadata.

        dagster-dbt runs ``dbt --version`` for it once per run: a second dbt start-up (~2.5 s) that also
        asks PyPI for the latest release. The executable is the one installed beside this interpreter
        (``dbt_executable``), so its version is the installed package's.
        """
        return version.parse(package_version("dbt-core"))


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource pointing at this project and the project's dbt executable."""
    return OgiDbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable())
