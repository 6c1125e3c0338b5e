"""The six sections' prose, located by their heading words (real reports renumber and repeat them)."""

from __future__ import annotations

import re

from ingestion.model import Provenance, RowStream, Section
from ingestion.tables.rowparts import squash

_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"总体情况")),
    (2, re.compile(r"主动公开政府信息情况")),
    (3, re.compile(r"收到和处理政府信息公开申请")),
    (4, re.compile(r"行政复议.*行政诉讼|行政复议和行政诉讼")),
    (5, re.compile(r"存在的?主要问题|存在问题")),
    (6, re.compile(r"其他需要报告")),
)
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


def _heading_number(text: str) -> int | None:
    s = squash(text)
    if len(s) > 30:
        return None
    for number, pattern in _HEADINGS:
        if pattern.search(s) and (_NUMBERED.match(s) or len(s) <= 20):
            return number
    return None


def extract_sections(rows: RowStream) -> list[Section]:
    """Prose of each section; a repeated heading continues the section it names."""
    sections: dict[int, Section] = {}
    current: Section | None = None
    for row in rows:
        if row.is_table:
            continue
        number = _heading_number(row.text)
        if number is not None:
            current = sections.get(number)
            if current is None:
                current = Section(number, row.text.strip(), "", row.prov or Provenance())
                sections[number] = current
            continue
        if current is not None:
            current.text = (current.text + "\n" + row.text).strip()
    return [sections[n] for n in sorted(sections)]
