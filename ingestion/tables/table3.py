"""Table 三 (requests received and handled): find every printed copy in a RowStream and read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.codes import APPLICANT_TYPES, REQUEST_ROWS_2019, REQUEST_ROWS_2021
from ingestion.model import Issue, ParsedValue, Provenance, Row, RowStream
from ingestion.tables.rowparts import split_row, value_window
from ingestion.tables.short_rows import resolve_short_rows, unplaced_row
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

    @property
    def completeness(self) -> int:
        """How many cells this copy printed a place for (to choose between duplicate copies)."""
        return len(self.cells)

    @property
    def row_codes(self) -> set[str]:
        """The row codes this copy printed."""
        return {code for code, _ in self.cells}


def _copies(rows: RowStream) -> list[list[tuple[str, Row]]]:
    """Group matched rows into copies; a copy ends when the row order starts again."""
    copies: list[list[tuple[str, Row]]] = []
    current: list[tuple[str, Row]] = []
    last_order = -1
    for row in rows:
        if not row.is_table:
            continue
        parts = split_row(row)
        code = request_row_code(parts.label)
        if code is None:
            continue
        if current and current[-1][0] == code and all(c.blank for c in parts.after):
            continue  # the second line of a label broken over two lines (具已获取信息)
        order = _ORDER[code]
        if current and (order <= last_order and code in ("new_received", "carried_over") or any(c == code for c, _ in current)):
            copies.append(current)
            current = []
        current.append((code, row))
        last_order = order
    if current:
        copies.append(current)
    return copies


def _read_copy(matched: list[tuple[str, Row]]) -> Table3:
    table = Table3(first_row=matched[0][1].prov)
    complete: dict[str, list[ParsedValue]] = {}
    short: dict[str, list[ParsedValue]] = {}
    for code, row in matched:
        window = value_window(split_row(row).after, WIDTH, grid=row.prov.table is not None)
        values = [parse_cell(c) for c in window.cells]
        if window.exact:
            complete[code] = values
        else:
            short[code] = values
    resolved, unplaced = resolve_short_rows(complete, short)
    complete.update(resolved)
    for code, printed in unplaced.items():
        complete[code] = unplaced_row(printed)
        table.issues.append(
            Issue(
                "short_row_unplaced",
                f"table 三 row {code} printed {len(printed)} of {WIDTH} values "
                f"({' '.join(v.raw or '' for v in printed)}); their columns cannot be determined, left empty",
                "warning",
                "table3",
                printed[0].prov if printed else None,
            )
        )
    for code in resolved:
        table.issues.append(
            Issue("inferred_cell", f"table 三 row {code}: one missing cell inferred from R3", "info", "table3", resolved[code][0].prov)
        )
    if "other_overdue_correction" in complete or "other_unpaid_fee" in complete:
        table.template = "2021"
    for code in REQUEST_ROWS_2021 if table.template == "2021" else REQUEST_ROWS_2019:
        if code not in complete:
            continue
        for applicant, value in zip(APPLICANT_TYPES, complete[code], strict=True):
            table.cells[(code, applicant)] = value
    return table


def find_table3(rows: RowStream) -> list[Table3]:
    """Every printed copy of table 三, in document order."""
    return [_read_copy(copy) for copy in _copies(rows)]
