"""The dbt project as Dagster assets, and its manifest prepared without `dagster dev`.

`DbtProject.prepare_if_dev()` only acts under `dagster dev`; tests, `ogi run` and code servers call
`ensure_manifest()` instead, which runs `dbt parse` when the manifest is missing or older than the
project's files. No packages.yml exists, so no `dbt deps` is ever needed.
"""


import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dagster import AssetCheckSpec, AssetExecutionContext, AssetSpec
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.paths import DBT_PROJECT_DIR, export_build_env

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


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool="warehouse", dagster_dbt_translator=OgiDbtTranslator())
def ogi_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    """Staging, intermediate and mart models and the rule tests (warn, store_failures) of dbt_project/.

    Runs `dbt build` on the private build copy of the warehouse; a report that does not add up shows
    as a warning check, never as a failed build.
    """
    export_build_env()
    yield from dbt.cli(["build"], context=context).stream()


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource pointing at this project and the project's dbt executable."""
    return DbtCliResource(project_dir=dbt_project, profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable())
