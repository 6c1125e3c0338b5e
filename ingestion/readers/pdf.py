"""Text-layer PDF reports -> RowStream, with pdfplumber.

Per page: the ruled tables (pdfplumber's *lines* strategy over the *visible* rulings only), the prose lines
outside them, and — where text is laid out in columns without rulings — tables rebuilt from word
positions. Items are emitted top to bottom; a table continued from the previous page keeps its table
index and row numbering and loses a header row repeated from the first page.

Why the ruling filter: many publishers' tools (WPS, Jisupdf, Word) paint an invisible white, unstroked
rectangle behind every line of text. pdfplumber turns those into edges, so whole pages of prose come out as
one-column "tables" (the page frames of huaian-hongze-2024.pdf) or swallow the real table below them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from ingestion.limits import DEFAULT_LIMITS, ParseLimits
from ingestion.model import Cell, Issue, Provenance, Row, RowStream
from ingestion.readers.base import Document, UnreadableFile
from ingestion.readers.encoding import clean_cell_text, join_wrapped
from ingestion.readers.pdf_pages import dedupe_chars, narrow_to_table, prime_objects
from ingestion.readers.pdf_tables import extract as extract_table
from ingestion.readers.pdf_tables import find_tables

BBox = tuple[float, float, float, float]

MIN_PAGE_TEXT_CHARS = 10  # fewer printed characters than this: the page has no usable text layer
MAX_CID_SHARE = 0.3  # above this share of unmapped glyphs the text layer is unreadable
THIN_RULE = 2.0  # a filled rectangle this thin (points) is a drawn ruling line
SEGMENT_GAP_EM = 1.0  # a horizontal gap wider than this many font sizes separates two cells of a line
MARGIN_SHARE = 0.12  # top/bottom share of the page where page numbers live
RUNNING_SHARE = 0.08  # top/bottom share where a line repeated on several pages is a running head/foot
ROW_PITCH_SLACK = 1.3  # a line further below the previous one than this many row pitches ends a table
MAX_BRIDGE = 3  # label-only lines in a row that an unruled table may contain
FULL_LINE_EM = 1.5  # a line ending this close (in font sizes) to the right margin runs on
INDENT_EM = 0.5  # a line starting this far right of the left margin starts a paragraph
LINE_GAP_EM = 1.0  # a paragraph's lines are closer than this (in font sizes) vertically
MAX_OPEN_ROW = 120.0  # points: a row left open at a page break is no taller than this
SNAP = 2.0  # points: rulings this close meet
CONTINUATION_SLACK = 3.0  # points: a table continued overleaf starts and ends this close to the first part

# A line opening with a section/sub-section number starts a paragraph, wherever the line above ended.
_HEADING_START = re.compile(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_PAGE_NUMBER = re.compile(
    r"^[-—–_·\s]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–_·\s]*$"
)


@dataclass
class _Line:
    """One printed line of words outside ruled tables, split into segments at wide gaps."""

    top: float
    bottom: float
    segments: list[tuple[BBox, str]]

    @property
    def bbox(self) -> BBox:
        """The box around all segments."""
        return (
            min(b[0] for b, _ in self.segments),
            self.top,
            max(b[2] for b, _ in self.segments),
            self.bottom,
        )

    @property
    def text(self) -> str:
        """The whole line as one string."""
        return (
            join_wrapped([t for _, t in self.segments])
            if len(self.segments) == 1
            else " ".join(t for _, t in self.segments)
        )


@dataclass
class _Table:
    """A table found on one page: a grid of cells (text, bbox) with row boxes."""

    top: float
    ncols: int
    cells: list[list[tuple[str, BBox]]]
    row_boxes: list[BBox]
    ruled: bool = True
    confidence: list[list[float | None]] | None = None  # per cell, for tables read by OCR


@dataclass
class _PageItems:
    """What one page contributes, in reading order: prose lines and tables."""

    number: int
    items: list[_Line | _Table] = field(default_factory=list)


@dataclass
class _RawPage:
    """One page as found: ruled tables and the lines outside them, before layout decisions."""

    number: int
    height: float
    tables: list[_Table]
    lines: list[_Line]


# ---- opening and text-layer checks -----------------------------------------------------------------


def _open(data: bytes) -> pdfplumber.PDF:
    """Open the bytes with pdfplumber, turning every way of failing into an UnreadableFile."""
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFile("failed", f"not a PDF file (starts with {data[:8]!r})")
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        kind = type(cause).__name__
        if "Password" in kind:
            raise UnreadableFile("failed", "encrypted PDF: a password is required to open it") from exc
        if "Encrypt" in kind:
            raise UnreadableFile("failed", f"encrypted PDF: unsupported encryption ({cause})") from exc
        raise UnreadableFile("failed", f"corrupt PDF: {kind}: {cause}") from exc


def _refuse_oversized(pdf: pdfplumber.PDF, max_pages: int) -> None:
    """Refuse a PDF far longer than any annual report before reading a single page of it."""
    if len(pdf.pages) > max_pages:
        raise UnreadableFile(
            "failed",
            f"PDF has {len(pdf.pages)} pages, more than the {max_pages} an annual report could have "
            "(OGI_MAX_PDF_PAGES); not parsed",
        )


def _printed_chars(page: Page) -> list[dict]:
    """The non-blank characters of a page."""
    return [c for c in page.chars if c.get("text", "").strip()]


def _scanned_pages(pdf: pdfplumber.PDF) -> list:
    """Refuse PDFs with no text at all or an unmapped text layer; the pages with only images (scans) go to OCR."""
    scanned: list = []
    with_text = 0
    glyphs = unmapped = 0
    for page in pdf.pages:
        chars = _printed_chars(page)
        glyphs += len(chars)
        unmapped += sum(1 for c in chars if c["text"].startswith("(cid:"))
        if len(chars) >= MIN_PAGE_TEXT_CHARS:
            with_text += 1
        elif page.images:
            scanned.append(page)
    if with_text == 0 and not scanned:
        raise UnreadableFile("failed", f"PDF has no text on any of its {len(pdf.pages)} pages")
    if glyphs and unmapped / glyphs > MAX_CID_SHARE:
        raise UnreadableFile(
            "failed",
            f"PDF text layer has no Unicode mapping ({unmapped} of {glyphs} glyphs unmapped); OCR needed",
        )
    return scanned


# ---- which drawn objects are rulings ------------------------------------------------------------------


def _is_white(color: object) -> bool:
    """True for a white (or nearly white) fill/stroke colour in gray, RGB or CMYK."""
    if not isinstance(color, (tuple, list)) or not color:
        return False  # unset or a pattern: the PDF default is black
    values = [float(v) for v in color if isinstance(v, (int, float))]
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.05 for v in values)
    return bool(values) and all(v >= 0.95 for v in values)


def _is_ruling(obj: dict) -> bool:
    """Keep every object except rectangles/curves that cannot be seen as a line on the page."""
    kind = obj.get("object_type")
    if kind == "curve":
        return bool(obj.get("stroke"))
    if kind != "rect":
        return True
    if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
        return True
    thin = min(obj["width"], obj["height"]) <= THIN_RULE
    # A thin filled rectangle is how Word/WPS draw a table border; a wide one is a background.
    return bool(obj.get("fill")) and thin and not _is_white(obj.get("non_stroking_color"))


# ---- ruled tables --------------------------------------------------------------------------------


def _grid_lines(table) -> tuple[list[float], list[float]]:
    """Left edge of every grid column and top edge of every grid row (plus the closing edges)."""
    ncols = max(len(r.cells) for r in table.rows)
    lefts = []
    for j in range(ncols):
        xs = [r.cells[j][0] for r in table.rows if j < len(r.cells) and r.cells[j] is not None]
        lefts.append(min(xs) if xs else lefts[-1] if lefts else table.bbox[0])
    tops = [min(c[1] for c in r.cells if c is not None) for r in table.rows]
    return lefts + [table.bbox[2]], tops + [table.bbox[3]]


def _ruled_table(table, fast: bool = True) -> _Table | None:
    """Convert a pdfplumber table; None when it is not a real grid (one column, or no row with 2 cells)."""
    texts = extract_table(table) if fast else table.extract()
    ncols = max((len(r) for r in texts), default=0)
    if ncols < 2 or not any(sum(1 for t in r if t and t.strip()) >= 2 for r in texts):
        return None
    xs, ys = _grid_lines(table)
    cells: list[list[tuple[str, BBox]]] = []
    boxes: list[BBox] = []
    for i, (row, row_texts) in enumerate(zip(table.rows, texts, strict=True)):
        row_cells = []
        for j in range(ncols):
            box = row.cells[j] if j < len(row.cells) else None
            text = row_texts[j] if j < len(row_texts) else None
            # A position covered by a merged cell (None) is blank; the text sits at the first position.
            bbox = tuple(box) if box is not None else (xs[j], ys[i], xs[j + 1], ys[i + 1])
            row_cells.append((clean_cell_text(text or "", squeeze_cjk_spaces=True), bbox))
        if any(t for t, _ in row_cells):
            cells.append(row_cells)
            boxes.append((table.bbox[0], ys[i], table.bbox[2], ys[i + 1]))
    return _Table(top=table.bbox[1], ncols=ncols, cells=cells, row_boxes=boxes) if cells else None


# ---- prose lines ---------------------------------------------------------------------------------


def _inside(word: dict, boxes: list[BBox]) -> bool:
    """True when the centre of ``word`` lies in one of ``boxes``."""
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)


def _group_lines(words: list[dict]) -> list[list[dict]]:
    """Group words into printed lines: a word joins a line it overlaps vertically by half its height."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines:
            last = lines[-1]
            bottom = max(w["bottom"] for w in last)
            height = min(word["bottom"] - word["top"], bottom - min(w["top"] for w in last))
            if bottom - word["top"] >= height / 2:
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _segments(words: list[dict]) -> list[tuple[BBox, str]]:
    """Split a line's words at gaps wider than SEGMENT_GAP_EM font sizes (column gaps, not spaces)."""
    groups: list[list[dict]] = [[words[0]]]
    for prev, word in zip(words, words[1:], strict=False):
        size = max(prev.get("size", 0), word.get("size", 0), 1.0)
        if word["x0"] - prev["x1"] > SEGMENT_GAP_EM * size:
            groups.append([word])
        else:
            groups[-1].append(word)
    out = []
    for group in groups:
        box = (group[0]["x0"], min(w["top"] for w in group), group[-1]["x1"], max(w["bottom"] for w in group))
        text = clean_cell_text(" ".join(w["text"] for w in group), squeeze_cjk_spaces=True)
        out.append((box, text))
    return out


def _lines(words: list[dict]) -> list[_Line]:
    """Words -> printed lines with their cell segments."""
    out = []
    for line_words in _group_lines(words):
        top = min(w["top"] for w in line_words)
        bottom = max(w["bottom"] for w in line_words)
        out.append(_Line(top, bottom, _segments(line_words)))
    return out


def _in_margin(line: _Line, height: float, share: float) -> bool:
    """True when the line lies in the top or bottom ``share`` of the page."""
    return line.bottom < height * share or line.top > height * (1 - share)


def _furniture_key(line: _Line) -> str:
    """A margin line's text with numbers masked: '第 3 页' and '第 4 页' are the same furniture."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))


def _running_texts(pages: list[_RawPage]) -> set[str]:
    """Texts printed in the outer margins of two or more pages: running heads and feet."""
    seen: dict[str, set[int]] = {}
    for page in pages:
        for line in page.lines:
            if _in_margin(line, page.height, RUNNING_SHARE):
                seen.setdefault(_furniture_key(line), set()).add(page.number)
    return {text for text, numbers in seen.items() if len(numbers) >= 2}


def _is_furniture(line: _Line, height: float, running: set[str]) -> bool:
    """Page numbers and running heads/feet: page furniture, not report content.

    Dropped because they would otherwise sit between the rows of a table continued on the next page.
    """
    if _in_margin(line, height, MARGIN_SHARE) and _PAGE_NUMBER.match(line.text):
        return True
    return _in_margin(line, height, RUNNING_SHARE) and _furniture_key(line) in running


# ---- paragraphs ----------------------------------------------------------------------------------


def _runs_on(line: _Line, following: _Line, left: float, right: float) -> bool:
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


def _merge(lines: list[_Line]) -> _Line:
    """One paragraph from its printed lines."""
    box = (min(ln.bbox[0] for ln in lines), lines[0].top, max(ln.bbox[2] for ln in lines), lines[-1].bottom)
    return _Line(lines[0].top, lines[-1].bottom, [(box, join_wrapped([ln.text for ln in lines]))])


def _paragraphs(items: list[_Line | _Table]) -> list[_Line | _Table]:
    """Join consecutive prose lines into paragraphs, so sentences wrapped over lines stay whole."""
    prose = [it for it in items if isinstance(it, _Line) and len(it.segments) == 1]
    if not prose:
        return items
    left = min(ln.bbox[0] for ln in prose)
    right = max(ln.bbox[2] for ln in prose)
    at_margin = sum(1 for ln in prose if ln.bbox[2] >= right - FULL_LINE_EM * (ln.bottom - ln.top))
    if at_margin < 2:
        return items  # no justified text block on this page: the margin is unknown, keep lines apart
    out: list[_Line | _Table] = []
    group: list[_Line] = []
    for item in items:
        if isinstance(item, _Line) and group and _runs_on(group[-1], item, left, right):
            group.append(item)
            continue
        if group:
            out.append(_merge(group))
            group = []
        if isinstance(item, _Line):
            group.append(item)
        else:
            out.append(item)
    if group:
        out.append(_merge(group))
    return out


# ---- unruled tables (text aligned in columns) ---------------------------------------------------------


def _column_anchors(lines: list[_Line]) -> list[tuple[float, float]]:
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


def _aligned_table(lines: list[_Line]) -> _Table:
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
    return _Table(top=lines[0].top, ncols=len(anchors), cells=cells, row_boxes=boxes, ruled=False)


def _row_pitch(lines: list[_Line], multi: list[bool]) -> float:
    """The usual distance between the tops of two consecutive multi-cell lines (table rows) on a page."""
    pairs = zip(lines, lines[1:], multi, multi[1:], strict=False)
    pitches = sorted(b.top - a.top for a, b, ma, mb in pairs if ma and mb)
    if pitches:
        return pitches[len(pitches) // 2]
    return 2.2 * max((ln.bottom - ln.top for ln in lines), default=10.0)


def _label_only(line: _Line, first: _Line) -> bool:
    """A one-cell line of the same size printed left of the second column of ``first`` (a label row).

    Such rows are tables' headings (第二十条第（五）项) or rows whose values are all blank.
    """
    size = first.bottom - first.top
    same_size = abs((line.bottom - line.top) - size) <= 0.15 * size
    return len(line.segments) == 1 and same_size and line.bbox[2] < first.segments[1][0][0]


def _aligned_runs(lines: list[_Line]) -> list[tuple[int, int]]:
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


def _lines_and_aligned_tables(lines: list[_Line]) -> list[_Line | _Table]:
    """Replace runs of column-aligned lines by tables; other lines stay prose."""
    out: list[_Line | _Table] = []
    position = 0
    for start, end in _aligned_runs(lines):
        out.extend(lines[position:start])
        out.append(_aligned_table(lines[start:end]))
        position = end
    out.extend(lines[position:])
    return out


# ---- one page ------------------------------------------------------------------------------------


def _open_edges(page: Page, found: list) -> list[dict]:
    """Horizontal rulings that close tables left open at a page break.

    Word and WPS often draw no ruling under the last row of a page (the table goes on overleaf) or over
    the first row of the next page. pdfplumber needs a closing ruling to see a row, so such a row was lost.
    Where two or more column rulings of a found table end at the same height with no horizontal ruling to
    meet them, a line is added there across the table: the open row becomes a row of the table.
    """
    extra = []
    horizontals = page.horizontal_edges
    for table in found:
        x0, top, x1, bottom = table.bbox
        near = [
            e for e in page.vertical_edges
            if x0 + SNAP < e["x0"] < x1 - SNAP and e["bottom"] >= top - MAX_OPEN_ROW and e["top"] <= bottom + MAX_OPEN_ROW
        ]
        dangling: dict[int, int] = {}
        for edge in near:
            for y in (edge["top"], edge["bottom"]):
                met = any(abs(h["top"] - y) <= SNAP and h["x0"] - SNAP <= edge["x0"] <= h["x1"] + SNAP for h in horizontals)
                if not met:
                    dangling[round(y)] = dangling.get(round(y), 0) + 1
        for y, count in dangling.items():
            if count >= 2:  # two column rulings at least: not a stray line
                extra.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "object_type": "line"})
    return extra


def _find_tables(page: Page, fast: bool = True) -> list:
    """pdfplumber's ruled tables of a page, with tables left open at a page break closed first.

    ``fast`` finds them with pdf_tables.find_tables (pdfplumber's TableFinder, quicker cell finding).
    """
    finder = find_tables if fast else (lambda p, settings=None: p.find_tables(settings))
    found = finder(page)
    extra = _open_edges(page, found)
    return finder(page, {"explicit_horizontal_lines": extra}) if extra else found


def _raw_page(page: Page, fast: bool = True) -> _RawPage:
    """The ruled tables of one page and the printed lines outside them.

    ``fast`` removes duplicate chars with pdf_pages.dedupe_chars, finds tables and reads their cells with
    pdf_tables.py, from the chars inside each table only (pdf_pages.narrow_to_table): the same result as
    pdfplumber's own calls, faster.
    """
    clean = (dedupe_chars(page) if fast else page.dedupe_chars()).filter(_is_ruling)
    found = _find_tables(clean, fast)
    if fast:
        for table in found:
            narrow_to_table(table)
    tables = [t for t in (_ruled_table(t, fast) for t in found) if t is not None]
    table_boxes = [(t.row_boxes[0][0], t.top, t.row_boxes[-1][2], t.row_boxes[-1][3]) for t in tables]
    words = [w for w in clean.extract_words(extra_attrs=["size"]) if not _inside(w, table_boxes)]
    return _RawPage(page.page_number, page.height, tables, _lines(words))


def _page_items(page: _RawPage, running: set[str]) -> _PageItems:
    """Tables (ruled and aligned) and paragraphs of one page, top to bottom, furniture removed."""
    lines = [ln for ln in page.lines if not _is_furniture(ln, page.height, running)]
    items: list[_Line | _Table] = [*page.tables, *_lines_and_aligned_tables(lines)]
    items.sort(key=lambda item: item.top)
    return _PageItems(page.number, _paragraphs(items))


# ---- stitching pages into one stream ----------------------------------------------------------------


def _row_texts(row: list[tuple[str, BBox]]) -> list[str]:
    """The texts of a table row."""
    return [t for t, _ in row]


def _repeated_header(first: _Table, continued: _Table) -> int:
    """How many leading rows of ``continued`` repeat the leading rows of ``first`` (never all of them)."""
    n = 0
    while (
        n < len(first.cells)
        and n < len(continued.cells) - 1
        and _row_texts(first.cells[n]) == _row_texts(continued.cells[n])
    ):
        n += 1
    return n


def _table_rows(table: _Table, page: int, index: int, first_row: int, skip: int) -> RowStream:
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


def _prose_row(line: _Line, page: int) -> Row:
    """A prose line as a one-cell row."""
    prov = Provenance(page=page, bbox=_round(line.bbox))
    return Row([Cell(line.text, prov)], prov, is_table=False)


def _round(bbox: BBox) -> BBox:
    """Bounding boxes to 0.01 pt: enough to find the text, stable across runs."""
    return tuple(round(v, 2) for v in bbox)  # type: ignore[return-value]


def _same_width(first: _Table, continued: _Table) -> bool:
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
    open_table: _Table | None = None  # the first part of the table that ended the previous item
    next_row: int = 0

    def add_page(self, page: _PageItems) -> None:
        """Append one page's rows."""
        for position, item in enumerate(page.items):
            if isinstance(item, _Line):
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
    numbers = sorted({p.number for p in pages for it in p.items if isinstance(it, _Table) and not it.ruled})
    if not numbers:
        return []
    where = ", ".join(str(n) for n in numbers)
    return [Issue("pdf_unruled_table", f"table(s) on page(s) {where} rebuilt from text alignment", "info")]


def stitch_pages(raw: list[_RawPage]) -> tuple[RowStream, list[Issue]]:
    """Raw pages (text layer or OCR) -> one row stream: furniture dropped, paragraphs joined, tables stitched."""
    running = _running_texts(raw)
    pages = [_page_items(page, running) for page in raw]
    stitcher = _Stitcher()
    for page in pages:
        stitcher.add_page(page)
    return stitcher.rows, _unruled_issue(pages)


def read_pdf(data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS, *, fast: bool = True) -> Document:
    """Read a PDF report into rows: prose lines and table rows in reading order.

    Pages without a text layer (scans) are read by OCR (ingestion/readers/scan.py). Raises UnreadableFile
    for files that are not PDFs, are encrypted or corrupt, or have no text and no images.
    ``fast=False`` reads pages with pdfplumber's own code paths only (the reference the fast path is
    tested against: pdf_pages.py gives the same objects, faster).
    """
    from ingestion.readers.scan import read_scanned_pages, refuse_blank_scan

    pdf = _open(data)
    try:
        _refuse_oversized(pdf, limits.max_pdf_pages)
        if fast:
            for page in pdf.pages:
                prime_objects(page)
        ocr_pages, ocr_issues, ocr_dpi = read_scanned_pages(data, _scanned_pages(pdf))
        refuse_blank_scan(ocr_pages, len(pdf.pages))
        raw = []
        for page in pdf.pages:
            raw.append(ocr_pages.get(page.page_number) or _raw_page(page, fast))
            page.close()  # drop pdfplumber's per-page object cache: keeps memory flat on long reports
        page_count = len(pdf.pages)
    except UnreadableFile:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged content streams
        raise UnreadableFile("failed", f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
    finally:
        pdf.close()
    rows, layout_issues = stitch_pages(raw)
    return Document(
        rows=rows, page_count=page_count, issues=ocr_issues + layout_issues, ocr_pages=len(ocr_pages), ocr_dpi=ocr_dpi
    )
