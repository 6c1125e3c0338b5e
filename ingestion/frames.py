"""ParsedReport -> Polars frames, one per raw table (reports, cells of tables 二/三/四, issues, sections).

The schemas here are the contract of the DuckDB schema ``raw`` that dbt's staging models read.
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from ingestion.model import ParsedReport, ParsedValue, Provenance

# 3: OCR of scanned pages (ocr, confidence)
# 4: accounting of every printed number per table (raw.table_accounting); a number left out makes a report partial
PARSER_VERSION = "4"

PROVENANCE_SCHEMA: dict[str, pl.DataType] = {
    "page": pl.Int32,
    "x0": pl.Float64,
    "top": pl.Float64,
    "x1": pl.Float64,
    "bottom": pl.Float64,
    "line": pl.Int32,
    "source_table": pl.Int32,
    "source_row": pl.Int32,
    "source_col": pl.Int32,
    "source_ref": pl.Utf8,
}
VALUE_SCHEMA: dict[str, pl.DataType] = {
    "value": pl.Float64,
    "value_kind": pl.Utf8,
    "raw_value": pl.Utf8,
    "inferred": pl.Boolean,
    "inference_reason": pl.Utf8,
    "confidence": pl.Float64,
}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "reports": {
        "report_id": pl.Utf8,
        "source_file": pl.Utf8,
        "source_path": pl.Utf8,
        "file_format": pl.Utf8,
        "content_hash": pl.Utf8,
        "file_size": pl.Int64,
        "status": pl.Utf8,
        "status_reason": pl.Utf8,
        "agency_name": pl.Utf8,
        "agency_name_source": pl.Utf8,
        "region": pl.Utf8,
        "agency_key": pl.Utf8,
        "agency_city": pl.Utf8,
        "report_year": pl.Int32,
        "template_version": pl.Utf8,
        "table2_template": pl.Utf8,
        "table3_template": pl.Utf8,
        "page_count": pl.Int32,
        "ocr": pl.Boolean,
        "parser_version": pl.Utf8,
        "parsed_at": pl.Datetime("us"),
    },
    "administrative_action_cells": {
        "report_id": pl.Utf8,
        "item": pl.Utf8,
        "category": pl.Utf8,
        "metric": pl.Utf8,
        "unit": pl.Utf8,
        **VALUE_SCHEMA,
        **PROVENANCE_SCHEMA,
    },
    "disclosure_request_cells": {
        "report_id": pl.Utf8,
        "row_code": pl.Utf8,
        "applicant_type": pl.Utf8,
        **VALUE_SCHEMA,
        **PROVENANCE_SCHEMA,
    },
    "appeal_cells": {
        "report_id": pl.Utf8,
        "proceeding": pl.Utf8,
        "outcome": pl.Utf8,
        **VALUE_SCHEMA,
        **PROVENANCE_SCHEMA,
    },
    "parse_issues": {
        "report_id": pl.Utf8,
        "issue_code": pl.Utf8,
        "severity": pl.Utf8,
        "table_name": pl.Utf8,
        "message": pl.Utf8,
        **PROVENANCE_SCHEMA,
    },
    "prose_figures": {
        "report_id": pl.Utf8,
        "figure": pl.Utf8,
        "value": pl.Float64,
        "stated_text": pl.Utf8,
        **PROVENANCE_SCHEMA,
    },
    # per report and template table (二/三/四): what became of the numbers printed (model.TableAccounting)
    "table_accounting": {
        "report_id": pl.Utf8,
        "table_code": pl.Utf8,
        "printed": pl.Int32,
        "placed": pl.Int32,
        "inferred": pl.Int32,
        "unplaced": pl.Int32,
        "uncertain": pl.Int32,
        **{f"first_unplaced_{k}": v for k, v in PROVENANCE_SCHEMA.items()},
    },
    "report_sections": {
        "report_id": pl.Utf8,
        "section_no": pl.Int32,
        "heading": pl.Utf8,
        "body": pl.Utf8,
        **PROVENANCE_SCHEMA,
    },
}


def _prov_columns(prov: Provenance | None) -> dict:
    prov = prov or Provenance()
    x0, top, x1, bottom = prov.bbox if prov.bbox else (None, None, None, None)
    return {
        "page": prov.page,
        "x0": x0,
        "top": top,
        "x1": x1,
        "bottom": bottom,
        "line": prov.line,
        "source_table": prov.table,
        "source_row": prov.row,
        "source_col": prov.col,
        "source_ref": prov.describe() if prov != Provenance() else None,
    }


def _value_columns(v: ParsedValue) -> dict:
    return {
        "value": v.value,
        "value_kind": v.kind,
        "raw_value": v.raw,
        "inferred": v.inferred,
        "inference_reason": v.inference_reason,
        "confidence": v.confidence,
        **_prov_columns(v.prov),
    }


def report_to_frames(report: ParsedReport, source_path: str = "", file_size: int | None = None) -> dict[str, pl.DataFrame]:
    """Shape one parsed report as the raw tables' rows (one frame per table, schemas fixed)."""
    rid = report.report_id
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    m = report.meta
    rows["reports"].append(
        {
            "report_id": rid,
            "source_file": report.source_file,
            "source_path": source_path,
            "file_format": report.file_format,
            "content_hash": report.content_hash,
            "file_size": file_size,
            "status": report.status,
            "status_reason": report.status_reason,
            "agency_name": m.agency_name,
            "agency_name_source": m.agency_name_source,
            "region": m.region,
            "agency_key": m.agency_key,
            "agency_city": m.agency_city,
            "report_year": m.report_year,
            "template_version": m.template_version,
            "table2_template": report.table2_template,
            "table3_template": report.table3_template,
            "page_count": report.page_count,
            "ocr": report.ocr,
            "parser_version": PARSER_VERSION,
            "parsed_at": datetime.now(UTC).replace(tzinfo=None),
        }
    )
    for (item, category, metric), v in report.active_disclosure.items():
        rows["administrative_action_cells"].append(
            {"report_id": rid, "item": item, "category": category, "metric": metric, "unit": v.unit, **_value_columns(v)}
        )
    for (row_code, applicant), v in report.requests.items():
        rows["disclosure_request_cells"].append(
            {"report_id": rid, "row_code": row_code, "applicant_type": applicant, **_value_columns(v)}
        )
    for (proceeding, outcome), v in report.appeals.items():
        rows["appeal_cells"].append(
            {"report_id": rid, "proceeding": proceeding, "outcome": outcome, **_value_columns(v)}
        )
    for issue in report.issues:
        rows["parse_issues"].append(
            {
                "report_id": rid,
                "issue_code": issue.code,
                "severity": issue.severity,
                "table_name": issue.table,
                "message": issue.message,
                **_prov_columns(issue.prov),
            }
        )
    for f in report.prose_figures:
        rows["prose_figures"].append(
            {"report_id": rid, "figure": f.figure, "value": float(f.value), "stated_text": f.text, **_prov_columns(f.prov)}
        )
    for table_code, a in report.accounting.items():
        first = {f"first_unplaced_{k}": v for k, v in _prov_columns(a.first_unplaced).items()}
        rows["table_accounting"].append(
            {"report_id": rid, "table_code": table_code, "printed": a.printed, "placed": a.placed,
             "inferred": a.inferred, "unplaced": a.unplaced, "uncertain": a.uncertain, **first}
        )
    for s in report.sections:
        rows["report_sections"].append(
            {"report_id": rid, "section_no": s.number, "heading": s.heading, "body": s.text, **_prov_columns(s.prov)}
        )
    return {name: pl.DataFrame(rows[name], schema=SCHEMAS[name], orient="row") for name in SCHEMAS}


def empty_frames() -> dict[str, pl.DataFrame]:
    """Empty frames with the raw schemas (used to create the tables before any load)."""
    return {name: pl.DataFrame(schema=schema) for name, schema in SCHEMAS.items()}
