"""Incremental marts (keyed by report_id, plus the other reports of the agencies touched) give the same
marts as a full rebuild (`ogi run --full-refresh`): real files, real parse, real dbt, one warehouse."""

from __future__ import annotations

import copy
import json
import shutil

import duckdb
from dagster import DagsterInstance

from orchestration.defs.pipeline import run_pipeline
from orchestration.settings import load_settings
from orchestration.warehouse.dbt_runner import build_target_path
from tests.conftest import FIXTURES, SAMPLES
from tests.fixture_render import render

MARTS = ("dim_reports", "dim_agencies", "fct_disclosure_requests", "fct_administrative_actions", "fct_appeals",
         "fct_rule_results", "fct_year_over_year")  # fmt: skip


def _marts(warehouse) -> dict[str, list[tuple]]:
    """Every row of every mart, in a fixed order (a table's physical row order is not part of it)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name: con.execute(f"select * from {name} order by all").fetchall() for name in MARTS}
    finally:
        con.close()


def _hongze(year: int, carried_forward: int) -> dict:
    """The real sample's report as an agency's report of ``year`` (carry-over figures set)."""
    doc = json.loads((FIXTURES / "huaian-hongze-2024.json").read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    doc["report_year"] = year
    doc["requests"]["carried_forward"]["natural_person"] = carried_forward
    doc["requests"]["carried_forward"]["total"] = carried_forward
    return doc


def _build_messages(instance: DagsterInstance, result) -> list[str]:
    """What the dbt step said about the kind of build it ran."""
    logs = instance.all_logs(result.dagster_result.run_id)
    return [e.user_message for e in logs if "build of the marts" in (e.user_message or "")]


def test_incremental_equals_full_refresh(tmp_path, warehouse_env):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES, inbox)
    data, _ = render(_hongze(2024, 0), "html", "merged")
    (inbox / "hongze-2024.html").write_bytes(data)

    instance = DagsterInstance.ephemeral()
    first = run_pipeline([str(inbox)], instance=instance)
    assert first.success
    assert _build_messages(instance, first) == ["full build of the marts"]  # nothing built before

    # a new report: the earlier year of an agency already loaded (its R6/R7/year-over-year rows change)
    data, _ = render(_hongze(2023, 5), "html", "flat")
    (inbox / "hongze-2023.html").write_bytes(data)
    second = run_pipeline([str(inbox)], instance=instance)
    assert second.success
    assert _build_messages(instance, second) == ["incremental build of the marts (changed reports only)"]
    incremental = _marts(second.warehouse)

    con = duckdb.connect(str(second.warehouse), read_only=True)
    r6 = con.execute(
        "select d.report_year, r.outcome from fct_rule_results r join dim_reports d using (report_id) "
        "where r.rule_id = 'R6' and r.subject like 'total%'"
    ).fetchall()
    years = con.execute("select n_reports from dim_agencies where agency_id like '%洪泽区%'").fetchall()
    con.close()
    assert r6 == [(2024, "failed")]  # 2023 carried 5 forward, 2024 carried 0 over: seen across years
    assert years == [(2,)]

    third = run_pipeline([str(inbox)], instance=instance, full_refresh=True)
    assert third.success
    assert _build_messages(instance, third) == ["full build of the marts"]
    full = _marts(third.warehouse)
    for name in MARTS:
        assert incremental[name] == full[name], name
    assert len(full["fct_disclosure_requests"]) > 0

    # dbt keeps one target folder per build file, so the later builds parse the project partially: only a
    # first build (the profile names this build file) says "Unable to do partial parsing" (event I024)
    # dbt rotates dbt.log at 10 MB (dbt.log.1): three builds' debug logs may not fit in one file
    logs = sorted(build_target_path(load_settings().build_path).glob("dbt.log*"))
    dbt_log = "".join(f.read_text(encoding="utf-8") for f in logs)
    assert dbt_log.count('"code": "I024"') <= 1
    assert dbt_log.count("Nothing changed, skipping partial parsing") >= 2

    # the rule models are tables (built one at a time), rebuilt within the scope like the marts
    con = duckdb.connect(str(third.warehouse), read_only=True)
    kinds = dict(con.execute(
        "select table_name, table_type from information_schema.tables where table_schema = 'intermediate'"
    ).fetchall())
    con.close()
    assert {kinds[f"int_rule_r{n}_{name}"] for n, name in enumerate(
        ["balance", "outcomes", "applicants", "appeals", "non_negative", "carry_over", "documents_in_force",
         "prose_vs_table"], start=1)} == {"BASE TABLE"}
