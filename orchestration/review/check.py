"""`ogi check`: a reviewer's readable view of reports and every rule they fail, without the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.codes import APPLICANT_TYPES, OUTCOMES, PROCEEDINGS, REQUEST_ROWS_2019, REQUEST_ROWS_2021
from ingestion.model import ParsedReport, ParsedValue
from ingestion.parse import parse_file
from orchestration.review.ocr_causes import likely_ocr_causes
from orchestration.review.textwidth import pad
from orchestration.settings import Settings
from orchestration.warehouse.scratch import build_scratch_warehouse

_SHORT = {"natural_person": "自然人", "commercial_enterprise": "商业", "research_institution": "科研", "social_welfare_org": "公益",
          "legal_service_org": "法律", "other_org": "其他", "total": "总计"}


def _cell(v: ParsedValue | None) -> str:
    if v is None or v.kind in ("blank", "unplaced"):
        return "·"
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
    """Tables 二, 三 and 四 as text whose columns line up on a terminal (· blank, * inferred)."""
    out = ["  表二 主动公开"]
    for (item, category, metric), v in report.active_disclosure.items():
        unit = f" {v.unit}" if v.unit else ""
        out.append(f"    {item} {category:<26} {metric:<20} {_cell(v)}{unit}")
    out.append(_header("表三 申请", [_SHORT[a] for a in APPLICANT_TYPES], _COLS["三"]))
    rows = REQUEST_ROWS_2021 if report.table3_template == "2021" else REQUEST_ROWS_2019
    for row in rows:
        if any((row, a) in report.requests for a in APPLICANT_TYPES):
            out.append(_row(row, [_cell(report.requests.get((row, a))) for a in APPLICANT_TYPES], _COLS["三"]))
    out.append(_header("表四 复议诉讼", list(OUTCOMES), _COLS["四"]))
    for p in PROCEEDINGS:
        out.append(_row(p, [_cell(report.appeals.get((p, o))) for o in OUTCOMES], _COLS["四"]))
    return out


@dataclass
class CheckResult:
    """What `ogi check` found: printable lines, failed rule results by severity, files it could not read."""

    lines: list[str] = field(default_factory=list)
    failed_errors: int = 0
    failed_warnings: int = 0
    unreadable: list[str] = field(default_factory=list)

    def exit_code(self, strict: bool = False) -> int:
        """2 a file could not be read; 1 an error-severity rule failed (or a warning, with ``strict``); else 0."""
        if self.unreadable:
            return 2
        return 1 if self.failed_errors or (strict and self.failed_warnings) else 0


def _read(paths: list[str], result: CheckResult, settings: Settings) -> list[tuple[ParsedReport, str]]:
    parsed = []
    for p in paths:
        report = None
        try:
            # the size cap holds here too, before any read
            too_big = settings.file_limits.oversize_reason(Path(p).stat().st_size)
            report = None if too_big else parse_file(p, settings.parse_limits)
        except OSError as exc:
            too_big = exc.strerror or str(exc)
        if report is None or too_big:
            result.unreadable.append(p)
            result.lines.append(f"== {p}: could not be read: {too_big}")
            continue
        if report.status in ("failed", "unsupported"):
            result.unreadable.append(p)
        parsed.append((report, str(Path(p).resolve())))
    return parsed


def check_files(paths: list[str], settings: Settings) -> CheckResult:
    """Parse reports, run the rules through dbt in a scratch database; lines to print and what failed."""
    result = CheckResult()
    parsed = _read(paths, result, settings)
    if not parsed:
        return result
    lines = result.lines
    db = build_scratch_warehouse(parsed, memory_limit=settings.dbt_memory_limit)
    con = duckdb.connect(str(db), read_only=True)
    try:
        for report, _ in parsed:
            m = report.meta
            lines.append(f"== {report.source_file}: {report.status}{' — ' + report.status_reason if report.status_reason else ''}")
            lines.append(f"   agency {m.agency_name}  year {m.report_year}  template {m.template_version}")
            lines.extend(format_tables(report))
            results = con.execute(
                "select rule_id, subject, outcome, expected, actual, delta, cells_involved, missing_cells, pages, source_refs, severity "
                "from fct_rule_results where report_id = ? and outcome <> 'passed' order by rule_id, subject",
                [report.report_id],
            ).fetchall()
            counts = con.execute(
                "select outcome, count(*) from fct_rule_results where report_id = ? group by outcome", [report.report_id]
            ).fetchall()
            lines.append("   rules: " + ", ".join(f"{o} {n}" for o, n in sorted(counts)))
            for rule, subject, outcome, expected, actual, delta, cells, missing, pages, refs, severity in results:
                if outcome == "failed":
                    if severity == "error":
                        result.failed_errors += 1
                    else:
                        result.failed_warnings += 1
                    label = "FAILED" if severity == "error" else "FAILED (warning)"
                    lines.append(f"   {label} {rule} [{subject}] expected {expected:g} got {actual:g} (delta {delta:+g})"
                                 + (f" on page {pages}" if pages else ""))
                    lines.append(f"          cells: {cells}")
                    lines.append(f"          where: {refs}")
                else:
                    lines.append(f"   NOT ASSESSABLE {rule} [{subject}]: missing {missing}")
            failed_rules = sorted({r[0] for r in results if r[2] == "failed"})
            lines.extend(likely_ocr_causes(report, failed_rules, settings.ocr_review_confidence, settings.ocr_min_confidence))
            for issue in report.issues:
                if issue.severity != "info":
                    lines.append(f"   issue {issue.code}: {issue.message}")
    finally:
        con.close()
    return result
