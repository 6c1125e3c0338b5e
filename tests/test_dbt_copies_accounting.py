"""One report, one count, and every printed number accounted for: the dbt project built for real on
hand-made raw rows (tests/raw_rows.py), copies of one agency-year and the parser's accounting.

The agencies (each a 2023 report of table 三, 2021 template; every rule R1-R3 holds in every copy):

* 甲县 — a text file placing all 175 numbers and a PDF whose row not_processed_duplicate printed 6 of 7
  values (7 numbers unplaced, "parsed" all the same: the warn test parsed_reports_place_every_printed_number
  catches it): the text file is canonical (most numbers placed).
* 乙县 — a scan read by OCR and an HTML page with one number different: the HTML is canonical (text layer
  over OCR), the scan its copy, and the differing cells are copies_disagree findings.
* 丙县 — two HTML files parsed at the same time with no accounting rows (placed counted from the cells):
  the name that sorts last is canonical.
* a report without an agency name: its own canonical report.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pytest

from ingestion.codes import APPLICANT_TYPES, REQUEST_ROWS_2021
from ingestion.frames import SCHEMAS
from orchestration.defs.dbt_assets import INCREMENTAL_EXCLUDE
from orchestration.warehouse.dbt_runner import run_dbt as run_dbt_args
from tests import raw_rows
from tests.rule_fixture import consistent_table3, write_fixture
from tests.test_dbt_rules import rows, run_dbt

JIA_TXT, JIA_PDF = "a100000000000001", "a100000000000002"
YI_SCAN, YI_HTML = "b200000000000001", "b200000000000002"
BING_1, BING_2 = "c300000000000001", "c300000000000002"
NONAME = "d400000000000001"
VALUES = consistent_table3(REQUEST_ROWS_2021)
SHORT_ROW = "not_processed_duplicate"


def report(report_id: str, name: str | None, fmt: str, source_file: str, **kw) -> dict:
    return raw_rows.report_row(
        report_id, source_file=source_file, file_format=fmt, agency_name=name, report_year=2023 if name else None,
        template_version="2021", table3_template="2021", **kw,
    )


def table3(report_id: str, fmt: str, overrides: dict | None = None) -> list[dict]:
    return raw_rows.table3_cells(report_id, fmt, VALUES, overrides or {}, REQUEST_ROWS_2021)


def build_rows() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    rows["reports"] += [
        report(JIA_TXT, "示例甲县卫生健康局", "txt", "jia-2023.txt"),
        report(JIA_PDF, "示例甲县卫生健康局", "pdf", "jia-2023.pdf", parsed_at=datetime(2025, 3, 1)),
        report(YI_SCAN, "示例乙县卫生健康局", "pdf", "yi-2023-scan.pdf", ocr=True, parsed_at=datetime(2025, 3, 1)),
        report(YI_HTML, "示例乙县卫生健康局", "html", "yi-2023.html"),
        report(BING_1, "示例丙县卫生健康局", "html", "bing-2023-01.html"),
        report(BING_2, "示例丙县卫生健康局", "html", "bing-2023-02.html"),
        report(NONAME, None, "html", "unknown.html"),
    ]
    unplaced = {(SHORT_ROW, a): {"value": None, "value_kind": "unplaced", "raw_value": None} for a in APPLICANT_TYPES}
    rows["disclosure_request_cells"] += table3(JIA_TXT, "txt") + table3(JIA_PDF, "pdf", unplaced)
    # the scan read granted.natural_person as 6 (the HTML prints 5), and the total consistently
    misread = {("granted", "natural_person"): raw_rows.number(6, confidence=0.91),
               ("granted", "total"): raw_rows.number(VALUES[("granted", "total")] + 1, confidence=0.95)}
    rows["disclosure_request_cells"] += table3(YI_SCAN, "pdf", misread) + table3(YI_HTML, "html")
    rows["disclosure_request_cells"] += table3(BING_1, "html") + table3(BING_2, "html") + table3(NONAME, "html")
    for rid in (JIA_TXT, YI_SCAN, YI_HTML):
        rows["table_accounting"] += raw_rows.accounting_rows(rid, rows)
    rows["table_accounting"] += raw_rows.accounting_rows(JIA_PDF, rows, {"三": (7, raw_rows.pdf_prov(4, 17, 1))})
    return rows


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("dbt_copies")
    db_path = write_fixture(work / "warehouse-build.duckdb", rows=build_rows())
    proc = run_dbt("build", db_path, work)
    results = json.loads((work / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    return {"db": db_path, "proc": proc, "results": {r["unique_id"].split(".")[2]: r for r in results}}


@pytest.fixture(scope="module")
def con(built):
    assert built["proc"].returncode == 0, built["proc"].stdout[-4000:]
    connection = duckdb.connect(str(built["db"]), read_only=True)
    yield connection
    connection.close()


def test_one_canonical_report_per_agency_and_year_by_the_documented_rule(con):
    got = {r[0]: r[1:] for r in rows(con, "select report_id, is_canonical, duplicate_of, duplicate_reason, n_copies from dim_reports")}
    assert got == {
        JIA_TXT: (True, None, None, 2),
        JIA_PDF: (False, JIA_TXT, f"same agency and year as jia-2023.txt ({JIA_TXT}); that copy places more printed numbers "
                  "(175 vs 168)", 2),
        YI_HTML: (True, None, None, 2),
        YI_SCAN: (False, YI_HTML, f"same agency and year as yi-2023.html ({YI_HTML}); both place 175 printed numbers; "
                  "that copy was read from a text layer, this one by OCR", 2),
        BING_2: (True, None, None, 2),
        BING_1: (False, BING_2, f"same agency and year as bing-2023-02.html ({BING_2}); both place 175 printed numbers and "
                 "were parsed at the same time; that copy's file name (then id) sorts last", 2),
        NONAME: (True, None, None, 1),
    }
    assert rows(con, "select report_id, placed_basis from intermediate.int_report_copies where report_id in (?, ?) order by 1",
                [BING_1, JIA_TXT]) == [(JIA_TXT, "accounting"), (BING_1, "cells")]  # fmt: skip
    assert rows(con, "select count(*), sum(n_reports), sum(n_files) from dim_agencies") == [(3, 3, 6)]


def test_facts_and_rules_count_each_report_once(con):
    canonical = {JIA_TXT, YI_HTML, BING_2, NONAME}
    for fact in ("fct_disclosure_requests", "fct_rule_results"):
        assert {r for (r,) in rows(con, f"select distinct report_id from {fact}")} == canonical, fact
    # summing a column gives one report's figure per agency-year, not one per file
    assert rows(con, "select sum(value) from fct_disclosure_requests where row_code = 'new_received' and applicant_type = 'total'") == [
        (4 * VALUES[("new_received", "total")],)
    ]
    assert rows(con, "select count(*) from fct_rule_results where outcome = 'failed'") == [(0,)]
    # a copy's cells are still counted in dim_reports (what was read from the file)
    assert rows(con, "select n_disclosure_request_cells, n_rule_results from dim_reports where report_id = ?", [JIA_PDF]) == [(175, 0)]


def test_copies_disagree_names_the_cells_and_both_values(con):
    found = rows(
        con,
        "select disagreement_id, finding, report_id, copy_report_id, agency_id, report_year, table_code, cell_key, value, "
        "copy_value, delta, raw_value, copy_raw_value, source_file, copy_source_file, message from fct_copy_disagreements "
        "order by cell_key",
    )
    total = VALUES[("granted", "total")]
    assert found == [
        (f"{YI_HTML}:{YI_SCAN}:三:granted.natural_person", "copies_disagree", YI_HTML, YI_SCAN, "示例乙县卫生健康局", 2023, "三",
         "granted.natural_person", 5, 6, 1, "5", "6", "yi-2023.html", "yi-2023-scan.pdf",
         "copies_disagree 表三 granted.natural_person: yi-2023.html prints 5 (table 4 row 3 col 1) but yi-2023-scan.pdf "
         "prints 6 (p.3 (72,156,122,171))"),
        (f"{YI_HTML}:{YI_SCAN}:三:granted.total", "copies_disagree", YI_HTML, YI_SCAN, "示例乙县卫生健康局", 2023, "三",
         "granted.total", total, total + 1, 1, f"{total:g}", f"{total + 1:g}", "yi-2023.html", "yi-2023-scan.pdf",
         f"copies_disagree 表三 granted.total: yi-2023.html prints {total:g} (table 4 row 3 col 7) but yi-2023-scan.pdf "
         f"prints {total + 1:g} (p.3 (432,156,482,171))"),
    ]
    # the unplaced row of 甲's PDF is not a disagreement: nothing was read there
    assert rows(con, "select report_id, n_copy_disagreements from dim_reports where n_copy_disagreements > 0 order by 1") == [
        (YI_SCAN, 2), (YI_HTML, 2)
    ]


def test_accounting_per_table_and_per_report(con):
    assert rows(
        con,
        "select report_id, table_code, printed, placed, inferred, unplaced, uncertain, cells_placed, is_canonical, duplicate_of, "
        "first_unplaced_page, first_unplaced_source_ref from fct_report_accounting order by report_id",
    ) == [
        (JIA_TXT, "三", 175, 175, 0, 0, 0, 175, True, None, None, None),
        (JIA_PDF, "三", 175, 168, 0, 7, 0, 168, False, JIA_TXT, 4, "p.4 (132,426,182,441)"),
        (YI_SCAN, "三", 175, 175, 0, 0, 0, 175, False, YI_HTML, None, None),
        (YI_HTML, "三", 175, 175, 0, 0, 0, 175, True, None, None, None),
    ]
    got = {
        r[0]: r[1:]
        for r in rows(
            con,
            "select report_id, numbers_printed, numbers_placed, numbers_inferred, numbers_unplaced, numbers_uncertain, "
            "unplaced_where from dim_reports",
        )
    }
    assert got[JIA_PDF] == (175, 168, 0, 7, 0, "表三 7 unplaced, first at p.4 (132,426,182,441)")
    assert got[JIA_TXT] == (175, 175, 0, 0, 0, None)
    assert got[BING_1] == (None, None, None, None, None, None)  # no accounting: unknown, not 0


def test_a_parsed_report_with_unplaced_numbers_is_flagged(built):
    # issue 16 defect 2: numbers dropped while the report says parsed. The parser now calls it partial; the
    # warehouse's own test (warn) still says so if a parsed report ever leaves a printed number unplaced.
    result = built["results"]["parsed_reports_place_every_printed_number"]
    assert (result["status"], result["failures"]) == ("warn", 1)
    others = {name: r["status"] for name, r in built["results"].items() if name != "parsed_reports_place_every_printed_number"}
    assert set(others.values()) <= {"pass", "success"}, {n: s for n, s in others.items() if s not in ("pass", "success")}


def test_a_copy_arriving_later_takes_over_in_an_incremental_build(tmp_path):
    """甲's text file alone is canonical; then a corrected copy that places as many numbers and is newer arrives:
    the incremental build (only the changed agency rebuilt) makes it canonical, as a full build does."""
    first = build_rows()
    keep = {JIA_TXT}
    only = {name: [r for r in table if r.get("report_id") in keep] for name, table in first.items()}
    db = write_fixture(tmp_path / "w.duckdb", rows=only)
    con = duckdb.connect(str(db))
    con.execute("create table raw.changed_reports (report_id varchar, agency_key varchar)")  # as the loader does
    con.close()
    assert run_dbt_args(["build"], db, tmp_path).returncode == 0

    corrected = "a100000000000003"
    later = report(corrected, "示例甲县卫生健康局", "html", "jia-2023-corrected.html", parsed_at=datetime(2025, 4, 1))
    cells = table3(corrected, "html", {("granted", "natural_person"): raw_rows.number(4),
                                       ("partially_granted", "natural_person"): raw_rows.number(3)})
    con = duckdb.connect(str(db))
    try:
        for table, new in (("reports", [later]), ("disclosure_request_cells", cells)):
            cols = list(SCHEMAS[table])
            con.executemany(f"insert into raw.{table} ({', '.join(cols)}) values ({', '.join('?' * len(cols))})",
                            [[r.get(c) for c in cols] for r in new])
        con.execute("insert into raw.changed_reports values (?, ?)", [corrected, later["agency_key"]])
    finally:
        con.close()
    proc = run_dbt_args(["build", "--exclude", " ".join(INCREMENTAL_EXCLUDE)], db, tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:]

    def marts() -> dict:
        c = duckdb.connect(str(db), read_only=True)
        try:
            return {m: c.execute(f"select * from {m} order by all").fetchall()
                    for m in ("dim_reports", "dim_agencies", "fct_disclosure_requests", "fct_rule_results", "fct_copy_disagreements")}
        finally:
            c.close()

    incremental = marts()
    assert {r[0] for r in incremental["fct_disclosure_requests"]} == {corrected}
    c = duckdb.connect(str(db), read_only=True)
    assert c.execute("select report_id, duplicate_of from dim_reports order by 1").fetchall() == [
        (JIA_TXT, corrected), (corrected, None)
    ]
    assert c.execute("select cell_key, value, copy_value from fct_copy_disagreements order by 1").fetchall() == [
        ("granted.natural_person", 4, 5), ("partially_granted.natural_person", 3, 2)
    ]
    c.close()
    assert run_dbt_args(["build", "--full-refresh"], db, tmp_path).returncode == 0
    assert marts() == incremental
