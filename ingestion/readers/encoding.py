"""Bytes -> text for reports published in UTF-8 (with or without BOM) or the GB family of encodings,
plus the CJK-aware text joining every reader applies to wrapped cells and lines.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# UTF-32 first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# GB2312 and GBK are subsets of GB18030; pages that declare the former routinely contain characters of
# the latter, so decoding with the superset never loses text the declared codec would have read.
GB_ALIASES = frozenset(
    {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "gb18030", "hz-gb-2312"}
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding announced by a byte-order mark at the start of ``data``, or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def normalize_encoding(name: str) -> str:
    """Map a declared charset label to the codec to decode with (GB family -> gb18030)."""
    label = name.strip().strip("\"'").lower()
    if label in GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding used). GB2312/GBK are read as their superset GB18030.

    Order: byte-order mark, strict UTF-8, strict GB18030, charset-normalizer's best guess, lossy UTF-8.
    """
    bom = bom_encoding(data)
    if bom is not None:
        return data.decode(bom, errors="replace"), bom
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8 (lossy)"


# ---- CJK-aware joining ------------------------------------------------------------------------------
# Ideographs, kana, CJK punctuation, full-width forms and the quotes/dashes Chinese text uses.
_CJK_CHARS = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
_CJK = re.compile(f"[{_CJK_CHARS}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_CHARS}])[ \t\u00a0\u3000]+(?=[{_CJK_CHARS}])")
_NEWLINE_RUN = re.compile(r"\s*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def is_cjk(char: str) -> bool:
    """True for a Chinese/Japanese character or a full-width punctuation mark."""
    return bool(char) and _CJK.match(char) is not None


def _glued(left: str, right: str) -> bool:
    """True when a line break between these two characters hides no space.

    CJK text has no spaces; a number or a phone/date broken at a narrow cell's edge (``242``/``8``,
    ``0517-``/``8729``) is one token.
    """
    return is_cjk(left) or is_cjk(right) or (left.isdigit() and right.isdigit()) or left in "-/"


def join_wrapped(parts: list[str]) -> str:
    """Join the lines of one wrapped cell or paragraph: no space where either side is CJK, else one space.

    ``['本年新', '制作数量']`` -> ``'本年新制作数量'``; ``['Annual', 'report']`` -> ``'Annual report'``;
    ``['242', '8']`` -> ``'2428'``.
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out and not _glued(out[-1], part[0]):
            out += " "
        out += part
    return out


def clean_cell_text(text: str, squeeze_cjk_spaces: bool = False) -> str:
    """Normalise extracted cell/line text: wrapped lines joined (CJK-aware), whitespace runs collapsed.

    ``squeeze_cjk_spaces`` also drops blanks *between two CJK characters*: in PDFs those are gaps of
    justified or letter-spaced text (``总 计``), not printed spaces.
    """
    lines = [_SPACES.sub(" ", line) for line in _NEWLINE_RUN.split(text)]
    joined = join_wrapped(lines)
    if squeeze_cjk_spaces:
        joined = _SPACE_BETWEEN_CJK.sub("", joined)
    return joined.strip()
