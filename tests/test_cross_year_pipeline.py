"""Two years of one agency, printed under two name variants, whose carry-over disagrees: through the
whole pipeline (real files, real parse, real dbt), R6 fails with both reports' cells and pages."""

from __future__ import annotations

import copy
import json

import duckdb

from orchestration.defs.pipeline import run_pipeline
from tests.conftest import FIXTURES
from tests.fixture_render import render


def test_carry_over_disagreement_between_two_years(tmp_path, warehouse_env):
    later = json.loads((FIXTURES / "huaian-hongze-2024.json").read_text(encoding="utf-8"))
    earlier = copy.deepcopy(later)
    earlier["agency_name"], earlier["report_year"] = "洪泽区人民政府", 2023
    # 2023 says 5 requests were carried forward; 2024 says 0 were carried over
    earlier["requests"]["carried_forward"]["natural_person"] = 5
    earlier["requests"]["carried_forward"]["total"] = 5
    earlier["requests"]["total_processed"]["natural_person"] = 90
    earlier["requests"]["total_processed"]["total"] = 90
    earlier["requests"]["unable_not_held"]["natural_person"] = 26
    earlier["requests"]["unable_not_held"]["total"] = 26
    # documents in force agree (R7): 2023's 5 + 3 issued − 0 repealed = 2024's 8
    for entry in earlier["active_disclosure"]:
        if (entry["category"], entry["metric"]) == ("normative_documents", "in_force"):
            entry["value"] = 5
    folder = tmp_path / "reports"
    folder.mkdir()
    for doc, fmt, layout in ((earlier, "pdf", "ruled"), (later, "pdf", "ruled-flat")):
        data, _ = render(doc, fmt, layout)
        (folder / f"hongze-{doc['report_year']}.{fmt}").write_bytes(data)

    result = run_pipeline([str(folder)])
    assert result.success
    con = duckdb.connect(str(result.warehouse), read_only=True)
    agencies = con.execute("select agency_id, n_reports from dim_agencies").fetchall()
    assert agencies == [("洪泽区人民政府", 2)]
    r6 = con.execute(
        "select subject, outcome, expected, actual, delta, pages from fct_rule_results "
        "where rule_id = 'R6' and outcome = 'failed' order by subject"
    ).fetchall()
    subjects = {row[0].split(" ")[0]: row for row in r6}
    assert set(subjects) == {"natural_person", "total"}
    _, outcome, expected, actual, delta, pages = subjects["natural_person"]
    assert (outcome, expected, actual, delta) == ("failed", 5, 0, -5)
    assert "2023 p." in pages and "2024 p." in pages
    # every other rule of both reports holds: only the carry-over disagrees
    others = con.execute(
        "select count(*) from fct_rule_results where outcome = 'failed' and rule_id <> 'R6'"
    ).fetchone()[0]
    assert others == 0
    r7 = con.execute("select outcome from fct_rule_results where rule_id = 'R7' and subject like 'normative_documents%'").fetchall()
    assert r7 == [("passed",)]
    yoy = con.execute(
        "select previous_value, value, change from fct_year_over_year "
        "where table_no = '三' and row_code = 'carried_forward' and applicant_type = 'natural_person'"
    ).fetchone()
    assert yoy == (5, 0, -5)
