"""Table 四's header: which column is which (proceeding, outcome).

The template prints two levels over the outcomes (行政复议 | 行政诉讼 › 未经复议直接起诉 · 复议后起诉), then
结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计 under each. Layouts with one row per proceeding print the
outcomes once and the proceeding as the row label; their columns carry no proceeding (None).
"""

from __future__ import annotations

import re

from ingestion.codes import OUTCOMES
from ingestion.model import Row
from ingestion.tables.columns import ColumnMap, header_texts, leaf_columns
from ingestion.tables.rowparts import first_code, squash

_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("upheld", r"结果维持|^维持$"),
    ("corrected", r"结果纠正|^纠正$"),
    ("other_outcome", r"其他结果"),
    ("pending", r"尚未审结|未审结"),
    ("total", r"^(总计|合计)$"),
)
# most specific first: 复议后起诉 and 未经复议直接起诉 both mention 复议
_PROCEEDINGS: tuple[tuple[str, str], ...] = (
    ("litigation_after_reconsideration", r"复议后起诉"),
    ("litigation_direct", r"未经复议|直接起诉"),
    ("reconsideration", r"行政复议"),
    ("litigation", r"^行政诉讼$"),  # the group over both kinds of litigation: never a column's own proceeding
)
_WORDS = re.compile(r"结果维持|结果纠正|尚未审结|行政复议|行政诉讼|未经复议|复议后起诉|其他结果")


def outcome_of(text: str) -> str | None:
    """The outcome a header cell names, or None."""
    return first_code(_OUTCOMES, text)


def proceeding_of(text: str) -> str | None:
    """The proceeding a header cell or row label names (``litigation`` for the bare 行政诉讼 group)."""
    return first_code(_PROCEEDINGS, text)


def is_table4_header(row: Row) -> bool:
    """A row of header text only that names an outcome or a proceeding of table 四."""
    return any(_WORDS.search(squash(t)) for t in header_texts(row))


def table4_columns(block: list[Row]) -> ColumnMap | None:
    """(proceeding or None, outcome) columns a header block names; None when it names no outcome.

    A proceeding printed in the first cell of its group with blank cells after it (a grid drawn without
    merges) names the same columns as one merged over them; when that reading is not the only one, the
    columns are doubtful and their values are left out (``columns.leaf_columns``).
    """
    columns = leaf_columns(block, outcome_of, proceeding_of, group_leaves=OUTCOMES)
    return ColumnMap(columns, block[0].prov) if columns else None
