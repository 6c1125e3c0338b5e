"""The dbt project as Dagster assets: groups, check descriptions, and the incremental `dbt build`.

Made by :func:`build_dbt_assets` when the definitions load (never at import: the manifest may need a
`dbt parse`, a subprocess; `ogi check`, which needs no Dagster, never pays for it).
"""


from collections.abc import Mapping
from functools import cached_property
from importlib.metadata import version as package_version
from typing import Any

from dagster import AssetCheckSpec, AssetExecutionContext, AssetsDefinition, AssetSpec, Config
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from packaging import version
from pydantic import Field

from orchestration.defs.resources import WarehouseResource
from orchestration.settings import DBT_PROJECT_DIR
from orchestration.warehouse.dbt_runner import (
    build_target_path,
    dbt_executable,
    dbt_profile_dir,
    ensure_manifest,
    project_fingerprint,
)
from orchestration.warehouse.loader import built_fingerprint, finish_build

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


# Left out of an incremental build. An exclusion, not a --select: dagster-dbt appends its own
# `--select fqn:*`, and dbt takes the union of --select flags. Unit tests (the rules' edge cases on
# fixed inputs) run in full builds; they do not depend on which reports changed.
INCREMENTAL_EXCLUDE = ("resource_type:seed", "config.materialized:view", "resource_type:unit_test")


class DbtBuildConfig(Config):
    """How to build the marts."""

    full_refresh: bool = Field(default=False, description="Rebuild every mart from scratch (dbt --full-refresh)")


def build_dbt_assets(profiles_dir: str) -> AssetsDefinition:
    """The dbt models and tests as one Dagster multi-asset (the manifest parsed first if it is stale)."""
    project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=profiles_dir)
    manifest = ensure_manifest(profiles_dir)

    @dbt_assets(manifest=manifest, project=project, pool="warehouse", dagster_dbt_translator=OgiDbtTranslator())
    def ogi_dbt_models(
        context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, config: DbtBuildConfig
    ):
        """Staging, intermediate and mart models and the rule tests (warn, store_failures) of dbt_project/.

        Runs `dbt build` on the private build copy of the warehouse; a report that does not add up shows
        as a warning check, never as a failed build. The marts are incremental, keyed by report_id: only
        the reports loaded since the last build (and the other reports of their agencies) are rebuilt,
        unless ``full_refresh`` is set or the dbt project changed since the marts were built.
        """
        with warehouse.writing(context.log.info):  # one writer of the build file at a time
            fingerprint = project_fingerprint()
            with warehouse.connect(read_only=warehouse.build.exists()) as con:
                full = config.full_refresh or built_fingerprint(con) != fingerprint
            context.log.info("full build of the marts" if full else "incremental build of the marts (changed reports only)")
            # Incremental: the project is the one the marts were built with, so seeds and views (staging and the
            # intermediate helpers: definitions only, they read raw live) are as they were; the rule tables, the
            # marts and their tests run, each on the reports in the rebuild scope. Each dbt node costs a fixed
            # ~0.03-0.1 s, which is most of a one-file re-run's dbt time.
            args = ["build", "--full-refresh"] if full else ["build", "--exclude", " ".join(INCREMENTAL_EXCLUDE)]
            yield from dbt.cli(args, context=context, target_path=build_target_path(warehouse.build)).stream()
            # reached only when dbt succeeded: the changes are built, the marts match this project
            with warehouse.connect() as con:
                finish_build(con, fingerprint)

    return ogi_dbt_models


# OgiDbtCliResource overrides two private members of dagster-dbt's DbtCliResource, as they are in this
# version; a new version must be re-read before the pin moves (the overrides may no longer apply).
_DAGSTER_DBT_VERSION = "0.29.27"
assert package_version("dagster-dbt") == _DAGSTER_DBT_VERSION, (
    f"orchestration/defs/dbt_assets.py overrides private members of dagster-dbt {_DAGSTER_DBT_VERSION}; "
    f"dagster-dbt {package_version('dagster-dbt')} is installed: re-check OgiDbtCliResource before upgrading"
)


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


def dbt_resource(warehouse: WarehouseResource) -> tuple[DbtCliResource, str]:
    """The dbt CLI resource for the warehouse's build file, and the profile folder it uses."""
    profiles_dir = str(dbt_profile_dir(warehouse.build, warehouse.dbt_memory_limit))
    resource = OgiDbtCliResource(project_dir=str(DBT_PROJECT_DIR), profiles_dir=profiles_dir, dbt_executable=dbt_executable())
    return resource, profiles_dir
