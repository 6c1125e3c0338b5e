"""A rule fails only on what was printed (issue 16, defect 1): a report that adds up, with one row, one value
and one （六）其他处理 sub-row deleted, in every format and layout, is parsed for real (parse_bytes) and its
marts built for real (build_scratch_warehouse, dbt): no rule fails, and the results that needed a deleted
cell are not assessable and say which cell and why.

The report is golden 002 (2021 template, （六） as its three sub-rows) with one request moved from
（三）1.属于国家秘密 to （六）3.其他, so that the deleted rows carry numbers: summing the rows that are left
would make R2 fail by their amounts (what the warehouse published before). Rendered as HTML, DOCX and PDF
in every layout of tests/fixture_render, and as the seed's text file (data/samples/002_*.txt) edited the
same way (one number left out of its row, which then prints 6 of 7). Each rendering is given its own agency name so that none is a copy of another (one report per
agency and year: int_report_copies), and each is built twice, as printed and with the deletions.
"""

from __future__ import annotations

import copy
import json

import duckdb
import pytest

from ingestion.codes import APPLICANT_TYPES
from ingestion.parse import parse_bytes
from orchestration.warehouse.scratch import build_scratch_warehouse
from tests.conftest import FIXTURES, SAMPLES
from tests.fixture_render import LAYOUTS, render

SEED = "002_a6b295982b957889"
DELETED_ROW, DELETED_SUB_ROW = "denied_third_party_rights", "other_handling"  # 4.保护第三方合法权益, （六）3.其他
DELETED_CELL = ("new_received", "natural_person")
NAMES = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地"
def _name(i: int) -> str:
    """A distinct agency name part for the i-th rendering (one character, two once the 24 run out)."""
    return NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else NAMES[i // len(NAMES) - 1])


VARIANTS = [(fmt, layout) for fmt, layouts in LAYOUTS.items() for layout in layouts] + [("txt", "seed")]
# every result that needs a deleted cell; nothing else may be left unassessed in a rendered layout
AFFECTED = {("R2", col) for col in APPLICANT_TYPES} | {("R1", "natural_person"), ("R3", "new_received"),
                                                      ("R3", DELETED_ROW), ("R3", DELETED_SUB_ROW)}


def adding_up() -> dict:
    """Golden 002 with one request moved to （六）3.其他 (still adds up: R1-R4 hold)."""
    golden = json.loads((FIXTURES / f"{SEED}.json").read_text(encoding="utf-8"))
    for col in ("natural_person", "total"):
        golden["requests"]["denied_state_secret"][col] -= 1
        golden["requests"][DELETED_SUB_ROW][col] += 1
    return golden


def with_deletions(golden: dict) -> dict:
    golden = copy.deepcopy(golden)
    del golden["requests"][DELETED_ROW], golden["requests"][DELETED_SUB_ROW]
    golden["requests"][DELETED_CELL[0]][DELETED_CELL[1]] = None
    return golden


def seed_text(deleted: bool) -> str:
    """The seed's text file (it adds up); with the deletions, also one request moved from 1.属于国家秘密 to the
    deleted 3.其他 row, as in the rendered variants."""
    text = (SAMPLES / f"{SEED}.txt").read_text(encoding="utf-8")
    if not deleted:
        return text
    out = []
    for line in text.split("\n"):
        cells = line.split("\t")
        label = next((c for c in reversed(cells) if c.strip() and not c.strip().isdigit()), "")
        if label in ("3.其他", "4.保护第三方合法权益"):
            continue
        if label == "1.属于国家秘密":  # 2 0 0 0 0 0 2 -> 1 0 0 0 0 0 1
            line = "\t".join(c if c.strip() != "2" else "1" for c in cells)
        if label.startswith("一、本年新收"):  # the natural_person value left out
            first = next(i for i, c in enumerate(cells) if c.strip().isdigit())
            line = "\t".join(cells[:first] + cells[first + 1 :])
        out.append(line)
    return "\n".join(out)


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    """Every variant, as printed and with the deletions, parsed and built into one scratch warehouse."""
    base = adding_up()
    reports, names = [], {}
    for k, (fmt, layout) in enumerate(VARIANTS):
        for deleted in (False, True):
            agency = f"示例{_name(2 * k + deleted)}县卫生健康局"
            if fmt == "txt":
                data, name = seed_text(deleted).replace("焦作市卫生健康委员会", agency).encode("utf-8"), f"{SEED}.txt"
            else:
                golden = with_deletions(base) if deleted else copy.deepcopy(base)
                golden["agency_name"] = agency
                data, name = render(golden, fmt, layout)
            report = parse_bytes(data, name)
            assert report.meta.agency_name == agency, (fmt, layout, report.meta.agency_name)
            names[report.report_id] = (fmt, layout, deleted)
            reports.append((report, f"/inbox/{fmt}-{layout}-{int(deleted)}/{name}"))
    db = build_scratch_warehouse(reports, tmp_path_factory.mktemp("printed_evidence"))
    con = duckdb.connect(str(db), read_only=True)
    yield con, names
    con.close()


def results(con, names, fmt: str, layout: str, deleted: bool) -> dict[tuple[str, str], tuple]:
    (report_id,) = [r for r, v in names.items() if v == (fmt, layout, deleted)]
    return {
        (rule, subject): (outcome, missing, message)
        for rule, subject, outcome, missing, message in con.execute(
            "select rule_id, subject, outcome, missing_cells, message from fct_rule_results where report_id = ?", [report_id]
        ).fetchall()
    }


def test_every_variant_is_its_own_canonical_report(marts):
    con, names = marts
    assert con.execute("select count(*), count(*) filter (where is_canonical) from dim_reports").fetchone() == (
        2 * len(VARIANTS), 2 * len(VARIANTS)
    )


@pytest.mark.parametrize(("fmt", "layout"), VARIANTS, ids=[f"{f}-{la}" for f, la in VARIANTS])
def test_as_printed_it_adds_up(marts, fmt, layout):
    got = results(*marts, fmt, layout, False)
    assert {k for k, v in got.items() if v[0] == "failed"} == set()
    if fmt != "txt":  # the seed's text prints short rows whose inferred cells are not assessable
        assert {k for k, v in got.items() if v[0] != "passed"} == set()


@pytest.mark.parametrize(("fmt", "layout"), VARIANTS, ids=[f"{f}-{la}" for f, la in VARIANTS])
def test_with_a_row_a_value_and_a_sub_row_deleted_nothing_fails(marts, fmt, layout):
    got = results(*marts, fmt, layout, True)
    assert {k for k, v in got.items() if v[0] == "failed"} == set()
    unassessed = {k for k, v in got.items() if v[0] == "not_assessable"}
    assert AFFECTED <= unassessed
    if fmt != "txt":
        assert unassessed == AFFECTED
    for col in APPLICANT_TYPES:  # R2 says which rows were not read, in every column
        missing = got[("R2", col)][1]
        assert f"{DELETED_ROW}.{col} (not found in the print)" in missing
        assert f"{DELETED_SUB_ROW}.{col} (not found in the print)" in missing
    for row in (DELETED_ROW, DELETED_SUB_ROW):
        assert got[("R3", row)][2] == f"R3 applicants [{row}]: not assessable: row {row} not found in the print"
    cell = ".".join(DELETED_CELL)
    for key in (("R1", "natural_person"), ("R3", "new_received")):
        assert f"{cell} (" in got[key][1], got[key]
    # whatever else is not assessable (the text file's short rows) names a cell the print did not give
    for key in unassessed - AFFECTED:
        assert any(why in got[key][1] for why in ("(unplaced", "(inferred by arithmetic", "(not found in the print)")), got[key]
