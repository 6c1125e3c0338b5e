"""One report loaded as several files is counted once (issue 16, defect 3), through the whole pipeline
(run_pipeline: real files, real parse, real incremental dbt build, published warehouse).

Seed 004 (木兰县卫生健康局, 2020) as its text file, as a PDF and as an HTML page rendered from its golden:
one report, three files. Its text file prints short rows (21 cells inferred, not printed), so it places
fewer printed numbers than the PDF and the HTML. Then a corrected re-publication arrives (the HTML with
new_received.natural_person changed): newer, it becomes the canonical report in the incremental build, and
the cell it changed is a copies_disagree finding against each other copy. A full rebuild gives the same marts.
"""

from __future__ import annotations

import copy
import json
import shutil

import duckdb
from dagster import DagsterInstance

from orchestration.defs.pipeline import run_pipeline
from tests.conftest import FIXTURES, SAMPLES, settings_in
from tests.fixture_render import render

SEED = "004_a74a5277592e0a31"
AGENCY = "木兰县卫生健康局"
MARTS = ("dim_reports", "dim_agencies", "fct_disclosure_requests", "fct_administrative_actions", "fct_appeals",
         "fct_rule_results", "fct_year_over_year", "fct_report_accounting", "fct_copy_disagreements")  # fmt: skip


def _query(warehouse, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _sum(warehouse, row: str, col: str) -> list[tuple]:
    return _query(
        warehouse,
        "select count(distinct report_id), sum(value) from fct_disclosure_requests where row_code = ? and applicant_type = ?",
        [row, col],
    )


def test_one_report_in_three_formats_and_a_correction_counts_once(tmp_path):
    golden = json.loads((FIXTURES / f"{SEED}.json").read_text(encoding="utf-8"))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(SAMPLES / f"{SEED}.txt", inbox / "mulan-2020.txt")
    for fmt, layout in (("pdf", "ruled"), ("html", "merged")):
        data, _ = render(golden, fmt, layout)
        (inbox / f"mulan-2020.{fmt}").write_bytes(data)
    settings = settings_in(tmp_path)
    instance = DagsterInstance.ephemeral()

    first = run_pipeline([str(inbox)], settings=settings, instance=instance)
    assert first.success
    new_np = golden["requests"]["new_received"]["natural_person"]
    assert _query(first.warehouse, "select n_reports, n_files from dim_agencies") == [(1, 3)]
    assert _sum(first.warehouse, "new_received", "natural_person") == [(1, new_np)]  # not 3 x
    assert _sum(first.warehouse, "new_received", "total") == [(1, golden["requests"]["new_received"]["total"])]
    txt = _query(first.warehouse, "select duplicate_of is not null, duplicate_reason from dim_reports where source_file = 'mulan-2020.txt'")
    assert txt[0][0] and "that copy places more printed numbers (186 vs 165)" in txt[0][1], txt
    assert _query(first.warehouse, "select count(*) from fct_copy_disagreements") == [(0,)]  # the three copies agree
    assert first.summary["reports"] == 3  # dim_reports keeps every file

    corrected = copy.deepcopy(golden)
    corrected["requests"]["new_received"]["natural_person"] = new_np + 1
    data, _ = render(corrected, "html", "flat")
    (inbox / "mulan-2020-corrected.html").write_bytes(data)
    second = run_pipeline([str(inbox)], settings=settings, instance=instance)
    assert second.success
    (canonical,) = _query(second.warehouse, "select report_id, source_file from dim_reports where is_canonical")
    assert canonical[1] == "mulan-2020-corrected.html"  # as many numbers placed as the HTML and the PDF, and newer
    assert _query(second.warehouse, "select count(*) from dim_reports where duplicate_of = ?", [canonical[0]]) == [(3,)]
    assert _query(second.warehouse, "select n_reports, n_files from dim_agencies") == [(1, 4)]
    assert _sum(second.warehouse, "new_received", "natural_person") == [(1, new_np + 1)]
    found = _query(
        second.warehouse,
        "select finding, table_code, cell_key, value, copy_value, source_file, copy_source_file, message "
        "from fct_copy_disagreements order by copy_source_file",
    )
    assert [(f, t, c, v, cv, s) for f, t, c, v, cv, s, _, _ in found] == [
        ("copies_disagree", "三", "new_received.natural_person", new_np + 1, new_np, "mulan-2020-corrected.html")
    ] * 3
    assert [r[6] for r in found] == ["mulan-2020.html", "mulan-2020.pdf", "mulan-2020.txt"]
    assert found[0][7].startswith(
        f"copies_disagree 表三 new_received.natural_person: mulan-2020-corrected.html prints {new_np + 1} ("
    )
    assert f"but mulan-2020.html prints {new_np} (" in found[0][7]
    # rules: the canonical report's only (its corrected cell breaks R3 on its row: that is data)
    assert _query(second.warehouse, "select distinct report_id from fct_rule_results") == [(canonical[0],)]
    checks = {e.check_name: e for e in second.dagster_result.get_asset_check_evaluations()}
    assert checks["copies_disagree_reports"].metadata["cells"].value == 3
    assert not checks["copies_disagree_reports"].passed

    incremental = {m: _query(second.warehouse, f"select * from {m} order by all") for m in MARTS}
    third = run_pipeline([str(inbox)], settings=settings, instance=instance, full_refresh=True)
    assert third.success
    for mart in MARTS:
        assert _query(third.warehouse, f"select * from {mart} order by all") == incremental[mart], mart
