"""Run the whole pipeline in-process (what `ogi run`, `make run` and the end-to-end tests use)."""


from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dagster import DagsterError, DagsterInstance, ExecuteInProcessResult, materialize

from orchestration.defs.build import pipeline_assets, resources_for
from orchestration.defs.checks import rule_checks
from orchestration.defs.parse_graph import parse_config
from orchestration.runner.tasks import FileOutcome, ParseRun
from orchestration.settings import Settings, load_settings
from orchestration.warehouse.lock import warehouse_lock


@dataclass
class RunResult:
    """What a pipeline run produced.

    ``parse_outcomes`` holds every file's outcome whenever the parse step succeeded, also when a later
    step (load, dbt, publish) failed; ``summary`` is empty unless the warehouse was published.
    """

    success: bool
    warehouse: Path
    parse_outcomes: list[FileOutcome]
    summary: dict
    dagster_result: ExecuteInProcessResult


def _parse_run(result: ExecuteInProcessResult) -> ParseRun | None:
    """The ``parsed_reports`` output when that step succeeded, whatever became of the later steps."""
    try:
        return result.output_for_node("parsed_reports")
    except DagsterError:  # the parse itself failed: there is no output to read
        return None


def run_pipeline(
    paths: list[str],
    workers: int = 0,
    force: bool = False,
    instance: DagsterInstance | None = None,
    log_level: str = "DEBUG",
    full_refresh: bool = False,
    settings: Settings | None = None,
    wait: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> RunResult:
    """Materialise every asset for the given report files; the warehouse is published at ``settings.warehouse``.

    ``settings`` default to the environment's (read here, once). ``full_refresh`` rebuilds every mart from
    scratch instead of only the reports that changed. The warehouse's lock (``<warehouse>.lock``,
    orchestration/warehouse/lock.py) is held for the whole run, taken before anything is parsed: when
    another process holds it, :class:`~orchestration.warehouse.lock.WarehouseBusy` is raised at once, or,
    with ``wait``, ``on_wait`` is told whom the run waits for and the run starts when the lock is free.
    """
    settings = settings or load_settings()
    what = "ogi run " + " ".join(map(str, paths))
    with warehouse_lock(settings.published_path, what=what, wait=wait, on_wait=on_wait):
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
    run = _parse_run(result)
    summary: dict = {}
    if result.success:
        for event in result.get_asset_materialization_events():
            mat = event.step_materialization_data.materialization
            if mat.asset_key.path == ["published_warehouse"]:
                # what the warehouse holds; how it was published (copy or delta) is not part of it
                summary = {k: v.value for k, v in mat.metadata.items() if k != "path" and not k.startswith("publish_")}
    return RunResult(result.success, settings.published_path, run.outcomes if run else [], summary, result)
