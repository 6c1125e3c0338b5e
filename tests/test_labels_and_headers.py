"""Row labels and header grids as real sites print them (issue 16, item 3).

- Every label variant listed in ingestion/tables/label_variants.py reads back as its row (the parser side),
  and the ``label-variants`` fixture layouts print every one of them (the generator side): one table drives
  both, and tests/test_round_trip.py checks those layouts cell by cell.
- A header drawn without merges (行政复议 in the first ruled cell of its group, blank cells after it) names
  the same columns as a merged one; when it could be read two ways, nothing is placed by guess.
- A hand-typed city page (tests/handmade/html_city_2024.html: ``3、其他`` sub-rows, an unmerged table 四
  header) equals its hand-written golden.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingestion.codes import OUTCOMES, PROCEEDINGS, REQUEST_ROWS_2019, REQUEST_ROWS_2021
from ingestion.golden import compare, to_golden
from ingestion.model import Cell, Provenance, Row
from ingestion.parse import parse_bytes
from ingestion.readers.docx import read_docx
from ingestion.readers.html import read_html
from ingestion.readers.pdf import read_pdf
from ingestion.tables import label_variants as lv
from ingestion.tables.columns import maps_in_force
from ingestion.tables.table3_header import applicant_of, is_table3_header
from ingestion.tables.table3_labels import request_row_code
from ingestion.tables.table4_header import is_table4_header, outcome_of, proceeding_of, table4_columns
from tests.conftest import FIXTURES
from tests.fixture_render import docx as docx_render
from tests.fixture_render import html as html_render
from tests.fixture_render import pdf as pdf_render
from tests.fixture_render import render
from tests.fixture_render.html import HtmlLayout
from tests.fixture_render.model import Style, labels_of
from tests.fixture_render.tables import APPLICANT_LABELS, OUTCOME_LABELS, request_path

HANDMADE = Path(__file__).parent / "handmade"
GOLDENS = sorted(p.stem for p in FIXTURES.glob("*.json"))
VARIANT_LAYOUTS = {
    "html": html_render.LAYOUTS["label-variants"].style,
    "docx": docx_render.LAYOUTS["label-variants"].style,
    "pdf": pdf_render.LAYOUTS["label-variants"].style,
}


def _golden(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def _label_parts(code: str) -> tuple[str, ...]:
    """The template's label levels of a row (the 2021 sub-rows for other_* rows, else one (六) row)."""
    rows = REQUEST_ROWS_2021 if code.startswith("other_") else REQUEST_ROWS_2019
    path = request_path(code, list(rows))
    return path[1:] if len(path) > 1 else path


def _variants_of(label: str, note: bool = True):
    """Every variant of one label the table lists: numberings x brackets x gaps (a few places) x notes."""
    level, _, wording = lv.split_numbering(label)
    numberings = {"block": lv.BLOCK_NUMBERINGS, "group": lv.GROUP_NUMBERINGS, "item": lv.ITEM_NUMBERINGS}
    places = sorted({0, 1, len(wording) // 2, max(len(wording) - 1, 0)})
    notes = [""] + ([n.format(u=u) for n in lv.NOTES for u in lv.NOTE_UNITS] if note else [])
    for numbering in numberings.get(level, (None,)):
        for brackets in lv.BRACKETS:
            for gap in ("", *lv.GAPS):
                for at in places if gap else [0]:
                    for printed_note in notes:
                        yield lv.Variant(numbering, brackets, gap, at, printed_note)


# ---- the parser reads every variant ---------------------------------------------------------------


@pytest.mark.parametrize("code", REQUEST_ROWS_2021)
def test_every_listed_variant_of_a_row_label_reads_as_its_row(code):
    """Each level of the label printed in every listed variant, the others as the template prints them."""
    parts = _label_parts(code)
    for k, part in enumerate(parts):
        for variant in _variants_of(part):
            printed = [*parts[:k], lv.print_variant(part, variant), *parts[k + 1 :]]
            # as one label cell (flat tables), and the item alone (its group merged over it, printed above)
            labels = [" ".join(printed)] + ([printed[-1]] if k == len(parts) - 1 and len(parts) > 1 else [])
            for label in labels:
                assert request_row_code(label) == code, (label, variant)


@pytest.mark.parametrize(
    "label",
    ["3、其他", "3.其他", "３．其他", "３、其他", "（3）其他", "(3)其他", "⑶其他", "⒊其他", "3 其他", "其他", "3、其 他（单位：件）"],
)
def test_the_third_other_handling_sub_row_in_any_numbering(label):
    """Defect 1 of issue 16: a 2024 city report printed ``3、其他``; the label table knew ``3.其他`` only."""
    assert request_row_code(label) == "other_handling"
    assert request_row_code("（六）其他处理 " + label) == "other_handling"


def test_one_row_other_handling_and_its_sub_rows():
    """(六) as one row (2019, and 2021 reports keeping it) is other_handling; its 2021 sub-rows are their own."""
    assert request_row_code("（六）其他处理") == "other_handling"
    assert request_row_code("(六)其他处理") == "other_handling"
    assert request_row_code("其他处理") == "other_handling"
    assert request_row_code("（六）其他处理 1、申请人无正当理由逾期不补正") == "other_overdue_correction"
    assert request_row_code("2、申请人逾期未按收费通知要求缴纳费用") == "other_unpaid_fee"


def test_numbers_inside_wording_and_header_texts_are_left_alone():
    """Only item numbers fold: amounts, years and a header's 其他 column are not row labels."""
    assert lv.canonical_label("2019、2020年") == "2019、2020年"
    assert lv.canonical_label("本年收费金额（单位：万元）") == "本年收费金额(单位:万元)"  # an amount's unit is kept
    assert request_row_code("自然人 商业企业 其他 总计") is None
    assert request_row_code("法人或其他组织") is None


@pytest.mark.parametrize("header", [*APPLICANT_LABELS, *OUTCOME_LABELS, "行政复议", "未经复议直接起诉", "复议后起诉"])
def test_header_texts_read_with_gaps_and_brackets(header):
    """Header cells spaced or wrapped anywhere still name their column."""
    expected = applicant_of(header) or outcome_of(header) or proceeding_of(header)
    assert expected is not None
    for variant in _variants_of(header, note=False):
        printed = lv.print_variant(header, variant)
        assert (applicant_of(printed) or outcome_of(printed) or proceeding_of(printed)) == expected, printed


# ---- the generator prints every variant -----------------------------------------------------------


def _printed_variants() -> list[tuple[str, lv.Variant]]:
    """(template label, variant) of every table 三 label the label-variants layouts print, over all goldens."""
    out = []
    for name in GOLDENS:
        golden = _golden(name)
        codes = list(golden["requests"])
        for style in VARIANT_LAYOUTS.values():
            labels = labels_of(golden, style)
            for code in codes:
                for part in request_path(code, codes, style.long_labels):
                    out.append((part, lv.choose_variant(part, labels.row_seed(part))))
    return out


def test_label_variant_layouts_print_every_listed_variant():
    """Every numbering of every level, both bracket widths, every gap and every note form is printed."""
    printed = _printed_variants()
    by_level: dict[str, set] = {}
    for label, variant in printed:
        by_level.setdefault(lv.split_numbering(label)[0], set()).add(variant.numbering)
    assert by_level["block"] >= set(lv.BLOCK_NUMBERINGS)
    assert by_level["group"] >= set(lv.GROUP_NUMBERINGS)
    assert by_level["item"] >= set(lv.ITEM_NUMBERINGS)
    assert {v.brackets for _, v in printed} == set(lv.BRACKETS)
    assert {v.gap for _, v in printed} >= set(lv.GAPS)
    notes = {v.note for _, v in printed if v.note}
    assert all(any(n.replace("{u}", "") in note.replace(u, "") for note in notes for u in lv.NOTE_UNITS) for n in lv.NOTES)


def test_other_handling_prints_as_the_golden_has_it():
    """2021 goldens print (六) as three sub-rows (3.其他 is other_handling), 2019 goldens as one row."""
    for name in GOLDENS:
        codes = list(_golden(name)["requests"])
        path = request_path("other_handling", codes)
        assert path[-1] == (lv.OTHER_HANDLING_ITEM if "other_unpaid_fee" in codes else lv.OTHER_HANDLING_GROUP)


# ---- headers drawn without merges -------------------------------------------------------------------

READERS = {"html": read_html, "docx": read_docx, "pdf": read_pdf}
MERGED = {"html": "merged", "docx": "merged", "pdf": "ruled"}


def _table4_map(data: bytes, fmt: str):
    """The column map in force at table 四's row of values."""
    rows = READERS[fmt](data, f"x.{fmt}").rows
    maps = maps_in_force(rows, is_table4_header, table4_columns)
    values = next(i for i, r in enumerate(rows) if r.is_table and sum(c.text.isdigit() for c in r.cells) >= 15)
    return maps[values]


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_unmerged_table4_header_names_the_merged_columns(fmt):
    """The same fifteen (proceeding, outcome) columns, left to right, none doubtful."""
    golden = _golden("huaian-hongze-2024")
    merged = _table4_map(render(golden, fmt, MERGED[fmt])[0], fmt)
    unmerged = _table4_map(render(golden, fmt, "unmerged-header")[0], fmt)
    expected = [(p, o) for p in PROCEEDINGS for o in OUTCOMES]
    assert merged.keys == expected
    assert unmerged.keys == expected
    assert not any(c.doubt for c in unmerged.columns)


def _table4_page(header: list[list[str]], values: list[str]) -> bytes:
    """A page with a table 四 typed as header rows (\"\" for an empty ruled cell) and one row of values."""
    cells = lambda row: "".join(f"<td>{t or '&nbsp;'}</td>" for t in row)  # noqa: E731
    rows = "".join(f"<tr>{cells(r)}</tr>" for r in [*header, values])
    return (
        '<html><head><meta charset="utf-8"><title>某县2024年政府信息公开工作年度报告</title></head><body>'
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
        f'<table border="1">{rows}</table></body></html>'
    ).encode()


_OUTCOMES_PRINTED = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
_VALUES = [str(v) for v in range(1, 16)]


def test_unmerged_table4_header_typed_by_hand_is_read():
    """行政复议 / 行政诉讼 / 未经复议直接起诉 / 复议后起诉 each in the first cell of their group."""
    header = [
        ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
        [*_OUTCOMES_PRINTED, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        [*[""] * 5, *_OUTCOMES_PRINTED * 2],
    ]
    report = parse_bytes(_table4_page(header, _VALUES), "x.html")
    got = [report.appeals[(p, o)].value for p in PROCEEDINGS for o in OUTCOMES]
    assert got == list(range(1, 16))
    assert not [i for i in report.issues if i.table == "table4"]


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(
            [
                ["", "", "行政复议", "", "", "", "", "行政诉讼", *[""] * 7],
                [*_OUTCOMES_PRINTED, "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", ""],
                [*[""] * 5, *_OUTCOMES_PRINTED * 2],
            ],
            id="group-labels-centred",
        ),
        pytest.param(
            [
                ["行政复议", "", "", "", "行政诉讼", *[""] * 10],
                [*_OUTCOMES_PRINTED, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
                [*[""] * 5, *_OUTCOMES_PRINTED * 2],
            ],
            id="group-one-cell-short",
        ),
    ],
)
def test_unmerged_header_read_two_ways_places_nothing_by_guess(header):
    """A group label that is not in the first cell of exactly its group: partial with the reason, no number
    under another column than the one printed."""
    report = parse_bytes(_table4_page(header, _VALUES), "x.html")
    expected = dict(zip([(p, o) for p in PROCEEDINGS for o in OUTCOMES], range(1, 16), strict=True))
    placed = {k: v.value for k, v in report.appeals.items() if v.value is not None}
    assert all(expected[k] == v for k, v in placed.items()), placed
    assert len(placed) < 15
    assert report.status == "partial"
    assert any("read more than one way" in i.message for i in report.issues if i.table == "table4")


@pytest.mark.parametrize("table4", ["rows", "rows-flat", "template"])
@pytest.mark.parametrize("name", GOLDENS)
def test_unmerged_and_varied_table4_in_every_shape(name, table4):
    """Table 四 in every shape, drawn without merges and with varied labels: every cell as the golden has it
    (001's blank 行政复议 row, a label followed by blank cells, is a row label, not a group over them)."""
    golden = _golden(name)
    style = Style(table4=table4, table3="flat", unmerged=True, label_seed=f"unmerged-{table4}")
    data = html_render.render_layout(golden, HtmlLayout(style))
    report = parse_bytes(data, "x.html")
    _, mismatches = compare(golden, to_golden(report))
    assert mismatches == []


def _row(*texts: str) -> Row:
    cells = [Cell(t, Provenance(table=0, row=0, col=c)) for c, t in enumerate(texts)]
    return Row(cells, Provenance(table=0, row=0), is_table=True)


def test_a_bare_total_or_other_row_printing_nothing_is_not_a_header():
    """（七）总计 and 3.其他 printed without their number and without values are rows, not header cells."""
    assert not is_table3_header(_row("", "总计", "", "", "", ""))
    assert not is_table3_header(_row("", "其他", "", "", ""))
    assert is_table3_header(_row("项目", "自然人", "商业企业", "其他", "总计"))
    assert is_table3_header(_row("", "自然人", "法人或其他组织", "总计"))


# ---- a page typed by hand -------------------------------------------------------------------------


def test_handmade_city_page_equals_its_golden():
    """``3、其他`` sub-rows and an unmerged table 四 header, as a city CMS publishes a Word report."""
    page = HANDMADE / "html_city_2024.html"
    golden = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    report = parse_bytes(page.read_bytes(), page.name)
    compared, mismatches = compare(golden, to_golden(report))
    assert compared == 204
    assert mismatches == []
    assert report.status == "parsed", report.status_reason
    assert report.requests[("other_handling", "total")].raw == "2"
