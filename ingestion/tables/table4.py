"""Table 四 (administrative reconsideration and litigation): find every printed copy and read it.

Usually one row of 15 numbers under a two-level header; some layouts print one row per proceeding
(行政复议 / 未经复议直接起诉 / 复议后起诉), five numbers each. Blank cells are real here: a whole
blank block (seed 001) means the agency reported nothing for that proceeding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.codes import OUTCOMES, PROCEEDINGS
from ingestion.model import Cell, Issue, ParsedValue, Provenance, Row, RowStream
from ingestion.tables.accounting import Ledger
from ingestion.tables.columns import ColumnMap, is_grid_row, maps_in_force
from ingestion.tables.rowparts import split_row, squash
from ingestion.tables.table4_header import is_table4_header, proceeding_of, table4_columns
from ingestion.values import is_value_text, parse_cell

WIDTH = len(PROCEEDINGS) * len(OUTCOMES)
_HEADER = re.compile(r"结果维持|结果纠正|尚未审结|行政复议|行政诉讼|未经复议|复议后起诉|其他结果|总计")


@dataclass
class Table4:
    """One printed copy of table 四."""

    cells: dict[tuple[str, str], ParsedValue] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    first_row: Provenance | None = None
    ledger: Ledger = field(default_factory=Ledger)  # what became of each number printed in this copy

    @property
    def completeness(self) -> int:
        """How many cells this copy printed a place for (to choose between duplicate copies)."""
        return len(self.cells)


def _is_header(row: Row) -> bool:
    texts = [c.text for c in row.cells if not c.blank]
    return bool(texts) and all(not is_value_text(t) for t in texts) and any(_HEADER.search(squash(t)) for t in texts)


def _has_values(row: Row) -> bool:
    return any(not c.blank and is_value_text(c.text) for c in row.cells)


def _proceeding_of(label: str) -> str | None:
    """The proceeding a row label names; the bare 行政诉讼 group names none of the three."""
    proceeding = proceeding_of(label)
    return proceeding if proceeding in PROCEEDINGS else None


def _fill(table: Table4, proceeding_cells: dict[str, list[Cell]]) -> None:
    """Fill each proceeding's five outcomes from its cells in printed order; cells beyond five are left out."""
    n = len(OUTCOMES)
    for proceeding in PROCEEDINGS:
        cells = proceeding_cells.get(proceeding, [])
        for i, outcome in enumerate(OUTCOMES):
            cell = cells[i] if i < len(cells) else Cell("")
            table.cells[(proceeding, outcome)] = parse_cell(cell)
        table.ledger.place(proceeding, cells[:n])
        table.ledger.leave(proceeding, cells[n:], f"printed beyond the {n} outcome columns")


def _read_grid_rows(table: Table4, value_rows: list[Row], columns: ColumnMap | None) -> None:
    """Fill the table from grid rows, each value from the column its header names."""
    first = value_rows[0]
    if columns is None:
        why = "no header names its columns; values not placed"
        table.issues.append(Issue("column_placement", f"table 四: {why}", "warning", "table4", first.prov))
        _fill(table, {})
        for row in value_rows:
            table.ledger.leave(_row_name(row), split_row(row).after, why)
        return
    for row in value_rows:
        placement = columns.place(row)
        name = _row_name(row, placement.label)
        for cell, why in placement.problems:
            table.issues.append(Issue("column_placement", f"table 四: {why}", "warning", "table4", cell.prov))
            table.ledger.leave(name, [cell], why)
        row_proceeding = _proceeding_of(placement.label) if placement.label else None
        for (proceeding, outcome), cell in placement.values.items():
            proceeding = proceeding if proceeding in PROCEEDINGS else row_proceeding
            if proceeding is None:
                if not cell.blank:
                    why = f"value {cell.text!r} under {outcome} names no proceeding (header or row label)"
                    table.issues.append(Issue("column_placement", f"table 四: {why}", "warning", "table4", cell.prov))
                    table.ledger.leave(name, [cell], why)
                continue
            if (proceeding, outcome) in table.cells and not cell.blank:
                table.issues.append(Issue("column_placement", f"table 四: {proceeding}/{outcome} printed twice", "warning", "table4", cell.prov))
                table.ledger.leave(name, [cell], f"{proceeding}/{outcome} printed twice")
                continue
            if (proceeding, outcome) not in table.cells or table.cells[(proceeding, outcome)].kind == "blank":
                table.cells[(proceeding, outcome)] = parse_cell(cell)
                table.ledger.place(name, [cell])
    for proceeding in PROCEEDINGS:
        for outcome in OUTCOMES:
            table.cells.setdefault((proceeding, outcome), parse_cell(Cell("", first.prov)))


def _row_name(row: Row, label: str | None = None) -> str:
    """How a value row of table 四 is named in the accounting: its proceeding, its label, or where it is."""
    label = split_row(row).label if label is None else label
    return _proceeding_of(label) or (repr(label) if label else f"at {row.prov.describe()}")


def _read_text_rows(table: Table4, value_rows: list[Row]) -> None:
    """Fill the table from rows of text without a grid: labelled rows of five, or a run of fifteen values."""
    flat: list[Cell] = []
    by_label: dict[str, list[Cell]] = {}
    unlabelled: list[Row] = []
    for row in value_rows:
        parts = split_row(row)
        proceeding = _proceeding_of(parts.label) if parts.label else None
        if proceeding:
            by_label[proceeding] = [c for c in parts.after if not c.blank] or parts.after
        else:
            flat.extend(row.cells)
            unlabelled.append(row)
    if by_label:
        _fill(table, by_label)
        for row in unlabelled:
            table.ledger.leave(_row_name(row), split_row(row).after, "a row without a proceeding among rows labelled by proceeding")
        return
    # trailing padding cells beyond 15 come from tab-separated layouts
    while len(flat) > WIDTH and flat[-1].blank:
        flat.pop()
    while len(flat) > WIDTH and flat[0].blank:
        flat.pop(0)
    if len(flat) != WIDTH:
        table.issues.append(
            Issue("table4_width", f"table 四 printed {len(flat)} cells where 15 were expected", "warning", "table4", flat[0].prov)
        )
    n = len(OUTCOMES)
    _fill(table, {p: flat[k * n : (k + 1) * n] for k, p in enumerate(PROCEEDINGS)})
    table.ledger.leave("(one row of 15)", flat[WIDTH:], f"printed beyond the {WIDTH} columns")


def _read_after_header(rows: RowStream, start: int, maps: list[ColumnMap | None]) -> Table4 | None:
    """Read the value row(s) that follow a header block beginning at ``start``."""
    i = start
    while i < len(rows) and rows[i].is_table and _is_header(rows[i]):
        i += 1
    first = i  # where the value rows start: the column map in force there is maps[first]
    value_rows: list[Row] = []
    count = 0
    while i < len(rows) and rows[i].is_table and _has_values(rows[i]) and count < WIDTH:
        value_rows.append(rows[i])
        count += len(rows[i].cells) if not is_grid_row(rows[i]) else len(OUTCOMES)
        i += 1
    if not value_rows:
        return None
    table = Table4(first_row=rows[start].prov)
    if is_grid_row(value_rows[0]):
        _read_grid_rows(table, value_rows, maps[first])
    else:
        _read_text_rows(table, value_rows)
    return table


def find_table4(rows: RowStream) -> list[Table4]:
    """Every printed copy of table 四, in document order."""
    copies: list[Table4] = []
    maps = maps_in_force(rows, is_table4_header, table4_columns)
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.is_table and _is_header(row) and any(re.search("行政复议|结果维持", squash(c.text)) for c in row.cells):
            table = _read_after_header(rows, i, maps)
            if table is not None:
                copies.append(table)
            i += 1
            while i < len(rows) and rows[i].is_table and _is_header(rows[i]):
                i += 1
            continue
        i += 1
    return copies
