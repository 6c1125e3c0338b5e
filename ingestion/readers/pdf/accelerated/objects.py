"""Reading a PDF page's objects faster, with exactly the objects pdfplumber would have produced.

Levers, each measured with bench/pdf_vs_pdfplumber.py and proved identical by tests/test_pdf_fast_path.py:
- the page's layout (pdfminer's LTPage, which pdfplumber caches in ``Page._layout``) is built by
  ``FastInterpreter`` (content.py), whose content-stream tokenizer replaces pdfminer's byte-by-byte one;
- chars (nine in ten page objects) become pdfplumber's dicts as pdfminer renders them (chars.py),
  without an LTChar in between; where an LTChar is built (with layout analysis), it is converted by a
  direct copy of the attributes that are plain values, where pdfplumber's ``process_object`` resolves
  each one generically;
- a ruled table's text is read from the chars inside the table only (pdfplumber scans the page's);
- duplicate chars are removed as pdfplumber's ``dedupe_chars`` does, without its final
  ``sorted(..., key=chars.index)``, which is quadratic in the chars of a page (a third of our layout time).
"""

from __future__ import annotations

import itertools
from operator import itemgetter
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTContainer
from pdfplumber.page import (
    ALL_ATTRS,
    FilteredPage,
    Page,
    PDFPageAggregatorWithMarkedContent,
    fix_fontname_bytes,
)
from pdfplumber.utils import resolve_all
from pdfplumber.utils.exceptions import PdfminerException

from ingestion.readers.pdf.accelerated.chars import CharDevice, CharsHere, colour_space_name
from ingestion.readers.pdf.accelerated.content import FastInterpreter

DEDUPE_TOLERANCE = 1  # pdfplumber's default
DEDUPE_ATTRS = ("fontname", "size")  # pdfplumber's default


def prime_layout(page: Page) -> None:
    """Build the page's pdfminer layout with the fast interpreter and hand it to pdfplumber's cache.

    Mirrors ``pdfplumber.Page.layout`` (same device, laparams and resource manager); pdfplumber then
    converts the layout into chars, lines, rects and curves as it always does.
    """
    if hasattr(page, "_layout"):
        return
    _interpret(page, PDFPageAggregatorWithMarkedContent(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams))


def _interpret(page: Page, device) -> None:  # noqa: ANN001 - a pdfminer layout device
    """Run the page's content through the fast interpreter into ``device``; its layout goes to pdfplumber's cache."""
    interpreter = FastInterpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:
        raise PdfminerException(e) from e
    page._layout = device.get_result()


_PLAIN = {float, int, str, bool, type(None)}  # values (and tuples of them) resolve_all returns as they are


def _char(page: Page, obj: LTChar) -> dict:
    """``page.process_object(obj)`` for a char: the same keys, in the same order, with the same values."""
    attr = {}
    for k, v in obj.__dict__.items():
        if k in ALL_ATTRS:
            kind = type(v)
            plain = kind in _PLAIN or (kind is tuple and all(type(e) in _PLAIN for e in v))
            attr[k] = v if plain else resolve_all(v)
    attr["object_type"] = "char"
    attr["page_number"] = page.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            attr[cs] = colour_space_name(getattr(obj, cs).name)
    text = obj.get_text()
    norm = page.pdf.unicode_norm
    attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    gs = obj.graphicstate
    attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
    attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
    if isinstance(attr["fontname"], bytes):
        attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    mb_x0, mb_top = page.mediabox[:2]
    if "y0" in attr:
        attr["top"] = (page.height - attr["y1"]) + mb_top
        attr["bottom"] = (page.height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


def _layout_objects(page: Page, items, chars: list[dict], out: list[dict]) -> None:
    """``page.iter_layout_objects`` into ``out``: containers' children (and the containers when laparams
    are set); the char dicts made by CharDevice go where its placeholder stands (the first char's place)."""
    for obj in items:
        if isinstance(obj, LTContainer):
            if page.pdf.laparams is not None:
                out.append(page.process_object(obj))
            _layout_objects(page, obj._objs, chars, out)
        elif type(obj) is LTChar:
            out.append(_char(page, obj))
        elif type(obj) is CharsHere:
            out.extend(chars)
        else:
            out.append(page.process_object(obj))


def _char_layout(page: Page) -> list[dict]:
    """Interpret the page with CharDevice: the layout (chars left out) goes to pdfplumber's cache and
    the char dicts are returned."""
    device = CharDevice(page)
    _interpret(page, device)
    return device.chars


def prime_objects(page: Page, direct_chars: bool = True) -> None:
    """Build ``page.objects`` (pdfplumber's ``parse_objects``) with the fast interpreter.

    ``direct_chars`` (without layout analysis only) makes the char dicts while rendering (chars.py);
    otherwise LTChars are built and converted by ``_char``. Either way ``page.layout`` holds the other
    objects as pdfplumber's would; with ``direct_chars`` it has no LTChars (nothing here reads them).
    """
    if hasattr(page, "_objects"):
        return
    chars: list[dict] = []
    if direct_chars and page.pdf.laparams is None and not hasattr(page, "_layout"):
        chars = _char_layout(page)
    else:
        prime_layout(page)
    found: list[dict] = []
    _layout_objects(page, page.layout._objs, chars, found)
    objects: dict[str, list[dict]] = {}
    for obj in found:
        kind = obj["object_type"]
        if kind != "anno":
            objects.setdefault(kind, []).append(obj)
    page._objects = objects


def _clusters(chars: list[dict], key: str) -> list[list[dict]]:
    """pdfplumber's ``cluster_objects(chars, itemgetter(key), DEDUPE_TOLERANCE)``, without its overhead.

    Values sorted and chained (a value within the tolerance of the previous one joins its cluster);
    clusters in value order, chars within a cluster in their given order.
    """
    values = sorted({c[key] for c in chars})
    if values[-1] <= values[0] + DEDUPE_TOLERANCE:  # (float addition is monotonic: the chain agrees)
        return [chars]
    ids = {}
    cluster = 0
    last = values[0]
    for v in values:
        if v > last + DEDUPE_TOLERANCE:
            cluster += 1
        ids[v] = cluster
        last = v
    out: list[list[dict]] = [[] for _ in range(cluster + 1)]
    for c in chars:
        out[ids[c[key]]].append(c)
    return out


def dedupe_chars(page: Page) -> FilteredPage:
    """``page.dedupe_chars()`` with pdfplumber's defaults, in linear rather than quadratic time.

    Same groups (text, upright, font, size), same clusters (doctop, then x0, within 1 pt), the same char
    kept from each cluster, in the page's order. pdfplumber orders the kept chars by ``chars.index`` (the
    first *equal* char); two equal chars always fall into one cluster, so the position of the kept char
    object itself is the same order.
    """
    chars = page.chars
    key = itemgetter("upright", "text", *DEDUPE_ATTRS)
    pos_key = itemgetter("doctop", "x0")
    kept = []
    for _, group in itertools.groupby(sorted(chars, key=key), key=key):
        group = list(group)
        if len(group) == 1:  # most chars: a cluster of one, kept as it is
            kept.append(group[0])
            continue
        for y_cluster in _clusters(group, "doctop"):
            for x_cluster in _clusters(y_cluster, "x0"):
                kept.append(x_cluster[0] if len(x_cluster) == 1 else sorted(x_cluster, key=pos_key)[0])
    position = {id(c): i for i, c in enumerate(chars)}
    kept.sort(key=lambda c: position[id(c)])
    deduped = FilteredPage(page, lambda _: True)
    deduped._objects = {kind: objs for kind, objs in page.objects.items()}
    deduped._objects["char"] = kept
    return deduped


def _mid_in(char: dict, bbox: tuple) -> bool:
    """pdfplumber's ``Table.extract`` test: the char's centre in the half-open box."""
    v_mid = (char["top"] + char["bottom"]) / 2
    h_mid = (char["x0"] + char["x1"]) / 2
    return bbox[0] <= h_mid < bbox[2] and bbox[1] <= v_mid < bbox[3]


def narrow_to_table(table) -> None:
    """Let ``table.extract()`` scan only the chars inside the table instead of every char of the page.

    ``Table.extract`` tests every char of ``table.page`` against every row box; a row box lies inside the
    table box, so a char whose centre is outside the table box is in no row: the text found is the same.
    Other objects (rulings) are kept as they were.
    """
    page = table.page
    bbox = table.bbox
    narrowed = FilteredPage(page, lambda _: True)
    narrowed._objects = {kind: objs for kind, objs in page.objects.items()}
    narrowed._objects["char"] = [c for c in page.chars if _mid_in(c, bbox)]
    table.page = narrowed
