"""How real sites print the row labels and headers of tables 三 and 四: one table of variants.

The template numbers table 三's rows on three levels: blocks (``一、本年新收…``), groups (``（一）予以公开``)
and items (``1.属于国家秘密``). Sites print the same labels with other numbering (``3、其他``, ``３．其他``,
``（3）其他``, ``⑶其他`` pasted from Word's automatic numbering, or no number at all), half-width brackets,
spaces and line breaks inside the label, and trailing notes (``（单位：件）``); (六)其他处理 is one row in the
2019 template and three sub-rows (``1.…逾期不补正`` / ``2.…缴纳费用`` / ``3.其他``) in the 2021 one.

This module is the single place those variants are listed. The parser reads labels through
``canonical_label`` (used by ``ingestion.tables.rowparts.squash``), which folds every variant listed here
back to the template's form; the fixture generator (tests/fixture_render) prints labels through
``vary_label``, choosing among the same variants, so every variant the generator prints is one the
parser is tested to read.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

NUMERALS = "一二三四五六七八九十"

# ---- the variants ---------------------------------------------------------------------------------
# ``{c}`` a Chinese numeral, ``{n}`` an ASCII number, ``{w}`` the same in full-width digits (３),
# ``{dot}`` / ``{paren}`` the one-character numbers Word's automatic numbering pastes (⒊ / ⑶).

# blocks: 一、本年新收政府信息公开申请数量 · 三、本年度办理结果 · 四、结转下年度继续办理
BLOCK_NUMBERINGS: tuple[str, ...] = ("{c}、", "{c}．", "{c}.", "")
# groups: （一）予以公开 … （六）其他处理 · （七）总计 — full- and half-width brackets, or no number
GROUP_NUMBERINGS: tuple[str, ...] = ("（{c}）", "({c})", "")
# items: 1.属于国家秘密 … 3.其他
ITEM_NUMBERINGS: tuple[str, ...] = (
    "{n}.",
    "{n}、",
    "{n}．",
    "{w}.",
    "{w}、",
    "{w}．",
    "（{n}）",
    "({n})",
    "{dot}",
    "{paren}",
    "",
)
# the brackets of a label's wording (（二）部分公开（区分处理的，…）, 第二十条第（一）项): full- or half-width
BRACKETS: tuple[tuple[str, str], ...] = (("（", "）"), ("(", ")"))
# what a label may have inside it: a space, an ideographic space, a line break (a wrapped cell)
GAPS: tuple[str, ...] = (" ", "\u3000", "\n")
# notes printed after a label: the unit of the row's counts
NOTE_UNITS: tuple[str, ...] = ("件", "个", "项")
NOTES: tuple[str, ...] = ("（单位：{u}）", "(单位:{u})", "（{u}）")

# How the 2021 template's (六)其他处理 prints: the group over its three sub-rows; the 2019 template (and
# 2021 reports keeping the old table) print one row, whose number is other_handling.
OTHER_HANDLING_GROUP = "（六）其他处理"
OTHER_HANDLING_ITEM = "3.其他"

# ---- reading (the parser) -------------------------------------------------------------------------

# after NFKC: ``3、`` ``3)`` ``(3)`` are item numbers, read as ``3.`` (never inside a longer number)
_ITEM_NUMBER = re.compile(r"(?<![\d.])(?:\((\d{1,2})\)|(\d{1,2})[、)])")
_NOTE = re.compile(r"\((?:单位:?)?(?:" + "|".join(map(re.escape, NOTE_UNITS)) + r")\)$")


def canonical_label(text: str) -> str:
    """A label as keyword rules read it: NFKC, no whitespace, item numbers as ``3.``, no trailing note.

    Every numbering of ``ITEM_NUMBERINGS`` folds to ``n.`` (``3、其他`` ``３．其他`` ``（3）其他`` ``⑶其他`` ->
    ``3.其他``), brackets to half-width (``（一）`` -> ``(一)``), and a note of ``NOTES`` at the end is dropped
    (``一、本年新收政府信息公开申请数量（单位：件）`` -> ``一、本年新收政府信息公开申请数量``).
    """
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    s = _NOTE.sub("", s)
    return _ITEM_NUMBER.sub(lambda m: f"{m.group(1) or m.group(2)}.", s)


# ---- printing (the fixture generator) -------------------------------------------------------------

_BLOCK = re.compile(rf"^([{NUMERALS}])、(.+)$")
_GROUP = re.compile(rf"^（([{NUMERALS}])）(.+)$")
_ITEM = re.compile(r"^(\d{1,2})\.(.+)$")


def _full_width(n: int) -> str:
    """``12`` -> ``１２``."""
    return "".join(chr(0xFF10 + int(d)) for d in str(n))


def number_text(numbering: str, number: int | str) -> str:
    """A number printed in one of the numberings above (``{w}、`` and 3 -> ``３、``)."""
    if isinstance(number, str):
        return numbering.format(c=number)
    return numbering.format(
        n=number,
        w=_full_width(number),
        dot=chr(0x2487 + number) if 1 <= number <= 20 else f"{number}.",
        paren=chr(0x2473 + number) if 1 <= number <= 20 else f"({number})",
    )


def split_numbering(label: str) -> tuple[str, int | str | None, str]:
    """A template label's level (``block``, ``group``, ``item`` or ``plain``), number and wording."""
    for level, pattern in (("block", _BLOCK), ("group", _GROUP), ("item", _ITEM)):
        if m := pattern.match(label):
            number = m.group(1)
            return level, int(number) if number.isdigit() else number, m.group(2)
    return "plain", None, label


_NUMBERINGS = {"block": BLOCK_NUMBERINGS, "group": GROUP_NUMBERINGS, "item": ITEM_NUMBERINGS}
NOTE_SHARE = 0.2  # share of labels printed with a trailing note


@dataclass(frozen=True)
class Variant:
    """How one label prints: a numbering of its level, a bracket pair, a gap (and where), a note."""

    numbering: str | None  # one of the level's numberings; None for a label without a number
    brackets: tuple[str, str]
    gap: str  # "" for none
    gap_at: int  # where the gap goes: 0 after the number, k before the wording's k-th character
    note: str  # "" for none


def choose_variant(label: str, seed: str, note: bool = True) -> Variant:
    """The variant ``seed`` picks for ``label`` (the same seed picks the same variant on every run)."""
    rng = random.Random(seed)
    level, number, wording = split_numbering(label)
    numbering = rng.choice(_NUMBERINGS[level]) if number is not None else None
    brackets = rng.choice(BRACKETS)
    gap = rng.choice((*GAPS, "", ""))
    gap_at = rng.randrange(0, len(wording)) if len(wording) > 1 else 0
    printed_note = ""
    if note and rng.random() < NOTE_SHARE:
        printed_note = rng.choice(NOTES).format(u=rng.choice(NOTE_UNITS))
    return Variant(numbering, brackets, gap, gap_at, printed_note)


def print_variant(label: str, variant: Variant) -> str:
    """``label`` (in the template's wording) printed in ``variant``; the wording's characters are kept."""
    _, number, wording = split_numbering(label)
    prefix = number_text(variant.numbering, number) if variant.numbering is not None else ""
    opening, closing = variant.brackets
    wording = wording.replace("（", opening).replace("）", closing)
    if variant.gap and len(wording) > 1:
        if variant.gap_at == 0 and prefix:
            prefix += variant.gap
        elif variant.gap_at > 0:
            wording = wording[: variant.gap_at] + variant.gap + wording[variant.gap_at :]
    return prefix + wording + variant.note


def vary_label(label: str, seed: str, note: bool = True) -> str:
    """``label`` as some site prints it, chosen by ``seed``: a numbering of its level, full- or half-width
    brackets, a gap of ``GAPS`` after the number or inside the wording, and (when ``note``) perhaps a note
    of ``NOTES``."""
    return print_variant(label, choose_variant(label, seed, note))
