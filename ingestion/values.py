"""Printed cell text -> a number, keeping what was printed.

A blank is ``None`` (not reported), never 0. ``/ — - 无 不适用`` mean "not applicable". Full-width
digits, thousands separators, ``增 2``/``减3``/``-2`` and units such as ``10万元`` are normalised.
A cell read by OCR with a confidence below the caller's threshold (``ParseLimits.ocr_min_confidence``,
marked on the cell by ``parse_bytes``) is ``uncertain``: no value, the text read kept in ``raw`` — never a
guessed number.
"""

from __future__ import annotations

import re
import unicodedata

from ingestion.model import Cell, ParsedValue, Provenance

NOT_APPLICABLE = {"/", "／", "—", "——", "-", "－", "–", "无", "不适用", "\\"}
_NUMBER = re.compile(
    r"^(?P<sign>增|减|\+|-|−)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|元|件|个|项|条|次)?$"
)


def normalise_text(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII), drop thousands separators and inner spaces."""
    t = unicodedata.normalize("NFKC", text).strip()
    t = t.replace(",", "").replace("，", "")
    return re.sub(r"\s+", " ", t)


def parse_value(text: str | None, prov: Provenance | None = None) -> ParsedValue:
    """Read one printed cell; the returned value keeps ``raw`` exactly as printed."""
    prov = prov or Provenance()
    if text is None or not text.strip():
        return ParsedValue(None, "blank", None if text is None else text.strip() or None, prov)
    raw = text.strip()
    # a 、 or ， at the start is the end of the row label spilling into the first number cell (a wrapped
    # label in a ruled PDF); it is never part of a number, so the number after it is what was printed
    t = normalise_text(raw).lstrip("、,，")
    if t in NOT_APPLICABLE:
        return ParsedValue(None, "not_applicable", raw, prov)
    m = _NUMBER.match(t)
    if not m:
        return ParsedValue(None, "text", raw, prov)
    num = float(m.group("num"))
    if m.group("sign") in ("减", "-", "−"):
        num = -num
    unit = m.group("unit") if m.group("unit") in ("万元", "元") else None
    return ParsedValue(num, "number", raw, prov, unit=unit)


def parse_cell(cell: Cell) -> ParsedValue:
    """Read one table cell: ``parse_value`` on its text, keeping its provenance and OCR confidence.

    A cell marked ``uncertain`` (OCR confidence below the threshold) has value None, ``raw`` the text read.
    """
    if cell.uncertain:
        return ParsedValue(None, "uncertain", cell.text.strip() or None, cell.prov, confidence=cell.confidence)
    value = parse_value(cell.text, cell.prov)
    value.confidence = cell.confidence
    return value


def is_value_text(text: str) -> bool:
    """True when a cell holds a value (number, n/a mark or blank) rather than a label."""
    if not text.strip():
        return True
    return parse_value(text).kind != "text"


def json_number(value: float | None) -> int | float | None:
    """Integers as ``int`` (3, not 3.0) so JSON output matches the golden files."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
