"""Render a report as a Word .docx with python-docx: merged cells as gridSpan/vMerge, or flat tables."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from tests.fixture_render.common import Block, Grid, Style, report_blocks


@dataclass(frozen=True)
class DocxLayout:
    """A document layout: the table style and whether headings use Word's heading styles."""

    style: Style
    heading_styles: bool = False  # headings as Heading 2 paragraphs; else bold 黑体 runs in Normal paragraphs
    blank_first_column: bool = False  # every table behind an empty first column merged down all rows (vMerge)


LAYOUTS: dict[str, DocxLayout] = {
    "merged": DocxLayout(Style(change_words=True)),
    "flat": DocxLayout(
        Style(table2="per-item", table3="flat", table4="rows-flat", change_words=False), heading_styles=True
    ),
    "blank-column": DocxLayout(Style(change_words=True), blank_first_column=True),
    # row labels and headers as real sites print them, in a flat table 三 (（六）其他处理 3、其他 …)
    "label-variants": DocxLayout(
        Style(table3="flat", table4="rows", change_words=False, label_seed="docx-label-variants")
    ),
    # no gridSpan/vMerge anywhere: group labels in the first cell of their group, the rest empty cells
    "unmerged-header": DocxLayout(Style(change_words=True, unmerged=True)),
}


def _set_font(run_or_style, name: str, size: float | None = None, bold: bool = False) -> None:
    """Latin and East Asian font of a run or style (python-docx sets only the Latin one)."""
    font = run_or_style.font
    font.name = name
    if size:
        font.size = Pt(size)
    font.bold = bold or None
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _new_document() -> docx.document.Document:
    """An A4 document with 仿宋 body text, as government offices set it up."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    _set_font(document.styles["Normal"], "仿宋", 12)
    return document


def _paragraph(
    document,
    text: str,
    font: str = "仿宋",
    size: float = 12,
    bold: bool = False,
    align=None,
    indent: bool = False,
):
    """A paragraph of one run."""
    p = document.add_paragraph()
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _set_font(p.add_run(text), font, size, bold)
    return p


def _table(document, grid: Grid) -> None:
    """A grid as a Word table: spans merged (gridSpan across, vMerge down), numbers centred.

    The cells are fetched once, before any merge (``table.cell`` rescans the whole table on every call);
    spans never overlap, so each merge only touches its own cells.
    """
    table = document.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = table._cells  # row-major, one per grid position while nothing is merged
    for span in grid.spans:
        cell = cells[span.row * grid.ncols + span.col]
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if span.col or span.row < grid.header_rows else None
        if span.text:
            _set_font(paragraph.add_run(span.text), "宋体", 9)
    for span in grid.spans:
        if span.rowspan > 1 or span.colspan > 1:
            corner = (span.row + span.rowspan - 1) * grid.ncols + span.col + span.colspan - 1
            cells[span.row * grid.ncols + span.col].merge(cells[corner])


def _block(document, block: Block, layout: DocxLayout) -> None:
    """Add one block to the document."""
    if block.kind == "title":
        _paragraph(document, block.text, "方正小标宋简体", 18, align=WD_ALIGN_PARAGRAPH.CENTER)
    elif block.kind == "heading" and layout.heading_styles:
        document.add_heading(block.text, level=2)
    elif block.kind == "heading":
        _paragraph(document, block.text, "黑体", 14, indent=True)
    elif block.kind == "item":
        _paragraph(document, block.text, "宋体", 10.5, bold=True)
    elif block.kind == "table":
        _table(document, block.grid.with_blank_first_column() if layout.blank_first_column else block.grid)
    elif block.kind == "sign":
        _paragraph(document, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        _paragraph(document, block.text, indent=True)


def render_docx(golden: dict, layout: str) -> bytes:
    """The report as .docx bytes in the named layout."""
    spec = LAYOUTS[layout]
    document = _new_document()
    for block in report_blocks(golden, spec.style):
        _block(document, block, spec)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
