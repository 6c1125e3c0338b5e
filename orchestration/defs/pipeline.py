"""Run the whole pipeline in-process (what `ogi run`, `make run` and the end-to-end tests use)."""


from dataclasses import dataclass
from pathlib import Path

from dagster import DagsterInstance, ExecuteInProcessResult, materialize

from orchestration.defs.build import pipeline_assets, resources_for
from orchestration.defs.checks import rule_checks
from orchestration.defs.parse_graph import parse_config
from orchestration.runner.tasks import FileOutcome, ParseRun
from orchestration.settings import Settings, load_settings


@dataclass
class RunResult:
    """What a pipeline run produced."""

    success: bool
    warehouse: Path
    parse_outcomes: list[FileOutcome]
    summary: dict
    dagster_result: ExecuteInProcessResult


def run_pipeline(
    paths: list[str],
    workers: int = 0,
    force: bool = False,
    instance: DagsterInstance | None = None,
    log_level: str = "DEBUG",
    full_refresh: bool = False,
    settings: Settings | None = None,
) -> RunResult:
    """Materialise every asset for the given report files; the warehouse is published at ``settings.warehouse``.

    ``settings`` default to the environment's (read here, once). ``full_refresh`` rebuilds every mart from
    scratch instead of only the reports that changed.
    """
    settings = settings or load_settings()
    result = materialize(
        [*pipeline_assets(settings), rule_checks],
        resources=resources_for(settings),
        run_config={
            "ops": {
                **parse_config(paths, workers=workers, force=force),
                "ogi_dbt_models": {"config": {"full_refresh": full_refresh}},
            },
            "loggers": {"console": {"config": {"log_level": log_level}}},
        },
        instance=instance,
        raise_on_error=False,
    )
    run: ParseRun | None = result.output_for_node("parsed_reports") if result.success else None
    summary: dict = {}
    if result.success:
        for event in result.get_asset_materialization_events():
            mat = event.step_materialization_data.materialization
            if mat.asset_key.path == ["published_warehouse"]:
                # what the warehouse holds; how it was published (copy or delta) is not part of it
                summary = {k: v.value for k, v in mat.metadata.items() if k != "path" and not k.startswith("publish_")}
    return RunResult(result.success, settings.published_path, run.outcomes if run else [], summary, result)
