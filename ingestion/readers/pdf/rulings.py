"""Which drawn objects of a PDF page are table rulings, and the rulings Word and WPS leave out at a page break.

Why the ruling filter: many publishers' tools (WPS, Jisupdf, Word) paint an invisible white, unstroked
rectangle behind every line of text. pdfplumber turns those into edges, so whole pages of prose come out as
one-column "tables" (the page frames of huaian-hongze-2024.pdf) or swallow the real table below them.
``is_ruling`` keeps only what can be seen as a line on the page.

Why the added rulings: Word and WPS often draw no ruling under the last row of a page (the table goes on
overleaf) or over the first row of the next page; ``open_edges`` closes such rows (see its docstring).
"""

from __future__ import annotations

from pdfplumber.page import Page

THIN_RULE = 2.0  # a filled rectangle this thin (points) is a drawn ruling line
MAX_OPEN_ROW = 120.0  # points: a row left open at a page break is no taller than this
SNAP = 2.0  # points: rulings this close meet


def _is_white(color: object) -> bool:
    """True for a white (or nearly white) fill/stroke colour in gray, RGB or CMYK."""
    if not isinstance(color, (tuple, list)) or not color:
        return False  # unset or a pattern: the PDF default is black
    values = [float(v) for v in color if isinstance(v, (int, float))]
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.05 for v in values)
    return bool(values) and all(v >= 0.95 for v in values)


def is_ruling(obj: dict) -> bool:
    """Keep every object except rectangles/curves that cannot be seen as a line on the page."""
    kind = obj.get("object_type")
    if kind == "curve":
        return bool(obj.get("stroke"))
    if kind != "rect":
        return True
    if obj.get("stroke") and not _is_white(obj.get("stroking_color")):
        return True
    thin = min(obj["width"], obj["height"]) <= THIN_RULE
    # A thin filled rectangle is how Word/WPS draw a table border; a wide one is a background.
    return bool(obj.get("fill")) and thin and not _is_white(obj.get("non_stroking_color"))


def open_edges(page: Page, found: list) -> list[dict]:
    """Horizontal rulings that close tables left open at a page break.

    Word and WPS often draw no ruling under the last row of a page (the table goes on overleaf) or over
    the first row of the next page. pdfplumber needs a closing ruling to see a row, so such a row was lost.
    Where two or more column rulings of a found table end at the same height with no horizontal ruling to
    meet them, a line is added there across the table: the open row becomes a row of the table.
    """
    extra = []
    horizontals = page.horizontal_edges
    for table in found:
        x0, top, x1, bottom = table.bbox
        near = [
            e for e in page.vertical_edges
            if x0 + SNAP < e["x0"] < x1 - SNAP and e["bottom"] >= top - MAX_OPEN_ROW and e["top"] <= bottom + MAX_OPEN_ROW
        ]
        dangling: dict[int, int] = {}
        for edge in near:
            for y in (edge["top"], edge["bottom"]):
                met = any(abs(h["top"] - y) <= SNAP and h["x0"] - SNAP <= edge["x0"] <= h["x1"] + SNAP for h in horizontals)
                if not met:
                    dangling[round(y)] = dangling.get(round(y), 0) + 1
        for y, count in dangling.items():
            if count >= 2:  # two column rulings at least: not a stray line
                extra.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "object_type": "line"})
    return extra
