"""The parse fan-out: files -> ParsedReport -> Parquet, in parallel worker processes.

Each file is identified by the hash of its content, so a re-run parses only new or changed files.
Every file ends with a status, whatever happens: a worker that crashes, runs out of memory or
exceeds the per-file time limit is recorded as ``failed`` with the reason, and the run goes on.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ingestion.frames import PARSER_VERSION
from ingestion.model import Issue, ParsedReport
from ingestion.parse import parse_bytes
from orchestration.lake import is_parsed, write_report


def file_timeout_s() -> float:
    """Per-file parse time limit in seconds (OGI_FILE_TIMEOUT, default 120; 0 disables)."""
    return float(os.environ.get("OGI_FILE_TIMEOUT", "120"))


def file_memory_mb() -> int:
    """Per-worker address-space limit in MB (OGI_FILE_MEMORY_MB, default 3072)."""
    return int(os.environ.get("OGI_FILE_MEMORY_MB", "3072"))



@dataclass
class FileOutcome:
    """What became of one input file."""

    source_path: str
    report_id: str
    status: str
    skipped: bool  # already parsed (same content, same parser version)
    seconds: float = 0.0
    reason: str | None = None


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Every regular, non-hidden file under the given files and folders, in a stable order."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(f for f in sorted(p.rglob("*")) if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            found.append(p)
    return sorted({f.resolve() for f in found})


def content_id(data: bytes) -> str:
    """The report id of a file's content."""
    return hashlib.sha256(data).hexdigest()[:16]


def _limit_memory() -> None:
    # a zip bomb or a runaway PDF must fail alone, not take the machine down
    limit = file_memory_mb() * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


class FileTimeLimit(Exception):
    """Raised inside a worker when one file exceeds its time limit."""


def _on_alarm(signum, frame):
    raise FileTimeLimit()


def parse_one(path: str, lake: str, force: bool = False) -> FileOutcome:
    """Parse one file into the lake unless its content was parsed before. Runs in a worker process."""
    start = time.perf_counter()
    data = Path(path).read_bytes()
    rid = content_id(data)
    if not force and is_parsed(Path(lake), rid, PARSER_VERSION):
        return FileOutcome(path, rid, "skipped", True, time.perf_counter() - start, "unchanged: this content was parsed before")
    # the limit is enforced inside the worker, so a stuck file fails alone and its worker lives on
    timeout = file_timeout_s()
    previous = signal.signal(signal.SIGALRM, _on_alarm) if timeout > 0 else None
    if timeout > 0:
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        report = parse_bytes(data, path)
    except FileTimeLimit:
        report = _failed_report(data, path, f"time limit of {timeout:g}s per file exceeded")
    except MemoryError:
        report = _failed_report(data, path, f"memory limit of {file_memory_mb()} MB exceeded while parsing")
    finally:
        if timeout > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    write_report(Path(lake), report, source_path=path, file_size=len(data))
    return FileOutcome(path, rid, report.status, False, time.perf_counter() - start, report.status_reason)


def _failed_report(data: bytes, path: str, reason: str) -> ParsedReport:
    report = ParsedReport(Path(path).name, Path(path).suffix.lstrip(".") or "unknown", hashlib.sha256(data).hexdigest())
    report.status, report.status_reason = "failed", reason
    report.issues.append(Issue("resource_limit", reason, "error"))
    return report


def record_failure(path: str, lake: Path, reason: str) -> FileOutcome:
    """Write a ``failed`` report for a file whose worker died or timed out."""
    data = Path(path).read_bytes()
    write_report(lake, _failed_report(data, path, reason), source_path=path, file_size=len(data))
    return FileOutcome(path, content_id(data), "failed", False, 0.0, reason)


def _pool_run(paths: list[str], lake: Path, workers: int, force: bool, on_done: Callable[[FileOutcome], None]) -> list[str]:
    """Run files on a pool; returns the files left undone if a worker process died."""
    done: set[str] = set()
    # forkserver, not fork: the caller (Dagster, pytest) has threads, and forking a threaded process can
    # deadlock the child on a lock some thread held at fork time
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["ingestion.parse", "orchestration.lake"])
    with ProcessPoolExecutor(max_workers=workers, initializer=_limit_memory, mp_context=context) as executor:
        futures = {executor.submit(parse_one, p, str(lake), force): p for p in paths}
        try:
            for future in as_completed(futures):
                on_done(future.result())
                done.add(futures[future])
        except BrokenProcessPool:
            return [p for p in paths if p not in done]
    return []


def parse_files(
    files: list[Path],
    lake: Path,
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[int, int, FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Parse files on ``workers`` processes (default: every core); each file under time and memory limits.

    If a worker dies (a crash in a C library, the memory limit), the files it may have held are
    retried one per fresh process, so only the file that kills its process is marked failed.
    """
    workers = workers or os.cpu_count() or 1
    outcomes: list[FileOutcome] = []

    def on_done(outcome: FileOutcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(len(outcomes), len(files), outcome)

    unique: dict[str, str] = {}
    to_parse: list[str] = []
    for f in map(str, files):
        rid = content_id(Path(f).read_bytes())
        if rid in unique:
            # the same report twice (copied, renamed): parse once, account for every file
            on_done(FileOutcome(f, rid, "duplicate", True, 0.0, f"same content as {unique[rid]}"))
        else:
            unique[rid] = f
            to_parse.append(f)
    left = _pool_run(to_parse, lake, workers, force, on_done)
    for path in left:
        if _pool_run([path], lake, 1, force, on_done):
            on_done(record_failure(path, lake, "parser process died (crash or memory limit)"))
    return outcomes
