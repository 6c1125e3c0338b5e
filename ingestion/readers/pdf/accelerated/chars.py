"""pdfplumber's char dicts made when pdfminer renders each char, without an LTChar in between.

Why: on our reports chars are nine in ten page objects. pdfminer builds an ``LTChar`` per glyph (a dozen
attributes, a bounding box through ``apply_matrix_rect``), pdfplumber tags it with the marked-content id
and later turns it into a dict (``Page.process_object``). ``CharDevice`` computes the same values with the
same arithmetic, in the same order, straight into the dict pdfplumber would have made; lines, rects,
curves and images are left to pdfminer and pdfplumber as before. tests/test_pdf_fast_path.py compares the
page objects with pdfplumber's own, object for object. The arithmetic mirrors pdfminer.six 20260107 (the
version pdfplumber 0.11.10 pins): on an upgrade, those tests say whether it still holds.

Where the chars go: the page's chars are kept in rendering order, and one placeholder (``CharsHere``)
sits in the layout where the first char would have been, so ``page.objects`` lists its kinds in the same
order as pdfplumber's.
"""

from __future__ import annotations

from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTItem
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.utils import resolve_all, resolve_and_decode

_SPACE_NAMES: dict[str, object] = {}


def colour_space_name(name: object) -> object:
    """``resolve_and_decode`` of a colour space's name, remembered for string names (a handful per file)."""
    if not isinstance(name, str):
        return resolve_and_decode(name)
    if name not in _SPACE_NAMES:
        _SPACE_NAMES[name] = resolve_and_decode(name)
    return _SPACE_NAMES[name]


class CharsHere(LTItem):
    """Stands in the layout where pdfminer would have put the page's first LTChar."""


class CharDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device whose ``render_char`` appends pdfplumber's char dict to ``chars``.

    Only for pages opened without layout analysis (``laparams`` None, pdfplumber's default): with
    analysis, pdfminer would group LTChars into text lines and boxes.
    """

    def __init__(self, page: Page) -> None:
        """Same device as ``pdfplumber.Page.layout`` builds, plus what the char dicts need of the page."""
        assert page.pdf.laparams is None
        super().__init__(page.pdf.rsrcmgr, pageno=page.page_number, laparams=None)
        self.chars: list[dict] = []
        self.marker = CharsHere()
        self._last: tuple | None = None  # (container, its length, dict) of the latest char
        self._fonts: dict[int, tuple] = {}  # id(font) -> (font, fontname, vertical, descent, glyphs)
        self._page_number = page.page_number
        self._height = page.height
        self._mb_x0, self._mb_top = page.mediabox[:2]
        self._doctop = page.initial_doctop
        self._norm = page.pdf.unicode_norm

    def _font(self, font) -> tuple:
        """A font's fontname as pdfplumber reports it, whether it is vertical, its descent, and its glyphs
        seen so far (cid -> (text, width)): a report prints the same few hundred glyphs over and over."""
        known = self._fonts.get(id(font))
        if known is None:
            name = font.fontname
            if type(name) is not str:
                name = resolve_all(name)
                if isinstance(name, bytes):
                    name = fix_fontname_bytes(name)
            known = self._fonts[id(font)] = (font, name, font.is_vertical(), font.get_descent(), {})
        return known

    def _glyph(self, font, cid: int) -> tuple[str, float]:
        """pdfminer's text and width of a glyph (``to_unichr``, ``char_width``: both pure lookups)."""
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return text, font.char_width(cid)

    def _mcid(self) -> object:
        """The current marked-content id as pdfplumber reports it (``resolve_all`` of what it tags)."""
        mcid = self.cur_mcid
        return mcid if mcid is None or type(mcid) is int else resolve_all(mcid)

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate) -> float:
        """pdfminer's ``render_char`` + ``LTChar.__init__`` + pdfplumber's tagging and ``process_object``."""
        _, fontname, vertical, font_descent, glyphs = self._font(font)
        glyph = glyphs.get(cid)
        if glyph is None:
            glyph = glyphs[cid] = self._glyph(font, cid)
        text, textwidth = glyph
        adv = textwidth * fontsize * scaling
        if vertical:
            (vx, vy) = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            bbox = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font_descent * fontsize
            bbox = (0, descent + rise, adv, descent + rise + fontsize)
        (a, b, c, d, e, f) = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        # pdfminer's apply_matrix_rect, inlined: the four corners, then min/max in its argument order.
        (bx0, by0, bx1, by1) = bbox
        left1, bottom1 = a * bx0 + c * by0 + e, b * bx0 + d * by0 + f
        right1, bottom2 = a * bx1 + c * by0 + e, b * bx1 + d * by0 + f
        right2, top1 = a * bx1 + c * by1 + e, b * bx1 + d * by1 + f
        left2, top2 = a * bx0 + c * by1 + e, b * bx0 + d * by1 + f
        x0 = min(left1, left2, right1, right2)
        y0 = min(bottom1, bottom2, top1, top2)
        x1 = max(left1, left2, right1, right2)
        y1 = max(bottom1, bottom2, top1, top2)
        if x1 < x0:
            (x0, x1) = (x1, x0)
        if y1 < y0:
            (y0, y1) = (y1, y0)
        width = x1 - x0
        height = y1 - y0
        top = (self._height - y1) + self._mb_top
        if self._mb_x0 != 0:
            x0 = x0 + self._mb_x0
            x1 = x1 + self._mb_x0
        gs = graphicstate
        char = {
            "matrix": matrix,
            "fontname": fontname,
            "adv": adv,
            "upright": upright,
            "x0": x0,
            "y0": y0,
            "x1": x1,
            "y1": y1,
            "width": width,
            "height": height,
            "size": width if vertical else height,
            "mcid": self._mcid(),
            "tag": self.cur_tag,
            "object_type": "char",
            "page_number": self._page_number,
            "ncs": colour_space_name(ncs.name),
            "text": normalize_unicode(self._norm, text) if self._norm is not None else text,
            "stroking_color": gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,),
            "non_stroking_color": gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,),
            "top": top,
            "bottom": (self._height - y0) + self._mb_top,
            "doctop": self._doctop + top,
        }
        if not self.chars:
            self.cur_item.add(self.marker)
        self.chars.append(char)
        self._last = (self.cur_item, len(self.cur_item._objs), char)
        return adv

    def paint_path(self, *args, **kwargs) -> None:
        """pdfplumber's hook, where a path that draws nothing re-tags the previous object.

        pdfplumber tags the container's last object after every path; when the path added nothing and
        that object was a char, the char's mcid and tag are set again (here: in its dict).
        """
        objs = self.cur_item._objs
        before = len(objs)
        super(PDFPageAggregatorWithMarkedContent, self).paint_path(*args, **kwargs)
        last = self._last
        if len(objs) == before and last is not None and last[0] is self.cur_item and last[1] == before:
            last[2]["mcid"] = self._mcid()
            last[2]["tag"] = self.cur_tag
        else:
            self.tag_cur_item()
