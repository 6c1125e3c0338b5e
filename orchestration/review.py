"""`ogi check`: a reviewer's readable view of reports and every rule they fail, without the warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingestion.codes import APPLICANT_TYPES, OUTCOMES, PROCEEDINGS, REQUEST_ROWS_2019, REQUEST_ROWS_2021
from ingestion.model import ParsedReport, ParsedValue
from ingestion.parse import parse_file
from orchestration.ocr_review import likely_ocr_causes
from orchestration.scratch_build import build_scratch_warehouse

_SHORT = {"natural_person": "自然人", "commercial_enterprise": "商业", "research_institution": "科研", "social_welfare_org": "公益",
          "legal_service_org": "法律", "other_org": "其他", "total": "总计"}


def _cell(v: ParsedValue | None) -> str:
    if v is None or v.kind in ("blank", "unplaced"):
        return "·"
    if v.value is None:
        return v.raw or "?"
    text = f"{int(v.value)}" if float(v.value).is_integer() else f"{v.value:g}"
    return text + ("*" if v.inferred else "")


def format_tables(report: ParsedReport) -> list[str]:
    """Tables 二, 三 and 四 as aligned text (· blank, * inferred)."""
    out = ["  表二 主动公开"]
    for (item, category, metric), v in report.active_disclosure.items():
        unit = f" {v.unit}" if v.unit else ""
        out.append(f"    {item} {category:<26} {metric:<20} {_cell(v)}{unit}")
    out.append("  表三 申请 " + " ".join(f"{_SHORT[a]:>5}" for a in APPLICANT_TYPES))
    rows = REQUEST_ROWS_2021 if report.table3_template == "2021" else REQUEST_ROWS_2019
    for row in rows:
        if any((row, a) in report.requests for a in APPLICANT_TYPES):
            out.append(f"    {row:<32}" + " ".join(f"{_cell(report.requests.get((row, a))):>6}" for a in APPLICANT_TYPES))
    out.append("  表四 复议诉讼 " + " ".join(f"{o:>13}" for o in OUTCOMES))
    for p in PROCEEDINGS:
        out.append(f"    {p:<32}" + " ".join(f"{_cell(report.appeals.get((p, o))):>13}" for o in OUTCOMES))
    return out


def check_files(paths: list[str]) -> tuple[list[str], int]:
    """Parse reports, run the rules through dbt in a scratch database; (printable lines, rules failed)."""
    parsed = [(parse_file(p), str(Path(p).resolve())) for p in paths]
    lines: list[str] = []
    db = build_scratch_warehouse(parsed)
    con = duckdb.connect(str(db), read_only=True)
    failed_total = 0
    try:
        for report, _ in parsed:
            m = report.meta
            lines.append(f"== {report.source_file}: {report.status}{' — ' + report.status_reason if report.status_reason else ''}")
            lines.append(f"   agency {m.agency_name}  year {m.report_year}  template {m.template_version}")
            lines.extend(format_tables(report))
            results = con.execute(
                "select rule_id, subject, outcome, expected, actual, delta, cells_involved, missing_cells, pages, source_refs "
                "from fct_rule_results where report_id = ? and outcome <> 'passed' order by rule_id, subject",
                [report.report_id],
            ).fetchall()
            counts = con.execute(
                "select outcome, count(*) from fct_rule_results where report_id = ? group by outcome", [report.report_id]
            ).fetchall()
            lines.append("   rules: " + ", ".join(f"{o} {n}" for o, n in sorted(counts)))
            for rule, subject, outcome, expected, actual, delta, cells, missing, pages, refs in results:
                if outcome == "failed":
                    failed_total += 1
                    lines.append(f"   FAILED {rule} [{subject}] expected {expected:g} got {actual:g} (delta {delta:+g})"
                                 + (f" on page {pages}" if pages else ""))
                    lines.append(f"          cells: {cells}")
                    lines.append(f"          where: {refs}")
                else:
                    lines.append(f"   NOT ASSESSABLE {rule} [{subject}]: missing {missing}")
            lines.extend(likely_ocr_causes(report, sorted({r[0] for r in results if r[2] == "failed"})))
            for issue in report.issues:
                if issue.severity != "info":
                    lines.append(f"   issue {issue.code}: {issue.message}")
    finally:
        con.close()
    return lines, failed_total
