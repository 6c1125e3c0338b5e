"""What became of every number printed in one copy of a template table: placed, unplaced or uncertain.

The table parsers (table2.py, table3.py, table4.py) tell a copy's ``Ledger`` what they did with each value
cell they saw: put it in a template cell (``place``) or left it out, and why (``leave``). Only cells that
print a number, as ``ingestion.values`` reads one, are counted; a cell OCR read too unsurely to hold a value
(``Cell.uncertain``) counts as printed and uncertain wherever it sat. Row labels and headers are never given
to the ledger. A cell told twice keeps its last outcome (a value printed twice for one template cell: the
earlier one is left out). ``summary`` gives the ``TableAccounting`` of the copy (``printed = placed +
unplaced + uncertain``; ``inferred`` counts template cells filled by arithmetic, which were not printed)
and ``reason`` the words ``dim_reports.status_reason`` uses for the first number left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ingestion.model import Cell, ParsedValue, Provenance, TableAccounting
from ingestion.values import parse_value

PLACED, UNPLACED, UNCERTAIN = "placed", "unplaced", "uncertain"


def is_printed_number(cell: Cell) -> bool:
    """True when a value cell prints a number (or OCR text too unsure to read, which may be one)."""
    if cell.blank:
        return False
    return cell.uncertain or parse_value(cell.text).kind == "number"


def _printed_order(prov: Provenance) -> tuple:
    """Where a cell comes in its file (page, table, row, line, top, column): the first printed sorts first."""
    top, x0 = (prov.bbox[1], prov.bbox[0]) if prov.bbox else (-1.0, -1.0)
    return (
        prov.page or 0, -1 if prov.table is None else prov.table, -1 if prov.row is None else prov.row,
        prov.line or 0, top, -1 if prov.col is None else prov.col, x0,
    )


@dataclass
class _Entry:
    cell: Cell
    outcome: str
    row: str  # the template row (or the printed label of a row not recognised) the cell was printed in
    why: str | None = None


@dataclass
class Ledger:
    """The value cells of one printed copy of a table, each with what the parser did with it."""

    entries: dict[int, _Entry] = field(default_factory=dict)  # id(cell) -> entry, in the order first told

    def _tell(self, cells: Iterable[Cell], outcome: str, row: str, why: str | None) -> None:
        for cell in cells:
            if not is_printed_number(cell):
                continue
            # a cell told again keeps its place in the order and takes the new outcome
            self.entries[id(cell)] = _Entry(cell, UNCERTAIN if cell.uncertain else outcome, row, why)

    def place(self, row: str, cells: Iterable[Cell]) -> None:
        """``cells`` of ``row`` were put in template cells (those printing no number are ignored)."""
        self._tell(cells, PLACED, row, None)

    def leave(self, row: str, cells: Iterable[Cell], why: str) -> None:
        """``cells`` of ``row`` were left out (no column, row not recognised, short row, beyond the columns)."""
        self._tell(cells, UNPLACED, row, why)

    def count(self, outcome: str) -> int:
        """How many printed numbers had ``outcome`` (placed, unplaced or uncertain)."""
        return sum(1 for e in self.entries.values() if e.outcome == outcome)

    def _first_unplaced(self) -> _Entry | None:
        """The unplaced number printed first in the file."""
        unplaced = [e for e in self.entries.values() if e.outcome == UNPLACED]
        return min(unplaced, key=lambda e: _printed_order(e.cell.prov)) if unplaced else None

    def summary(self, values: Iterable[ParsedValue]) -> TableAccounting:
        """The copy's accounting; ``values`` are its template cells (to count those inferred by arithmetic)."""
        first = self._first_unplaced()
        return TableAccounting(
            printed=len(self.entries),
            placed=self.count(PLACED),
            inferred=sum(1 for v in values if v.inferred),
            unplaced=self.count(UNPLACED),
            uncertain=self.count(UNCERTAIN),
            first_unplaced=first.cell.prov if first else None,
        )

    def reason(self, table_name: str) -> str | None:
        """``table 三 row carried_forward: 6 of 6 numbers printed were not placed (why; line 61 col 4)``, and
        how many more were left out elsewhere in the table; None when every printed number was placed."""
        first = self._first_unplaced()
        if first is None:
            return None
        in_row = [e for e in self.entries.values() if e.row == first.row]
        lost = sum(1 for e in in_row if e.outcome == UNPLACED)
        text = (
            f"table {table_name} row {first.row}: {lost} of {len(in_row)} numbers printed were not placed "
            f"({first.why}; {first.cell.prov.describe()})"
        )
        if more := self.count(UNPLACED) - lost:
            rows = len({e.row for e in self.entries.values() if e.outcome == UNPLACED}) - 1
            text += f", and {more} more in {rows} other row{'s' if rows != 1 else ''}"
        return text
