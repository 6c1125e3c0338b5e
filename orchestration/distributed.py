"""The parse fan-out as a job whose steps can run anywhere: worker processes here, Celery workers in a cluster.

    discover_batches ──► parse_batch × N (one step per batch of files) ──► collect_outcomes

``discover_batches`` lists the files and emits one DynamicOutput per batch; each ``parse_batch`` step
parses its files with :func:`orchestration.parsing.parse_one` into the Parquet lake (pure: it writes
Parquet, never DuckDB, so any number of steps can run at once on any machine that sees the lake);
``collect_outcomes`` returns the outcomes in the shape of the ``parsed_reports`` asset's output, so the
single DuckDB writer (``raw_tables``, pool "warehouse") can load them unchanged.

The same ops make two jobs: ``parse_fanout_job`` on the multiprocess executor (one machine) and
``celery_parse_fanout_job`` on dagster-celery (``OGI_CELERY_BROKER`` / ``OGI_CELERY_BACKEND``, default a
local Redis). Both need a persistent Dagster instance and are launched as reconstructable jobs
(:func:`fanout_target`); step outputs go through ``FilesystemIOManager``, whose ``base_dir`` must be shared
storage when workers run on several machines (see deploy/CLUSTER.md).
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from dagster import (
    Config,
    Definitions,
    DynamicOut,
    DynamicOutput,
    FilesystemIOManager,
    OpExecutionContext,
    Out,
    Output,
    RetryPolicy,
    graph,
    multiprocess_executor,
    op,
)
from dagster._core.definitions.reconstruct import ReconstructableJob
from dagster_celery import celery_executor
from pydantic import Field

from orchestration.limits import file_id, file_timeout_s
from orchestration.parsing import FileOutcome, discover, parse_one, record_failure
from orchestration.paths import DEFAULT_SAMPLES, PROJECT_ROOT, lake_dir

DEFAULT_BROKER = "redis://localhost:6379/0"
DEFAULT_BACKEND = "redis://localhost:6379/1"


class FanoutConfig(Config):
    """Which files to parse, into which lake, in batches of how many files."""

    paths: list[str] = Field(default_factory=lambda: [str(DEFAULT_SAMPLES)], description="Files or folders of reports (visible to every worker)")
    batch_size: int = Field(default=25, ge=1, description="Files per parse_batch step (one Celery task each)")
    force: bool = Field(default=False, description="Re-parse files even when their content was parsed before")
    lake: str = Field(default="", description="The Parquet lake every worker writes; default OGI_LAKE where discovery runs")
    isolate: bool = Field(
        default=True,
        description="Parse in a child process under the per-file memory limit, so a crash marks one file failed "
        "instead of failing the batch (False: parse in the step's own process)",
    )


@op(
    out={"batches": DynamicOut(dict), "duplicates": Out(list)},
    description="List the report files and emit one batch of paths per parse step.",
)
def discover_batches(context: OpExecutionContext, config: FanoutConfig):
    """Discover the files under ``paths`` (stable order) and yield them in batches of ``batch_size``.

    Files with the same content as an earlier one are not parsed again (two workers must never write
    the same report folder): they come out as ``duplicate`` outcomes. Each batch carries the lake folder
    resolved here, so every worker writes the same lake whatever its own environment says.
    """
    first: dict[str, str] = {}
    files: list[str] = []
    duplicates: list[dict] = []
    for f in map(str, discover(config.paths)):
        rid = file_id(f)  # streamed; a file over OGI_FILE_MAX_MB is never read
        if rid in first:
            duplicates.append(asdict(FileOutcome(f, rid, "duplicate", True, 0.0, f"same content as {first[rid]}")))
        else:
            first[rid] = f
            files.append(f)
    lake = str(Path(config.lake).resolve()) if config.lake else str(lake_dir())
    size = config.batch_size
    batches = [files[i : i + size] for i in range(0, len(files), size)]
    context.log.info(f"{len(files)} files ({len(duplicates)} duplicates set aside) in {len(batches)} batches of up to {size}; lake {lake}")
    yield Output(duplicates, "duplicates")
    for n, paths in enumerate(batches):
        batch = {"paths": paths, "lake": lake, "force": config.force, "isolate": config.isolate}
        yield DynamicOutput(batch, mapping_key=f"batch_{n:05d}", output_name="batches")


# The isolated parse: a fresh interpreter runs the existing pool (one process, per-file memory limit,
# crash recovery). A fresh interpreter, not multiprocessing, because Celery's prefork workers are
# daemonic processes and may not start multiprocessing children.
_CHILD = """
import json, sys
from pathlib import Path
from orchestration.parsing import parse_files
job = json.loads(Path(sys.argv[1]).read_text())
outcomes = parse_files([Path(p) for p in job["paths"]], Path(job["lake"]), workers=1, force=job["force"])
Path(sys.argv[2]).write_text(json.dumps([o.__dict__ for o in outcomes]))
"""


def _parse_in_child(paths: list[str], lake: str, force: bool) -> list[FileOutcome]:
    """Parse files in a child interpreter; files it returned no outcome for are recorded as failed."""
    with tempfile.TemporaryDirectory(prefix="ogi-batch-") as tmp:
        job, result = Path(tmp) / "job.json", Path(tmp) / "outcomes.json"
        job.write_text(json.dumps({"paths": paths, "lake": lake, "force": force}))
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
        per_file = file_timeout_s()  # the child kills a file's worker after this; the batch gets twice that, plus start-up
        limit = None if per_file <= 0 else 60 + 2 * per_file * len(paths)
        try:
            proc = subprocess.run([sys.executable, "-c", _CHILD, str(job), str(result)], env=env, capture_output=True, text=True, timeout=limit)
            reason = f"batch process exited {proc.returncode}: {proc.stderr.strip()[-500:]}"
        except subprocess.TimeoutExpired:
            reason = f"batch process exceeded {limit:g}s"
        outcomes = [FileOutcome(**o) for o in json.loads(result.read_text())] if result.exists() else []
    done = {o.source_path for o in outcomes}
    return outcomes + [record_failure(p, Path(lake), reason) for p in paths if p not in done]


def parse_paths(paths: list[str], lake: str, force: bool = False, isolate: bool = True) -> list[FileOutcome]:
    """Parse files into the lake with :func:`orchestration.parsing.parse_one`, one outcome per file.

    ``isolate`` runs them in a child interpreter under the per-file time and memory limits, where a file
    that crashes its process is marked ``failed`` alone; otherwise ``parse_one`` runs here (time limit
    only). Either way a file whose parse raises is recorded as ``failed`` and the others go on.
    """
    if isolate:
        return _parse_in_child(paths, lake, force)
    outcomes = []
    for path in paths:
        try:
            outcomes.append(parse_one(path, lake, force, alarm=True))  # no watchdog parent here
        except Exception as exc:  # a parser bug in one file must not lose the batch
            outcomes.append(record_failure(path, Path(lake), f"parser error: {type(exc).__name__}: {exc}"))
    return outcomes


@op(
    retry_policy=RetryPolicy(max_retries=2, delay=5),
    description="Parse one batch of files into Parquet under the lake (pure: never touches DuckDB).",
)
def parse_batch(context: OpExecutionContext, batch: dict) -> list[dict]:
    """Parse every file of the batch into the lake and return one outcome per file.

    The output metadata names the host and process that did the work, so a run shows how the batches
    were spread over the workers.
    """
    outcomes = parse_paths(batch["paths"], batch["lake"], batch["force"], batch["isolate"])
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
    return [asdict(o) for o in outcomes]


@op(description="Gather every batch's outcomes into the shape of the parsed_reports asset's output.")
def collect_outcomes(context: OpExecutionContext, batches: list[list[dict]], duplicates: list[dict]) -> dict:
    """Flatten the batches' outcomes and the duplicates (sorted by file) into ``{"outcomes", "removed", "watched_root"}``.

    That is what ``raw_tables`` consumes, so the single DuckDB writer loads a fan-out's lake unchanged.
    """
    outcomes = sorted([*(o for batch in batches for o in batch), *duplicates], key=lambda o: o["source_path"])
    statuses = Counter(o["status"] for o in outcomes)
    context.add_output_metadata(
        {"files": len(outcomes), "batches": len(batches), **{f"status_{k}": v for k, v in sorted(statuses.items())}}
    )
    return {"outcomes": outcomes, "removed": [], "watched_root": ""}


@graph(description="Discover report files, parse them in batches on any executor, collect what each became.")
def parse_fanout():
    """discover_batches -> parse_batch per batch -> collect_outcomes."""
    batches, duplicates = discover_batches()
    return collect_outcomes(batches.map(parse_batch).collect(), duplicates)


def celery_execution_config(broker: str | None = None, backend: str | None = None) -> dict:
    """The celery executor's config: broker and result backend (default ``OGI_CELERY_BROKER`` / ``_BACKEND``)."""
    return {
        "config": {
            "broker": broker or os.environ.get("OGI_CELERY_BROKER", DEFAULT_BROKER),
            "backend": backend or os.environ.get("OGI_CELERY_BACKEND", DEFAULT_BACKEND),
            # every step is a Celery task; a worker takes one at a time so batches spread evenly
            "config_source": {"worker_prefetch_multiplier": 1},
        }
    }


_OPS_DEFAULT = {"discover_batches": {"config": {"paths": [str(DEFAULT_SAMPLES)], "batch_size": 25}}}

parse_fanout_job = parse_fanout.to_job(
    name="parse_fanout",
    description="The parse fan-out on local worker processes (one step process per batch).",
    executor_def=multiprocess_executor,
    resource_defs={"io_manager": FilesystemIOManager()},
    config={"execution": {"config": {"max_concurrent": 0}}, "ops": _OPS_DEFAULT},
)

celery_parse_fanout_job = parse_fanout.to_job(
    name="celery_parse_fanout",
    description="The parse fan-out on Celery workers (one task per batch); workers must share the lake.",
    executor_def=celery_executor,
    resource_defs={"io_manager": FilesystemIOManager()},
    config={"execution": celery_execution_config(), "ops": _OPS_DEFAULT},
)


# so `dagster job execute|launch -m orchestration.distributed -j ...` finds both jobs (definitions.py may
# list them too; this module stays loadable on its own, e.g. by a worker image)
defs = Definitions(jobs=[parse_fanout_job, celery_parse_fanout_job])


def fanout_target(celery: bool = False) -> ReconstructableJob:
    """The fan-out job as workers rebuild it (by module and name), for ``dagster.execute_job``."""
    return ReconstructableJob.for_module(__name__, "celery_parse_fanout_job" if celery else "parse_fanout_job")


def fanout_run_config(
    paths: list[str],
    lake: str | Path | None = None,
    batch_size: int = 25,
    force: bool = False,
    isolate: bool = True,
    celery: bool = False,
    broker: str | None = None,
    backend: str | None = None,
    io_base_dir: str | None = None,
) -> dict:
    """A complete run config for either fan-out job (``io_base_dir``: shared folder for step outputs)."""
    ops = {
        "discover_batches": {
            "config": {"paths": [str(p) for p in paths], "batch_size": batch_size, "force": force, "lake": str(lake or ""), "isolate": isolate}
        }
    }
    execution = celery_execution_config(broker, backend) if celery else {"config": {"max_concurrent": 0}}
    config: dict = {"execution": execution, "ops": ops}
    if io_base_dir:
        config["resources"] = {"io_manager": {"config": {"base_dir": io_base_dir}}}
    return config
