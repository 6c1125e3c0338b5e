"""The rules across reports (R6 carry-over, R7 documents in force), prose vs table (R8), the agency
dimension and the year-over-year fact, built for real (dbt build on DuckDB) on hand-made raw data.

The agencies of the fixture (names as printed; agency_key / agency_city as ingestion/agency.py derives them):

* 洪泽区人民政府 — three reports under three printed names: 2021 江苏省淮安市洪泽区人民政府 (HTML, table 四
  only, its file since removed from the inbox), 2023 淮安市洪泽区人民政府 (PDF) and 2024 洪泽区人民政府 (PDF).
  2023 -> 2024 breaks R6 (carried_forward 2023 natural_person 5, carried_over 2024 natural_person 3) and R7
  for normative_documents; its prose states figures that agree and that do not (R8).
* 鼓楼区人民政府 — homonymous districts: 南京市鼓楼区人民政府 2023 and 福州市鼓楼区人民政府 2024 must stay two
  agencies (no R6 between them), and a 鼓楼区人民政府 2022 without a city stays on the bare key.
* 示例县卫生健康局 — two files for 2022 (a PDF and its corrected re-publication as HTML, parsed later) and one for
  2023: one report for 2022, the newer HTML (int_report_copies), so R6 compares it alone with 2023 and the PDF
  is kept in dim_reports as its copy; the cells where the two copies print different numbers are
  copies_disagree findings (fct_copy_disagreements).
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pytest

from ingestion.codes import APPLICANT_TYPES, REQUEST_ROWS_2021
from ingestion.frames import SCHEMAS
from tests import raw_rows
from tests.rule_fixture import write_fixture
from tests.test_dbt_rules import rows, run_dbt

HZ21 = "1a00000000002021"
HZ23 = "1a00000000002023"
HZ24 = "1a00000000002024"
GL_BARE = "2b00000000002022"
GL_NJ = "2b00000000002023"
GL_FZ = "2b00000000002024"
SX22A = "3c0000000000022a"
SX22B = "3c0000000000022b"
SX23 = "3c00000000002023"

HZ = "洪泽区人民政府"
SX = "示例县卫生健康局"
REMOVED_AT = datetime(2025, 3, 1, 9, 30, 0)

SIX = APPLICANT_TYPES[:-1]
OUTCOME_LEAVES = [r for r in REQUEST_ROWS_2021 if r not in ("new_received", "carried_over", "total_processed", "carried_forward")]


def table3_values(columns: dict[str, tuple[float, float, float]]) -> dict[tuple[str, str], float]:
    """A 2021 table 三 that satisfies R1-R3: per applicant column (new_received, carried_over,
    carried_forward); everything processed is granted; columns left out are all 0."""
    values: dict[tuple[str, str], float] = {}
    for col in SIX:
        new, over, forward = columns.get(col, (0, 0, 0))
        values.update({(r, col): 0 for r in OUTCOME_LEAVES})
        values[("new_received", col)] = new
        values[("carried_over", col)] = over
        values[("granted", col)] = new + over - forward
        values[("total_processed", col)] = new + over - forward
        values[("carried_forward", col)] = forward
    for row in REQUEST_ROWS_2021:
        values[(row, "total")] = sum(values[(row, col)] for col in SIX)
    return values


def table4_values(**proceedings: tuple[float, float, float, float]) -> dict[tuple[str, str], float]:
    """Table 四 that satisfies R4: (upheld, corrected, other_outcome, pending) per proceeding, total = sum."""
    values: dict[tuple[str, str], float] = {}
    for proceeding in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        parts = proceedings.get(proceeding, (0, 0, 0, 0))
        values.update(dict(zip([(proceeding, o) for o in ("upheld", "corrected", "other_outcome", "pending")], parts, strict=True)))
        values[(proceeding, "total")] = sum(parts)
    return values


def table2_overrides(regulations: tuple, normative_documents: tuple, more: dict | None = None) -> dict:
    """Table 二 item 20.1 as (issued, repealed, in_force) per category, plus other overridden cells."""
    out = {}
    for category, triple in (("regulations", regulations), ("normative_documents", normative_documents)):
        for metric, v in zip(("issued", "repealed", "in_force"), triple, strict=True):
            out[("20.1", category, metric)] = raw_rows.number(v)
    out.update(more or {})
    return out


def report(report_id: str, name: str, year: int, fmt: str, **kw) -> dict:
    return raw_rows.report_row(
        report_id,
        source_file=kw.pop("source_file", f"{report_id}.{fmt}"),
        file_format=fmt,
        agency_name=name,
        report_year=year,
        template_version="2021",
        table2_template="2021",
        table3_template="2021",
        **kw,
    )


def build_cross_report_rows() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {name: [] for name in SCHEMAS}
    rows["removed_files"] = [{"source_path": "data/inbox/hongze-2021.html", "removed_at": REMOVED_AT}]

    # 洪泽区 2021: table 四 only (partial), the file since removed from the inbox.
    rows["reports"].append(
        report(HZ21, "江苏省淮安市洪泽区人民政府", 2021, "html", source_file="hongze-2021.html", status="partial",
               status_reason="table 二 and 三 not found", region="江苏省淮安市")
    )
    rows["appeal_cells"] += raw_rows.table4_cells(HZ21, "html", table4_values(reconsideration=(1, 0, 0, 0)), {})
    rows["prose_figures"].append(raw_rows.prose_figure(HZ21, "requests_received", 7, "共收到政府信息公开申请{}件", raw_rows.table_prov(0, 0, 0)))

    # 洪泽区 2023 (淮安市洪泽区人民政府): carried_forward natural_person 5.
    rows["reports"].append(report(HZ23, "淮安市洪泽区人民政府", 2023, "pdf", source_file="huaian-hongze-2023.pdf", region="江苏省淮安市"))
    rows["disclosure_request_cells"] += raw_rows.table3_cells(
        HZ23, "pdf", table3_values({"natural_person": (10, 2, 5), "commercial_enterprise": (4, 0, 1)}), {}, REQUEST_ROWS_2021
    )
    rows["administrative_action_cells"] += raw_rows.table2_cells(HZ23, "pdf", "2021", table2_overrides((1, 0, 10), (4, 2, 20)))
    rows["appeal_cells"] += raw_rows.table4_cells(HZ23, "pdf", table4_values(reconsideration=(1, 1, 0, 0), litigation_direct=(1, 0, 0, 1)), {})
    rows["prose_figures"].append(raw_rows.prose_figure(HZ23, "requests_received", 14, "本年度共收到政府信息公开申请{}件", raw_rows.pdf_prov(1, 2, 0)))

    # 洪泽区 2024 (洪泽区人民政府): carried_over natural_person 3 (R6 fails), a blank carried_over cell,
    # normative documents in force 25 instead of 20 + 3 - 0 (R7 fails).
    rows["reports"].append(report(HZ24, "洪泽区人民政府", 2024, "pdf", source_file="huaian-hongze-2024.pdf", region="江苏省淮安市"))
    rows["disclosure_request_cells"] += raw_rows.table3_cells(
        HZ24,
        "pdf",
        table3_values({"natural_person": (12, 3, 2), "commercial_enterprise": (6, 1, 0)}),
        {("carried_over", "legal_service_org"): raw_rows.blank()},
        REQUEST_ROWS_2021,
    )
    rows["administrative_action_cells"] += raw_rows.table2_cells(
        HZ24,
        "pdf",
        "2021",
        table2_overrides(
            (2, 1, 11),
            (3, 0, 25),
            {
                ("20.5", "administrative_licensing", "decisions"): raw_rows.number(14),
                ("20.8", "administrative_fees", "fee_amount"): raw_rows.number(12.5),
            },
        ),
    )
    rows["appeal_cells"] += raw_rows.table4_cells(
        HZ24,
        "pdf",
        table4_values(reconsideration=(1, 0, 0, 1), litigation_direct=(1, 0, 1, 0), litigation_after_reconsideration=(0, 0, 0, 1)),
        {},
    )
    rows["prose_figures"] += [
        raw_rows.prose_figure(HZ24, "requests_received", 18, "本年度共收到政府信息公开申请{}件", raw_rows.pdf_prov(1, 2, 0)),
        raw_rows.prose_figure(HZ24, "requests_received", 20, "全年共收到政府信息公开申请{}件", raw_rows.pdf_prov(2, 1, 0)),
        raw_rows.prose_figure(HZ24, "reconsideration_total", 3, "行政复议{}件", raw_rows.pdf_prov(5, 1, 0)),
        raw_rows.prose_figure(HZ24, "litigation_total", 3, "行政诉讼{}件", raw_rows.pdf_prov(5, 2, 0)),
    ]

    # 鼓楼区 of two cities, and one without a city: three agencies, nothing compared between them.
    for rid, name, year in ((GL_BARE, "鼓楼区人民政府", 2022), (GL_NJ, "南京市鼓楼区人民政府", 2023), (GL_FZ, "福州市鼓楼区人民政府", 2024)):
        rows["reports"].append(report(rid, name, year, "docx"))
        rows["disclosure_request_cells"] += raw_rows.table3_cells(
            rid, "docx", table3_values({"natural_person": (year - 2015, 1, 1)}), {}, REQUEST_ROWS_2021
        )
        rows["administrative_action_cells"] += raw_rows.table2_cells(rid, "docx", "2021", {})

    # 示例县卫生健康局: two 2022 reports (a PDF and its corrected HTML) and one 2023 report (text).
    for rid, year, fmt, columns in (
        (SX22A, 2022, "pdf", {"natural_person": (4, 0, 2)}),
        (SX22B, 2022, "html", {"natural_person": (4, 0, 1)}),
        (SX23, 2023, "txt", {"natural_person": (5, 2, 0)}),
    ):
        rows["reports"].append(
            report(rid, SX, year, fmt, source_file=f"shixian-{year}-{rid[-1]}.{fmt}", status="partial", status_reason="table 二 and 四 not found",
                   parsed_at=datetime(2025, 2, 15, 10, 0, 0) if rid == SX22B else datetime(2025, 1, 31, 8, 0, 0))
        )
        rows["disclosure_request_cells"] += raw_rows.table3_cells(rid, fmt, table3_values(columns), {}, REQUEST_ROWS_2021)
    return rows


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("dbt_cross_report")
    db_path = write_fixture(work / "warehouse-build.duckdb", rows=build_cross_report_rows())
    proc = run_dbt("build", db_path, work)
    run_results = json.loads((work / "target" / "run_results.json").read_text(encoding="utf-8"))
    return {"db": db_path, "proc": proc, "results": {r["unique_id"]: r for r in run_results["results"]}}


@pytest.fixture(scope="module")
def con(built):
    assert built["proc"].returncode == 0, built["proc"].stdout[-4000:]
    connection = duckdb.connect(str(built["db"]), read_only=True)
    yield connection
    connection.close()


def subject_results(con, rule_id: str, report_id: str) -> dict[str, tuple]:
    return {
        s: (o, e, a, d)
        for s, o, e, a, d in rows(
            con,
            "select subject, outcome, expected, actual, delta from fct_rule_results where rule_id = ? and report_id = ?",
            [rule_id, report_id],
        )
    }


# Every failed rule result: (report, rule, subject) -> (expected, actual, delta, severity).
EXPECTED_FAILED = {
    (HZ24, "R6", "natural_person (2024←2023)"): (5, 3, -2, "error"),
    (HZ24, "R6", "total (2024←2023)"): (6, 4, -2, "error"),
    (SX23, "R6", "natural_person (2023←2022)"): (1, 2, 1, "error"),
    (SX23, "R6", "total (2023←2022)"): (1, 2, 1, "error"),
    (HZ24, "R7", "normative_documents (2024←2023)"): (23, 25, 2, "error"),
    (HZ24, "R8", "requests_received #2"): (18, 20, 2, "warning"),
    (HZ24, "R8", "reconsideration_total"): (2, 3, 1, "warning"),
}


def test_build_succeeds_and_the_cross_report_rules_only_warn(built):
    proc = built["proc"]
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert "ERROR=0" in proc.stdout
    tests = {uid.split(".")[2]: r for uid, r in built["results"].items() if uid.startswith("test.")}
    warned = {name: r["failures"] for name, r in tests.items() if r["status"] == "warn"}
    assert warned == {"rule_r6_carry_over_passes": 4, "rule_r7_documents_in_force_passes": 1, "rule_r8_prose_vs_table_passes": 2}
    assert {r["status"] for name, r in tests.items() if name not in warned} == {"pass"}


def test_only_the_hand_made_inconsistencies_fail(con):
    failed = {
        (r, rule, s): (e, a, d, sev)
        for r, rule, s, e, a, d, sev in rows(
            con,
            "select report_id, rule_id, subject, expected, actual, delta, severity from fct_rule_results where outcome = 'failed'",
        )
    }
    assert failed == EXPECTED_FAILED
    severities = dict(rows(con, "select rule_id, string_agg(distinct severity) from fct_rule_results group by 1"))
    assert severities == {"R1": "error", "R2": "error", "R3": "error", "R4": "error", "R5": "error",
                          "R6": "error", "R7": "error", "R8": "warning"}


def test_one_agency_under_two_printed_names(con):
    assert rows(
        con,
        "select agency_id, agency_key, agency_names, regions, cities, first_report_year, last_report_year, n_reports, "
        "report_years from dim_agencies where agency_key = ?",
        [HZ],
    ) == [
        (HZ, HZ, ["江苏省淮安市洪泽区人民政府", "洪泽区人民政府", "淮安市洪泽区人民政府"], ["江苏省淮安市"], ["淮安市"],
         2021, 2024, 3, [2021, 2023, 2024])
    ]
    assert rows(
        con, "select report_id, agency_name, agency_key, agency_city, agency_id from dim_reports where agency_key = ? order by 1", [HZ]
    ) == [
        (HZ21, "江苏省淮安市洪泽区人民政府", HZ, "淮安市", HZ),
        (HZ23, "淮安市洪泽区人民政府", HZ, "淮安市", HZ),
        (HZ24, "洪泽区人民政府", HZ, None, HZ),
    ]


def test_r6_carry_over_fails_with_cells_and_pages_of_both_reports(con):
    got = rows(
        con,
        "select rule_result_id, agency_id, report_year, scope, outcome, severity, expected, actual, delta, cells_involved, "
        "missing_cells, pages, source_refs, message, previous_report_id from fct_rule_results "
        "where rule_id = 'R6' and subject = 'natural_person (2024←2023)'",
    )
    assert got == [
        (
            f"{HZ24}:R6:natural_person (2024←2023)",
            HZ,
            2024,
            "column",
            "failed",
            "error",
            5,
            3,
            -2,
            "2023 carried_forward.natural_person=5; 2024 carried_over.natural_person=3",
            None,
            "2023 p.4, 2024 p.3",
            "2023 carried_forward.natural_person @ p.4 (72,552,122,567); "
            "2024 carried_over.natural_person @ p.3 (72,138,122,153)",
            "R6 carry_over [natural_person (2024←2023)]: carried_forward of year Y-1 = 5 "
            "but carried_over of year Y = 3 (delta -2)",
            HZ23,
        )
    ]


def test_r6_every_column_passes_fails_or_is_not_assessable(con):
    assert subject_results(con, "R6", HZ24) == {
        "natural_person (2024←2023)": ("failed", 5, 3, -2),
        "commercial_enterprise (2024←2023)": ("passed", 1, 1, 0),
        "research_institution (2024←2023)": ("passed", 0, 0, 0),
        "social_welfare_org (2024←2023)": ("passed", 0, 0, 0),
        "legal_service_org (2024←2023)": ("not_assessable", None, None, None),
        "other_org (2024←2023)": ("passed", 0, 0, 0),
        "total (2024←2023)": ("failed", 6, 4, -2),
    }
    assert rows(
        con,
        "select missing_cells, message from fct_rule_results where rule_id = 'R6' and subject = 'legal_service_org (2024←2023)'",
    ) == [
        (
            "2024 carried_over.legal_service_org (blank)",
            "R6 carry_over [legal_service_org (2024←2023)]: not assessable, missing 2024 carried_over.legal_service_org (blank)",
        )
    ]
    # 2023 has no 2022 report of its agency, 2021 prints no table 三: R6 only for the 2024 report
    assert rows(con, "select distinct report_id from fct_rule_results where rule_id = 'R6' and agency_id = ?", [HZ]) == [(HZ24,)]


def test_r6_compares_the_canonical_copy_when_a_year_has_two_files(con):
    got = {
        s: (o, e, a, d, prev)
        for s, o, e, a, d, prev in rows(
            con,
            "select subject, outcome, expected, actual, delta, previous_report_id from fct_rule_results "
            "where rule_id = 'R6' and report_id = ? and subject like 'natural_person%'",
            [SX23],
        )
    }
    assert got == {"natural_person (2023←2022)": ("failed", 1, 2, 1, SX22B)}  # the corrected HTML, not the PDF
    assert rows(con, "select count(*) from fct_rule_results where rule_id = 'R6' and report_id = ?", [SX23]) == [(7,)]
    message, pages, refs = rows(
        con,
        "select message, pages, source_refs from fct_rule_results where rule_id = 'R6' and subject = ?",
        ["natural_person (2023←2022)"],
    )[0]
    assert message == (
        "R6 carry_over [natural_person (2023←2022)]: carried_forward of year Y-1 = 1 but carried_over of year Y = 2 (delta +1)"
    )
    assert pages is None  # HTML and text: no pages
    assert refs == (
        "2022 carried_forward.natural_person @ table 4 row 25 col 1; 2023 carried_over.natural_person @ line 32"
    )


def test_the_older_copy_is_kept_as_a_duplicate_and_its_differences_recorded(con):
    copies = rows(
        con,
        "select report_id, is_canonical, duplicate_of, duplicate_reason, n_copies, n_rule_results, n_copy_disagreements "
        "from dim_reports where agency_id = ? order by report_id",
        [SX],
    )
    assert copies == [
        (SX22A, False, SX22B, f"same agency and year as shixian-2022-b.html ({SX22B}); both place 175 printed numbers; "
         "that copy is newer (parsed 2025-02-15 10:00:00, this one 2025-01-31 08:00:00)", 2, 0, 6),
        (SX22B, True, None, None, 2, 7 + 7 + 25 + 175, 6),  # R1, R2, R3, R5 (no table 四)
        (SX23, True, None, None, 1, 7 + 7 + 25 + 175 + 7, 0),  # and R6
    ]
    assert rows(con, "select n_reports, n_files from dim_agencies where agency_id = ?", [SX]) == [(2, 3)]
    # the facts hold the canonical copy only
    assert rows(con, "select count(distinct report_id) from fct_disclosure_requests where report_id in (?, ?)", [SX22A, SX22B]) == [(1,)]
    found = {
        r[0]: r[1:]
        for r in rows(
            con,
            "select cell_key, table_code, report_id, copy_report_id, value, copy_value, delta, source_ref, copy_source_ref "
            "from fct_copy_disagreements",
        )
    }
    assert set(found) == {f"{row}.{col}" for row in ("granted", "total_processed", "carried_forward") for col in ("natural_person", "total")}
    assert found["carried_forward.natural_person"] == ("三", SX22B, SX22A, 1, 2, 1, "table 4 row 25 col 1", "p.4 (72,552,122,567)")
    message = rows(con, "select message from fct_copy_disagreements where cell_key = 'carried_forward.natural_person'")[0][0]
    assert message == (
        "copies_disagree 表三 carried_forward.natural_person: shixian-2022-b.html prints 1 (table 4 row 25 col 1) "
        "but shixian-2022-a.pdf prints 2 (p.4 (72,552,122,567))"
    )


def test_r7_documents_in_force(con):
    assert subject_results(con, "R7", HZ24) == {
        "regulations (2024←2023)": ("passed", 11, 11, 0),
        "normative_documents (2024←2023)": ("failed", 23, 25, 2),
    }
    cells, pages, message, prev = rows(
        con,
        "select cells_involved, pages, message, previous_report_id from fct_rule_results "
        "where rule_id = 'R7' and subject = 'normative_documents (2024←2023)'",
    )[0]
    assert cells == (
        "2023 20.1.normative_documents.in_force=20; 2024 20.1.normative_documents.issued=3; "
        "2024 20.1.normative_documents.repealed=0; 2024 20.1.normative_documents.in_force=25"
    )
    assert pages == "2023 p.2, 2024 p.2"
    assert message == (
        "R7 documents_in_force [normative_documents (2024←2023)]: in_force(Y-1) + issued(Y) - repealed(Y) = 23 "
        "but in_force(Y) = 25 (delta +2)"
    )
    assert prev == HZ23
    # the repealed document is subtracted: 10 + 2 - 1 = 11
    assert rows(
        con, "select cells_involved from fct_rule_results where rule_id = 'R7' and subject = 'regulations (2024←2023)'"
    ) == [
        ("2023 20.1.regulations.in_force=10; 2024 20.1.regulations.issued=2; "
         "2024 20.1.regulations.repealed=1; 2024 20.1.regulations.in_force=11",)
    ]
    # only table 二 of the 2021 template in both years; 鼓楼区 of two cities is never compared
    assert rows(con, "select distinct report_id from fct_rule_results where rule_id = 'R7'") == [(HZ24,)]


def test_r8_prose_vs_table_is_a_warning_for_each_statement(con):
    got = {
        (r, s): (o, e, a, d, sev)
        for r, s, o, e, a, d, sev in rows(
            con, "select report_id, subject, outcome, expected, actual, delta, severity from fct_rule_results where rule_id = 'R8'"
        )
    }
    assert got == {
        (HZ21, "requests_received"): ("not_assessable", None, None, None, "warning"),
        (HZ23, "requests_received"): ("passed", 14, 14, 0, "warning"),
        (HZ24, "requests_received #1"): ("passed", 18, 18, 0, "warning"),
        (HZ24, "requests_received #2"): ("failed", 18, 20, 2, "warning"),
        (HZ24, "reconsideration_total"): ("failed", 2, 3, 1, "warning"),
        (HZ24, "litigation_total"): ("passed", 3, 3, 0, "warning"),
    }
    assert rows(
        con,
        "select scope, cells_involved, pages, message from fct_rule_results where rule_id = 'R8' and subject = 'requests_received #2'",
    ) == [
        (
            "figure",
            'new_received.total=18; prose "全年共收到政府信息公开申请20件"=20',
            "2, 3",
            "R8 prose_vs_table [requests_received #2]: table 三 new_received.total = 18 but the prose = 20 (delta +2)",
        )
    ]
    assert rows(
        con, "select cells_involved from fct_rule_results where rule_id = 'R8' and subject = 'litigation_total'"
    ) == [('litigation_direct.total=2; litigation_after_reconsideration.total=1; prose "行政诉讼3件"=3',)]
    assert rows(
        con, "select missing_cells from fct_rule_results where rule_id = 'R8' and report_id = ?", [HZ21]
    ) == [("new_received.total (not found in the print)",)]


def test_homonymous_districts_of_two_cities_stay_apart(con):
    assert rows(
        con,
        "select agency_id, agency_names, cities, report_years from dim_agencies where agency_key = '鼓楼区人民政府' order by 1",
    ) == [
        ("鼓楼区人民政府", ["鼓楼区人民政府"], [], [2022]),
        ("鼓楼区人民政府@南京市", ["南京市鼓楼区人民政府"], ["南京市"], [2023]),
        ("鼓楼区人民政府@福州市", ["福州市鼓楼区人民政府"], ["福州市"], [2024]),
    ]
    assert rows(
        con, "select report_id, agency_id from dim_reports where agency_key = '鼓楼区人民政府' order by 1"
    ) == [(GL_BARE, "鼓楼区人民政府"), (GL_NJ, "鼓楼区人民政府@南京市"), (GL_FZ, "鼓楼区人民政府@福州市")]
    gl = [GL_BARE, GL_NJ, GL_FZ]
    assert rows(
        con, "select count(*) from fct_rule_results where rule_id in ('R6', 'R7') and report_id in (?, ?, ?)", gl
    ) == [(0,)]
    assert rows(con, "select count(*) from fct_year_over_year where report_id in (?, ?, ?)", gl) == [(0,)]
    assert rows(con, "select count(*) from dim_agencies") == [(5,)]


def test_a_removed_file_is_flagged_and_its_report_kept(con):
    assert rows(con, "select report_id, source_path, is_removed, removed_at from dim_reports where is_removed") == [
        (HZ21, "data/inbox/hongze-2021.html", True, REMOVED_AT)
    ]
    assert rows(con, "select count(*) from dim_reports where not is_removed and removed_at is null") == [(8,)]
    assert rows(con, "select n_reports from dim_agencies where agency_id = ?", [HZ]) == [(3,)]


def test_year_over_year_values_and_changes(con):
    def yoy(report_id, table_no, cell_key):
        return rows(
            con,
            "select agency_id, year, previous_year, years_apart, value, previous_value, change, pct_change, unit, "
            "previous_unit, previous_report_id from fct_year_over_year where report_id = ? and table_no = ? and cell_key = ?",
            [report_id, table_no, cell_key],
        )

    assert yoy(HZ24, "三", "new_received.natural_person") == [(HZ, 2024, 2023, 1, 12, 10, 2, 20.0, None, None, HZ23)]
    assert yoy(HZ24, "三", "carried_over.natural_person") == [(HZ, 2024, 2023, 1, 3, 2, 1, 50.0, None, None, HZ23)]
    assert yoy(HZ24, "三", "carried_forward.natural_person") == [(HZ, 2024, 2023, 1, 2, 5, -3, -60.0, None, None, HZ23)]
    # a blank cell has no value, so no change; a previous 0 gives a change but no percentage
    assert yoy(HZ24, "三", "carried_over.legal_service_org") == [(HZ, 2024, 2023, 1, None, 0, None, None, None, None, HZ23)]
    assert yoy(HZ24, "三", "carried_over.commercial_enterprise") == [(HZ, 2024, 2023, 1, 1, 0, 1, None, None, None, HZ23)]
    assert yoy(HZ24, "二", "20.1.regulations.in_force") == [(HZ, 2024, 2023, 1, 11, 10, 1, 10.0, None, None, HZ23)]
    assert yoy(HZ24, "二", "20.5.administrative_licensing.decisions") == [(HZ, 2024, 2023, 1, 14, 7, 7, 100.0, None, None, HZ23)]
    assert yoy(HZ24, "二", "20.8.administrative_fees.fee_amount") == [(HZ, 2024, 2023, 1, 12.5, 10, 2.5, 25.0, "万元", "万元", HZ23)]
    assert yoy(HZ24, "四", "litigation_after_reconsideration.total") == [(HZ, 2024, 2023, 1, 1, 0, 1, None, None, None, HZ23)]
    # table 四 of 2023 goes back to 2021, the latest earlier year that printed it (no 2022 report)
    assert yoy(HZ23, "四", "reconsideration.total") == [(HZ, 2023, 2021, 2, 2, 1, 1, 100.0, None, None, HZ21)]
    assert yoy(HZ23, "三", "new_received.natural_person") == []  # 2021 printed no table 三
    cells = rows(
        con,
        "select report_id, table_no, count(*), count(change) from fct_year_over_year where agency_id = ? group by all",
        [HZ],
    )
    assert set(cells) == {(HZ23, "四", 15, 15), (HZ24, "二", 10, 10), (HZ24, "三", 175, 174), (HZ24, "四", 15, 15)}
    columns = {
        r[0]: r[1:]
        for r in rows(
            con,
            "select table_no, item, category, metric, row_code, applicant_type, proceeding, outcome from fct_year_over_year "
            "where report_id = ? and cell_key in ('20.1.regulations.in_force', 'granted.total', 'reconsideration.pending')",
            [HZ24],
        )
    }
    assert columns == {
        "二": ("20.1", "regulations", "in_force", None, None, None, None),
        "三": (None, None, None, "granted", "total", None, None),
        "四": (None, None, None, None, None, "reconsideration", "pending"),
    }


def test_year_over_year_with_two_files_for_one_year(con):
    assert rows(
        con,
        "select previous_report_id, value, previous_value, change from fct_year_over_year "
        "where report_id = ? and cell_key = 'carried_forward.natural_person' order by previous_report_id",
        [SX23],
    ) == [(SX22B, 0, 1, -1)]  # the canonical 2022 report only
    # the two 2022 files have no earlier year: no row of their own
    assert rows(con, "select count(*) from fct_year_over_year where report_id in (?, ?)", [SX22A, SX22B]) == [(0,)]


def test_cross_report_warn_tests_store_their_failing_rows(con):
    for rule_id, test_name in (("R6", "rule_r6_carry_over_passes"), ("R7", "rule_r7_documents_in_force_passes"),
                               ("R8", "rule_r8_prose_vs_table_passes")):
        stored = {
            (r, s) for r, s in rows(con, f"select report_id, subject from dbt_test__audit.{test_name} where outcome = 'failed'")
        }
        assert stored == {(k[0], k[2]) for k in EXPECTED_FAILED if k[1] == rule_id}, test_name


def test_a_raw_schema_without_removed_files_still_builds(tmp_path):
    """raw.removed_files is created by the orchestration; an older raw schema lacks it: nothing is removed."""
    db_path = write_fixture(tmp_path / "old.duckdb", rows=build_cross_report_rows(), removed_files=False)
    proc = run_dbt("build", db_path, tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:]
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        assert con.execute("select count(*), count(*) filter (where is_removed) from dim_reports").fetchone() == (9, 0)
        assert con.execute("select count(*) from fct_rule_results where rule_id = 'R6' and outcome = 'failed'").fetchone() == (4,)
    finally:
        con.close()


def test_fixture_rows_use_the_agency_keys_of_the_ingestion():
    reports = {r["report_id"]: (r["agency_key"], r["agency_city"]) for r in build_cross_report_rows()["reports"]}
    assert reports[HZ21] == (HZ, "淮安市") and reports[HZ24] == (HZ, None)
    assert reports[GL_NJ] == ("鼓楼区人民政府", "南京市") and reports[GL_FZ] == ("鼓楼区人民政府", "福州市")
