"""`ogi check`: a reviewer's readable view of reports and every rule they fail, without the warehouse.

Files and folders are taken as `ogi run` takes them (orchestration/runner/discovery.py: hidden files, the
warehouse's own files, links leading outside a folder are skipped and said so). Per report: its tables,
each failed rule with its two sides named and where its cells were printed, the not-assessable results
one line per cause, the likely OCR causes and the parse's issues; at the end one summary line per file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.codes import APPLICANT_TYPES, OUTCOMES, PROCEEDINGS, REQUEST_ROWS_2019, REQUEST_ROWS_2021
from ingestion.model import ParsedReport, ParsedValue
from ingestion.parse import parse_file
from orchestration.cli.terminal import shown
from orchestration.review.locations import describe
from orchestration.review.ocr_causes import likely_ocr_causes
from orchestration.review.rules import (
    APPLICANT_SHORT,
    COLUMNS,
    RuleResult,
    not_assessable_lines,
    sides_text,
    where_lines,
)
from orchestration.review.textwidth import pad
from orchestration.runner.discovery import OwnFiles, discover_files
from orchestration.settings import Settings
from orchestration.warehouse.scratch import build_scratch_warehouse

LEGEND = ("legend: · nothing printed (blank)   3* not printed, inferred by arithmetic (its row printed too few "
          "numbers)   ? a number printed in the row but not placed in a column   l? read by OCR too unsurely to "
          "be a number (the text read, then ?)")


def _cell(v: ParsedValue | None) -> str:
    if v is None or v.kind == "blank":
        return "·"
    if v.kind == "unplaced":
        return "?"
    if v.kind == "uncertain":
        return (v.raw or "") + "?"
    if v.value is None:
        return v.raw or "?"
    text = f"{int(v.value)}" if float(v.value).is_integer() else f"{v.value:g}"
    return text + ("*" if v.inferred else "")


_LABEL = 36  # display columns of the row-label column, header included
_COLS = {"三": 6, "四": 13}


def _header(title: str, labels: list[str], width: int) -> str:
    return pad(f"  {title}", _LABEL) + " ".join(pad(label, width, ">") for label in labels)


def _row(label: str, values: list[str], width: int) -> str:
    return pad(f"    {label}", _LABEL) + " ".join(pad(v, width, ">") for v in values)


def format_tables(report: ParsedReport) -> list[str]:
    """Tables 二, 三 and 四 as text whose columns line up on a terminal (symbols: see LEGEND)."""
    out = ["  表二 主动公开"]
    for (item, category, metric), v in report.active_disclosure.items():
        unit = f" {v.unit}" if v.unit else ""
        out.append(f"    {item} {category:<26} {metric:<20} {_cell(v)}{unit}")
    out.append(_header("表三 申请", [APPLICANT_SHORT[a] for a in APPLICANT_TYPES], _COLS["三"]))
    rows = REQUEST_ROWS_2021 if report.table3_template == "2021" else REQUEST_ROWS_2019
    for row in rows:
        if any((row, a) in report.requests for a in APPLICANT_TYPES):
            out.append(_row(row, [_cell(report.requests.get((row, a))) for a in APPLICANT_TYPES], _COLS["三"]))
    out.append(_header("表四 复议诉讼", list(OUTCOMES), _COLS["四"]))
    for p in PROCEEDINGS:
        out.append(_row(p, [_cell(report.appeals.get((p, o))) for o in OUTCOMES], _COLS["四"]))
    return out


def unplaced_numbers(report: ParsedReport) -> int:
    """Numbers printed in the report's template tables that were not placed in a cell (its accounting)."""
    return sum(table.unplaced for table in report.accounting.values())


@dataclass
class FileSummary:
    """The last word on one file: its status and what its rules came to."""

    path: str
    status: str
    failed_errors: int = 0
    failed_warnings: int = 0
    not_assessable: int = 0
    unplaced: int = 0
    note: str = ""

    def line(self) -> str:
        """``parsed   data/samples/000.txt  error rules failed 0, warnings failed 0, not assessable 0, numbers unplaced 0``."""
        if self.note:
            return f"  {self.status:<11} {self.path}: {self.note}"
        return (f"  {self.status:<11} {self.path}  error rules failed {self.failed_errors}, warnings failed "
                f"{self.failed_warnings}, not assessable {self.not_assessable}, numbers unplaced {self.unplaced}")


@dataclass
class CheckResult:
    """What `ogi check` found: printable lines, failed rule results by severity, files it could not read."""

    lines: list[str] = field(default_factory=list)
    failed_errors: int = 0
    failed_warnings: int = 0
    unreadable: list[str] = field(default_factory=list)
    files: list[FileSummary] = field(default_factory=list)

    def exit_code(self, strict: bool = False) -> int:
        """2 a file could not be read; 1 an error-severity rule failed (or a warning, with ``strict``); else 0."""
        if self.unreadable:
            return 2
        return 1 if self.failed_errors or (strict and self.failed_warnings) else 0

    def summary_lines(self) -> list[str]:
        """One line per file, in the order they were checked."""
        return ["summary:", *(f.line() for f in self.files)] if self.files else []


def _display(path: Path) -> str:
    rel = os.path.relpath(path)
    return shown(rel if not rel.startswith("..") else str(path))


# what discovery skips that makes a file asked for by name unreadable (inside a folder: said, not fatal)
_FATAL_WHEN_NAMED = {"missing", "not_regular", "warehouse", "lake", "logs", "symlink_outside"}


def _discover(paths: list[str], result: CheckResult, settings: Settings) -> list[tuple[Path, int]]:
    """The files to check with their sizes, as `ogi run` would take them; skips and refusals recorded."""
    own = OwnFiles(settings.published_path, settings.build_path, settings.lake_dir, settings.logs_dir)
    files: dict[Path, int] = {}
    for p in paths:
        found = discover_files([p], own)
        for skip in found.skipped:
            if (skip.path == p and skip.kind in _FATAL_WHEN_NAMED) or skip.kind == "unreadable":
                result.unreadable.append(skip.path)
                result.lines.append(f"== {shown(skip.path)}: could not be read: {skip.reason}")
                result.files.append(FileSummary(shown(skip.path), "unreadable", note=skip.reason))
            else:
                result.lines.append(f"   skipped {shown(skip.path)}: {skip.reason}")
        if os.path.isdir(p) and not found.files and not any(s.kind == "unreadable" for s in found.skipped):
            result.unreadable.append(p)
            result.lines.append(f"== {shown(p)}: no report files in this folder")
            result.files.append(FileSummary(shown(p), "unreadable", note="no report files in this folder"))
        for f in found.files:
            files.setdefault(f, found.stats[f].st_size)
    return list(files.items())


def _read(paths: list[str], result: CheckResult, settings: Settings) -> list[tuple[ParsedReport, str, FileSummary]]:
    parsed = []
    first: dict[str, str] = {}
    for path, size in _discover(paths, result, settings):
        name = _display(path)
        report = None
        try:
            # the size cap holds here too, before any read
            why = settings.file_limits.oversize_reason(size)
            report = None if why else parse_file(path, settings.parse_limits)
        except OSError as exc:
            why = exc.strerror or str(exc)
        if report is None:
            result.unreadable.append(str(path))
            result.lines.append(f"== {name}: could not be read: {why}")
            result.files.append(FileSummary(name, "unreadable", note=why))
            continue
        if report.report_id in first:  # one report, checked once (as `ogi run` loads it once)
            result.files.append(FileSummary(name, "duplicate", note=f"same content as {first[report.report_id]}, checked there"))
            continue
        first[report.report_id] = name
        if report.status in ("failed", "unsupported"):
            result.unreadable.append(str(path))
        summary = summary_for(report, name)
        result.files.append(summary)
        parsed.append((report, str(path), summary))
    return parsed


def _issue_lines(report: ParsedReport) -> list[str]:
    lines = []
    for issue in report.issues:
        if issue.severity != "info":
            where = f" ({describe(report, issue.prov, issue.table)})" if issue.prov else ""
            lines.append(f"   issue {issue.code}{where}: {issue.message}")
    return lines


def _report_lines(report: ParsedReport, name: str, results: list[RuleResult], counts: list[tuple], result: CheckResult,
                  summary: FileSummary, settings: Settings) -> list[str]:
    m = report.meta
    lines = [f"== {name}: {report.status}{' — ' + report.status_reason if report.status_reason else ''}",
             f"   agency {m.agency_name}  year {m.report_year}  template {m.template_version}"]
    lines.extend(format_tables(report))
    lines.append("   rules: " + ", ".join(f"{o} {n}" for o, n in sorted(counts)))
    for r in results:
        if r.outcome != "failed":
            continue
        if r.severity == "error":
            result.failed_errors += 1
            summary.failed_errors += 1
        else:
            result.failed_warnings += 1
            summary.failed_warnings += 1
        label = "FAILED" if r.severity == "error" else "FAILED (warning)"
        lines.append(f"   {label} {r.rule_id} {r.rule_name} [{r.subject}]: {sides_text(r)}")
        lines.extend(f"          where: {w}" for w in where_lines(report, r))
    lines.extend(not_assessable_lines(results))
    summary.not_assessable = sum(1 for r in results if r.outcome == "not_assessable")
    failed_rules = sorted({r.rule_id for r in results if r.outcome == "failed"})
    lines.extend(likely_ocr_causes(report, failed_rules, settings.ocr_review_confidence, settings.ocr_min_confidence))
    lines.extend(_issue_lines(report))
    return lines


def check_reports(reports: list[tuple[ParsedReport, str, FileSummary]], settings: Settings,
                  result: CheckResult | None = None, evidence_dir: Path | None = None) -> CheckResult:
    """Run the rules on parsed (report, source path, summary) triples through dbt in a scratch database and
    add each report's lines and counts to ``result`` (a new one when None). With ``evidence_dir``, the
    evidence of every failed or not-assessable result is written there (orchestration/review/evidence/)."""
    result = result if result is not None else CheckResult(files=[summary for _, _, summary in reports])
    if not reports:
        return result
    db = build_scratch_warehouse([(r, p) for r, p, _ in reports], memory_limit=settings.dbt_memory_limit)
    con = duckdb.connect(str(db), read_only=True)
    result.lines.append(LEGEND)
    try:
        for report, _, summary in reports:
            rows = con.execute(f"{COLUMNS} where report_id = ? and outcome <> 'passed' order by rule_id, subject",
                               [report.report_id]).fetchall()
            counts = con.execute("select outcome, count(*) from fct_rule_results where report_id = ? group by outcome",
                                 [report.report_id]).fetchall()
            results = [RuleResult(*row) for row in rows]
            result.lines.extend(_report_lines(report, summary.path, results, counts, result, summary, settings))
        if evidence_dir is not None:
            result.lines.extend(_evidence_lines(con, evidence_dir, {r.report_id: Path(p) for r, p, _ in reports}))
    finally:
        con.close()
    return result


def _evidence_lines(con: duckdb.DuckDBPyConnection, folder: Path, sources: dict[str, Path]) -> list[str]:
    """Write the evidence files of the checked reports under ``folder``; one line per file written or skipped."""
    from orchestration.review.evidence.write import write_evidence

    run = write_evidence(con, folder, sources=sources)
    lines = [f"evidence: {path}" for path in run.written]
    lines += [f"evidence not drawn: {path}: {why}" for path, why in run.skipped]
    return lines


def summary_for(report: ParsedReport, path: str) -> FileSummary:
    """A report's summary before its rules run: its status and the numbers its tables left unplaced."""
    return FileSummary(path, report.status, unplaced=unplaced_numbers(report))


def check_files(paths: list[str], settings: Settings, evidence_dir: Path | None = None) -> CheckResult:
    """Parse reports (files or folders), run the rules through dbt in a scratch database; lines to print,
    what failed, and one summary per file (``result.summary_lines()``). ``evidence_dir``: see check_reports."""
    result = CheckResult()
    return check_reports(_read(paths, result, settings), settings, result, evidence_dir)
