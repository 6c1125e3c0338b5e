"""Table 二 (active disclosure, 第二十条): find every printed copy and read it, per template.

The table is a run of blocks: an item header (第二十条第（五）项), a metric header (信息内容 | 上一年项目数量 |
…) and category rows (行政许可 | 6 | 增 2 | 103). Metrics are read from the header, so the 2019 and 2021
templates, and reports mixing them, are handled by the same code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.codes import AMOUNT_METRICS
from ingestion.model import Cell, Issue, ParsedValue, Provenance, Row, RowStream
from ingestion.tables.accounting import Ledger
from ingestion.tables.columns import ColumnMap, is_grid_row, leaf_columns
from ingestion.tables.rowparts import first_code, split_row, squash
from ingestion.values import parse_cell

_ITEM = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")
_ITEM_NUMBERS = {"一": "20.1", "五": "20.5", "六": "20.6", "八": "20.8", "九": "20.9"}
_METRICS: tuple[tuple[str, str], ...] = (
    ("newly_made", r"新制作"),
    ("newly_published", r"新公开"),
    ("total_published", r"公开总数"),
    ("issued", r"制发"),
    ("repealed", r"废止"),
    ("in_force", r"现行有效"),
    ("previous_year_items", r"上一年"),
    ("change", r"增/?减|增减"),
    ("fee_amount", r"收费金额"),
    ("procurement_items", r"采购项目"),
    ("procurement_amount", r"采购总金额|采购金额"),
    ("decisions", r"处理决定"),
)
_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("normative_documents", r"规范性文件"),
    ("regulations", r"^规章$|规章"),
    ("administrative_licensing", r"行政许可"),
    ("other_external_services", r"其他对外管理服务"),
    ("administrative_penalty", r"行政处罚"),
    ("administrative_coercion", r"行政强制"),
    ("administrative_fees", r"事业性收费|行政收费"),
    ("centralized_procurement", r"集中采购"),
)
_TEMPLATE_2021 = {"issued", "repealed", "in_force", "fee_amount"}
_TEMPLATE_2019 = {"newly_made", "newly_published", "total_published", "previous_year_items", "change", "procurement_items"}
# metrics an item carries when a report prints no metric header, by template
_DEFAULT_METRICS = {
    "20.1": ("newly_made", "newly_published", "total_published"),
    "20.5": ("previous_year_items", "change", "decisions"),
    "20.6": ("previous_year_items", "change", "decisions"),
    "20.8": ("previous_year_items", "change"),
    "20.9": ("procurement_items", "procurement_amount"),
}


@dataclass
class Table2:
    """One printed copy of table 二."""

    cells: dict[tuple[str, str, str], ParsedValue] = field(default_factory=dict)
    template: str | None = None
    issues: list[Issue] = field(default_factory=list)
    first_row: Provenance | None = None
    ledger: Ledger = field(default_factory=Ledger)  # what became of each number printed in this copy
    sources: dict[tuple[str, str, str], Cell] = field(default_factory=dict)  # the cell each value was read from

    @property
    def completeness(self) -> int:
        """How many cells this copy printed a place for (to choose between duplicate copies)."""
        return len(self.cells)


def _item_of(row: Row) -> str | None:
    m = _ITEM.search(squash(row.text))
    return _ITEM_NUMBERS.get(m.group(1)) if m else None


def _metric_of(text: str) -> str | None:
    """The metric a header cell names (本年新制作数量 -> newly_made), or None."""
    return first_code(_METRICS, text)


def _category_of(label: str) -> str | None:
    """The category a row label names (行政许可 -> administrative_licensing), or None."""
    return first_code(_CATEGORIES, label)


def _header_metrics(row: Row) -> list[tuple[str, str | None]] | None:
    """Metrics (with the unit a header states) when ``row`` is a metric header, else None."""
    found: list[tuple[str, str | None]] = []
    for cell in row.cells:
        metric = _metric_of(cell.text) if not cell.blank else None
        if metric:
            unit = "万元" if "万元" in cell.text else ("元" if "元" in cell.text else None)
            found.append((metric, unit))
    return found or None


def _is_metric_header(row: Row, metrics: list) -> bool:
    """A metric header names metrics and either says 信息内容 or comes first in its item block."""
    header = _header_metrics(row)
    return bool(header) and ("信息内容" in squash(row.text) or not metrics)


def _value_cells(after: list[Cell], width: int) -> list[Cell]:
    cells = list(after)
    # a leading blank can only be a merged label column when more cells than metrics were printed
    while len(cells) > width and cells[0].blank:
        cells.pop(0)
    return cells[:width] + [Cell("")] * max(0, width - len(cells))


def _template_of(metrics_seen: set[str]) -> str | None:
    has21, has19 = bool(metrics_seen & _TEMPLATE_2021), bool(metrics_seen & _TEMPLATE_2019)
    if has21 and not has19:
        return "2021"
    if has19 and not has21:
        return "2019"
    return None


def _store(table: Table2, key: tuple[str, str, str], cell: Cell, unit: str | None) -> None:
    """Read one cell into the table; amounts keep the unit the cell or its header states.

    A template cell printed twice (two rows naming one category) keeps the later value, as it always has; the
    earlier number is accounted as printed and not placed.
    """
    value = parse_cell(cell)
    value.unit = (value.unit or unit) if key[2] in AMOUNT_METRICS else None
    row = " ".join(key)
    if (earlier := table.sources.get(key)) is not None:
        table.ledger.leave(row, [earlier], f"{key[1]}/{key[2]} printed again at {cell.prov.describe()}; the later value is used")
    table.cells[key], table.sources[key] = value, cell
    table.ledger.place(row, [cell])


def _read_grid_row(table: Table2, item: str, row: Row, columns: ColumnMap, units: dict[str, str | None]) -> bool:
    """A category row of a grid, each value from the metric column its header names; False if no category."""
    placement = columns.place(row)
    category = _category_of(placement.label)
    if category is None:
        return False
    for cell, why in placement.problems:
        table.issues.append(Issue("column_placement", f"table 二 item {item} {category}: {why}", "warning", "table2", cell.prov))
        table.ledger.leave(f"{item} {category}", [cell], why)
    for metric, cell in placement.values.items():
        _store(table, (item, category, metric), cell, units.get(metric))
    return True


def _read_text_row(table: Table2, item: str, row: Row, metrics: list[tuple[str, str | None]]) -> bool:
    """A category row of text without a grid: values in printed order; False if no category."""
    parts = split_row(row)
    category = _category_of(parts.label)
    if category is None:
        return False
    if not metrics:
        metrics[:] = [(m, None) for m in _DEFAULT_METRICS.get(item, ())]
        table.issues.append(Issue("table2_no_header", f"item {item}: no metric header printed; template metrics assumed", "warning", "table2", row.prov))
    cells = _value_cells(parts.after, len(metrics))
    for (metric, unit), cell in zip(metrics, cells, strict=True):
        _store(table, (item, category, metric), cell, unit)
    taken = {id(c) for c in cells}
    table.ledger.leave(f"{item} {category}", [c for c in parts.after if id(c) not in taken], f"printed beyond the {len(metrics)} metric columns")
    return True


def _unread(table: Table2, item: str | None, row: Row, why: str) -> None:
    """Account the numbers of a row inside the table that was not read (no category, no header): not placed."""
    parts = split_row(row)
    table.ledger.leave(f"{item or '?'} {parts.label!r}" if parts.label else f"{item or '?'} at {row.prov.describe()}", parts.after, why)


def _read_copy(rows: RowStream, start: int) -> tuple[Table2, int]:
    table = Table2(first_row=rows[start].prov)
    item: str | None = None
    metrics: list[tuple[str, str | None]] = []
    columns: ColumnMap | None = None  # the metric header's columns, in a grid
    seen: set[str] = set()
    i = start
    while i < len(rows):
        row = rows[i]
        new_item = _item_of(row) if row.is_table or len(row.text) < 20 else None
        if new_item:
            if i != start and new_item == "20.1" and item is not None:
                break  # a second copy of the table starts here
            item, metrics, columns = new_item, [], None
            if row.is_table:
                _unread(table, item, row, "printed on the item's heading row, under no metric")
        elif not row.is_table:
            if table.cells and len(row.text) > 12:
                break  # prose after the table ends it
        elif _is_metric_header(row, metrics):
            metrics = _header_metrics(row) or []
            seen.update(m for m, _ in metrics)
            built = leaf_columns([row], _metric_of) if is_grid_row(row) else []
            columns = ColumnMap(built, row.prov) if built else None
        elif item is not None:
            if is_grid_row(row):
                if columns is None:
                    read = _category_of(split_row(row).label) is not None
                    if read:
                        why = f"table 二 item {item}: no metric header above this row; its values are not placed"
                        table.issues.append(Issue("column_placement", why, "warning", "table2", row.prov))
                        _unread(table, item, row, "no metric header above this row")
                else:
                    read = _read_grid_row(table, item, row, columns, dict(metrics))
            else:
                read = _read_text_row(table, item, row, metrics)
            if not read and ("三、" in row.text[:3] or "申请" in row.text):
                break
            if not read:
                _unread(table, item, row, "row label not recognised as a table 二 category")
        i += 1
    table.template = _template_of(seen)
    if table.template is None and seen:
        table.template = "2021" if "fee_amount" in seen or "issued" in seen else "2019"
        table.issues.append(Issue("mixed_template", f"table 二 mixes 2019 and 2021 metrics: {sorted(seen)}", "warning", "table2", table.first_row))
    return table, i


def find_table2(rows: RowStream) -> list[Table2]:
    """Every printed copy of table 二, in document order."""
    copies: list[Table2] = []
    i = 0
    while i < len(rows):
        if _item_of(rows[i]) == "20.1" and (rows[i].is_table or len(rows[i].text) < 20):
            table, end = _read_copy(rows, i)
            if table.cells:
                copies.append(table)
            i = max(end, i + 1)
            continue
        i += 1
    return copies
