"""Run the whole pipeline in-process (what `ogi run`, `make run` and the end-to-end test use)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dagster import DagsterInstance, ExecuteInProcessResult, materialize

from orchestration.paths import warehouse_path


@dataclass
class RunResult:
    """What a pipeline run produced."""

    success: bool
    warehouse: Path
    parse_outcomes: list[dict]
    summary: dict
    dagster_result: ExecuteInProcessResult


def run_pipeline(
    paths: list[str],
    workers: int = 0,
    force: bool = False,
    instance: DagsterInstance | None = None,
    log_level: str = "DEBUG",
    full_refresh: bool = False,
) -> RunResult:
    """Materialise every asset for the given report files; the published warehouse ends up at OGI_WAREHOUSE.

    ``full_refresh`` rebuilds every mart from scratch instead of only the reports that changed.
    """
    from orchestration.checks import RULE_CHECKS
    from orchestration.dbt import dbt_resource
    from orchestration.definitions import ALL_ASSETS

    result = materialize(
        [*ALL_ASSETS, *RULE_CHECKS],
        resources={"dbt": dbt_resource()},
        run_config={
            "ops": {
                "parsed_reports": {"config": {"paths": [str(p) for p in paths], "workers": workers, "force": force}},
                "ogi_dbt_models": {"config": {"full_refresh": full_refresh}},
            },
            "loggers": {"console": {"config": {"log_level": log_level}}},
        },
        instance=instance,
        raise_on_error=False,
    )
    outcomes = result.output_for_node("parsed_reports")["outcomes"] if result.success else []
    summary: dict = {}
    if result.success:
        for event in result.get_asset_materialization_events():
            mat = event.step_materialization_data.materialization
            if mat.asset_key.path == ["published_warehouse"]:
                # what the warehouse holds; how it was published (copy or delta) is not part of it
                summary = {k: v.value for k, v in mat.metadata.items() if k != "path" and not k.startswith("publish_")}
    return RunResult(result.success, warehouse_path(), outcomes, summary, result)
