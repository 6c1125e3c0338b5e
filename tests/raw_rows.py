"""Rows of the ``raw`` schema made by hand, one dict per row, as the Python loader writes them
(``ingestion.frames.SCHEMAS``): a cell's value (number, blank, not applicable, text), where it was printed
(PDF box, text line, table cell), the cell rows of tables 二, 三 and 四, prose figures and report rows.

Used by the rule fixture (tests/rule_fixture.py) and by tests/test_dbt_cross_report.py, which builds its
own reports for the rules across reports; ``tests.rule_fixture.write_fixture`` writes them to DuckDB.
"""

from __future__ import annotations

from datetime import datetime

from ingestion.agency import canonical_agency
from ingestion.codes import ACTIVE_DISCLOSURE, APPLICANT_TYPES


def number(value: float, **extra) -> dict:
    """A printed number (kind 'number'), printed the way a report would print it."""
    raw = str(int(value)) if float(value).is_integer() else str(value)
    return {"value": float(value), "value_kind": "number", "raw_value": raw, **extra}


def blank() -> dict:
    return {"value": None, "value_kind": "blank", "raw_value": ""}


def not_applicable(raw: str = "/") -> dict:
    return {"value": None, "value_kind": "not_applicable", "raw_value": raw}


def text(raw: str) -> dict:
    return {"value": None, "value_kind": "text", "raw_value": raw}


def pdf_prov(page: int, row: int, col: int) -> dict:
    x0, top = 72.0 + 60 * col, 120.0 + 18 * row
    box = (x0, top, x0 + 50, top + 15)
    return {
        "page": page,
        "x0": box[0],
        "top": box[1],
        "x1": box[2],
        "bottom": box[3],
        "source_ref": f"p.{page} (" + ",".join(f"{v:.0f}" for v in box) + ")",
    }


def line_prov(line: int) -> dict:
    return {"line": line, "source_ref": f"line {line}"}


def table_prov(table: int, row: int, col: int) -> dict:
    return {
        "source_table": table,
        "source_row": row,
        "source_col": col,
        "source_ref": f"table {table + 1} row {row + 1} col {col + 1}",
    }


def _provenance(fmt: str, table: int, row: int, col: int, page: int = 1) -> dict:
    if fmt == "pdf":
        return pdf_prov(page, row, col)
    if fmt == "txt":
        return line_prov(10 * table + row + 1)
    return table_prov(table, row, col)


def table3_cells(report_id: str, fmt: str, values: dict, overrides: dict, rows: tuple[str, ...]) -> list[dict]:
    """Rows of raw.disclosure_request_cells; ``overrides`` maps (row, col) to a value dict."""
    out = []
    for r_i, row in enumerate(rows):
        # the PDF table runs over two pages, as real ones do: from （五）不予处理 on it is on page 4
        page = 3 if r_i < rows.index("not_processed_petition") else 4
        for c_i, col in enumerate(APPLICANT_TYPES):
            cell = overrides.get((row, col)) or number(values[(row, col)])
            out.append(
                {
                    "report_id": report_id,
                    "row_code": row,
                    "applicant_type": col,
                    **cell,
                    **_provenance(fmt, 3, r_i, c_i, page),
                }
            )
    return out


def table4_cells(report_id: str, fmt: str, values: dict, overrides: dict) -> list[dict]:
    out = []
    for c_i, (proceeding, outcome) in enumerate(values):
        cell = overrides.get((proceeding, outcome)) or number(values[(proceeding, outcome)])
        out.append(
            {
                "report_id": report_id,
                "proceeding": proceeding,
                "outcome": outcome,
                **cell,
                **_provenance(fmt, 4, 2, c_i, 5),
            }
        )
    return out


def table2_cells(report_id: str, fmt: str, template: str, overrides: dict) -> list[dict]:
    """Rows of raw.administrative_action_cells for every cell of the template: 1, 2, 3 ... unless overridden."""
    out = []
    n = 0
    for item, (categories, metrics) in ACTIVE_DISCLOSURE[template].items():
        for category in categories:
            for metric in metrics:
                n += 1
                key = (item, category, metric)
                cell = dict(overrides.get(key) or number(n))
                unit = cell.pop("unit", "万元" if metric in ("fee_amount", "procurement_amount") else None)
                out.append(
                    {
                        "report_id": report_id,
                        "item": item,
                        "category": category,
                        "metric": metric,
                        "unit": unit,
                        **cell,
                        **_provenance(fmt, 2, n, 1, 2),
                    }
                )
    return out


def prose_figure(report_id: str, figure: str, value: float, words: str, prov: dict) -> dict:
    """A row of raw.prose_figures: ``words`` with ``{}`` where the number is printed."""
    return {"report_id": report_id, "figure": figure, "value": float(value), "stated_text": words.format(int(value)), **prov}


def report_row(report_id: str, **kw) -> dict:
    row = {
        "report_id": report_id,
        "source_path": f"data/inbox/{kw['source_file']}",
        "content_hash": report_id * 4,
        "file_size": 10_000,
        "status": "parsed",
        "parser_version": "1",
        "parsed_at": datetime(2025, 1, 31, 8, 0, 0),
        "agency_name_source": "title",
    }
    row.update(kw)
    if "agency_key" not in kw:
        row["agency_key"], city = canonical_agency(row.get("agency_name"))
        row.setdefault("agency_city", city)
    return row


ACCOUNTED_TABLES = {"二": "administrative_action_cells", "三": "disclosure_request_cells", "四": "appeal_cells"}


def accounting_rows(report_id: str, rows: dict[str, list[dict]], unplaced: dict[str, tuple[int, dict]] | None = None) -> list[dict]:
    """Rows of raw.table_accounting for a report, counted from its cell rows as the parser counts them
    (ingestion/model.py TableAccounting): placed = cells holding a printed number, inferred = cells filled by
    arithmetic, uncertain = OCR cells too unsure to hold a value; ``unplaced`` adds, per table code, numbers
    printed but not placed and where the first was printed (count, provenance). printed = placed + unplaced +
    uncertain. One row per table the report prints (or has unplaced numbers in)."""
    unplaced = unplaced or {}
    out = []
    for code, table in ACCOUNTED_TABLES.items():
        cells = [c for c in rows.get(table, []) if c["report_id"] == report_id]
        if not cells and code not in unplaced:
            continue
        placed = sum(1 for c in cells if c.get("value_kind") == "number" and c.get("value") is not None and not c.get("inferred"))
        inferred = sum(1 for c in cells if c.get("inferred"))
        uncertain = sum(1 for c in cells if c.get("value_kind") == "uncertain")
        n_unplaced, where = unplaced.get(code, (0, {}))
        out.append(
            {
                "report_id": report_id,
                "table_code": code,
                "printed": placed + n_unplaced + uncertain,
                "placed": placed,
                "inferred": inferred,
                "unplaced": n_unplaced,
                "uncertain": uncertain,
                **{f"first_unplaced_{k}": v for k, v in where.items()},
            }
        )
    return out
