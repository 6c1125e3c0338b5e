"""The dbt project, built for real on hand-made raw data: every rule R1-R5 passes, fails or is not
assessable exactly where the fixture (tests/rule_fixture.py) says it should, and the build never
fails because a report does not add up (the rule tests warn and store their failing rows).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from ingestion import codes
from orchestration.warehouse.dbt_runner import dbt_env, dbt_executable, dbt_profile_dir
from tests.rule_fixture import BAD, BLANK, FAILED, GOOD, PARTIAL, write_fixture

ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = ROOT / "dbt_project"
SEEDS = DBT_PROJECT_DIR / "seeds"
CJK = re.compile(r"[\u4e00-\u9fff]")

RULE_TESTS = {
    "R1": "rule_r1_balance_passes",
    "R2": "rule_r2_outcomes_passes",
    "R3": "rule_r3_applicants_passes",
    "R4": "rule_r4_appeals_passes",
    "R5": "rule_r5_non_negative_integer_passes",
}
# the reviewer's workbench (corrections, regions and peers: README "Reviewing")
REVIEW_MODELS = {"stg_corrections", "stg_cell_corrections", "fct_corrections", "fct_orphaned_corrections",
                 "int_agency_regions", "fct_agency_benchmark", "fct_region_summary"}
REVIEW_SEEDS = 1  # ref_admin_divisions
RULE_MODELS = ("r1_balance", "r2_outcomes", "r3_applicants", "r4_appeals", "r5_non_negative", "r6_carry_over",
               "r7_documents_in_force", "r8_prose_vs_table")  # fmt: skip
# The rules across reports and prose (tests/test_dbt_cross_report.py): nothing to fail in this fixture.
CROSS_REPORT_RULE_TESTS = {
    "R6": "rule_r6_carry_over_passes",
    "R7": "rule_r7_documents_in_force_passes",
    "R8": "rule_r8_prose_vs_table_passes",
}

# Every failed rule result of the fixture: (report, rule, subject) -> (expected, actual, delta).
EXPECTED_FAILED = {
    (BAD, "R1", "natural_person"): (16, 14, -2),
    (BAD, "R1", "total"): (23, 21, -2),
    (BAD, "R2", "commercial_enterprise"): (4, 3, -1),
    (BAD, "R2", "total"): (20, 19, -1),
    (BAD, "R3", "unable_not_held"): (5, 4, -1),
    (BAD, "R3", "unable_needs_creation"): (0, 1, 1),
    (BAD, "R4", "reconsideration"): (4, 5, 1),
    (BAD, "R5", "table4:litigation_direct.upheld"): (0, -1, -1),
    (BAD, "R5", "table2:20.1.regulations.issued"): (2, 2.5, 0.5),
}

# Every not-assessable rule result of the fixture: (report, rule, subject) -> missing_cells.
EXPECTED_NOT_ASSESSABLE = {
    (BLANK, "R1", "social_welfare_org"): "carried_over.social_welfare_org (blank)",
    (BLANK, "R3", "carried_over"): "carried_over.social_welfare_org (blank)",
    (BLANK, "R2", "legal_service_org"): "denied_state_secret.legal_service_org (not_applicable: /)",
    (BLANK, "R3", "denied_state_secret"): "denied_state_secret.legal_service_org (not_applicable: /)",
    (BLANK, "R4", "reconsideration"): ", ".join(
        f"reconsideration.{o} (blank)" for o in ("upheld", "corrected", "other_outcome", "pending", "total")
    ),
    (BLANK, "R5", "table2:20.5.administrative_licensing.decisions"): "20.5.administrative_licensing.decisions (text: 若干)",
    # an inferred cell was not printed: every rule that needs it is not assessable, never passed or failed on it
    **{
        (BLANK, rule, subject): "total_processed.other_org (inferred by arithmetic, not printed: 1)"
        for rule, subject in (("R1", "other_org"), ("R2", "other_org"), ("R3", "total_processed"),
                              ("R5", "table3:total_processed.other_org"))
    },
}


def run_dbt(command: str, db_path: Path, work: Path) -> subprocess.CompletedProcess:
    """The real dbt CLI of this virtualenv, on the project, writing to ``db_path`` (profile from the one helper)."""
    return subprocess.run(
        [
            dbt_executable(),
            command,
            "--profiles-dir",
            str(dbt_profile_dir(db_path, folder=work / "profile")),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
        ],
        cwd=DBT_PROJECT_DIR,
        env=dbt_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture written to a fresh DuckDB file and `dbt build` run on it once for the module."""
    work = tmp_path_factory.mktemp("dbt_rules")
    db_path = write_fixture(work / "warehouse-build.duckdb")
    proc = run_dbt("build", db_path, work)
    run_results = json.loads((work / "target" / "run_results.json").read_text(encoding="utf-8"))
    return {"db": db_path, "proc": proc, "work": work, "results": {r["unique_id"]: r for r in run_results["results"]}}


@pytest.fixture(scope="module")
def con(built):
    assert built["proc"].returncode == 0, built["proc"].stdout[-4000:]
    connection = duckdb.connect(str(built["db"]), read_only=True)
    yield connection
    connection.close()


def rows(con, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def test_build_succeeds_and_only_the_rule_tests_warn(built):
    proc = built["proc"]
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert "ERROR=0" in proc.stdout
    by_name = {uid.split(".")[2]: r for uid, r in built["results"].items() if uid.startswith("test.")}
    assert {r["status"] for uid, r in built["results"].items() if uid.startswith(("model.", "seed."))} == {"success"}
    # the unit tests of the rule models (models/intermediate/_unit_tests__*.yml): part of a full build, all pass
    unit_tests = {uid: r["status"] for uid, r in built["results"].items() if uid.startswith("unit_test.")}
    assert {uid.split(".")[2] for uid in unit_tests} == {f"int_rule_{m}" for m in RULE_MODELS}
    assert set(unit_tests.values()) == {"pass"}
    warned = {name: r["failures"] for name, r in by_name.items() if r["status"] == "warn"}
    assert warned == {
        "rule_r1_balance_passes": 2,
        "rule_r2_outcomes_passes": 2,
        "rule_r3_applicants_passes": 2,
        "rule_r4_appeals_passes": 1,
        "rule_r5_non_negative_integer_passes": 2,
        "r5_appeals_non_negative_integer": 1,
        "r5_administrative_actions_non_negative_integer": 1,
    }
    others = {name: r["status"] for name, r in by_name.items() if name not in warned}
    assert set(others.values()) == {"pass"}
    assert "unique_dim_reports_report_id" in others
    assert any(n.startswith("relationships_fct_rule_results") for n in others)
    assert any(n.startswith("accepted_values_fct_rule_resul") for n in others)


def test_dbt_parse_works(tmp_path):
    proc = run_dbt("parse", tmp_path / "unused.duckdb", tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text(encoding="utf-8"))
    models = {n["name"] for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    assert {
        "stg_reports",
        "stg_administrative_action_cells",
        "stg_disclosure_request_cells",
        "stg_appeal_cells",
        "stg_parse_issues",
        "stg_report_sections",
        "int_rule_r1_balance",
        "int_rule_r2_outcomes",
        "int_rule_r3_applicants",
        "int_rule_r4_appeals",
        "int_rule_r5_non_negative",
        "stg_prose_figures",
        "stg_removed_files",
        "stg_changed_reports",
        "int_rebuild_scope",
        "int_report_agencies",
        "int_rule_r6_carry_over",
        "int_rule_r7_documents_in_force",
        "int_rule_r8_prose_vs_table",
        "dim_reports",
        "dim_agencies",
        "fct_disclosure_requests",
        "fct_administrative_actions",
        "fct_appeals",
        "fct_rule_results",
        "fct_year_over_year",
        "stg_table_accounting",
        "int_report_copies",
        "fct_report_accounting",
        "fct_copy_disagreements",
    } | REVIEW_MODELS == models
    all_rule_tests = {**RULE_TESTS, **CROSS_REPORT_RULE_TESTS}
    rule_tests = {n["name"]: n["config"] for n in manifest["nodes"].values() if n["name"] in all_rule_tests.values()}
    assert set(rule_tests) == set(all_rule_tests.values())
    assert all(c["severity"].lower() == "warn" and c["store_failures"] for c in rule_tests.values())


def test_good_report_passes_every_rule(con):
    counts = dict(rows(con, "select rule_id, count(*) from fct_rule_results where report_id = ? group by 1", [GOOD]))
    # 7 applicant columns (R1, R2), 25 rows of the 2021 table 三 (R3), 3 proceedings (R4),
    # 175 + 15 + 9 count cells (R5: table 二's fee_amount is an amount, not a count),
    # the two figures its prose states (R8); no other report of its agency (no R6, R7)
    assert counts == {"R1": 7, "R2": 7, "R3": 25, "R4": 3, "R5": 199, "R8": 2}
    assert rows(con, "select distinct outcome from fct_rule_results where report_id = ?", [GOOD]) == [("passed",)]
    assert rows(
        con, "select count(*) from fct_rule_results where report_id = ? and (delta <> 0 or expected <> actual)", [GOOD]
    ) == [(0,)]
    r1_total = rows(
        con,
        "select expected, actual, delta, cells_involved, pages, source_refs, message from fct_rule_results "
        "where report_id = ? and rule_id = 'R1' and subject = 'total'",
        [GOOD],
    )[0]
    assert r1_total[:3] == (21, 21, 0)
    assert r1_total[3] == (
        "new_received.total=18; carried_over.total=3; total_processed.total=19; carried_forward.total=2"
    )
    assert r1_total[4] == "3, 4"  # the table runs over two PDF pages
    assert r1_total[5].startswith("new_received.total @ p.3 (432,120,482,135); ")
    assert r1_total[6] == "R1 balance [total]: new_received + carried_over = 21 = total_processed + carried_forward"


def test_only_the_hand_made_errors_fail(con):
    failed = {
        (r, rule, s): (e, a, d)
        for r, rule, s, e, a, d in rows(
            con, "select report_id, rule_id, subject, expected, actual, delta from fct_rule_results where outcome = 'failed'"
        )
    }
    assert failed == EXPECTED_FAILED


@pytest.mark.parametrize("rule_id", ["R1", "R2", "R3", "R4", "R5"])
def test_each_rule_fails_on_its_hand_made_input(con, rule_id):
    expected = {k[2]: v for k, v in EXPECTED_FAILED.items() if k[1] == rule_id}
    got = {
        s: (e, a, d)
        for s, e, a, d in rows(
            con,
            "select subject, expected, actual, delta from fct_rule_results "
            "where report_id = ? and rule_id = ? and outcome = 'failed'",
            [BAD, rule_id],
        )
    }
    assert got == expected
    # everything else of the rule in that report passed: no false alarm next to the real one
    outcomes = dict(
        rows(con, "select outcome, count(*) from fct_rule_results where report_id = ? and rule_id = ? group by 1", [BAD, rule_id])
    )
    assert set(outcomes) == {"passed", "failed"}
    assert outcomes["failed"] == len(expected)


def test_failed_results_say_which_cells_and_where(con):
    r1 = rows(
        con,
        "select scope, cells_involved, pages, source_refs, message from fct_rule_results "
        "where report_id = ? and rule_id = 'R1' and subject = 'natural_person'",
        [BAD],
    )[0]
    assert r1[0] == "column"
    assert r1[1] == (
        "new_received.natural_person=14; carried_over.natural_person=2; "
        "total_processed.natural_person=13; carried_forward.natural_person=1"
    )
    assert r1[2] is None  # a text file has no pages
    assert r1[3] == (
        "new_received.natural_person @ line 31; carried_over.natural_person @ line 32; "
        "total_processed.natural_person @ line 54; carried_forward.natural_person @ line 55"
    )
    assert r1[4] == (
        "R1 balance [natural_person]: new_received + carried_over = 16 but "
        "total_processed + carried_forward = 14 (delta -2)"
    )
    r2 = rows(
        con,
        "select cells_involved, message from fct_rule_results where report_id = ? and rule_id = 'R2' "
        "and subject = 'commercial_enterprise'",
        [BAD],
    )[0]
    assert r2[0].startswith("granted.commercial_enterprise=3; partially_granted.commercial_enterprise=0; ")
    assert r2[0].endswith("; other_handling.commercial_enterprise=0; total_processed.commercial_enterprise=3")
    assert r2[1] == "R2 outcomes [commercial_enterprise]: sum of outcome rows = 4 but total_processed = 3 (delta -1)"
    r3 = rows(
        con,
        "select scope, cells_involved from fct_rule_results where report_id = ? and rule_id = 'R3' and subject = 'unable_not_held'",
        [BAD],
    )[0]
    assert r3 == (
        "row",
        "unable_not_held.natural_person=4; unable_not_held.commercial_enterprise=1; "
        "unable_not_held.research_institution=0; unable_not_held.social_welfare_org=0; "
        "unable_not_held.legal_service_org=0; unable_not_held.other_org=0; unable_not_held.total=4",
    )
    r4 = rows(
        con,
        "select scope, cells_involved, message from fct_rule_results where report_id = ? and rule_id = 'R4'"
        " and subject = 'reconsideration'",
        [BAD],
    )[0]
    assert r4 == (
        "proceeding",
        "reconsideration.upheld=2; reconsideration.corrected=1; reconsideration.other_outcome=0; "
        "reconsideration.pending=1; reconsideration.total=5",
        "R4 appeals [reconsideration]: upheld + corrected + other_outcome + pending = 4 but total = 5 (delta +1)",
    )
    r5 = dict(
        rows(
            con,
            "select subject, message from fct_rule_results where report_id = ? and rule_id = 'R5' and outcome = 'failed'",
            [BAD],
        )
    )
    assert r5 == {
        "table4:litigation_direct.upheld": "R5 non_negative_integer [table4:litigation_direct.upheld]: -1 is negative",
        "table2:20.1.regulations.issued": "R5 non_negative_integer [table2:20.1.regulations.issued]: 2.5 is not an integer",
    }


def test_blank_cells_are_not_assessable_never_failed(con):
    na = {
        (r, rule, s): m
        for r, rule, s, m in rows(
            con, "select report_id, rule_id, subject, missing_cells from fct_rule_results where outcome = 'not_assessable'"
        )
    }
    assert na == EXPECTED_NOT_ASSESSABLE
    assert rows(
        con,
        "select count(*) from fct_rule_results where outcome = 'not_assessable' "
        "and (expected is not null or actual is not null or delta is not null)",
    ) == [(0,)]
    assert rows(con, "select count(*) from fct_rule_results where report_id = ? and outcome = 'failed'", [BLANK]) == [(0,)]
    message = rows(
        con, "select message from fct_rule_results where report_id = ? and rule_id = 'R1' and subject = 'social_welfare_org'", [BLANK]
    )[0][0]
    assert message == "R1 balance [social_welfare_org]: not assessable, missing carried_over.social_welfare_org (blank)"


def test_r2_sums_only_rows_the_template_prints(con):
    expected, actual, outcome, cells = rows(
        con,
        "select expected, actual, outcome, cells_involved from fct_rule_results "
        "where report_id = ? and rule_id = 'R2' and subject = 'natural_person'",
        [BLANK],
    )[0]
    assert (expected, actual, outcome) == (13, 13, "passed")
    assert "other_overdue_correction" not in cells and "other_unpaid_fee" not in cells
    assert "other_handling.natural_person=1; total_processed.natural_person=13" in cells
    assert rows(con, "select count(*) from fct_rule_results where report_id = ? and rule_id = 'R3'", [BLANK]) == [(23,)]


def test_inferred_cells_are_not_assessable(con):
    outcome, inferred, cells, message = rows(
        con,
        "select outcome, involves_inferred, cells_involved, message from fct_rule_results "
        "where report_id = ? and rule_id = 'R2' and subject = 'other_org'",
        [BLANK],
    )[0]
    assert (outcome, inferred) == ("not_assessable", True)
    assert cells.endswith("total_processed.other_org=1 [inferred]")
    assert message == (
        "R2 outcomes [other_org]: not assessable, missing total_processed.other_org (inferred by arithmetic, not printed: 1)"
    )
    assert rows(con, "select count(*) from fct_rule_results where involves_inferred and report_id <> ?", [BLANK]) == [(0,)]


def test_r5_leaves_out_signed_changes_and_amounts(con):
    assert rows(
        con,
        "select count(*) from fct_rule_results where rule_id = 'R5' "
        "and (subject like '%.change' or subject like '%_amount')",
    ) == [(0,)]
    change = rows(
        con,
        "select value, raw_value, metric_kind, metric_label from fct_administrative_actions "
        "where report_id = ? and metric = 'change' and category = 'administrative_penalty'",
        [BLANK],
    )
    assert change == [(-3, "减3", "signed_count", "本年增/减")]
    amounts = rows(
        con,
        "select report_id, value, unit from fct_administrative_actions where metric_kind = 'amount' and value <> floor(value) "
        "order by report_id",
    )
    assert amounts == [(BAD, 1.5, "万元"), (BLANK, 12.34, "万元")]


def test_reports_without_tables_get_no_r1_to_r4(con):
    assert rows(con, "select count(*) from fct_rule_results where report_id = ?", [FAILED]) == [(0,)]
    assert rows(
        con, "select rule_id, outcome, count(*) from fct_rule_results where report_id = ? group by all", [PARTIAL]
    ) == [("R5", "passed", 9)]


def test_dim_reports(con):
    got = {
        r[0]: r[1:]
        for r in rows(
            con,
            "select report_id, status, n_administrative_action_cells, n_disclosure_request_cells, n_appeal_cells, "
            "n_blank_cells, n_not_applicable_cells, n_text_cells, n_inferred_cells, n_parse_issues, "
            "n_rule_results_failed, n_rule_results_not_assessable, n_rules_failed, rules_failed from dim_reports",
        )
    }
    assert got == {
        GOOD: ("parsed", 10, 175, 15, 0, 0, 0, 0, 0, 0, 0, 0, None),
        BAD: ("parsed", 10, 175, 15, 0, 0, 0, 0, 0, 9, 0, 5, "R1, R2, R3, R4, R5"),
        BLANK: ("parsed", 22, 161, 15, 6, 1, 1, 1, 1, 0, 10, 0, None),
        FAILED: ("failed", 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, None),
        PARTIAL: ("partial", 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None),
    }
    assert rows(con, "select agency_name, region, report_year, template_version, source_file, file_format "
                     "from dim_reports where report_id = ?", [GOOD]) == [
        ("示例市交通运输局", "示例省示例市", 2021, "2021", "good-2021.pdf", "pdf")
    ]
    # one agency per report (agency_key from ingestion/agency.py); FAILED has no name, so no agency
    assert rows(con, "select report_id, agency_key, agency_city, agency_id, is_removed, removed_at from dim_reports "
                     "where report_id in (?, ?) order by 1", [GOOD, FAILED]) == [
        (GOOD, "示例市交通运输局", None, "示例市交通运输局", False, None),
        (FAILED, None, None, None, False, None),
    ]
    assert rows(con, "select count(*), sum(n_reports) from dim_agencies") == [(4, 4)]


def test_facts_carry_labels_and_provenance(con):
    assert rows(
        con,
        "select row_group, row_label, applicant_label, value, raw_value, page, source_ref from fct_disclosure_requests "
        "where report_id = ? and row_code = 'granted' and applicant_type = 'commercial_enterprise'",
        [GOOD],
    ) == [(3, "（一）予以公开", "法人或其他组织·商业企业", 2, "2", 3, "p.3 (132,156,182,171)")]
    groups = dict(rows(con, "select row_code, min(row_group) from fct_disclosure_requests group by 1"))
    assert (groups["new_received"], groups["carried_over"], groups["total_processed"], groups["carried_forward"]) == (1, 2, 3, 4)
    assert rows(
        con,
        "select proceeding_label, outcome_label, value_kind, raw_value, source_ref from fct_appeals "
        "where report_id = ? and proceeding = 'reconsideration' and outcome = 'upheld'",
        [BLANK],
    ) == [("行政复议", "结果维持", "blank", "", "table 5 row 3 col 1")]
    assert rows(con, "select count(*) from fct_administrative_actions where item_label is null or metric_kind is null") == [(0,)]
    assert rows(con, "select count(*) from fct_disclosure_requests") == [(175 + 175 + 161,)]


def test_warn_tests_store_their_failing_rows(con):
    for rule_id, test_name in RULE_TESTS.items():
        stored = rows(con, f"select distinct rule_id, outcome, report_id from dbt_test__audit.{test_name}")
        assert stored == [(rule_id, "failed", BAD)], test_name
        n = rows(con, f"select count(*) from dbt_test__audit.{test_name}")[0][0]
        assert n == sum(1 for k in EXPECTED_FAILED if k[1] == rule_id), test_name
    assert rows(con, "select report_id, proceeding, outcome, value from dbt_test__audit.r5_appeals_non_negative_integer") == [
        (BAD, "litigation_direct", "upheld", -1)
    ]
    assert rows(
        con, "select report_id, item, category, metric, value from dbt_test__audit.r5_administrative_actions_non_negative_integer"
    ) == [(BAD, "20.1", "regulations", "issued", 2.5)]
    assert rows(con, "select count(*) from dbt_test__audit.r5_disclosure_requests_non_negative_integer") == [(0,)]
    for test_name in CROSS_REPORT_RULE_TESTS.values():  # one agency per report here: nothing across reports fails
        assert rows(con, f"select count(*) from dbt_test__audit.{test_name}") == [(0,)], test_name


def test_every_model_and_column_is_documented_in_chinese_and_english(built, con):
    manifest = json.loads((built["work"] / "target" / "manifest.json").read_text(encoding="utf-8"))
    nodes = [n for n in manifest["nodes"].values() if n["resource_type"] in ("model", "seed")]
    assert len(nodes) == 30 + len(REVIEW_MODELS) + 5 + REVIEW_SEEDS
    for node in nodes:
        assert CJK.search(node["description"]) and re.search("[a-z]{3}", node["description"]), node["name"]
        built_columns = {
            c for (c,) in rows(
                con,
                "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                [node["schema"], node["alias"]],
            )
        }
        assert built_columns and set(node["columns"]) == built_columns, node["name"]
        for name, column in node["columns"].items():
            text = column["description"]
            assert CJK.search(text) and " — " in text and re.search("[a-z]{3}", text), (node["name"], name)


def test_seeds_match_the_codes_of_the_parser():
    def read(name):
        with open(SEEDS / f"{name}.csv", encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    assert [r["applicant_type"] for r in read("ref_applicant_types")] == list(codes.APPLICANT_TYPES)
    request_rows = read("ref_request_rows")
    assert [r["row_code"] for r in request_rows] == list(codes.REQUEST_ROWS_2021)
    assert {r["row_code"] for r in request_rows if r["is_outcome_leaf"] == "true"} == set(codes.OUTCOME_ROWS)
    assert {r["row_code"]: r["label_zh"] for r in request_rows} == codes.REQUEST_ROW_LABELS
    assert {r["row_code"] for r in request_rows if "2019" in r["templates"].split()} == set(codes.REQUEST_ROWS_2019)
    assert [r["proceeding"] for r in read("ref_appeal_proceedings")] == list(codes.PROCEEDINGS)
    assert [r["outcome"] for r in read("ref_appeal_outcomes")] == list(codes.OUTCOMES)
    cells = {(r["item"], r["category"], r["metric"]): set(r["templates"].split()) for r in read("ref_active_disclosure_cells")}
    from_codes: dict[tuple[str, str, str], set[str]] = {}
    for template, items in codes.ACTIVE_DISCLOSURE.items():
        for item, (categories, metrics) in items.items():
            for category in categories:
                for metric in metrics:
                    from_codes.setdefault((item, category, metric), set()).add(template)
    assert cells == from_codes
    amounts = {r["metric"] for r in read("ref_active_disclosure_cells") if r["metric_kind"] == "amount"}
    assert amounts == set(codes.AMOUNT_METRICS)


def test_views_still_work_in_a_published_copy(built, con, tmp_path):
    published = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built["db"], published)  # another file name, so another catalog name
    copy = duckdb.connect(str(published), read_only=True)
    try:
        assert copy.execute("select count(*) from staging.stg_reports").fetchone()[0] == 5
        assert copy.execute("select count(*) from intermediate.int_rule_r1_balance where outcome = 'failed'").fetchone()[0] == 2
    finally:
        copy.close()


def test_an_empty_raw_schema_still_builds(tmp_path):
    db_path = write_fixture(tmp_path / "empty.duckdb", empty=True)
    proc = run_dbt("build", db_path, tmp_path)
    assert proc.returncode == 0, proc.stdout[-4000:]
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        for mart in ("dim_reports", "fct_disclosure_requests", "fct_administrative_actions", "fct_appeals", "fct_rule_results"):
            assert con.execute(f"select count(*) from main.{mart}").fetchone()[0] == 0, mart
        assert con.execute("select count(*) from dbt_test__audit.rule_r1_balance_passes").fetchone()[0] == 0
    finally:
        con.close()
