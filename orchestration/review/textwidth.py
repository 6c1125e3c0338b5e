"""Terminal column widths that count a Chinese character as two columns (East Asian Wide/Fullwidth)."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: 2 for wide and fullwidth characters, 0 for combining marks, else 1."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``width`` display columns (``<`` left, ``>`` right); never cut."""
    gap = " " * max(0, width - display_width(text))
    return text + gap if align == "<" else gap + text
