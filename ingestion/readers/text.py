"""Plain text reports (as extracted from PDF by publishers and aggregators) -> RowStream.

Two layouts appear, often in one file:
- *tab rows*: one table row per line, cells separated by tabs (seeds 000–002, 004);
- *cell per line*: every cell on its own line starting with a tab, rows separated by blank lines, and a
  line without a leading tab continuing the cell above (``本年新`` / ``制作数量``) (seed 003).
The layout is decided per block of lines between blank lines.
"""

from __future__ import annotations

import re

from ingestion.limits import DEFAULT_LIMITS, ParseLimits
from ingestion.model import Cell, Provenance, Row, RowStream
from ingestion.readers.base import Document
from ingestion.readers.encoding import decode_text

_CELL_LINE = re.compile(r"^ *\t")


def _is_cell_per_line_block(lines: list[str]) -> bool:
    """A block is cell-per-line when every tabbed line has exactly one tab, at its start."""
    tabbed = [ln for ln in lines if "\t" in ln]
    if not tabbed:
        return False
    return all(_CELL_LINE.match(ln) and ln.count("\t") == 1 for ln in tabbed) and bool(_CELL_LINE.match(lines[0]))


def _cell_per_line_rows(block: list[tuple[int, str]]) -> RowStream:
    cells: list[Cell] = []
    for lineno, line in block:
        if _CELL_LINE.match(line):
            cells.append(Cell(line.split("\t", 1)[1].strip(), Provenance(line=lineno)))
        elif cells:
            # a wrapped cell: CJK text continues without a space
            cells[-1] = Cell(cells[-1].text + line.strip(), cells[-1].prov)
    first = block[0][0]
    return [Row(cells, Provenance(line=first), is_table=True)] if cells else []


def _tab_rows(block: list[tuple[int, str]]) -> RowStream:
    rows: RowStream = []
    for lineno, line in block:
        if "\t" in line:
            cells = [Cell(part.strip(), Provenance(line=lineno, col=i)) for i, part in enumerate(line.split("\t"))]
            rows.append(Row(cells, Provenance(line=lineno), is_table=True))
        elif line.strip():
            rows.append(Row([Cell(line.strip(), Provenance(line=lineno))], Provenance(line=lineno), is_table=False))
    return rows


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for i, line in enumerate(lines, start=1):
        # a line holding only a tab is a blank cell (cell-per-line layout), not a separator
        if line.strip() or "\t" in line:
            current.append((i, line.rstrip("\r\n")))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def rows_from_text(text: str) -> RowStream:
    """Split report text into rows, deciding the layout block by block."""
    rows: RowStream = []
    for block in _blocks(text.splitlines()):
        lines = [ln for _, ln in block]
        if _is_cell_per_line_block(lines):
            rows.extend(_cell_per_line_rows(block))
        else:
            rows.extend(_tab_rows(block))
    return rows


def read_text(data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """Read a ``.txt`` report in any of the encodings reports are published in."""
    text, _encoding = decode_text(data)
    return Document(rows=rows_from_text(text))
