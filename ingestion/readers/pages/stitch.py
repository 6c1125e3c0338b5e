"""The stitcher: a document's raw pages (text layer or OCR) -> one row stream, in reading order.

Format-agnostic: it sees only the page model (ingestion/readers/pages/model.py), so PDFs read from their
text layer and scans read by OCR go through the same layout decisions. Per page: page furniture (page
numbers, running heads and feet) is dropped, runs of lines whose words sit in columns become tables
(unruled tables), and justified lines wrapped at the margin are joined into paragraphs. Across pages:
tables are numbered, and a table continued from the previous page keeps its table index and row numbering
and loses a header row repeated from the first page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.model import Cell, Issue, Provenance, Row, RowStream
from ingestion.readers.encoding import join_wrapped
from ingestion.readers.pages.model import BBox, Line, RawPage, Table

MARGIN_SHARE = 0.12  # top/bottom share of the page where page numbers live
RUNNING_SHARE = 0.08  # top/bottom share where a line repeated on several pages is a running head/foot
ROW_PITCH_SLACK = 1.3  # a line further below the previous one than this many row pitches ends a table
MAX_BRIDGE = 3  # label-only lines in a row that an unruled table may contain
FULL_LINE_EM = 1.5  # a line ending this close (in font sizes) to the right margin runs on
INDENT_EM = 0.5  # a line starting this far right of the left margin starts a paragraph
LINE_GAP_EM = 1.0  # a paragraph's lines are closer than this (in font sizes) vertically
CONTINUATION_SLACK = 3.0  # points: a table continued overleaf starts and ends this close to the first part

# A line opening with a section/sub-section number starts a paragraph, wherever the line above ended.
_HEADING_START = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_PAGE_NUMBER = re.compile(
    r"^[-—–_·\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–_·\s]*$"
)


@dataclass
class _PageItems:
    """What one page contributes, in reading order: prose lines and tables."""

    number: int
    items: list[Line | Table] = field(default_factory=list)


# ---- page furniture ----------------------------------------------------------------------------


def _in_margin(line: Line, height: float, share: float) -> bool:
    """True when the line lies in the top or bottom ``share`` of the page."""
    return line.bottom < height * share or line.top > height * (1 - share)


def _furniture_key(line: Line) -> str:
    """A margin line's text with numbers masked: '第 3 页' and '第 4 页' are the same furniture."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _running_texts(pages: list[RawPage]) -> set[str]:
    """Texts printed in the outer margins of two or more pages: running heads and feet."""
    seen: dict[str, set[int]] = {}
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page.height, RUNNING_SHARE):
                seen.setdefault(_furniture_key(line), set()).add(page.number)
    return {text for text, numbers in seen.items() if len(numbers) >= 2}


def _is_furniture(line: Line, height: float, running: set[str]) -> bool:
    """Page numbers and running heads/feet: page furniture, not report content.

    Dropped because they would otherwise sit between the rows of a table continued on the next page.
    """
    if _in_margin(line, height, MARGIN_SHARE) and _PAGE_NUMBER.match(line.text):
        return True
    return _in_margin(line, height, RUNNING_SHARE) and _furniture_key(line) in running


# ---- paragraphs ----------------------------------------------------------------------------------


def _runs_on(line: Line, following: Line, left: float, right: float) -> bool:
    """True when ``following`` continues the paragraph of ``line`` (justified text wrapped at the margin)."""
    if len(line.segments) != 1 or len(following.segments) != 1:
        return False
    size = line.bottom - line.top
    same_size = abs(size - (following.bottom - following.top)) <= 0.15 * size
    reaches_margin = line.bbox[2] >= right - FULL_LINE_EM * size
    flush_left = following.bbox[0] <= left + INDENT_EM * size
    close = following.top - line.bottom <= LINE_GAP_EM * size
    heading = _HEADING_START.match(following.text) is not None
    return same_size and reaches_margin and flush_left and close and not heading


def _merge(lines: list[Line]) -> Line:
    """One paragraph from its printed lines."""
    box = (min(ln.bbox[0] for ln in lines), lines[0].top, max(ln.bbox[2] for ln in lines), lines[-1].bottom)
    return Line(lines[0].top, lines[-1].bottom, [(box, join_wrapped([ln.text for ln in lines]))])


def _paragraphs(items: list[Line | Table]) -> list[Line | Table]:
    """Join consecutive prose lines into paragraphs, so sentences wrapped over lines stay whole."""
    prose = [it for it in items if isinstance(it, Line) and len(it.segments) == 1]
    if not prose:
        return items
    left = min(ln.bbox[0] for ln in prose)
    right = max(ln.bbox[2] for ln in prose)
    at_margin = sum(1 for ln in prose if ln.bbox[2] >= right - FULL_LINE_EM * (ln.bottom - ln.top))
    if at_margin < 2:
        return items  # no justified text block on this page: the margin is unknown, keep lines apart
    out: list[Line | Table] = []
    group: list[Line] = []
    for item in items:
        if isinstance(item, Line) and group and _runs_on(group[-1], item, left, right):
            group.append(item)
            continue
        if group:
            out.append(_merge(group))
            group = []
        if isinstance(item, Line):
            group.append(item)
        else:
            out.append(item)
    if group:
        out.append(_merge(group))
    return out


# ---- unruled tables (text aligned in columns) ---------------------------------------------------------


def _column_anchors(lines: list[Line]) -> list[tuple[float, float]]:
    """Column x-ranges from the lines with the most cells, overlapping ranges merged."""
    most = max(len(ln.segments) for ln in lines)
    spans = sorted((b[0], b[2]) for ln in lines if len(ln.segments) == most for b, _ in ln.segments)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _column_of(box: BBox, anchors: list[tuple[float, float]]) -> int:
    """The anchor column a segment overlaps most (nearest by centre when it overlaps none)."""
    overlaps = [min(box[2], x1) - max(box[0], x0) for x0, x1 in anchors]
    best = max(range(len(anchors)), key=lambda k: overlaps[k])
    if overlaps[best] > 0:
        return best
    centre = (box[0] + box[2]) / 2
    return min(range(len(anchors)), key=lambda k: abs((anchors[k][0] + anchors[k][1]) / 2 - centre))


def _aligned_table(lines: list[Line]) -> Table:
    """Rebuild a table from lines whose words sit in columns."""
    anchors = _column_anchors(lines)
    cells: list[list[tuple[str, BBox]]] = []
    for line in lines:
        row: list[tuple[str, BBox]] = [("", (x0, line.top, x1, line.bottom)) for x0, x1 in anchors]
        for box, text in line.segments:
            k = _column_of(box, anchors)
            previous = row[k][0]
            row[k] = (f"{previous} {text}" if previous else text, box)
        cells.append(row)
    left, right = anchors[0][0], anchors[-1][1]
    boxes = [(left, ln.top, right, ln.bottom) for ln in lines]
    return Table(top=lines[0].top, ncols=len(anchors), cells=cells, row_boxes=boxes, ruled=False)


def _row_pitch(lines: list[Line], multi: list[bool]) -> float:
    """The usual distance between the tops of two consecutive multi-cell lines (table rows) on a page."""
    pairs = zip(lines, lines[1:], multi, multi[1:], strict=False)
    pitches = sorted(b.top - a.top for a, b, ma, mb in pairs if ma and mb)
    if pitches:
        return pitches[len(pitches) // 2]
    return 2.2 * max((ln.bottom - ln.top for ln in lines), default=10.0)


def _label_only(line: Line, first: Line) -> bool:
    """A one-cell line of the same size printed left of the second column of ``first`` (a label row).

    Such rows are tables' headings (第二十条第（五）项) or rows whose values are all blank.
    """
    size = first.bottom - first.top
    same_size = abs((line.bottom - line.top) - size) <= 0.15 * size
    return len(line.segments) == 1 and same_size and line.bbox[2] < first.segments[1][0][0]


def _aligned_runs(lines: list[Line]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of runs of lines forming a table without rulings.

    A run starts at a multi-cell line and goes on while lines keep the row pitch; up to MAX_BRIDGE
    label-only lines in a row are kept when a multi-cell line follows them. A run needs two multi-cell lines.
    """
    multi = [len(ln.segments) >= 2 for ln in lines]
    limit = ROW_PITCH_SLACK * _row_pitch(lines, multi)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not multi[i]:
            i += 1
            continue
        last_multi = j = i
        while j + 1 < len(lines) and lines[j + 1].top - lines[j].top <= limit:
            j += 1
            if multi[j]:
                last_multi = j
            elif j - last_multi > MAX_BRIDGE or not _label_only(lines[j], lines[i]):
                break
        end = last_multi + 1
        if sum(multi[i:end]) >= 2:
            runs.append((i, end))
        i = end
    return runs


def _lines_and_aligned_tables(lines: list[Line]) -> list[Line | Table]:
    """Replace runs of column-aligned lines by tables; other lines stay prose."""
    out: list[Line | Table] = []
    position = 0
    for start, end in _aligned_runs(lines):
        out.extend(lines[position:start])
        out.append(_aligned_table(lines[start:end]))
        position = end
    out.extend(lines[position:])
    return out


# ---- one page ------------------------------------------------------------------------------------


def _page_items(page: RawPage, running: set[str]) -> _PageItems:
    """Tables (ruled and aligned) and paragraphs of one page, top to bottom, furniture removed."""
    lines = [ln for ln in page.lines if not _is_furniture(ln, page.height, running)]
    items: list[Line | Table] = [*page.tables, *_lines_and_aligned_tables(lines)]
    items.sort(key=lambda item: item.top)
    return _PageItems(page.number, _paragraphs(items))


# ---- stitching pages into one stream ----------------------------------------------------------------


def _row_texts(row: list[tuple[str, BBox]]) -> list[str]:
    """The texts of a table row."""
    return [t for t, _ in row]


def _repeated_header(first: Table, continued: Table) -> int:
    """How many leading rows of ``continued`` repeat the leading rows of ``first`` (never all of them)."""
    n = 0
    while (
        n < len(first.cells)
        and n < len(continued.cells) - 1
        and _row_texts(first.cells[n]) == _row_texts(continued.cells[n])
    ):
        n += 1
    return n


def _table_rows(table: Table, page: int, index: int, first_row: int, skip: int) -> RowStream:
    """Table rows with provenance; ``skip`` leading rows (a repeated header) are left out."""
    rows: RowStream = []
    for offset, (row, box) in enumerate(zip(table.cells[skip:], table.row_boxes[skip:], strict=True)):
        r = first_row + offset
        conf = table.confidence[skip + offset] if table.confidence else [None] * len(row)
        cells = [
            Cell(text, Provenance(page=page, bbox=_round(bbox), table=index, row=r, col=c), conf[c])
            for c, (text, bbox) in enumerate(row)
        ]
        rows.append(Row(cells, Provenance(page=page, bbox=_round(box), table=index, row=r), is_table=True))
    return rows


def _prose_row(line: Line, page: int) -> Row:
    """A prose line as a one-cell row."""
    prov = Provenance(page=page, bbox=_round(line.bbox))
    return Row([Cell(line.text, prov)], prov, is_table=False)


def _round(bbox: BBox) -> BBox:
    """Bounding boxes to 0.01 pt: enough to find the text, stable across runs."""
    return tuple(round(v, 2) for v in bbox)  # type: ignore[return-value]


def _same_width(first: Table, continued: Table) -> bool:
    """True when two tables share their left and right edges (one table continued on the next page).

    Column counts may differ: a merged label column that ended on the first page, a header printed only
    there. The values are placed by the header's x-ranges, so the edges are what must agree.
    """
    if first.ncols == continued.ncols:
        return True
    a, b = first.row_boxes[0], continued.row_boxes[0]
    return abs(a[0] - b[0]) <= CONTINUATION_SLACK and abs(a[2] - b[2]) <= CONTINUATION_SLACK


@dataclass
class _Stitcher:
    """Walks the pages' items in order, numbering tables and joining tables continued over a page break."""

    rows: RowStream = field(default_factory=list)
    tables: int = 0
    open_table: Table | None = None  # the first part of the table that ended the previous item
    next_row: int = 0

    def add_page(self, page: _PageItems) -> None:
        """Append one page's rows."""
        for position, item in enumerate(page.items):
            if isinstance(item, Line):
                self.rows.append(_prose_row(item, page.number))
                self.open_table = None
                continue
            continues = position == 0 and self.open_table is not None and _same_width(self.open_table, item)
            if continues:
                skip = _repeated_header(self.open_table, item)
            else:
                self.tables += 1
                self.open_table, self.next_row, skip = item, 0, 0
            self.rows.extend(_table_rows(item, page.number, self.tables - 1, self.next_row, skip))
            self.next_row += len(item.cells) - skip


def _unruled_issue(pages: list[_PageItems]) -> list[Issue]:
    """An info issue naming the pages where tables were rebuilt from text alignment."""
    numbers = sorted({p.number for p in pages for it in p.items if isinstance(it, Table) and not it.ruled})
    if not numbers:
        return []
    where = ", ".join(str(n) for n in numbers)
    return [Issue("pdf_unruled_table", f"table(s) on page(s) {where} rebuilt from text alignment", "info")]


def stitch_pages(raw: list[RawPage]) -> tuple[RowStream, list[Issue]]:
    """Raw pages (text layer or OCR) -> one row stream: furniture dropped, paragraphs joined, tables stitched.

    Also returns the layout issues (a ``pdf_unruled_table`` info issue naming the pages where tables were
    rebuilt from text alignment).
    """
    running = _running_texts(raw)
    pages = [_page_items(page, running) for page in raw]
    stitcher = _Stitcher()
    for page in pages:
        stitcher.add_page(page)
    return stitcher.rows, _unruled_issue(pages)

