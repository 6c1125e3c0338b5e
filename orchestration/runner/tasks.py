"""What crosses process and asset boundaries in the parse fan-out, typed: tasks in, outcomes out."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.limits import ParseLimits
from orchestration.runner.limits import FileLimits

UNCHANGED = "unchanged: this content was parsed before"  # the reason of a skipped file


@dataclass(frozen=True)
class ParseTask:
    """One file to parse, as discovery saw it: stat'ed and hashed once; the worker trusts the digest.

    ``refused`` is set (and the file never read) when discovery already knows it cannot be parsed: over the
    size cap (``refused_code`` file_too_large; ``digest`` is then a hash of its path, size and modification
    time) or not readable (``unreadable``; a hash of its path). Either way it gets a stable id and a row.
    """

    path: str
    size: int
    digest: str
    refused: str | None = None
    refused_code: str = "file_too_large"

    @property
    def report_id(self) -> str:
        """The report id: the first 16 hex digits of the content's sha256."""
        return self.digest[:16]


@dataclass
class FileOutcome:
    """What became of one input file."""

    source_path: str
    report_id: str
    status: str  # parsed, partial, failed, unsupported; skipped, duplicate, excluded (never read)
    skipped: bool  # not parsed by this run (already parsed, same content as another file, excluded)
    seconds: float = 0.0
    reason: str | None = None


@dataclass(frozen=True)
class RunLimits:
    """Everything a worker needs to know about limits (resolved where the run starts, sent with each batch)."""

    files: FileLimits = field(default_factory=FileLimits)
    parse: ParseLimits = field(default_factory=ParseLimits)


@dataclass(frozen=True)
class ParseBatch:
    """Tasks for one parse step, with the lake they are written to and the limits they run under."""

    tasks: tuple[ParseTask, ...]
    lake: str
    limits: RunLimits
    workers: int = 0  # parser processes for this batch; 0 = one per core


@dataclass
class ParseRun:
    """Every file of one run and what it became, plus the files gone from a watched folder.

    What ``parsed_reports`` hands to ``raw_tables``, whichever executor parsed it.
    """

    outcomes: list[FileOutcome]
    removed: list[str] = field(default_factory=list)
    watched_root: str = ""
