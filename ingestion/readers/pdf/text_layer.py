"""One text-layer PDF page (pdfplumber) -> the page model: its ruled tables and the printed lines outside them.

Ruled tables are pdfplumber's *lines* strategy over the *visible* rulings only (rulings.py says why), with
tables left open at a page break closed first; the words outside them are grouped into printed lines, cut
into segments at column gaps. Layout decisions (furniture, paragraphs, tables rebuilt from aligned text,
tables continued overleaf) are the stitcher's (ingestion/readers/pages/stitch.py).

``raw_page`` reads a page with the accelerated functions (accelerated/); ``reference_raw_page`` with
pdfplumber's own calls only, the reference tests/test_pdf_fast_path.py holds ``raw_page`` to.
"""

from __future__ import annotations

from collections.abc import Callable

from pdfplumber.page import Page

from ingestion.readers.encoding import clean_cell_text
from ingestion.readers.pages.model import BBox, Line, RawPage, Table
from ingestion.readers.pdf.accelerated import dedupe_chars, extract_table, find_tables, narrow_to_table
from ingestion.readers.pdf.rulings import is_ruling, open_edges

SEGMENT_GAP_EM = 1.0  # a horizontal gap wider than this many font sizes separates two cells of a line


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


def _ruled_table(table, texts: list[list[str | None]]) -> Table | None:
    """Convert a pdfplumber table, given its cell texts; None when it is not a real grid (one column, or no
    row with 2 cells)."""
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
    return Table(top=table.bbox[1], ncols=ncols, cells=cells, row_boxes=boxes) if cells else None


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


def _lines(words: list[dict]) -> list[Line]:
    """Words -> printed lines with their cell segments."""
    out = []
    for line_words in _group_lines(words):
        top = min(w["top"] for w in line_words)
        bottom = max(w["bottom"] for w in line_words)
        out.append(Line(top, bottom, _segments(line_words)))
    return out


# ---- one page ------------------------------------------------------------------------------------


def _closed_tables(page: Page, finder: Callable[..., list]) -> list:
    """pdfplumber's ruled tables of a page, with tables left open at a page break closed first."""
    found = finder(page)
    extra = open_edges(page, found)
    return finder(page, {"explicit_horizontal_lines": extra}) if extra else found


def _page_model(page: Page, clean: Page, found: list, texts: Callable[..., list[list[str | None]]]) -> RawPage:
    """The raw page from the tables found on ``clean`` (the page's deduplicated chars and rulings), each
    table's cell texts read by ``texts``, and the words outside them."""
    tables = [t for t in (_ruled_table(t, texts(t)) for t in found) if t is not None]
    table_boxes = [(t.row_boxes[0][0], t.top, t.row_boxes[-1][2], t.row_boxes[-1][3]) for t in tables]
    words = [w for w in clean.extract_words(extra_attrs=["size"]) if not _inside(w, table_boxes)]
    return RawPage(page.page_number, page.height, tables, _lines(words))


def raw_page(page: Page) -> RawPage:
    """The ruled tables of one page and the printed lines outside them.

    Removes duplicate chars (accelerated ``dedupe_chars``), keeps the visible rulings, finds the tables and
    reads their cells (accelerated ``find_tables``, ``extract_table``), each from the chars inside the
    table only (``narrow_to_table``): the same result as pdfplumber's own calls (``reference_raw_page``),
    faster. The page's objects may be pdfplumber's or built by ``accelerated.prime_objects`` (read_pdf
    primes every page): they are the same.
    """
    clean = dedupe_chars(page).filter(is_ruling)
    found = _closed_tables(clean, find_tables)
    for table in found:
        narrow_to_table(table)
    return _page_model(page, clean, found, extract_table)


def reference_raw_page(page: Page) -> RawPage:
    """``raw_page`` with pdfplumber's own calls only (``dedupe_chars``, ``find_tables``, ``Table.extract``).

    The reference tests/test_pdf_fast_path.py compares ``raw_page`` with; not used in production.
    """
    clean = page.dedupe_chars().filter(is_ruling)
    found = _closed_tables(clean, lambda p, settings=None: p.find_tables(settings))
    return _page_model(page, clean, found, lambda table: table.extract())
