"""Markdown reports (as converted by aggregators and LLM tools) -> RowStream.

Pipe-table lines (``| a | b |``) become table rows, their ``|---|`` delimiter line is skipped; a line
without outer pipes counts as a table row only right before or inside a table (GFM allows both). Every
other non-blank line is prose, with heading/quote markers removed. Cells keep their printed text:
``<br>`` joins wrapped lines CJK-aware, ``&nbsp;`` and emphasis markers are dropped.
"""

from __future__ import annotations

import html
import re

from ingestion.limits import DEFAULT_LIMITS, ParseLimits
from ingestion.model import Cell, Provenance, Row, RowStream
from ingestion.readers.base import Document
from ingestion.readers.encoding import clean_cell_text, decode_text

_DELIMITER = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_PROSE_MARKER = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?)")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _is_delimiter(line: str) -> bool:
    """The ``|---|:---:|`` line under a table header."""
    return "-" in line and bool(_DELIMITER.match(line))


def _is_pipe_row(line: str) -> bool:
    """A line that is unmistakably a table row: it starts with a pipe."""
    return line.lstrip().startswith("|")


def _table_line_flags(lines: list[str]) -> list[bool]:
    """Which lines are table rows (delimiter lines included, to be skipped later)."""
    flags = [_is_pipe_row(ln) for ln in lines]
    for i, line in enumerate(lines):
        if _is_delimiter(line) and i > 0 and "|" in lines[i - 1]:
            flags[i - 1] = flags[i] = True  # a header row, perhaps without outer pipes
            j = i + 1
            while j < len(lines) and "|" in lines[j] and lines[j].strip():
                flags[j] = True
                j += 1
    return flags


def _clean(text: str) -> str:
    """Printed text of a cell or prose line: entities decoded, <br> joined, emphasis markers removed."""
    text = _BR.sub("\n", text)
    text = _EMPHASIS.sub(r"\2", text)
    return clean_cell_text(html.unescape(text).replace("\\|", "|"))


def _split_cells(line: str) -> list[str]:
    """The cells of a pipe row, outer pipes removed, escaped ``\\|`` kept inside cells."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return [_clean(part) for part in _CELL_SPLIT.split(body)]


def rows_from_markdown(text: str) -> RowStream:
    """Split markdown text into prose rows and table rows (provenance: 1-based ``line``)."""
    lines = text.splitlines()
    rows: RowStream = []
    table = -1
    table_row = width = 0
    in_table = False
    for number, (line, is_table) in enumerate(zip(lines, _table_line_flags(lines), strict=True), start=1):
        if is_table and not in_table:
            table, table_row, width = table + 1, 0, 0
        in_table = is_table
        if is_table:
            if _is_delimiter(line):
                continue
            texts = _split_cells(line)
            width = width or len(texts)
            texts += [""] * (width - len(texts))  # GFM renders a short row padded to the header's width
            cells = [
                Cell(t, Provenance(line=number, table=table, row=table_row, col=c))
                for c, t in enumerate(texts)
            ]
            rows.append(Row(cells, Provenance(line=number, table=table, row=table_row), is_table=True))
            table_row += 1
        elif line.strip() and not _THEMATIC_BREAK.match(line):
            text_ = _clean(_PROSE_MARKER.sub("", line))
            if text_:
                prov = Provenance(line=number)
                rows.append(Row([Cell(text_, prov)], prov, is_table=False))
    return rows


def read_markdown(data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """Read a markdown report in any of the encodings reports are published in."""
    text, _encoding = decode_text(data)
    return Document(rows=rows_from_markdown(text))
