"""The quirks the seeds show, each pinned to the cell, its printed text and its line."""

from __future__ import annotations

import pytest

from ingestion.parse import parse_file
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def seeds():
    return {p.name[:3]: parse_file(p) for p in sorted(SAMPLES.glob("0*.txt"))}


def test_increase_word_and_its_printed_text(seeds):
    v = seeds["001"].active_disclosure[("20.5", "administrative_licensing", "change")]
    assert (v.value, v.raw, v.prov.line) == (2, "增 2", 27)


def test_negative_change(seeds):
    v = seeds["004"].active_disclosure[("20.6", "administrative_penalty", "change")]
    assert (v.value, v.raw) == (-2, "-2")


def test_amount_with_unit_in_cell(seeds):
    v = seeds["003"].active_disclosure[("20.9", "centralized_procurement", "procurement_amount")]
    assert (v.value, v.unit, v.raw) == (10, "万元", "10万元")


def test_amount_without_unit_stays_unknown(seeds):
    v = seeds["004"].active_disclosure[("20.9", "centralized_procurement", "procurement_amount")]
    assert (v.value, v.unit) == (4924300, None)


def test_blank_cells_stay_null_not_zero(seeds):
    r = seeds["004"].active_disclosure[("20.1", "regulations", "newly_published")]
    assert (r.value, r.kind) == (None, "blank")
    assert all(seeds["001"].appeals[("reconsideration", o)].value is None for o in ("upheld", "total"))
    assert seeds["001"].appeals[("litigation_direct", "upheld")].value == 0


def test_cell_per_line_layout_takes_complete_second_copy(seeds):
    r = seeds["003"]
    assert r.requests[("new_received", "total")].value == 0
    assert r.requests[("new_received", "total")].prov.line == 327
    assert r.requests[("new_received", "natural_person")].kind == "blank"
    assert r.appeals[("litigation_direct", "other_outcome")].value == 1
    conflicts = [i for i in r.issues if i.code == "duplicate_section_conflict"]
    assert {i.table for i in conflicts} == {"table3", "table4"}


def test_short_row_is_inferred_and_marked(seeds):
    total = seeds["002"].requests[("total_processed", "total")]
    assert (total.value, total.raw, total.inferred) == (3, "3", False)
    row = [seeds["002"].requests[("total_processed", a)] for a in ("natural_person", "commercial_enterprise")]
    assert [c.value for c in row] == [3, 0]
    inferred = [v for (code, _), v in seeds["002"].requests.items() if code == "total_processed" and v.inferred]
    assert len(inferred) == 1 and inferred[0].raw is None and "R3" in inferred[0].inference_reason


def test_label_split_over_two_lines(seeds):
    v = seeds["001"].requests[("not_processed_confirmation", "total")]
    assert (v.value, v.prov.line) == (0, 64)
    assert seeds["001"].requests[("other_handling", "total")].prov.line == 67


def test_misprinted_labels_are_recognised(seeds):
    # 申请数里 for 申请数量 and 其他法律法规禁止公开
    assert seeds["004"].requests[("new_received", "total")].value == 0
    assert ("denied_prohibited_by_law", "total") in seeds["004"].requests


def test_template_per_table(seeds):
    assert (seeds["002"].table2_template, seeds["002"].table3_template) == ("2021", "2021")
    assert (seeds["000"].table2_template, seeds["000"].table3_template) == ("2019", "2019")


def test_a_short_row_that_arithmetic_cannot_place_is_left_empty_and_reported(tmp_path):
    from ingestion.parse import parse_bytes

    text = (
        "某市某局2021年政府信息公开工作年度报告\n"
        "一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t0\t0\t6\n"
        "三、本年度办理结果\t(一) 予以公开\t2\t1\t0\t3\n"
    )
    report = parse_bytes(text.encode("utf-8"), "short.txt")
    granted = [report.requests[("granted", a)] for a in ("natural_person", "total")]
    assert [(c.value, c.kind) for c in granted] == [(None, "unplaced"), (None, "unplaced")]
    issue = next(i for i in report.issues if i.code == "short_row_unplaced")
    assert "(2 1 0 3)" in issue.message and issue.prov.line == 3
