"""Parse tasks on a pool of worker processes, each file under the time and memory limits.

One mechanism for both limits, from pebble's ProcessPool: a file past its time limit has its worker
killed (SIGKILL: a loop inside C code, which an in-process alarm never interrupts, stops too) and
replaced; a worker that dies (a crash in C code, the memory limit) is replaced the same way. Either way
the file is recorded ``failed`` with the reason and the run goes on. The memory limit is set in each
worker as it starts (``RLIMIT_AS``).

forkserver, not fork: the caller (Dagster, pytest, a Celery worker) has threads, and forking a threaded
process can deadlock the child on a lock some thread held at fork time.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, TimeoutError, wait
from pathlib import Path
from typing import Any

from pebble import ProcessExpired, ProcessPool

from orchestration.runner.limits import limit_memory
from orchestration.runner.tasks import FileOutcome, ParseBatch
from orchestration.runner.worker import parse_task, record_failure

# Tasks handed to pebble at once, per worker. pebble's pool scans every task it holds on each message it
# handles (timeouts, cancellations), so scheduling 10,000 files at once made dispatch quadratic: the
# 10,000-report bench parsed at half speed. A few per worker keeps every worker fed.
IN_FLIGHT_PER_WORKER = 4
_PRELOAD = ["ingestion.parse", "orchestration.runner.worker"]  # imported once by the fork server, not per worker


def _context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _failure_reason(exc: BaseException, timeout: float) -> str:
    """Why a task ended without an outcome, in the words a reviewer reads."""
    if isinstance(exc, TimeoutError):
        return f"time limit of {timeout:g}s per file exceeded; the parser process was killed"
    if isinstance(exc, ProcessExpired):
        return f"parser process died (exit code {exc.exitcode}: a crash in a C library or the memory limit)"
    return f"parser raised {type(exc).__name__}: {exc}"


def run_pool(
    fn: Callable[..., Any], items: list[tuple], workers: int, timeout_s: float, memory_mb: int
) -> Iterator[tuple[tuple, Any, str | None, float]]:
    """Run ``fn(*item)`` for every item on ``workers`` processes; yields (item, result, failure, seconds)
    as each finishes: ``failure`` is None, or why the item has no result (timed out, worker died, raised).

    ``timeout_s`` <= 0 means no time limit; ``seconds`` runs from when the item was handed to the pool (an
    upper bound of its run time: it may have waited a little for a worker).
    """
    if not items:
        return
    window = max(1, min(workers, len(items))) * IN_FLIGHT_PER_WORKER
    pending = iter(items)
    with ProcessPool(
        max_workers=max(1, min(workers, len(items))), initializer=limit_memory, initargs=(memory_mb,), context=_context()
    ) as pool:
        futures: dict = {}

        def refill() -> None:
            for item in itertools.islice(pending, window - len(futures)):
                future = pool.schedule(fn, item, timeout=timeout_s if timeout_s > 0 else None)
                futures[future] = (item, time.perf_counter())

        refill()
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for future in done:
                item, scheduled = futures.pop(future)
                try:
                    result, failure = future.result(), None
                except (TimeoutError, ProcessExpired, CancelledError, Exception) as exc:  # noqa: B014 - each has its reason
                    result, failure = None, _failure_reason(exc, timeout_s)
                yield item, result, failure, time.perf_counter() - scheduled
            refill()


def run_batch(batch: ParseBatch, progress: Callable[[int, int, FileOutcome], None] | None = None) -> list[FileOutcome]:
    """Parse every task of the batch into its lake; one outcome per task, in the order they finish.

    A task whose worker timed out, died or raised is recorded ``failed`` in the lake with the reason.
    """
    items = [(task, batch.lake, batch.limits) for task in batch.tasks]
    workers = batch.workers or os.cpu_count() or 1
    files = batch.limits.files
    outcomes: list[FileOutcome] = []
    for (task, _, _), outcome, failure, seconds in run_pool(parse_task, items, workers, files.timeout_s, files.memory_mb):
        if failure is not None:
            outcome = record_failure(task, Path(batch.lake), failure)
            outcome.seconds = seconds
        outcomes.append(outcome)
        if progress:
            progress(len(outcomes), len(items), outcome)
    return outcomes
