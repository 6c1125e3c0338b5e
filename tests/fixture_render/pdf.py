"""Render a report as a text-layer PDF with reportlab (built-in STSong-Light CID font).

Table 三 is printed over two pages (a page break in its middle), with or without its header repeated on
the continuation page; tables are ruled (GRID) or unruled (text aligned in columns).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from tests.fixture_render.common import Block, Grid, Style, report_blocks, title_of

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
MARGIN = 56.0
WIDTH = A4[0] - 2 * MARGIN
PADDING = 2.0  # a table cell's left and right padding


@dataclass(frozen=True)
class PdfLayout:
    """A PDF layout: table style, rulings, and how table 三 continues on its second page."""

    style: Style
    ruled: bool = True
    repeat_header: bool = True  # table 三's header rows printed again on the continuation page
    table_size: float = 8.0
    # header texts longer than four characters broken after the fourth (社会公益/组织), as narrow columns print
    break_headers: bool = False
    # table 三 breaks after this row's label instead of mid-way, and the grid is left open at the break: no
    # ruling under the last row of the first page nor over the first row of the next (as Word and WPS print)
    open_break_after: str | None = None


LAYOUTS: dict[str, PdfLayout] = {
    "ruled": PdfLayout(Style(change_words=True), ruled=True, repeat_header=True),
    "ruled-flat": PdfLayout(
        Style(table2="per-item", table3="flat", table4="rows", change_words=False),
        ruled=True,
        repeat_header=False,
    ),
    "ruled-open-break": PdfLayout(
        Style(change_words=True), ruled=True, repeat_header=False, open_break_after="没有现成信息需要另行制作"
    ),
    "unruled": PdfLayout(
        Style(table3="flat", table4="rows-flat", change_words=False, long_labels=False),
        ruled=False,
        repeat_header=True,
        table_size=7.5,
        break_headers=True,
    ),
    # row labels and headers as real sites print them, in ruled cells (a line break wraps a cell's text)
    "label-variants": PdfLayout(
        Style(table2="per-item", table4="rows-flat", change_words=False, label_seed="pdf-label-variants"),
        ruled=True,
        repeat_header=True,
    ),
    # every table ruled without merged cells: 行政复议 in the first ruled cell of its group, the rest blank
    "unmerged-header": PdfLayout(Style(change_words=True, unmerged=True), ruled=True, repeat_header=True),
}


def _style(
    name: str, size: float, align: int = TA_LEFT, indent: bool = False, leading: float = 1.5
) -> ParagraphStyle:
    """A paragraph style in the CID font; CJK wrapping."""
    return ParagraphStyle(
        name,
        fontName=FONT,
        fontSize=size,
        leading=size * leading,
        alignment=align,
        firstLineIndent=2 * size if indent else 0,
        wordWrap="CJK",
        spaceAfter=size * 0.4,
    )


def _title(text: str) -> Paragraph:
    """The title on one centred line, its size shrunk to fit long agency names."""
    size = min(18.0, WIDTH / max(len(text), 1) - 0.5)
    return Paragraph(escape(text), _style("title", size, TA_CENTER, leading=2.0))


def _cell(
    text: str, size: float, label: bool, break_at: int | None = None, width: float | None = None
) -> Paragraph | str:
    """A table cell: a wrapping paragraph (labels left, headers and numbers centred), broken after ``break_at``
    characters (a line break in ``text`` breaks the line too).

    Given the cell's ``width``, the font shrinks until no line runs past it: reportlab keeps a closing
    bracket (``）``) on the line it ends rather than start a line with it, and the overflowing character
    would be read as part of the next cell.
    """
    if not text:
        return ""
    markup = escape(text).replace("\n", "<br/>")
    if break_at and len(text) > break_at and " " not in text:
        markup = f"{escape(text[:break_at])}<br/>{escape(text[break_at:])}"
    while True:
        paragraph = Paragraph(markup, _style("cell", size, TA_LEFT if label else TA_CENTER, leading=1.25))
        if width is None or size <= 4 or not _overflows(paragraph, width):
            return paragraph
        size -= 0.5


def _overflows(paragraph: Paragraph, width: float) -> bool:
    """True when a line of ``paragraph`` wrapped to ``width`` is wider than ``width``."""
    paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    return any((line[0] if isinstance(line, tuple) else line.extraSpace) < -0.01 for line in lines)


def _label_columns(grid: Grid) -> int:
    """How many leading columns hold row labels (the rest hold numbers)."""
    return {"table3": grid.ncols - 7, "table4": grid.ncols - 5 if grid.ncols < 15 else 0}.get(grid.name, 1)


def _rulings(open_top: bool, open_bottom: bool) -> list[tuple]:
    """A full grid, or one without its outer top or bottom ruling (a table left open at a page break)."""
    if not (open_top or open_bottom):
        return [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
    commands = [
        ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("LINEBEFORE", (0, 0), (0, -1), 0.5, colors.black),
        ("LINEAFTER", (-1, 0), (-1, -1), 0.5, colors.black),
    ]
    if not open_top:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black))
    if not open_bottom:
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.black))
    return commands


def _table(grid: Grid, layout: PdfLayout, open_top: bool = False, open_bottom: bool = False) -> Table:
    """A grid as a reportlab Table with SPAN commands, ruled or not (optionally open at the top or bottom)."""
    labels = _label_columns(grid)
    total = sum(grid.widths)
    widths = [WIDTH * w / total for w in grid.widths]
    spans = {(span.row, span.col): span.colspan for span in grid.spans}
    data = [
        [
            _cell(
                text,
                layout.table_size,
                c < labels and r >= grid.header_rows,
                4 if layout.break_headers and r < grid.header_rows else None,
                sum(widths[c : c + spans.get((r, c), 1)]) - 2 * PADDING,
            )
            for c, text in enumerate(row)
        ]
        for r, row in enumerate(grid.matrix())
    ]
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, layout.table_size),
        ("VALIGN", (0, 0), (-1, -1), "TOP" if not layout.ruled else "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
    commands += [
        ("SPAN", (s.col, s.row), (s.col + s.colspan - 1, s.row + s.rowspan - 1))
        for s in grid.spans
        if s.rowspan > 1 or s.colspan > 1
    ]
    if layout.ruled:
        commands += _rulings(open_top, open_bottom)
    return Table(data, colWidths=widths, style=TableStyle(commands))


def _split_table(grid: Grid, layout: PdfLayout) -> list:
    """Table 三 as two tables with a page break between; the second repeats the header when the layout does."""
    split = grid.split_at or grid.nrows
    opened = layout.open_break_after is not None
    if opened:
        split = 1 + next(s.row for s in grid.spans if layout.open_break_after in s.text)
    header = list(range(grid.header_rows)) if layout.repeat_header else []
    first = _table(grid.take(list(range(split))), layout, open_bottom=opened)
    second = _table(grid.take(header + list(range(split, grid.nrows))), layout, open_top=opened and not header)
    height = first.wrap(WIDTH, A4[1])[1]
    return [CondPageBreak(height + 12), first, PageBreak(), second]


def _flowables(block: Block, layout: PdfLayout) -> list:
    """The flowables of one block."""
    if block.kind == "title":
        return [_title(block.text), Spacer(1, 6)]
    if block.kind == "heading":
        return [Paragraph(escape(block.text), _style("h", 14, indent=True))]
    if block.kind == "item":
        return [Paragraph(escape(block.text), _style("item", 10))]
    if block.kind == "table" and block.grid.name == "table3" and block.grid.split_at:
        return [*_split_table(block.grid, layout), Spacer(1, 8)]
    if block.kind == "table":
        return [_table(block.grid, layout), Spacer(1, 8)]
    if block.kind == "sign":
        return [Paragraph(escape(block.text), _style("sign", 12, TA_RIGHT))]
    return [Paragraph(escape(block.text), _style("p", 12, indent=True))]


def _page_number(canvas, doc) -> None:
    """``- n -`` centred in the bottom margin, as offices print it."""
    canvas.setFont(FONT, 10)
    canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")


def render_pdf(golden: dict, layout: str) -> bytes:
    """The report as PDF bytes in the named layout."""
    spec = LAYOUTS[layout]
    story = [f for block in report_blocks(golden, spec.style) for f in _flowables(block, spec)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title_of(golden),
        author=golden.get("agency_name") or "",
    )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()
