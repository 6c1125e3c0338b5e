"""Round trip: every golden report rendered as HTML, DOCX and PDF in every layout parses back to itself.

The renderings come from tests/fixture_render (real libraries: reportlab, python-docx, HTML strings);
``parse_bytes`` reads them with the production readers and ``compare`` checks every golden cell.
"""

from __future__ import annotations

import io
import json
from functools import cache

import pdfplumber
import pytest

from ingestion.golden import compare, to_golden
from ingestion.parse import parse_bytes
from ingestion.tables.rowparts import squash
from tests.conftest import FIXTURES
from tests.fixture_render import LAYOUTS, render
from tests.fixture_render.pdf import LAYOUTS as PDF_LAYOUTS

GOLDENS = sorted(p.stem for p in FIXTURES.glob("*.json"))
CASES = [(g, fmt, layout) for g in GOLDENS for fmt, layouts in LAYOUTS.items() for layout in layouts]

# Round trips that fail because of a reader/parser defect, not the rendering (see the reasons); strict, so
# the case reports XPASS-as-failure once the defect is fixed and the entry must be removed.
@cache
def golden(name: str) -> dict:
    """A golden file, loaded once."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "fmt", "layout"), [pytest.param(*c, id="-".join(c)) for c in CASES])
def test_round_trip(name: str, fmt: str, layout: str):
    expected = golden(name)
    data, file_name = render(expected, fmt, layout)
    assert file_name.endswith(f".{fmt}")
    report = parse_bytes(data, file_name)
    assert report.file_format == fmt
    compared, mismatches = compare(expected, to_golden(report))
    assert compared > 0
    assert not mismatches, (
        "\n".join(f"{m.row} / {m.column}: expected {m.expected!r}, got {m.got!r}" for m in mismatches)
        + f"\nstatus={report.status} issues={[i.code for i in report.issues]}"
    )


def test_every_format_has_two_layouts():
    assert set(LAYOUTS) == {"html", "docx", "pdf"}
    assert all(len(layouts) >= 2 for layouts in LAYOUTS.values())
    # labels as sites print them (ingestion/tables/label_variants.py) and grids drawn without merges
    assert all({"label-variants", "unmerged-header"} <= set(layouts) for layouts in LAYOUTS.values())


NEW_IN_16 = [(g, fmt, layout) for g, fmt, layout in CASES if layout in ("label-variants", "unmerged-header")]


@pytest.mark.parametrize(("name", "fmt", "layout"), [pytest.param(*c, id="-".join(c)) for c in NEW_IN_16])
def test_varied_labels_and_unmerged_headers_leave_nothing_out(name: str, fmt: str, layout: str):
    """Every row found and every value placed: the report is ``parsed``, not ``partial``."""
    data, file_name = render(golden(name), fmt, layout)
    report = parse_bytes(data, file_name)
    assert report.status == "parsed", report.status_reason


def _page_of(pages: list[str], text: str) -> int:
    """The first page whose text contains ``text``."""
    return next(i for i, page in enumerate(pages) if text in page)


@pytest.mark.parametrize("layout", LAYOUTS["pdf"])
def test_pdf_table3_breaks_over_two_pages(layout: str):
    data, _ = render(golden("huaian-hongze-2024"), "pdf", layout)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [squash(page.extract_text() or "") for page in pdf.pages]  # labels may print spaced or numbered
    first, last = _page_of(pages, "本年新收"), _page_of(pages, "结转下年度")
    assert last == first + 1
    assert ("法律服务" in pages[last]) == PDF_LAYOUTS[layout].repeat_header  # header repeated, or not


def test_values_print_as_in_the_golden():
    doc = golden("000_ebdc43335ec79637")
    text = render(doc, "html", "merged")[0].decode()
    assert "60.1733" in text and "采购总金额（单位：万元）" in text
    text = render(golden("004_a74a5277592e0a31"), "html", "flat")[0].decode()
    assert "<td>-2</td>" in text and "（单位" not in text
    assert "增 2" in render(golden("001_a9a3d7926273398a"), "html", "merged")[0].decode()


def test_render_rejects_unknown_names():
    with pytest.raises(ValueError):
        render(golden("huaian-hongze-2024"), "xls", "merged")
    with pytest.raises(ValueError):
        render(golden("huaian-hongze-2024"), "pdf", "nope")
