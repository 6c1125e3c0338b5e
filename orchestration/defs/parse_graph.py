"""``parsed_reports``: one graph-backed asset, run by any executor.

    discover_tasks ──► parse_batch × N (one step per batch of files) ──► collect_outcomes

``discover_tasks`` stats and hashes every file once and emits typed batches (:class:`ParseBatch`) of the
files this run must parse, each carrying the lake and the limits resolved here, so a worker on another
machine needs nothing from its own environment. ``parse_batch`` parses a batch on a process pool
(:mod:`orchestration.runner.pool`) into the Parquet lake — pure: it never touches DuckDB, so any number
of steps can run at once anywhere the lake is shared. ``collect_outcomes`` returns one :class:`ParseRun`,
which ``raw_tables`` (the single DuckDB writer) loads whichever executor ran the steps.

Two executors, one graph: the in-process executor runs one batch on every local core (``ogi run``,
``ingest_reports``); dagster-celery runs one Celery task per batch on workers that share the lake
(``parse_reports_celery``, see deploy/CLUSTER.md).
"""


import os
import socket
from collections import Counter

import dagster as dg
from pydantic import Field

from orchestration.defs.resources import ParseLimitsResource, WarehouseResource
from orchestration.runner.discovery import plan_run
from orchestration.runner.pool import run_batch
from orchestration.runner.progress import Progress
from orchestration.runner.tasks import FileOutcome, ParseBatch, ParseRun
from orchestration.settings import DEFAULT_SAMPLES


class DiscoverConfig(dg.Config):
    """Which files to read and how."""

    paths: list[str] = Field(default_factory=lambda: [str(DEFAULT_SAMPLES)], description="Files or folders of reports")
    workers: int = Field(default=0, ge=0, description="Parser processes per batch; 0 = one per core of the machine running it")
    batch_size: int = Field(default=0, ge=0, description="Files per parse_batch step (one Celery task each); 0 = one batch")
    force: bool = Field(default=False, description="Re-parse files even when their content was parsed before")
    lake: str = Field(default="", description="The Parquet lake every worker writes; '' = the warehouse resource's")
    removed_paths: list[str] = Field(default_factory=list, description="Files gone from a watched folder (kept, marked)")
    watched_root: str = Field(default="", description="The watched folder removed_paths belong to")


@dg.op(
    out={"batches": dg.DynamicOut(ParseBatch), "settled": dg.Out(ParseRun)},
    description="Stat and hash every file once; emit the files to parse in batches, and what is known without parsing.",
)
def discover_tasks(context: dg.OpExecutionContext, config: DiscoverConfig, warehouse: WarehouseResource,
                   parse_limits: ParseLimitsResource):
    """Plan the run (duplicates, unchanged and excluded files settled here) and yield its batches.

    At least one batch is emitted, empty when nothing needs parsing, so the graph's shape never depends
    on the input.
    """
    limits = parse_limits.run_limits()
    own = warehouse.own_files()
    plan = plan_run(config.paths, own, limits.files, force=config.force)
    for skip in plan.discovery.skipped:
        context.log.info(f"skipped {skip.path!r}: {skip.reason}")
    lake = os.path.abspath(config.lake) if config.lake else str(warehouse.lake)
    size = config.batch_size or max(len(plan.tasks), 1)
    chunks = [plan.tasks[i : i + size] for i in range(0, len(plan.tasks), size)] or [[]]
    context.log.info(f"{len(plan.discovery.files)} files: {len(plan.tasks)} to parse in {len(chunks)} batch(es), "
                     f"{len(plan.settled)} settled without parsing; lake {lake}")
    yield dg.Output(ParseRun(plan.settled, list(config.removed_paths), config.watched_root), "settled")
    for n, chunk in enumerate(chunks):
        batch = ParseBatch(tuple(chunk), lake, limits, config.workers)
        yield dg.DynamicOutput(batch, mapping_key=f"batch_{n:05d}", output_name="batches")


@dg.op(
    retry_policy=dg.RetryPolicy(max_retries=2, delay=5),  # a lost worker (machine gone) retries the batch
    description="Parse one batch of files into Parquet under the lake (pure: never touches DuckDB).",
)
def parse_batch(context: dg.OpExecutionContext, batch: ParseBatch) -> list[FileOutcome]:
    """Parse every file of the batch on a process pool; one outcome per file, whatever happened to it.

    The output metadata names the host and process that did the work, so a run shows how the batches
    were spread over the workers.
    """
    outcomes = run_batch(batch, progress=Progress(log=context.log.info))
    statuses = Counter(o.status for o in outcomes)
    context.add_output_metadata(
        {
            "files": len(outcomes),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "seconds": round(sum(o.seconds for o in outcomes), 3),
            **{f"status_{k}": v for k, v in sorted(statuses.items())},
        }
    )
    return outcomes


@dg.op(description="Gather every batch's outcomes and the settled files into one ParseRun.")
def collect_outcomes(context: dg.OpExecutionContext, batches: list[list[FileOutcome]], settled: ParseRun) -> ParseRun:
    """Every file of the run, sorted by path, with what it became; the materialisation's metadata counts them."""
    outcomes = sorted([*(o for batch in batches for o in batch), *settled.outcomes], key=lambda o: o.source_path)
    statuses = Counter(o.status for o in outcomes)
    excluded = Counter(o.reason.split(" (")[0] for o in outcomes if o.status == "excluded" and o.reason)
    context.add_output_metadata(
        {
            "files": sum(1 for o in outcomes if o.status != "excluded"),
            "batches": len(batches),
            "parsed_now": sum(1 for o in outcomes if not o.skipped),
            "skipped_unchanged": statuses.get("skipped", 0),
            "excluded": sum(excluded.values()),
            **{f"status_{k}": v for k, v in sorted(statuses.items())},
        }
    )
    return ParseRun(outcomes, settled.removed, settled.watched_root)


@dg.graph_asset(
    group_name="ingestion",
    description="Report files parsed in parallel into Parquet under the lake (one typed ParseRun for raw_tables).",
)
def parsed_reports() -> ParseRun:
    """Discover report files, parse new or changed ones (by content hash) into the Parquet lake.

    Every file ends with a status (parsed, partial, failed, unsupported; or skipped when its content was
    already parsed, duplicate, excluded by discovery); the outcomes, and the files removed from a watched
    folder, are passed on to the loader.
    """
    batches, settled = discover_tasks()
    return collect_outcomes(batches.map(parse_batch).collect(), settled)


def parse_config(paths: list[str], **options) -> dict:
    """The run config of ``parsed_reports`` for these paths (``options``: any DiscoverConfig field)."""
    config = {"paths": [str(p) for p in paths], **options}
    return {"parsed_reports": {"ops": {"discover_tasks": {"config": config}}}}
