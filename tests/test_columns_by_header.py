"""Every value is placed by the column its header names, never by counting cells (issue #8).

The fixtures here were written by hand the way sites publish (tests/fixtures/handmade/, and PDFs drawn line
by line in tests/handmade/), not by tests/fixture_render, whose layouts only prove what we already thought of.
"""

from __future__ import annotations

import itertools
import json
import random

import docx
import pytest

from ingestion.codes import APPLICANT_TYPES
from ingestion.golden import compare, golden_cells, to_golden
from ingestion.parse import parse_bytes
from tests.conftest import FIXTURES
from tests.fixture_render import LAYOUTS, render
from tests.handmade.pdf_table3_break import table3_two_pages

HANDMADE = FIXTURES / "handmade"
GOLDENS = sorted(p.stem for p in FIXTURES.glob("*.json"))


def _parse(name: str):
    return parse_bytes((HANDMADE / name).read_bytes(), name)


def _row(report, code: str) -> list:
    return [report.requests[(code, a)].value for a in APPLICANT_TYPES]


def test_html_table3_blank_totals_stay_in_their_columns():
    report = _parse("table3_blank_totals.html")
    # 予以公开 printed `258 12 · · 1 1 ·`: the blank 总计 must not shift the row right
    assert _row(report, "granted") == [258, 12, None, None, 1, 1, None]
    assert _row(report, "new_received") == [272, 14, None, None, 1, 1, 288]
    assert _row(report, "carried_over") == [3, None, None, None, None, None, None]
    assert _row(report, "denied_third_party_rights") == [1, None, None, None, None, None, None]
    assert _row(report, "unable_not_held") == [6, 1, None, None, None, None, None]
    # a row whose last <td> was left out entirely: the missing cell is the 总计 column, blank
    assert _row(report, "unable_unclear_after_correction") == [1, 0, 0, 0, 0, 0, None]
    assert _row(report, "total_processed") == [273, 13, None, None, 1, 1, None]
    assert _row(report, "carried_forward") == [2, 1, None, None, None, None, 3]
    # &nbsp; with and without <p> is a blank, never 0
    assert report.requests[("granted", "research_institution")].kind == "blank"
    assert report.requests[("granted", "social_welfare_org")].kind == "blank"
    assert report.requests[("granted", "total")].prov.col == 9  # the 总计 column of the grid
    assert not [i for i in report.issues if i.code in ("column_placement", "row_missing")]


def test_html_2019_table2_header_spans_two_columns_over_one_value():
    cells = _parse("table2_2019_colspans.html").active_disclosure
    got = {k: (v.value, v.unit) for k, v in cells.items()}
    assert got[("20.1", "regulations", "total_published")] == (2, None)
    assert got[("20.1", "normative_documents", "newly_published")] == (1, None)
    assert got[("20.1", "normative_documents", "total_published")] == (5, None)
    assert got[("20.5", "administrative_licensing", "change")] == (2, None)
    assert got[("20.5", "administrative_licensing", "decisions")] == (103, None)
    assert got[("20.6", "administrative_penalty", "change")] == (-2, None)
    assert got[("20.6", "administrative_penalty", "decisions")] == (27, None)
    assert got[("20.6", "administrative_coercion", "previous_year_items")] == (None, None)
    assert got[("20.6", "administrative_coercion", "decisions")] == (1, None)
    assert got[("20.8", "administrative_fees", "change")] == (0, None)
    assert got[("20.9", "centralized_procurement", "procurement_items")] == (3, None)
    assert got[("20.9", "centralized_procurement", "procurement_amount")] == (60.1733, "万元")


def _golden(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


PAGE_BREAKS = [
    (bottom, top, header)
    for bottom, top, header in itertools.product([False, True], [False, True], ["none", "leaf", "full"])
    if not (top and header != "none")
]


@pytest.mark.parametrize(("open_bottom", "open_top", "header"), PAGE_BREAKS)
@pytest.mark.parametrize("break_after", ["unable_needs_creation", "denied_administrative_query", "granted"])
def test_pdf_table3_broken_over_pages_keeps_every_row(open_bottom, open_top, header, break_after):
    requests = _golden("002_a6b295982b957889")["requests"]
    data = table3_two_pages(requests, break_after, open_bottom, open_top, header)
    report = parse_bytes(data, "break.pdf")
    assert to_golden(report)["requests"] == requests
    assert not [i for i in report.issues if i.code in ("column_placement", "row_missing")]
    last_on_page_1 = report.requests[(break_after, "natural_person")]
    assert last_on_page_1.prov.page == 1 and last_on_page_1.prov.bbox is not None


def _docx_table3_behind_blank_merged_column(requests: dict) -> bytes:
    """A Word table 三 whose first column is empty and merged down every row (python-docx, by hand)."""
    from tests.handmade.pdf_table3_break import ROWS_2021

    document = docx.Document()
    document.add_paragraph("某某市司法局2022年政府信息公开工作年度报告")
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=2 + len(ROWS_2021), cols=1 + 2 + 7)
    table.cell(0, 1).merge(table.cell(1, 2)).text = "本列数据的勾稽关系"
    table.cell(0, 3).text = "自然人"
    table.cell(0, 3).merge(table.cell(1, 3))
    table.cell(0, 4).merge(table.cell(0, 8)).text = "法人或其他组织"
    for k, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        table.cell(1, 4 + k).text = name
    table.cell(0, 9).merge(table.cell(1, 9)).text = "总计"
    for r, (level1, level2, level3, code) in enumerate(ROWS_2021, start=2):
        label = " ".join(t for t in (level2 or level1, level3) if t) or level1
        table.cell(r, 1).merge(table.cell(r, 2)).text = label or "（续）"
        for k, applicant in enumerate(APPLICANT_TYPES):
            value = requests[code][applicant]
            table.cell(r, 3 + k).text = "" if value is None else str(value)
    table.cell(0, 0).merge(table.cell(len(ROWS_2021) + 1, 0))  # the empty first column: one vertical merge
    from io import BytesIO

    buf = BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_blank_first_column_from_a_vertical_merge():
    requests = _golden("002_a6b295982b957889")["requests"]
    requests["granted"]["total"] = None  # a blank 总计 too
    report = parse_bytes(_docx_table3_behind_blank_merged_column(requests), "blank-column.docx")
    assert to_golden(report)["requests"] == requests
    assert report.requests[("new_received", "natural_person")].prov.col == 3


def test_value_under_no_header_column_makes_the_report_partial():
    html = (HANDMADE / "table3_blank_totals.html").read_text(encoding="utf-8")
    # one row prints an eighth number in a column no header names
    html = html.replace("<td><p>258</p></td>", "<td><p>258</p></td>", 1).replace(
        "<td><p>2</p></td><td><p>1</p></td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td><p>3</p></td>",
        "<td><p>2</p></td><td><p>1</p></td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td><td><p>3</p></td><td>9</td>",
    )
    report = parse_bytes(html.encode("utf-8"), "extra.html")
    issues = [i for i in report.issues if i.code == "column_placement"]
    assert issues and "'9'" in issues[0].message and issues[0].prov.col == 10
    assert "partial" == report.status and "not placed" in report.status_reason
    assert _row(report, "carried_forward") == [2, 1, None, None, None, None, 3]  # the rest stays right


def test_table_without_a_header_is_partial_not_guessed():
    html = (HANDMADE / "table3_blank_totals.html").read_text(encoding="utf-8")
    start, end = html.index("<tr>\n   <td colspan=\"3\" rowspan=\"3\""), html.index("<tr>\n   <td colspan=\"3\"><p>一、")
    report = parse_bytes((html[:start] + html[end:]).encode("utf-8"), "headless.html")
    assert all(v.value is None for v in report.requests.values())
    assert report.status == "partial"
    assert any("no table 三 header" in i.message for i in report.issues)


def _blank_one_cell_per_table(golden: dict, rng: random.Random) -> tuple[dict, set]:
    """A copy of ``golden`` with one random printed cell of each table blanked; the blanked cells' keys."""
    doc = json.loads(json.dumps(golden))
    blanked = set()
    entries = [e for e in doc["active_disclosure"] if e["value"] is not None]
    if entries:
        e = rng.choice(entries)
        e["value"] = None
        blanked.add((f"二 {e['item']} {e['category']}", e["metric"]))
    for section, mark in (("requests", "三"), ("appeals", "四")):
        cells = [(r, c) for r, cols in doc[section].items() for c, v in cols.items() if v is not None]
        if cells:
            r, c = rng.choice(cells)
            doc[section][r][c] = None
            blanked.add((f"{mark} {r}", c))
    return doc, blanked


MUTATIONS = [(g, fmt, layout) for g in GOLDENS for fmt, layouts in LAYOUTS.items() for layout in layouts]


@pytest.mark.parametrize(("name", "fmt", "layout"), [pytest.param(*m, id="-".join(m)) for m in MUTATIONS])
def test_blanking_one_cell_changes_no_other_cell(name, fmt, layout):
    """Mutation test: blank one random printed cell in each table; only that cell changes in the parse."""
    golden = _golden(name)
    mutated, blanked = _blank_one_cell_per_table(golden, random.Random(f"{name}-{fmt}-{layout}"))
    data, file_name = render(mutated, fmt, layout)
    report = parse_bytes(data, file_name)
    _, mismatches = compare(mutated, to_golden(report))
    assert not mismatches, [(m.row, m.column, m.expected, m.got) for m in mismatches]
    cells = golden_cells(to_golden(report))
    assert all(cells[key] is None for key in blanked)
