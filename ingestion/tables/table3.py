"""Table 三 (requests received and handled): find every printed copy in a RowStream and read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.codes import APPLICANT_TYPES, REQUEST_ROWS_2019, REQUEST_ROWS_2021
from ingestion.model import Cell, Issue, ParsedValue, Provenance, Row, RowStream
from ingestion.tables.accounting import Ledger
from ingestion.tables.columns import ColumnMap, Placement, is_grid_row, maps_in_force
from ingestion.tables.rowparts import split_row, text_value_window
from ingestion.tables.short_rows import resolve_short_rows, unplaced_row
from ingestion.tables.table3_header import (
    continues_table3_header,
    is_table3_header,
    missing_applicants,
    table3_columns,
)
from ingestion.tables.table3_labels import request_row_code
from ingestion.values import parse_cell

WIDTH = len(APPLICANT_TYPES)
_ORDER = {code: i for i, code in enumerate(REQUEST_ROWS_2021)}


@dataclass
class Table3:
    """One printed copy of table 三."""

    cells: dict[tuple[str, str], ParsedValue] = field(default_factory=dict)
    template: str = "2019"
    issues: list[Issue] = field(default_factory=list)
    first_row: Provenance | None = None
    ledger: Ledger = field(default_factory=Ledger)  # what became of each number printed in this copy

    @property
    def completeness(self) -> int:
        """How many cells this copy printed a place for (to choose between duplicate copies)."""
        return len(self.cells)

    @property
    def row_codes(self) -> set[str]:
        """The row codes this copy printed."""
        return {code for code, _ in self.cells}


@dataclass
class _Line:
    """One matched row of table 三: its code, the row, and (in a grid) its cells placed by header column."""

    code: str
    row: Row
    columns: ColumnMap | None
    placement: Placement | None
    index: int  # the row's position in the RowStream


def _matched_rows(rows: RowStream, maps: list[ColumnMap | None]) -> list[_Line]:
    """Every table row whose label is a table 三 row label, with the header columns in force for it."""
    out: list[_Line] = []
    for index, (row, columns) in enumerate(zip(rows, maps, strict=True)):
        if not row.is_table:
            continue
        placement = columns.place(row) if columns is not None else None
        label = placement.label if placement is not None else split_row(row).label
        code = request_row_code(label)
        if code is not None:
            out.append(_Line(code, row, columns, placement, index))
    return out


def _printed_nothing(line: _Line) -> bool:
    """True when a matched row prints no value (the second line of a label broken over two lines)."""
    if line.placement is not None:
        return all(c.blank for c in line.placement.values.values()) and not line.placement.problems
    return all(c.blank for c in split_row(line.row).after)


def _copies(matched: list[_Line]) -> list[list[_Line]]:
    """Group matched rows into copies; a copy ends when the row order starts again."""
    copies: list[list[_Line]] = []
    current: list[_Line] = []
    last_order = -1
    for line in matched:
        code = line.code
        if current and current[-1].code == code and _printed_nothing(line):
            continue  # the second line of a label broken over two lines (具已获取信息)
        order = _ORDER[code]
        if current and (order <= last_order and code in ("new_received", "carried_over") or any(c.code == code for c in current)):
            copies.append(current)
            current = []
        current.append(line)
        last_order = order
    if current:
        copies.append(current)
    return copies


def _placement_issue(table: Table3, line: _Line, message: str, prov: Provenance | None) -> None:
    """Record that a row's cells could not all be put in their columns: the table becomes partial."""
    table.issues.append(Issue("column_placement", f"table 三 row {line.code}: {message}", "warning", "table3", prov or line.row.prov))


def _grid_values(table: Table3, line: _Line) -> list[ParsedValue]:
    """A grid row's seven values, each read from the column its header names; problems recorded."""
    if line.columns is None:
        why = "no table 三 header found above this row; its values are not placed"
        _placement_issue(table, line, why, line.row.prov)
        table.ledger.leave(line.code, split_row(line.row).after, why)
        printed = [c for c in line.row.cells if not c.blank]
        return unplaced_row([parse_cell(c) for c in printed])
    placement = line.placement
    for cell, why in placement.problems:
        _placement_issue(table, line, why, cell.prov)
        table.ledger.leave(line.code, [cell], why)
    return [parse_cell(placement.values[a]) if a in placement.values else ParsedValue(None, "blank", None, line.row.prov) for a in APPLICANT_TYPES]


def _read_copy(matched: list[_Line]) -> Table3:
    table = Table3(first_row=matched[0].row.prov)
    complete: dict[str, list[ParsedValue]] = {}
    short: dict[str, list[ParsedValue]] = {}
    printed: dict[str, list[Cell]] = {}  # the cells each row's values were read from (for the ledger)
    headers_checked: set[int] = set()
    for line in matched:
        code, row = line.code, line.row
        if is_grid_row(row):
            if line.columns is not None and id(line.columns) not in headers_checked:
                headers_checked.add(id(line.columns))
                if bad := missing_applicants(line.columns):
                    _placement_issue(table, line, f"the header does not name exactly one column for {', '.join(bad)}", line.columns.header_prov)
            complete[code] = _grid_values(table, line)
            if line.columns is not None:
                printed[code] = list(line.placement.values.values())
            continue
        after = split_row(row).after
        window = text_value_window(after, WIDTH)
        printed[code] = window.cells
        taken = {id(c) for c in window.cells}
        table.ledger.leave(code, [c for c in after if id(c) not in taken], f"printed beyond the {WIDTH} columns")
        values = [parse_cell(c) for c in window.cells]
        if window.exact:
            complete[code] = values
        else:
            short[code] = values
    resolved, unplaced = resolve_short_rows(complete, short)
    complete.update(resolved)
    for code, values in unplaced.items():
        complete[code] = unplaced_row(values)
        table.ledger.leave(code, printed.pop(code), f"printed {len(values)} of {WIDTH} values; their columns cannot be determined")
        table.issues.append(
            Issue(
                "short_row_unplaced",
                f"table 三 row {code} printed {len(values)} of {WIDTH} values "
                f"({' '.join(v.raw or '' for v in values)}); their columns cannot be determined, left empty",
                "warning",
                "table3",
                values[0].prov if values else None,
            )
        )
    for code in resolved:
        table.issues.append(
            Issue("inferred_cell", f"table 三 row {code}: one missing cell inferred from R3", "info", "table3", resolved[code][0].prov)
        )
    if "other_overdue_correction" in complete or "other_unpaid_fee" in complete:
        table.template = "2021"
    template_rows = REQUEST_ROWS_2021 if table.template == "2021" else REQUEST_ROWS_2019
    if missing := [code for code in template_rows if code not in complete]:
        # a row lost (at a page break, in a layout we misread) must show, not pass as a table without it
        table.issues.append(Issue("row_missing", f"table 三 rows not found: {', '.join(missing)}", "warning", "table3", table.first_row))
    for code, cells in printed.items():
        if code in template_rows:
            table.ledger.place(code, cells)
        else:
            table.ledger.leave(code, cells, f"not a row of the {table.template} template")
    for code in template_rows:
        if code not in complete:
            continue
        for applicant, value in zip(APPLICANT_TYPES, complete[code], strict=True):
            table.cells[(code, applicant)] = value
    return table


def _account_unmatched(table: Table3, rows: RowStream, maps: list[ColumnMap | None], copy: list[_Line], matched: set[int]) -> None:
    """Numbers printed in the copy's rows whose label is no table 三 row label: printed, not placed."""
    for index in range(copy[0].index, copy[-1].index + 1):
        row = rows[index]
        if index in matched or not row.is_table:
            continue
        if maps[index] is not None:
            placement = maps[index].place(row)
            label, cells = placement.label, [*placement.values.values(), *(c for c, _ in placement.problems)]
        else:
            parts = split_row(row)
            label, cells = parts.label, parts.after
        table.ledger.leave(repr(label) if label else f"at {row.prov.describe()}", cells, "row label not recognised as a table 三 row")


def find_table3(rows: RowStream) -> list[Table3]:
    """Every printed copy of table 三, in document order."""
    maps = maps_in_force(rows, is_table3_header, table3_columns, continues_table3_header)
    matched = _matched_rows(rows, maps)
    indices = {line.index for line in matched}
    tables = []
    for copy in _copies(matched):
        table = _read_copy(copy)
        _account_unmatched(table, rows, maps, copy, indices)
        tables.append(table)
    return tables
