"""Reviewers' corrections, built for real: the hand-made raw fixture (tests/rule_fixture.py), a corrections
log written by the log module, loaded by the loader's function, and two real `dbt build`s (the second
incremental, on the reports the changed log names).

What must hold: the marts show the corrected value with ``corrected = true``, the printed raw value, who,
when and why; raw tables never change; the rules re-run on corrected values and say so; an uncertain OCR
cell can be confirmed; a rule failure can be confirmed with the agency; a correction of a cell or report
that does not exist is listed as orphaned and applied nowhere; withdrawing a correction restores the
printed value.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.review.corrections.load import load_corrections
from orchestration.review.corrections.log import Correction, append, read_log
from tests.rule_fixture import BAD, GOOD, build_rows, write_fixture
from tests.test_dbt_rules import run_dbt

CELL = ("total_processed", "commercial_enterprise")  # BAD's R2 fails there: leaves 4, total_processed 3
CONFIRMED_VALUE = 5.0  # GOOD's granted.natural_person, made uncertain below


def _rows_with_an_uncertain_cell() -> dict:
    """The fixture, with one of GOOD's table 三 cells read by OCR with low confidence (value unknown)."""
    rows = build_rows()
    for row in rows["disclosure_request_cells"]:
        if row["report_id"] == GOOD and (row["row_code"], row["applicant_type"]) == ("granted", "natural_person"):
            assert row["value"] == CONFIRMED_VALUE  # what OCR read, and the confirmation keeps
            row.update(value_kind="uncertain", confidence=0.41, raw_value=str(int(row["value"])), value=None)
    return rows


def _q(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _load_and_build(db: Path, log: Path, work: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        load_corrections(con, log)
    finally:
        con.close()
    proc = run_dbt("build", db, work)
    assert proc.returncode == 0, proc.stdout[-3000:]
    con = duckdb.connect(str(db))
    try:
        con.execute("delete from raw.changed_reports")  # as finish_build does after a successful build
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("corrections")
    db = write_fixture(work / "warehouse-build.duckdb", rows=_rows_with_an_uncertain_cell())
    raw_before = _q(db, "select * from raw.disclosure_request_cells order by all")
    log = work / "corrections.csv"
    fix = append(log, Correction(action="correct", report_id=BAD, table_code="三", row_key=CELL[0],
                                 column_key=CELL[1], value="4", reason="the PDF prints 4; the text copy lost a digit",
                                 reviewed_by="王审核"))
    append(log, Correction(action="confirm", report_id=GOOD, table_code="三", row_key="granted",
                           column_key="natural_person", reason="checked on the scan", reviewed_by="王审核"))
    append(log, Correction(action="confirm_rule", report_id=BAD, rule_id="R4", subject="reconsideration",
                           reason="the agency confirmed one case was counted twice", reviewed_by="李"))
    append(log, Correction(action="correct", report_id="0000gone0000", table_code="三", row_key="granted",
                           column_key="total", value="9", reason="a report since re-published", reviewed_by="李"))
    append(log, Correction(action="correct", report_id=BAD, table_code="四", row_key="reconsideration",
                           column_key="no_such_outcome", value="1", reason="a cell that is not there", reviewed_by="李"))
    _load_and_build(db, log, work)
    first = {
        "cell": _q(db, "select value, raw_value, corrected, printed_value, corrected_by, correction_reason, corrected_at "
                       "from fct_disclosure_requests where report_id = ? and row_code = ? and applicant_type = ?", [BAD, *CELL]),
        "r2": _q(db, "select outcome, uses_corrections, message from fct_rule_results "
                     "where report_id = ? and rule_id = 'R2' and subject = ?", [BAD, CELL[1]]),
        "confirmed": _q(db, "select value, value_kind, corrected, correction_action, printed_value_kind "
                            "from fct_disclosure_requests where report_id = ? and row_code = 'granted' "
                            "and applicant_type = 'natural_person'", [GOOD]),
        "good_r2": _q(db, "select outcome, uses_corrections from fct_rule_results where report_id = ? "
                          "and rule_id = 'R2' and subject = 'natural_person'", [GOOD]),
        "r4": _q(db, "select outcome, confirmed_with_agency, review_note, reviewed_by from fct_rule_results "
                     "where report_id = ? and rule_id = 'R4' and subject = 'reconsideration'", [BAD]),
        "statuses": dict(_q(db, "select correction_id, status from fct_corrections")),
        "orphans": _q(db, "select report_id, status_reason from fct_orphaned_corrections order by report_id"),
        "raw_after": _q(db, "select * from raw.disclosure_request_cells order by all"),
    }
    # withdraw the correction: the printed value comes back on the next (incremental) build
    append(log, Correction(action="withdraw", report_id=BAD, target_id=fix.correction_id,
                           reason="the text copy is the one published", reviewed_by="王审核"))
    _load_and_build(db, log, work)
    second = {
        "cell": _q(db, "select value, raw_value, corrected from fct_disclosure_requests "
                       "where report_id = ? and row_code = ? and applicant_type = ?", [BAD, *CELL]),
        "r2": _q(db, "select outcome, uses_corrections from fct_rule_results "
                     "where report_id = ? and rule_id = 'R2' and subject = ?", [BAD, CELL[1]]),
        "statuses": dict(_q(db, "select correction_id, status from fct_corrections")),
    }
    return {"fix": fix, "raw_before": raw_before, "first": first, "second": second, "log": log}


def test_the_mart_shows_the_corrected_value_beside_the_printed_one(built):
    value, raw_value, corrected, printed, by, reason, at = built["first"]["cell"][0]
    assert (value, raw_value, corrected, printed) == (4.0, "3", True, 3.0)
    assert by == "王审核" and reason.startswith("the PDF prints 4") and at is not None


def test_rules_rerun_on_the_corrected_value_and_say_so(built):
    outcome, uses, message = built["first"]["r2"][0]
    assert outcome == "passed" and uses
    assert f"re-run on corrected values: {CELL[0]}.{CELL[1]} corrected to 4 by 王审核" in message


def test_raw_tables_never_change(built):
    assert built["first"]["raw_after"] == built["raw_before"]


def test_an_uncertain_ocr_cell_is_confirmed_as_printed(built):
    assert built["first"]["confirmed"] == [(CONFIRMED_VALUE, "number", True, "confirm", "uncertain")]
    assert built["first"]["good_r2"] == [("passed", True)]


def test_a_rule_failure_confirmed_with_the_agency(built):
    assert built["first"]["r4"] == [("failed", True, "the agency confirmed one case was counted twice", "李")]


def test_corrections_of_cells_that_do_not_exist_are_orphaned_never_applied(built):
    orphans = built["first"]["orphans"]
    assert [o[0] for o in orphans] == ["0000gone0000", BAD]
    assert "not in the warehouse" in orphans[0][1] and "no cell reconsideration / no_such_outcome" in orphans[1][1]
    assert sorted(built["first"]["statuses"].values()) == ["applied", "applied", "applied", "orphaned", "orphaned"]


def test_withdrawing_a_correction_restores_the_printed_value(built):
    assert built["second"]["cell"] == [(3.0, "3", False)]
    assert built["second"]["r2"] == [("failed", False)]
    statuses = built["second"]["statuses"]
    assert statuses[built["fix"].correction_id] == "withdrawn"
    assert list(statuses.values()).count("withdrawal") == 1


def test_a_hand_edited_log_line_that_cannot_be_used_is_kept_with_its_problem(tmp_path):
    log = tmp_path / "corrections.csv"
    append(log, Correction(action="correct", report_id=BAD, table_code="三", row_key="granted", column_key="total",
                           value="5", reason="r", reviewed_by="x"))
    with open(log, "a", encoding="utf-8") as f:
        f.write("cbad,correct,r1,3,granted,total,五,,,,typo,x,2026-01-01T00:00:00+00:00\n")
    rows = read_log(log)
    assert [r["problem"] for r in rows] == ["", "value '五' is not a number"]
    assert rows[1]["table_code"] == "三"  # "3" as typed by hand is the template's 三
    with pytest.raises(ValueError, match="needs a value"):
        append(log, Correction(action="correct", report_id=BAD, table_code="三", row_key="granted",
                               column_key="total", reason="r", reviewed_by="x"))


def test_ogi_correct_records_rebuilds_and_prints_the_rule_that_moved(review_warehouse, tmp_path, capsys, monkeypatch):
    """The command line end to end, on a copy of the review warehouse: the PDF's broken table 四 total
    corrected to the sum of its parts makes R4 pass, nothing is parsed again, the log has the line."""
    import shutil

    import duckdb as db

    from orchestration.cli import main
    from tests.conftest import point_at
    from tests.review_fixtures import PDF_AGENCY

    source = review_warehouse["settings"].published_path.parent
    folder = tmp_path / "copy"
    shutil.copytree(source, folder, symlinks=True, ignore=shutil.ignore_patterns("*.lock", "in"))
    point_at(monkeypatch, folder)
    con = db.connect(str(folder / "warehouse.duckdb"), read_only=True)
    [(report_id,)] = con.execute("select report_id from dim_reports where agency_name = ?", [PDF_AGENCY]).fetchall()
    con.close()
    code = main(["correct", report_id, "4", "litigation_after_reconsideration", "total", "3",
                 "--reason", "the scan shows 3", "--by", "审核员"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "R4 [litigation_after_reconsideration]: failed -> passed" in out
    [line] = read_log(folder / "corrections.csv")
    assert (line["action"], line["table_code"], line["value"], line["reviewed_by"]) == ("correct", "四", "3", "审核员")
    con = db.connect(str(folder / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("select value, raw_value, corrected from fct_appeals where report_id = ? and proceeding = "
                           "'litigation_after_reconsideration' and outcome = 'total'", [report_id]).fetchall() == [
            (3.0, "4", True)]
        assert con.execute("select count(*) from raw.files where report_id = ? and outcome = 'parsed'",
                           [report_id]).fetchall() == [(1,)]  # parsed once, by the first run
    finally:
        con.close()
