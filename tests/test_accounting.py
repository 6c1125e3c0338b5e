"""Every number printed in tables 二/三/四 is accounted for: placed, inferred, unplaced or uncertain.

For every golden report in every layout of the fixture generator, the seed text files, the hand-made
fixtures and (with OGI_EXTRA_SAMPLES) the real PDF, the numbers printed equal the golden's numeric cells
and none is unplaced. A seed 002 with one number removed from a row, or changed so its short rows no longer
resolve, is ``partial`` with a reason naming the row and line, and its accounting says how many were left out.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from ingestion.golden import golden_numbers
from ingestion.model import ParsedReport, TableAccounting
from ingestion.parse import parse_bytes, parse_file
from tests.conftest import FIXTURES, SAMPLES, SEED_GOLDEN, extra_samples_dir
from tests.fixture_render import LAYOUTS, render
from tests.handmade.pdf_table3_break import table3_two_pages

GOLDENS = sorted(p.stem for p in FIXTURES.glob("*.json"))
CASES = [(g, fmt, layout) for g in GOLDENS for fmt, layouts in LAYOUTS.items() for layout in layouts]
SEED_002 = next(SAMPLES.glob("002_*.txt"))
BREAKS = {
    "closed-none": dict(open_bottom=False, open_top=False, page2_header="none"),
    "open-bottom-full": dict(open_bottom=True, open_top=False, page2_header="full"),
    "open-both": dict(open_bottom=True, open_top=True, page2_header="none"),
}


@cache
def golden(name: str) -> dict:
    """A golden file, loaded once."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _template_numbers(report: ParsedReport, table: str) -> int:
    """Template cells of ``table`` holding a number read from print (not inferred)."""
    cells = {"二": report.active_disclosure, "三": report.requests, "四": report.appeals}[table]
    return sum(1 for v in cells.values() if v.kind == "number" and not v.inferred)


def assert_accounted(report: ParsedReport, expected: dict[str, int], *, all_printed: bool) -> None:
    """Each table's numbers add up, none is unplaced, and placed + inferred equals the golden's numbers
    (``all_printed``: the file prints every golden number, so nothing is inferred and printed == golden)."""
    for table, n in expected.items():
        a = report.accounting.get(table, TableAccounting())
        assert a.printed == a.placed + a.unplaced + a.uncertain, (table, a)
        assert (a.unplaced, a.uncertain, a.first_unplaced) == (0, 0, None), (table, a, report.status_reason)
        assert a.placed + a.inferred == n, (table, a, n)
        if all_printed:
            assert (a.printed, a.inferred) == (n, 0), (table, a, n)
        assert a.placed == _template_numbers(report, table), (table, a)  # the ledger agrees with the cells


@pytest.mark.parametrize(("name", "fmt", "layout"), [pytest.param(*c, id="-".join(c)) for c in CASES])
def test_every_number_printed_in_every_layout_is_placed(name, fmt, layout):
    doc = golden(name)
    data, file_name = render(doc, fmt, layout)
    report = parse_bytes(data, file_name)
    assert_accounted(report, golden_numbers(doc), all_printed=True)


@pytest.mark.parametrize("golden_file", SEED_GOLDEN, ids=lambda p: p.stem)
def test_seed_text_numbers_are_placed_or_inferred(golden_file):
    doc = json.loads(golden_file.read_text(encoding="utf-8"))
    report = parse_file(SAMPLES / doc["source_file"])
    assert_accounted(report, golden_numbers(doc), all_printed=False)
    assert report.status == "parsed" and report.status_reason is None


def test_seed_short_rows_count_inferred_cells_apart():
    report = parse_file(SEED_002)
    a = report.accounting["三"]
    # from row 三.7 on seed 002 prints six numbers a row: the seventh is inferred, never counted as printed
    assert (a.printed, a.placed, a.inferred, a.unplaced) == (160, 160, 15, 0)
    assert a.inferred == sum(1 for v in report.requests.values() if v.inferred)


@pytest.mark.parametrize("layout", BREAKS)
def test_handmade_pdf_table3_over_two_pages(layout):
    requests = golden("002_a6b295982b957889")["requests"]
    report = parse_bytes(table3_two_pages(requests, "unable_needs_creation", **BREAKS[layout]), f"break-{layout}.pdf")
    assert_accounted(report, {"三": golden_numbers({"requests": requests})["三"]}, all_printed=True)


@pytest.mark.parametrize("name", sorted(p.stem for p in (FIXTURES / "handmade").glob("*.html")))
def test_handmade_html(name):
    doc = json.loads((FIXTURES / "handmade" / f"{name}.json").read_text(encoding="utf-8"))
    report = parse_file(FIXTURES / "handmade" / f"{name}.html")
    expected = {table: n for table, n in golden_numbers(doc).items() if n}
    assert_accounted(report, expected, all_printed=True)


def test_extra_sample_pdf():
    pdf = extra_samples_dir() / "huaian-hongze-2024.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} not present")
    report = parse_file(pdf)
    assert_accounted(report, golden_numbers(golden("huaian-hongze-2024")), all_printed=True)
    assert report.status == "parsed"


def _seed_002_with(line_no: int, edit) -> tuple[ParsedReport, list[str]]:
    """Seed 002 with its line ``line_no`` (1-based) split on tabs and edited; the report and the new cells."""
    lines = SEED_002.read_text(encoding="utf-8").split("\n")
    cells = lines[line_no - 1].split("\t")
    cells = edit(cells)
    lines[line_no - 1] = "\t".join(cells)
    return parse_bytes("\n".join(lines).encode("utf-8"), "002-edited.txt"), cells


def test_a_row_printing_one_number_less_is_partial_naming_row_and_line():
    def drop_first_number(cells):
        first = next(i for i, c in enumerate(cells) if c.isdigit())
        return cells[:first] + cells[first + 1 :]

    report, cells = _seed_002_with(53, drop_first_number)  # 2.重复申请: six numbers printed, now five
    assert cells[2] == "2.重复申请" and sum(c.isdigit() for c in cells) == 5
    a = report.accounting["三"]
    assert (a.printed, a.unplaced, a.placed) == (159, 5, 154)
    assert a.first_unplaced.line == 53
    assert report.status == "partial"
    assert report.status_reason.startswith("table 三 row not_processed_duplicate: 5 of 5 numbers printed were not placed")
    assert "line 53" in report.status_reason
    assert all(report.requests[("not_processed_duplicate", t)].value is None for t in ("natural_person", "total"))


def test_changing_one_number_so_a_short_row_cannot_be_placed_is_partial():
    """Issue 16, defect 2: new_received 3 -> 4 leaves carried_forward's six numbers without a unique placement."""
    report, _ = _seed_002_with(36, lambda cells: [cells[0], cells[1], "4", *cells[3:]])
    a = report.accounting["三"]
    assert (a.unplaced, a.first_unplaced.line) == (6, 61)
    assert any(i.code == "short_row_unplaced" for i in report.issues)
    assert report.status == "partial"
    assert "table 三 row carried_forward: 6 of 6 numbers printed were not placed" in report.status_reason
    assert "line 61" in report.status_reason


def test_a_number_beyond_the_columns_is_unplaced():
    report, _ = _seed_002_with(40, lambda cells: [*cells, "9"])  # 1.属于国家秘密 prints an eighth number
    a = report.accounting["三"]
    assert (a.printed, a.placed, a.unplaced) == (161, 160, 1)
    assert report.status == "partial" and "denied_state_secret: 1 of 8" in report.status_reason
    assert "beyond the 7 columns" in report.status_reason
    assert report.requests[("denied_state_secret", "total")].value == 2  # the row's own seven stay placed


def test_a_row_not_recognised_is_unplaced_and_named_as_printed():
    report, _ = _seed_002_with(59, lambda cells: [c.replace("3.其他", "3.未列明情形") for c in cells])
    a = report.accounting["三"]
    assert a.unplaced >= 6 and a.first_unplaced.line == 59
    assert report.status == "partial"
    assert "table 三 row '3.未列明情形': 6 of 6 numbers printed were not placed" in report.status_reason
    assert "rows not found: other_handling" in report.status_reason


def test_a_copy_not_chosen_is_not_counted():
    seed = (SAMPLES / "003_c4ceb5e528716bb6.txt")  # prints the whole report twice, with different numbers
    report = parse_file(seed)
    assert any(i.code == "duplicate_section_conflict" for i in report.issues)
    doc = json.loads((FIXTURES / "003_c4ceb5e528716bb6.json").read_text(encoding="utf-8"))
    assert {t: a.printed for t, a in report.accounting.items()} == golden_numbers(doc)
