"""The whole pipeline, materialised in-process into a temporary warehouse, checked by SQL on the marts."""

from __future__ import annotations

import json

import duckdb
import pytest

from ingestion.golden import compare
from orchestration.defs.pipeline import run_pipeline
from orchestration.settings import load_settings
from tests.conftest import SAMPLES, SEED_GOLDEN, private_warehouse


def mart_as_golden(con: duckdb.DuckDBPyConnection, source_file: str) -> dict:
    """Rebuild a golden-shaped document from the marts (what a user querying SQL would see)."""
    rid, agency, year, template = con.execute(
        "select report_id, agency_name, report_year, template_version from dim_reports where source_file = ?", [source_file]
    ).fetchone()

    def num(v):
        return None if v is None else (int(v) if float(v).is_integer() else v)

    actions = [
        {"item": i, "category": c, "metric": m, "value": num(v), **({"unit": u} if m in ("procurement_amount", "fee_amount") else {})}
        for i, c, m, v, u in con.execute(
            "select item, category, metric, value, unit from fct_administrative_actions where report_id = ?", [rid]
        ).fetchall()
    ]
    requests: dict = {}
    for row, col, v in con.execute(
        "select row_code, applicant_type, value from fct_disclosure_requests where report_id = ?", [rid]
    ).fetchall():
        requests.setdefault(row, {})[col] = num(v)
    appeals: dict = {}
    for p, o, v in con.execute("select proceeding, outcome, value from fct_appeals where report_id = ?", [rid]).fetchall():
        appeals.setdefault(p, {})[o] = num(v)
    return {"agency_name": agency, "report_year": year, "template_version": template,
            "active_disclosure": actions, "requests": requests, "appeals": appeals}


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory):
    with private_warehouse(tmp_path_factory.mktemp("e2e")):
        first = run_pipeline([str(SAMPLES)])
        second = run_pipeline([str(SAMPLES)])
        yield first, second


def test_run_succeeds_and_publishes_a_separate_file(pipeline_run):
    first, _ = pipeline_run
    assert first.success
    assert first.warehouse.exists()
    assert load_settings().build_path != first.warehouse
    assert first.summary["reports"] == 5
    assert first.summary["reports_parsed"] == 5


def test_every_golden_cell_equals_the_mart(pipeline_run):
    first, _ = pipeline_run
    con = duckdb.connect(str(first.warehouse), read_only=True)
    total = 0
    for golden_file in SEED_GOLDEN:
        golden = json.loads(golden_file.read_text(encoding="utf-8"))
        compared, mismatches = compare(golden, mart_as_golden(con, golden["source_file"]))
        assert mismatches == [], (golden_file.name, mismatches[:5])
        total += compared
    assert total == 1012


def test_marts_keep_printed_text_and_provenance(pipeline_run):
    con = duckdb.connect(str(pipeline_run[0].warehouse), read_only=True)
    raw, line = con.execute(
        "select raw_value, line from fct_administrative_actions a join dim_reports d using (report_id) "
        "where d.source_file = '001_a9a3d7926273398a.txt' and category = 'administrative_licensing' and metric = 'change'"
    ).fetchone()
    assert (raw, line) == ("增 2", 27)
    blanks = con.execute(
        "select count(*) from fct_appeals a join dim_reports d using (report_id) "
        "where d.source_file = '001_a9a3d7926273398a.txt' and proceeding = 'reconsideration' and value is null and value_kind = 'blank'"
    ).fetchone()[0]
    assert blanks == 5


def test_rules_computed_for_every_report_with_three_outcomes(pipeline_run):
    con = duckdb.connect(str(pipeline_run[0].warehouse), read_only=True)
    per_report = con.execute("select count(distinct report_id) from fct_rule_results where rule_id in ('R1','R2','R3','R4','R5')").fetchone()[0]
    assert per_report == 5
    r1_rows = con.execute("select count(*) from fct_rule_results where rule_id = 'R1'").fetchone()[0]
    assert r1_rows == 5 * 7  # every report x applicant column
    r4_rows = con.execute("select count(*) from fct_rule_results where rule_id = 'R4'").fetchone()[0]
    assert r4_rows == 5 * 3  # every report x proceeding
    outcome = con.execute(
        "select outcome from fct_rule_results r join dim_reports d using (report_id) "
        "where d.source_file = '001_a9a3d7926273398a.txt' and rule_id = 'R4' and subject = 'reconsideration'"
    ).fetchone()[0]
    assert outcome == "not_assessable"


def test_second_run_skips_unchanged_files_and_keeps_one_copy(pipeline_run):
    first, second = pipeline_run
    assert second.success
    assert {o.status for o in second.parse_outcomes} == {"skipped"}
    con = duckdb.connect(str(second.warehouse), read_only=True)
    assert con.execute("select count(*) from dim_reports").fetchone()[0] == 5
    assert con.execute("select count(*) from fct_disclosure_requests").fetchone()[0] == 5 * 7 * 23 + 7 * 2
    assert second.summary == first.summary


def test_dbt_tests_show_as_asset_checks(pipeline_run):
    evaluations = pipeline_run[0].dagster_result.get_asset_check_evaluations()
    names = {e.check_name for e in evaluations}
    assert any("rule_r1" in n for n in names), names
    assert all(e.passed or e.severity.value == "WARN" for e in evaluations)
    ours = {e.check_name: e for e in evaluations if e.check_name.startswith("rule_r") and e.check_name.endswith("_reports")}
    assert {"rule_r1_reports", "rule_r4_reports"} <= set(ours)
    assert ours["rule_r4_reports"].metadata["not_assessable"].value == 1  # seed 001's blank 复议 block
