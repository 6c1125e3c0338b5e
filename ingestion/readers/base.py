"""What every reader returns, and how a reader says a file cannot be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.model import Issue, RowStream


class UnreadableFile(Exception):
    """Raised by a reader when a file cannot yield a report (scanned, encrypted, corrupt, not a report).

    ``status`` is one of ``failed`` or ``unsupported``; ``reason`` is a sentence for a human.
    """

    def __init__(self, status: str, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Document:
    """A file read into the common row representation."""

    rows: RowStream
    page_count: int | None = None
    issues: list[Issue] = field(default_factory=list)
    ocr_pages: int = 0  # pages read by OCR (scans); their cells carry a confidence
    ocr_dpi: int | None = None  # the resolution they were read at (the lowest, if they differ)
