"""Write a small hand-made DuckDB ``raw`` schema for developing and testing the dbt project.

Five reports, each with a purpose (see ``build_rows``):

* ``GOOD``    2021 template, PDF: every table complete, every rule R1-R5 passes.
* ``BAD``     2021 template, text file: breaks R1, R2, R3, R4 and R5 (a negative and a fractional count).
* ``BLANK``   2019 template, DOCX: blank / not-applicable / text cells, so some rules are not assessable.
* ``FAILED``  a scan with no table at all (status ``failed``): no rule result may be produced for it.
* ``PARTIAL`` HTML with table 二 only (status ``partial``): only R5 applies.

GOOD, BAD and BLANK have the parser's accounting (``raw.table_accounting``: every printed number placed;
BLANK's inferred cell counted as inferred); FAILED and PARTIAL have none.

Each report belongs to a different agency (``agency_key`` / ``agency_city`` as ingestion/agency.py
derives them), so the rules across reports (R6, R7) have nothing to compare here; GOOD's prose states two
figures that agree with its tables (R8 passes). tests/test_dbt_rules.py builds the dbt project on it;
tests/test_dbt_cross_report.py builds its own rows for R6-R8 (with the row builders of tests/raw_rows.py)
and writes them with ``write_fixture(path, rows=...)``.

The tables are created with the exact column types of ``ingestion.frames.SCHEMAS`` (the loader's
contract), plus ``raw.removed_files`` as orchestration/warehouse.py creates it. Usage, from the
repository root: ``python -m tests.rule_fixture [path.duckdb] [--empty]`` (default
data/dev_warehouse.duckdb).
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import polars as pl

from ingestion.codes import APPLICANT_TYPES, REQUEST_ROWS_2019, REQUEST_ROWS_2021
from ingestion.frames import SCHEMAS
from tests.raw_rows import (
    accounting_rows,
    blank,
    not_applicable,
    number,
    pdf_prov,
    prose_figure,
    report_row,
    table2_cells,
    table3_cells,
    table4_cells,
    table_prov,
    text,
)

GOOD = "a000000000000001"
BAD = "b000000000000002"
BLANK = "c000000000000003"
FAILED = "d000000000000004"
PARTIAL = "e000000000000005"

SIX = APPLICANT_TYPES[:-1]  # the six applicant columns, without "total"

# Table 三 of the GOOD report, per applicant column: the outcome (leaf) rows that are not 0, and the
# carry-over rows; new_received, total_processed and the total column are derived so every rule holds.
LEAVES: dict[str, dict[str, float]] = {
    "natural_person": {
        "granted": 5,
        "partially_granted": 2,
        "unable_not_held": 3,
        "unable_needs_creation": 1,
        "not_processed_duplicate": 1,
        "other_overdue_correction": 1,
    },
    "commercial_enterprise": {"granted": 2, "unable_not_held": 1},
    "research_institution": {},
    "social_welfare_org": {"granted": 1},
    "legal_service_org": {"partially_granted": 1},
    "other_org": {"other_handling": 1},
}
CARRIED_OVER = {"natural_person": 2, "social_welfare_org": 1}
CARRIED_FORWARD = {"natural_person": 1, "legal_service_org": 1}

APPEALS: dict[tuple[str, str], float] = {
    ("reconsideration", "upheld"): 2,
    ("reconsideration", "corrected"): 1,
    ("reconsideration", "other_outcome"): 0,
    ("reconsideration", "pending"): 1,
    ("reconsideration", "total"): 4,
    ("litigation_direct", "upheld"): 1,
    ("litigation_direct", "corrected"): 0,
    ("litigation_direct", "other_outcome"): 1,
    ("litigation_direct", "pending"): 0,
    ("litigation_direct", "total"): 2,
    **{("litigation_after_reconsideration", o): 0 for o in ("upheld", "corrected", "other_outcome", "pending", "total")},
}


def consistent_table3(rows: tuple[str, ...]) -> dict[tuple[str, str], float]:
    """Table 三 values (row_code, applicant_type) -> value that satisfy R1, R2 and R3."""
    values: dict[tuple[str, str], float] = {}
    for col in SIX:
        leaves = {r: 0.0 for r in rows if r not in ("new_received", "carried_over", "total_processed", "carried_forward")}
        for row, v in LEAVES[col].items():
            # a 2019 table has no other_overdue_correction: those requests went to other_handling
            leaves["other_handling" if row not in leaves else row] += v
        processed = sum(leaves.values())
        carried_over = CARRIED_OVER.get(col, 0)
        carried_forward = CARRIED_FORWARD.get(col, 0)
        values.update({(r, col): v for r, v in leaves.items()})
        values[("carried_over", col)] = carried_over
        values[("total_processed", col)] = processed
        values[("carried_forward", col)] = carried_forward
        values[("new_received", col)] = processed + carried_forward - carried_over
    for row in rows:
        values[(row, "total")] = sum(values[(row, col)] for col in SIX)
    return values


def build_rows() -> dict[str, list[dict]]:
    """All rows of the six raw tables, by table name."""
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    t21 = consistent_table3(REQUEST_ROWS_2021)
    t19 = consistent_table3(REQUEST_ROWS_2019)

    # GOOD: everything adds up.
    rows["reports"].append(
        report_row(
            GOOD,
            source_file="good-2021.pdf",
            file_format="pdf",
            agency_name="示例市交通运输局",
            region="示例省示例市",
            report_year=2021,
            template_version="2021",
            table2_template="2021",
            table3_template="2021",
            page_count=6,
        )
    )
    rows["administrative_action_cells"] += table2_cells(GOOD, "pdf", "2021", {})
    rows["disclosure_request_cells"] += table3_cells(GOOD, "pdf", t21, {}, REQUEST_ROWS_2021)
    rows["appeal_cells"] += table4_cells(GOOD, "pdf", APPEALS, {})
    rows["report_sections"].append(
        {"report_id": GOOD, "section_no": 1, "heading": "一、总体情况", "body": "本机关……", **pdf_prov(1, 1, 0)}
    )
    rows["prose_figures"] += [
        prose_figure(GOOD, "requests_received", t21[("new_received", "total")], "本年度共收到政府信息公开申请{}件", pdf_prov(1, 2, 0)),
        prose_figure(GOOD, "reconsideration_total", APPEALS[("reconsideration", "total")], "行政复议{}件", pdf_prov(5, 1, 0)),
    ]

    # BAD: each perturbation breaks one rule and keeps the others as they were.
    rows["reports"].append(
        report_row(
            BAD,
            source_file="bad-2021.txt",
            file_format="txt",
            agency_name="示例县市场监督管理局",
            region="示例省示例县",
            report_year=2022,
            template_version="2021",
            table2_template="2021",
            table3_template="2021",
        )
    )
    bad3 = {
        # R1: two more new requests in natural_person and total (R3 still holds on the row)
        ("new_received", "natural_person"): number(t21[("new_received", "natural_person")] + 2),
        ("new_received", "total"): number(t21[("new_received", "total")] + 2),
        # R2: one more granted in commercial_enterprise and total, total_processed unchanged
        ("granted", "commercial_enterprise"): number(t21[("granted", "commercial_enterprise")] + 1),
        ("granted", "total"): number(t21[("granted", "total")] + 1),
        # R3: one request moved between two rows of natural_person only (its column sum unchanged)
        ("unable_not_held", "natural_person"): number(t21[("unable_not_held", "natural_person")] + 1),
        ("unable_needs_creation", "natural_person"): number(t21[("unable_needs_creation", "natural_person")] - 1),
    }
    rows["disclosure_request_cells"] += table3_cells(BAD, "txt", t21, bad3, REQUEST_ROWS_2021)
    bad4 = {
        # R4: the printed total of reconsideration is one too many
        ("reconsideration", "total"): number(5),
        # R5: a negative count, compensated so that R4 still holds for litigation_direct
        ("litigation_direct", "upheld"): number(-1),
        ("litigation_direct", "corrected"): number(2),
    }
    rows["appeal_cells"] += table4_cells(BAD, "txt", APPEALS, bad4)
    rows["administrative_action_cells"] += table2_cells(
        BAD,
        "txt",
        "2021",
        {
            ("20.1", "regulations", "issued"): number(2.5),  # R5: fractional count
            ("20.8", "administrative_fees", "fee_amount"): number(1.5),  # an amount: fractional is fine
        },
    )

    # BLANK: 2019 template, cells without numbers -> not_assessable, never failed.
    rows["reports"].append(
        report_row(
            BLANK,
            source_file="blank-2019.docx",
            file_format="docx",
            agency_name="示例区教育局",
            region="示例省示例市示例区",
            report_year=2019,
            template_version="2019",
            table2_template="2019",
            table3_template="2019",
        )
    )
    blank3 = {
        ("carried_over", "social_welfare_org"): blank(),
        ("denied_state_secret", "legal_service_org"): not_applicable("/"),
        ("total_processed", "other_org"): number(
            t19[("total_processed", "other_org")],
            inferred=True,
            inference_reason="R2: the only cell missing from the row, determined by the column sum",
        ),
    }
    rows["disclosure_request_cells"] += table3_cells(BLANK, "docx", t19, blank3, REQUEST_ROWS_2019)
    blank4 = {("reconsideration", o): blank() for o in ("upheld", "corrected", "other_outcome", "pending", "total")}
    rows["appeal_cells"] += table4_cells(BLANK, "docx", APPEALS, blank4)
    rows["administrative_action_cells"] += table2_cells(
        BLANK,
        "docx",
        "2019",
        {
            ("20.5", "administrative_licensing", "decisions"): text("若干"),
            ("20.6", "administrative_penalty", "change"): {**number(-3), "raw_value": "减3"},
            ("20.9", "centralized_procurement", "procurement_amount"): number(12.34, unit="万元"),
        },
    )
    rows["parse_issues"].append(
        {
            "report_id": BLANK,
            "issue_code": "blank_block",
            "severity": "warning",
            "table_name": "table4",
            "message": "行政复议 block printed blank",
            **table_prov(4, 2, 1),
        }
    )

    # FAILED: nothing could be read.
    rows["reports"].append(
        report_row(
            FAILED,
            source_file="scan-2020.pdf",
            file_format="pdf",
            status="failed",
            status_reason="no text layer: scanned image",
            agency_name=None,
            agency_name_source=None,
            page_count=4,
        )
    )
    rows["parse_issues"].append(
        {
            "report_id": FAILED,
            "issue_code": "no_text",
            "severity": "error",
            "table_name": None,
            "message": "no extractable text on any page",
        }
    )

    # PARTIAL: only table 二 was found.
    rows["reports"].append(
        report_row(
            PARTIAL,
            source_file="partial-2023.html",
            file_format="html",
            status="partial",
            status_reason="table 三 and table 四 not found",
            agency_name="示例镇人民政府",
            region="示例省示例县示例镇",
            report_year=2023,
            template_version="2021",
            table2_template="2021",
        )
    )
    rows["administrative_action_cells"] += table2_cells(PARTIAL, "html", "2021", {})

    # the parser's accounting (raw.table_accounting) of GOOD, BAD and BLANK: every printed number placed;
    # FAILED printed nothing, PARTIAL was parsed before accounting existed (no rows: its numbers_* are null)
    for report_id in (GOOD, BAD, BLANK):
        rows["table_accounting"] += accounting_rows(report_id, rows)
    return rows


def write_fixture(
    db_path: str | Path,
    *,
    empty: bool = False,
    rows: dict[str, list[dict]] | None = None,
    removed_files: bool = True,
) -> Path:
    """Create (or replace) the ``raw`` schema in ``db_path`` with the fixture rows (or no rows).

    ``rows`` replaces the fixture's own rows (table name -> rows; a table left out is empty), including
    ``removed_files`` rows (source_path, removed_at). ``removed_files=False`` leaves raw.removed_files
    out altogether, as in a raw schema written before orchestration created it.
    """
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if rows is None:
        rows = {} if empty else build_rows()
    con = duckdb.connect(str(db_path))
    try:
        con.execute("create schema if not exists raw")
        for name, schema in SCHEMAS.items():
            full = [{col: row.get(col) for col in schema} for row in rows.get(name, [])]
            con.register("fixture_frame", pl.DataFrame(full, schema=schema, orient="row"))
            con.execute(f"create or replace table raw.{name} as select * from fixture_frame")
            con.unregister("fixture_frame")
        con.execute("drop table if exists raw.removed_files")
        if removed_files:
            # as orchestration/warehouse.py creates it
            con.execute("create table raw.removed_files (source_path varchar primary key, removed_at timestamp)")
            for removed in rows.get("removed_files", []):
                con.execute("insert into raw.removed_files values (?, ?)", [removed["source_path"], removed.get("removed_at")])
    finally:
        con.close()
    return db_path


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else Path("data/dev_warehouse.duckdb")
    write_fixture(path, empty="--empty" in argv)
    print(f"wrote raw fixture to {path.resolve()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
