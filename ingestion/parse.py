"""One pure function per file: bytes -> ParsedReport. No database, no globals, safe in any process."""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path

from ingestion.limits import DEFAULT_LIMITS, ParseLimits
from ingestion.metadata import extract_metadata
from ingestion.model import Issue, ParsedReport, RowStream
from ingestion.prose_figures import extract_prose_figures
from ingestion.readers.base import Document, UnreadableFile
from ingestion.sections import extract_sections
from ingestion.tables.table2 import find_table2
from ingestion.tables.table3 import find_table3
from ingestion.tables.table4 import find_table4

# format -> "module:function"; imported on use so one broken optional reader never blocks the others
READERS: dict[str, str] = {
    "text": "ingestion.readers.text:read_text",
    "markdown": "ingestion.readers.markdown:read_markdown",
    "html": "ingestion.readers.html:read_html",
    "docx": "ingestion.readers.docx:read_docx",
    "pdf": "ingestion.readers.pdf:read_pdf",
    "image": "ingestion.readers.scan:read_image",
}
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
}


def detect_format(data: bytes, name: str) -> str | None:
    """The reader a file needs, from its first bytes, then its extension; None when unsupported."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return "image"  # a photographed or scanned page
    if head.startswith(b"PK\x03\x04") and name.lower().endswith(".docx"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return None  # legacy OLE .doc/.xls
    suffix = Path(name).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    low = head.lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<table" in low:
        return "html"
    return None


def _reader(fmt: str) -> Callable[[bytes, str, ParseLimits], Document]:
    module, func = READERS[fmt].split(":")
    return getattr(importlib.import_module(module), func)


def _choose(copies: list, table_name: str, issues: list[Issue]):
    """The most complete printed copy (the later one on a tie); a disagreeing copy is recorded."""
    if not copies:
        return None
    best = max(reversed(copies), key=lambda c: c.completeness)
    for other in copies:
        if other is best:
            continue
        shared = set(other.cells) & set(best.cells)
        differing = sorted(k for k in shared if other.cells[k].value != best.cells[k].value)
        missing = len(set(best.cells) - set(other.cells))
        if differing or missing:
            where = other.first_row.describe() if other.first_row else "?"
            issues.append(
                Issue(
                    "duplicate_section_conflict",
                    f"{table_name} is printed more than once; the copy at {where} disagrees with the one used "
                    f"({len(differing)} differing cells, {missing} cells missing), e.g. {differing[:3]}",
                    "warning",
                    table_name,
                    other.first_row,
                )
            )
    issues.extend(best.issues)
    return best


# issues that make a table partial even when no printed number was left out: a header naming a column
# twice or not at all, a row not found (lost at a page break, or printed without numbers)
PLACEMENT_ISSUES = frozenset({"column_placement", "row_missing"})


def _placement_problem(table) -> Issue | None:
    """The first placement issue of a chosen table (a value its header could not put in a column, a lost row)."""
    return next((i for i in table.issues if i.code in PLACEMENT_ISSUES), None)


def _table_reasons(name: str, table) -> list[str]:
    """Why one chosen table makes the report partial: the first number printed and not placed (row and
    where it was printed), the rows not found, or another placement issue; empty when it is complete."""
    reasons = []
    if unplaced := table.ledger.reason(name):
        reasons.append(f"{unplaced}; left out, not guessed")
    missing_rows = [i for i in table.issues if i.code == "row_missing"]
    reasons += [f"{i.message} ({i.prov.describe() if i.prov else '?'})" for i in missing_rows]
    if not reasons and (first := _placement_problem(table)):
        where = first.prov.describe() if first.prov else "?"
        reasons.append(f"table {name}: {first.message} ({where}); printed values not placed, left out, not guessed")
    return reasons


def _set_status(report: ParsedReport, tables: dict) -> None:
    """parsed (all three tables, every printed number placed), partial (a table missing, a number left out,
    a row not found), or failed (no table)."""
    found = [name for name, t in tables.items() if t]
    if not found:
        report.status = "failed"
        report.status_reason = "no template table (二/三/四) found: not an annual report, or a layout we cannot read"
        report.issues.append(Issue("no_tables", report.status_reason, "error"))
        return
    reasons = []
    if missing := [name for name in tables if name not in found]:
        reasons.append(f"table {'/'.join(missing)} not found")
        report.issues.append(Issue("table_missing", reasons[-1], "warning"))
    for name, table in tables.items():
        if table:
            reasons += _table_reasons(name, table)
    report.status = "partial" if reasons else "parsed"
    report.status_reason = "; ".join(reasons) or None


def parse_rows(rows: RowStream, report: ParsedReport) -> ParsedReport:
    """Fill a report from its rows: metadata, sections and the three tables (format-agnostic)."""
    report.meta = extract_metadata(rows, report.source_file)
    report.sections = extract_sections(rows)
    report.prose_figures = extract_prose_figures(rows)
    t2 = _choose(find_table2(rows), "table2", report.issues)
    t3 = _choose(find_table3(rows), "table3", report.issues)
    t4 = _choose(find_table4(rows), "table4", report.issues)
    if t2:
        report.active_disclosure, report.table2_template = t2.cells, t2.template
    if t3:
        report.requests, report.table3_template = t3.cells, t3.template
    if t4:
        report.appeals = t4.cells
    year = report.meta.report_year
    report.meta.template_version = (
        report.table2_template or report.table3_template or (None if year is None else ("2021" if year >= 2021 else "2019"))
    )
    tables = {"二": t2, "三": t3, "四": t4}
    report.accounting = {name: t.ledger.summary(t.cells.values()) for name, t in tables.items() if t}
    _set_status(report, tables)
    if not report.meta.agency_name:
        report.issues.append(Issue("agency_unknown", "agency name not found in title, body or file name", "warning"))
    return report


def _mark_uncertain(rows: RowStream, threshold: float) -> None:
    """Mark the OCR cells read with a confidence below ``threshold``: their text is never read as a value."""
    for row in rows:
        for cell in row.cells:
            if cell.confidence is not None and cell.confidence < threshold:
                cell.uncertain = True


def parse_bytes(
    data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS, content_hash: str | None = None
) -> ParsedReport:
    """Parse one report file's bytes. Never raises for bad input: the status and issues say what happened.

    ``content_hash`` is the file's sha256 when the caller already has it (discovery hashes each file once).
    """
    digest = content_hash or hashlib.sha256(data).hexdigest()
    report = ParsedReport(source_file=Path(name).name, file_format="unknown", content_hash=digest)
    fmt = detect_format(data, name)
    if fmt is None:
        report.status, report.status_reason = "unsupported", f"unsupported file type ({Path(name).suffix or 'no extension'})"
        report.issues.append(Issue("unsupported_format", report.status_reason, "error"))
        return report
    report.file_format = fmt
    if not data.strip():
        report.status, report.status_reason = "failed", "empty file"
        report.issues.append(Issue("empty_file", report.status_reason, "error"))
        return report
    try:
        document = _reader(fmt)(data, name, limits)
    except UnreadableFile as exc:
        report.status, report.status_reason = exc.status, exc.reason
        report.issues.append(Issue("unreadable", exc.reason, "error"))
        return report
    except Exception as exc:  # a reader bug or a file no library can open: record it, never crash the run
        report.status, report.status_reason = "failed", f"{fmt} reader error: {type(exc).__name__}: {exc}"
        report.issues.append(Issue("reader_error", report.status_reason, "error"))
        return report
    report.page_count = document.page_count
    report.ocr, report.ocr_dpi = document.ocr_pages > 0, document.ocr_dpi
    report.issues.extend(document.issues)
    if report.ocr:
        _mark_uncertain(document.rows, limits.ocr_min_confidence)
    parse_rows(document.rows, report)
    if report.ocr and report.status == "failed":
        report.status_reason = f"scanned, read by OCR: {report.status_reason}"
    return report


def parse_file(path: str | Path, limits: ParseLimits = DEFAULT_LIMITS) -> ParsedReport:
    """Parse one report file from disk."""
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name, limits)
