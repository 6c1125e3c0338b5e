"""The parse fan-out: files -> ParsedReport -> Parquet, in parallel worker processes.

Each file is identified by the hash of its content (streamed), so a re-run parses only new or changed
files. Every file ends with a status, whatever happens: a file over the size cap is recorded ``failed``
without being read; a worker that crashes, runs out of memory, raises, or passes the per-file time
limit (enforced by this process: :mod:`orchestration.watchdog`) fails its one file with the reason,
and the run goes on.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ingestion.frames import PARSER_VERSION
from ingestion.model import Issue, ParsedReport
from ingestion.parse import parse_bytes
from orchestration.discovery import discover_files
from orchestration.lake import is_parsed, write_report
from orchestration.limits import (
    file_hash,
    file_id,
    file_memory_mb,
    file_timeout_s,
    limit_memory,
    oversize_reason,
    read_capped,
)
from orchestration.watchdog import WatchdogPool


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
    """The report files under the given files and folders (see :mod:`orchestration.discovery` for what is skipped)."""
    return discover_files(paths).files


def content_id(data: bytes) -> str:
    """The report id of a file's content."""
    return hashlib.sha256(data).hexdigest()[:16]


class FileTimeLimit(Exception):
    """Raised when one file exceeds its time limit in a process with no watchdog parent."""


def _on_alarm(signum, frame):
    raise FileTimeLimit()


UNCHANGED = "unchanged: this content was parsed before"  # the reason of a skipped file


def parse_one(path: str, lake: str, force: bool = False, alarm: bool = False) -> FileOutcome:
    """Parse one file into the lake unless its content was parsed before. Runs in a worker process.

    The size cap is checked from ``stat`` before any byte is read. The time limit is the parent's job
    (:mod:`orchestration.watchdog`); ``alarm`` adds an in-process SIGALRM limit for callers that run
    files in their own process with no parent watching (it cannot stop a loop inside C code).
    """
    start = time.perf_counter()
    too_big = oversize_reason(os.stat(path).st_size)
    data = None if too_big else read_capped(path)
    if data is None:
        # too large from stat, or grown past the cap since: never parsed, recorded failed with the reason
        return record_failure(path, Path(lake), too_big or "file grew past the OGI_FILE_MAX_MB limit while being read; not parsed", "file_too_large")
    rid = content_id(data)
    if not force and is_parsed(Path(lake), rid, PARSER_VERSION):
        return FileOutcome(path, rid, "skipped", True, time.perf_counter() - start, UNCHANGED)
    timeout = file_timeout_s() if alarm else 0
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
    return _failure(path, hashlib.sha256(data).hexdigest(), reason)


def _failure(path: str, content_hash: str, reason: str, code: str = "resource_limit") -> ParsedReport:
    report = ParsedReport(Path(path).name, Path(path).suffix.lstrip(".") or "unknown", content_hash)
    report.status, report.status_reason = "failed", reason
    report.issues.append(Issue(code, reason, "error"))
    return report


def record_failure(path: str, lake: Path, reason: str, code: str = "resource_limit") -> FileOutcome:
    """Write a ``failed`` report for a file whose worker died, timed out or raised, or that is too large to read."""
    try:
        digest, size = file_hash(path), os.stat(path).st_size
    except OSError as exc:  # the file vanished or cannot be opened: it still gets its row
        digest, size = hashlib.sha256(f"unreadable\0{path}".encode()).hexdigest(), 0
        reason = f"{reason}; file could not be read: {exc.strerror or exc}"
    write_report(lake, _failure(path, digest, reason, code), source_path=path, file_size=size)
    return FileOutcome(path, digest[:16], "failed", False, 0.0, reason)


def _worker_setup(settings: dict[str, str]) -> None:
    """Run first in each parser worker: take the caller's OGI_* settings, then cap the worker's memory.

    A forkserver child inherits the environment of the fork server, which was started by the first pool
    of this process, perhaps long before: limits set since (OGI_FILE_MAX_MB...) must come from the caller.
    """
    for key in [k for k in os.environ if k.startswith("OGI_") and k not in settings]:
        del os.environ[key]
    os.environ.update(settings)
    limit_memory()


def _unchanged(path: str, rid: str, lake: Path) -> bool:
    """True when the file's content was parsed before by this parser (a file over the size cap never is:
    it is recorded failed again, as ``parse_one`` does)."""
    try:
        if oversize_reason(os.stat(path).st_size):
            return False
    except OSError:
        return False
    return is_parsed(lake, rid, PARSER_VERSION)


def parse_files(
    files: list[Path],
    lake: Path,
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[int, int, FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Parse files on ``workers`` processes (default: every core); each file under size, time and memory limits.

    The parent enforces the time limit: a worker past it is killed and replaced, and its file recorded
    ``failed`` with the reason; so is the file of a worker that dies. The run always goes on.
    """
    workers = workers or os.cpu_count() or 1
    outcomes: list[FileOutcome] = []

    def on_done(outcome: FileOutcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(len(outcomes), len(files), outcome)

    unique: dict[str, str] = {}
    to_parse: list[tuple[str, str, bool]] = []
    for f in map(str, files):
        try:
            rid = file_id(f)
        except OSError as exc:
            on_done(record_failure(f, lake, f"file could not be read: {exc.strerror or exc}", "unreadable"))
            continue
        if rid in unique:
            # the same report twice (copied, renamed): parse once, account for every file
            on_done(FileOutcome(f, rid, "duplicate", True, 0.0, f"same content as {unique[rid]}"))
            continue
        unique[rid] = f
        if not force and _unchanged(f, rid, lake):
            # decided here from the hash just taken: sending 10,000 unchanged files through the worker
            # pool only to skip them cost ~5 s of a one-file re-run (parse_one checks the same again)
            on_done(FileOutcome(f, rid, "skipped", True, 0.0, UNCHANGED))
            continue
        to_parse.append((f, str(lake), force))
    settings = {k: v for k, v in os.environ.items() if k.startswith("OGI_")}
    pool = WatchdogPool(parse_one, min(workers, max(len(to_parse), 1)), file_timeout_s(), partial(_worker_setup, settings),
                        preload=("ingestion.parse", "orchestration.lake", "orchestration.parsing"))
    def on_failure(args: tuple, reason: str, seconds: float) -> None:
        outcome = record_failure(args[0], lake, reason)
        outcome.seconds = seconds
        on_done(outcome)

    pool.run(to_parse, lambda args, outcome: on_done(outcome), on_failure)
    return outcomes
