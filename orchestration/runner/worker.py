"""One task in one worker process: read the file (capped), parse it, write its Parquet to the lake.

The worker trusts the task's digest (discovery hashed the file once) and never touches DuckDB. A file
that cannot be read, or whose worker dies or runs out of time, still ends with a ``failed`` report.
"""

from __future__ import annotations

import time
from pathlib import Path

from ingestion.model import Issue, ParsedReport
from ingestion.parse import parse_bytes
from orchestration.runner.tasks import FileOutcome, ParseTask, RunLimits
from orchestration.warehouse.lake import write_report


def _read_capped(path: str, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it grew past the size cap since it was listed."""
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def parse_task(task: ParseTask, lake: str, limits: RunLimits) -> FileOutcome:
    """Parse one file into the lake and say what it became. Runs in a pool worker."""
    start = time.perf_counter()
    if task.refused:
        return record_failure(task, Path(lake), task.refused, task.refused_code)
    try:
        data = _read_capped(task.path, limits.files.max_bytes)
    except OSError as exc:
        return record_failure(task, Path(lake), f"file could not be read: {exc.strerror or exc}", "unreadable")
    if data is None:
        reason = "file grew past the OGI_FILE_MAX_MB limit while being read; not parsed"
        return record_failure(task, Path(lake), reason, "file_too_large")
    try:
        report = parse_bytes(data, task.path, limits.parse, content_hash=task.digest)
    except MemoryError:
        report = failed_report(task, f"memory limit of {limits.files.memory_mb} MB exceeded while parsing")
    write_report(Path(lake), report, source_path=task.path, file_size=len(data))
    return FileOutcome(task.path, task.report_id, report.status, False, time.perf_counter() - start, report.status_reason)


def failed_report(task: ParseTask, reason: str, code: str = "resource_limit") -> ParsedReport:
    """A ``failed`` report for a task, its digest the task's."""
    path = Path(task.path)
    report = ParsedReport(path.name, path.suffix.lstrip(".") or "unknown", task.digest)
    report.status, report.status_reason = "failed", reason
    report.issues.append(Issue(code, reason, "error"))
    return report


def record_failure(task: ParseTask, lake: Path, reason: str, code: str = "resource_limit") -> FileOutcome:
    """Write a ``failed`` report for a file whose worker died, timed out or raised, or that is too large."""
    write_report(lake, failed_report(task, reason, code), source_path=task.path, file_size=task.size)
    return FileOutcome(task.path, task.report_id, "failed", False, 0.0, reason)
