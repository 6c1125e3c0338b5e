"""Split a table row into its label and its value cells, whatever the layout's padding.

Readers give rows whose label columns may be merged (blank padding after the label), whose trailing
cells may be padding, or whose every cell is real (one cell per line). These helpers hold the one
place where that is decided, so every format and every table parser agrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.model import Cell, Row
from ingestion.tables.label_variants import canonical_label
from ingestion.values import is_value_text


@dataclass
class RowParts:
    """A row's label (joined label cells) and the cells printed after the last label cell."""

    label: str
    label_cells: list[Cell]
    after: list[Cell]


def squash(text: str) -> str:
    """Normalise a label for keyword matching: NFKC, no whitespace, item numbers as ``3.``, no unit note.

    The variants folded (``3、`` ``（3）`` ``３．`` ``⑶``, ``（单位：件）`` …) are listed in
    ``ingestion.tables.label_variants``, the table the fixture generator prints its labels from.
    """
    return canonical_label(text)


def first_code(rules: tuple[tuple[str, str], ...], text: str) -> str | None:
    """The code of the first (code, regex) rule whose regex matches the squashed ``text``, or None."""
    s = squash(text)
    return next((code for code, pattern in rules if re.search(pattern, s)), None)


def split_row(row: Row) -> RowParts:
    """Label = every non-value cell up to the last one; values = the cells after it."""
    last_label = -1
    for i, cell in enumerate(row.cells):
        if not is_value_text(cell.text):
            last_label = i
    label_cells = [c for c in row.cells[: last_label + 1] if not c.blank]
    return RowParts(" ".join(c.text.strip() for c in label_cells), label_cells, row.cells[last_label + 1 :])


@dataclass
class ValueWindow:
    """The value cells of a row: ``exact`` when they fill the columns one to one, else the printed run."""

    cells: list[Cell]
    exact: bool


def text_value_window(after: list[Cell], width: int) -> ValueWindow:
    """Choose the cells that hold a row's ``width`` values in text without a grid (tab-split lines).

    Grid formats never come here: their cells are placed by the header column they sit under
    (``ingestion.tables.columns``). In text split on tabs, exactly ``width`` cells ending in a printed value
    are taken as they are (blank cells inside are real blanks); otherwise blank padding is stripped from
    both ends, and what remains either fills the columns (exact) or is a shorter printed run whose
    positions the caller must work out from the arithmetic.
    """
    if len(after) == width and not after[-1].blank:
        return ValueWindow(list(after), True)
    cells = list(after)
    while cells and cells[-1].blank:
        cells.pop()
    while cells and cells[0].blank:
        cells.pop(0)
    if not cells:
        # nothing printed: every column is blank (keep the original cells for provenance)
        padded = list(after[:width]) + [Cell("")] * max(0, width - len(after))
        return ValueWindow(padded, True)
    if len(cells) >= width:
        return ValueWindow(cells[:width], True)
    return ValueWindow(cells, False)
