"""One scanned page -> ruled tables (every grid position a cell with box and confidence) and prose lines.

The recogniser reads one printed line at a time and reads it well only from a tight crop (a number alone
in a wide cell is read as '。' from the cell's full box, as '0' from a tight crop), so the ink is cut
into lines here: inside each cell for tables, across the page outside the tables for prose. Boxes are in
pixels of the straightened page image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from ingestion.ocr.engine import recognise_lines
from ingestion.ocr.grid import Box, TableGrid, binarise, find_tables, px, straighten
from ingestion.ocr.ink import crop_line, despeckle, inside_only, line_boxes, pieces, whiten_non_print
from ingestion.readers.encoding import clean_cell_text


@dataclass
class OcrCell:
    """A grid position: its text ('' when blank or covered by a merged cell), box and OCR confidence."""

    text: str
    box: Box
    confidence: float | None


@dataclass
class OcrTable:
    """A ruled table read from an image: rows of cells, each row's box."""

    top: int
    rows: list[list[OcrCell]]
    row_boxes: list[Box]


@dataclass
class OcrLine:
    """A printed line outside tables, cut into segments at wide gaps: (box, text, confidence)."""

    top: int
    bottom: int
    segments: list[tuple[Box, str, float]]


@dataclass
class OcrPage:
    """What one page image holds, in pixels of the straightened image."""

    height: int
    width: int
    skew: float  # degrees the page was turned to straighten it
    tables: list[OcrTable] = field(default_factory=list)
    lines: list[OcrLine] = field(default_factory=list)


def _read_boxes(gray: np.ndarray, ink: np.ndarray, boxes: list[Box]) -> list[tuple[str, float]]:
    """(text, confidence) of each one-line box: long lines read piece by piece, texts joined, lowest confidence.

    ``gray`` is the page with dust and ruling stubs already whitened (``whiten_non_print``).
    """
    cut = [pieces(ink, box) for box in boxes]
    reads = iter(recognise_lines([crop_line(gray, p) for ps in cut for p in ps]))
    out = []
    for ps in cut:
        results = [next(reads) for _ in ps]
        out.append(("".join(t for t, _ in results), min(c for _, c in results)))
    return out


def _cell_lines(ink: np.ndarray, grid: TableGrid, row: int, col: int, dpi: int) -> list[Box]:
    """Tight boxes of the lines printed in the cell owning a grid position (rulings kept out).

    Blobs touching the cell's inner edge are erased from ``ink`` so the recogniser never sees them.
    """
    x0, top, x1, bottom = grid.span_box(row, col)
    inset = max(3, px(1.5, dpi))
    x0, top, x1, bottom = x0 + inset, top + inset, x1 - inset, bottom - inset
    if x1 <= x0 or bottom <= top:
        return []
    # dust judged again without the stubs: a grain between a digit and a stub is not a decimal point
    ink[top:bottom, x0:x1] = despeckle(inside_only(ink[top:bottom, x0:x1]), dpi)
    return [boxes[0] for boxes in line_boxes(ink[top:bottom, x0:x1], (x0, top), dpi, split=False)]


def _table_lines(ink: np.ndarray, grid: TableGrid, dpi: int) -> dict[tuple[int, int], list[Box]]:
    """The printed lines of every cell, by the cell's top-left grid position."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    return {
        (r, c): _cell_lines(ink, grid, r, c, dpi) for r in range(nrows) for c in range(ncols) if grid.is_owner(r, c)
    }


def _read_table(
    gray: np.ndarray, ink: np.ndarray, grid: TableGrid, wanted: dict[tuple[int, int], list[Box]]
) -> OcrTable:
    """Every grid position as a cell: the owner of a merged cell gets its text, covered positions are blank."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    flat = [box for boxes in wanted.values() for box in boxes]
    reads = iter(_read_boxes(gray, ink, flat))
    texts: dict[tuple[int, int], tuple[str, float]] = {}
    for key, boxes in wanted.items():
        results = [next(reads) for _ in boxes]
        text = clean_cell_text("\n".join(t for t, _ in results), squeeze_cjk_spaces=True)
        texts[key] = (text, min((s for _, s in results), default=1.0))
    rows: list[list[OcrCell]] = []
    for r in range(nrows):
        cells = []
        for c in range(ncols):
            text, conf = texts.get((r, c), ("", 1.0))  # covered by a merged cell: blank, as printed
            # a merged cell's owner has the merged cell's box (as pdfplumber gives it), so the table parsers
            # see which columns a header spans; a covered position keeps its own box
            box = grid.span_box(r, c) if grid.is_owner(r, c) else grid.position_box(r, c)
            cells.append(OcrCell(text, box, round(conf, 4)))
        rows.append(cells)
    x0, _, x1, _ = grid.box
    return OcrTable(grid.ys[0], rows, [(x0, grid.ys[r], x1, grid.ys[r + 1]) for r in range(nrows)])


def _read_lines(gray: np.ndarray, ink: np.ndarray, dpi: int) -> list[OcrLine]:
    """The printed lines outside tables (tables already erased from ``ink``), cut into segments."""
    boxes = line_boxes(ink, (0, 0), dpi, split=True)
    reads = iter(_read_boxes(gray, ink, [b for line in boxes for b in line]))
    lines = []
    for line in boxes:
        segments = []
        for box in line:
            text, score = next(reads)
            segments.append((box, clean_cell_text(text, squeeze_cjk_spaces=True), round(score, 4)))
        lines.append(OcrLine(min(b[1] for b in line), max(b[3] for b in line), segments))
    return lines


def read_page_image(gray: np.ndarray, dpi: int) -> OcrPage:
    """Read one page image: straighten it, find its ruled tables, recognise cells and prose lines."""
    gray, skew = straighten(gray)
    binary = binarise(gray)
    grids, rulings = find_tables(binary, dpi)
    rulings = cv2.dilate(rulings, np.ones((3, 3), np.uint8))
    ink = despeckle(cv2.bitwise_and(binary, cv2.bitwise_not(rulings)), dpi)
    page = OcrPage(gray.shape[0], gray.shape[1], skew)
    lines = [_table_lines(ink, grid, dpi) for grid in grids]  # erases ruling stubs from ink
    gray = whiten_non_print(gray, binary, ink)
    page.tables = [_read_table(gray, ink, grid, wanted) for grid, wanted in zip(grids, lines, strict=True)]
    outside = ink.copy()
    for grid in grids:
        x0, top, x1, bottom = grid.box
        outside[max(0, top - 2) : bottom + 3, max(0, x0 - 2) : x1 + 3] = 0
    page.lines = [ln for ln in _read_lines(gray, outside, dpi) if any(t for _, t, _ in ln.segments)]
    return page

