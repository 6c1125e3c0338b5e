"""Figures the prose states, for rule R8 (prose vs tables; a warning, prose often counts differently).

Each pattern names the table cell it should equal:
- ``共收到(政府信息公开|依申请公开)申请/事项 N 件`` -> table 三 new_received / total;
- ``行政复议 N 件`` -> table 四 reconsideration / total;
- ``行政诉讼 N 件`` -> table 四 litigation_direct + litigation_after_reconsideration totals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingestion.model import Provenance, RowStream

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "requests_received",
        re.compile(r"(?:共|累计)?(?:收到|受理|新收)(?:了)?(?:政府信息公开|依申请公开)(?:申请|事项)(?:共)?(\d+)\s*(?:件|条|个)"),
    ),
    ("reconsideration_total", re.compile(r"行政复议(?:案件|申请)?(?:共)?(\d+)\s*件")),
    ("litigation_total", re.compile(r"行政诉讼(?:案件)?(?:共)?(\d+)\s*件")),
)


@dataclass
class ProseFigure:
    """A number stated in prose, the words it was stated in, and where."""

    figure: str
    value: int
    text: str
    prov: Provenance


def extract_prose_figures(rows: RowStream) -> list[ProseFigure]:
    """Every stated figure of the kinds R8 compares, in reading order (prose rows only)."""
    found: list[ProseFigure] = []
    for row in rows:
        if row.is_table:
            continue
        text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", row.text))
        for figure, pattern in _PATTERNS:
            for m in pattern.finditer(text):
                start = max(0, m.start() - 10)
                found.append(ProseFigure(figure, int(m.group(1)), text[start : m.end()], row.prov))
    return found
