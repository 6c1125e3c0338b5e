"""Government-site HTML pages -> RowStream, with lxml.

The page is decoded (declared charset, GB family read as GB18030, else detected), site furniture is
dropped (scripts, styles, navigation, forms), and the body is walked in document order: block elements
and ``<br>`` end a prose line; a data table becomes table rows on a grid with rowspan/colspan expanded.
A table holding other tables, or only one column, is page layout: its cells are walked as prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from ingestion.limits import DEFAULT_LIMITS, ParseLimits
from ingestion.model import Cell, Provenance, Row, RowStream
from ingestion.readers.base import Document, UnreadableFile
from ingestion.readers.encoding import bom_encoding, clean_cell_text, decode_text, normalize_encoding

MAX_SPAN = 500  # larger rowspan/colspan values are typos or attacks, not tables
MAX_NAV_CHARS = 2000  # an element named like a menu but holding more text than this is content

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "iframe",
        "object",
        "embed",
        "form",
        "select",
        "button",
        "input",
        "textarea",
        "svg",
        "head",
        "map",
    }
)
# class/id words used by Chinese government CMSs for menus, breadcrumbs and share bars
_NAV_WORDS = frozenset(
    {
        "nav",
        "navbar",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "crumb",
        "crumbs",
        "position",
        "location",
        "share",
        "bdsharebuttonbox",
        "sidebar",
        "topbar",
        "skip",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "blockquote",
        "pre",
        "address",
        "figure",
        "figcaption",
        "center",
        "hr",
        "body",
        "html",
        "caption",
        "tr",
        "td",
        "th",
        "table",
        "tbody",
        "thead",
        "tfoot",
    }
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CONTAINER_TAGS = frozenset({"html", "body", "main", "article"})


# ---- decoding ------------------------------------------------------------------------------------


def _declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` / ``http-equiv`` tag declares in the first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return normalize_encoding(match.group(1).decode("ascii", "replace")) if match else None


def _is_utf8(data: bytes) -> bool:
    """True when the bytes are valid UTF-8 and contain non-ASCII text (so the check means something)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode page bytes: BOM, then the declared charset (GB family as GB18030), else detection.

    Valid non-ASCII UTF-8 wins over a declared GB charset: CMSs re-encode pages to UTF-8 and keep the old
    ``<meta>``, and GB18030 would decode those bytes into plausible-looking nonsense instead of failing.
    """
    bom = bom_encoding(data)
    if bom is not None:
        return data.decode(bom, errors="replace"), bom
    declared = _declared_charset(data)
    if declared and declared != "utf-8" and _is_utf8(data):
        return data.decode("utf-8"), "utf-8"
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration (e.g. utf-8 over GBK bytes) is common: detect instead
    return decode_text(data)


# ---- parsing -------------------------------------------------------------------------------------


def _parse(text: str) -> etree._Element:
    """Parse decoded text; lxml refuses str input carrying an XML encoding declaration."""
    text = _XML_DECLARATION.sub("", text)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile("failed", f"HTML could not be parsed: {exc}") from exc
    return root


def _tag(el: etree._Element) -> str:
    """Lower-case tag name ('' for comments and other non-elements)."""
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _is_furniture(el: etree._Element) -> bool:
    """Scripts, forms, hidden elements and navigation: never report content."""
    if _tag(el) in _SKIP_TAGS or el.get("role") == "navigation":
        return True
    if _HIDDEN.search(el.get("style", "") or ""):
        return True
    return _is_nav_by_name(el)


def _is_nav_by_name(el: etree._Element) -> bool:
    """A menu/breadcrumb by its class or id — unless it is a page container or holds a lot of text.

    The guards keep a ``<body class="menu-open">`` or a content wrapper with an unlucky class name.
    """
    words = re.split(r"[\s_\-]+", f"{el.get('class', '')} {el.get('id', '')}".lower())
    if not any(w in _NAV_WORDS for w in words) or _tag(el) in _CONTAINER_TAGS:
        return False
    return len(el.text_content()) <= MAX_NAV_CHARS


def _span(el: etree._Element, attr: str) -> int:
    """A rowspan/colspan value, 1 when absent or garbled, capped at MAX_SPAN."""
    match = re.match(r"\s*(\d+)", el.get(attr, "") or "")
    value = int(match.group(1)) if match else 1
    return min(max(value, 1), MAX_SPAN)


def _own_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own ``<tr>`` rows (inside thead/tbody/tfoot too), not those of nested tables."""
    rows = []
    for child in table:
        if _tag(child) == "tr":
            rows.append(child)
        elif _tag(child) in {"thead", "tbody", "tfoot"}:
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _own_cells(row: etree._Element) -> list[etree._Element]:
    """The ``<td>``/``<th>`` cells of a row."""
    return [c for c in row if _tag(c) in {"td", "th"}]


def _is_data_table(table: etree._Element) -> bool:
    """A table of data: no nested tables (those are layout tables) and some row with 2+ columns."""
    if any(_tag(t) == "table" for t in table.iterdescendants()):
        return False
    return any(sum(_span(c, "colspan") for c in _own_cells(r)) >= 2 for r in _own_rows(table))


# ---- text ----------------------------------------------------------------------------------------


def _cell_text(el: etree._Element) -> str:
    """A cell's text: ``<br>`` and block children break lines, lines joined CJK-aware, nbsp -> blank."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        """Collect the text of ``node`` and its children, marking line breaks."""
        if _tag(node) in {"br", "p", "div", "li", "tr"}:
            parts.append("\n")
        if node.text and not _is_furniture(node):
            parts.append(node.text)
        if not _is_furniture(node):
            for child in node:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(el)
    return clean_cell_text("".join(parts))


# ---- walking the page ----------------------------------------------------------------------------


@dataclass
class _Walker:
    """Collects prose lines and table rows while walking the body in document order."""

    table_index: dict[etree._Element, int]  # every <table> of the document, in document order
    rows: RowStream = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    buffer_line: int | None = None

    def text(self, text: str | None, line: int | None) -> None:
        """Inline text joins the current prose line."""
        if text:
            if self.buffer_line is None and text.strip():
                self.buffer_line = line
            self.buffer.append(text)

    def flush(self) -> None:
        """End the current prose line (a block boundary or ``<br>``)."""
        text = clean_cell_text("".join(self.buffer))
        if text:
            prov = Provenance(line=self.buffer_line)
            self.rows.append(Row([Cell(text, prov)], prov, is_table=False))
        self.buffer, self.buffer_line = [], None

    def walk(self, el: etree._Element, in_heading: bool = False) -> None:
        """Visit an element and its children (its tail is the caller's)."""
        tag = _tag(el)
        if not tag or _is_furniture(el):
            return
        if tag == "table":
            self.flush()
            if _is_data_table(el):
                for caption in (c for c in el if _tag(c) == "caption"):
                    self.walk(caption, in_heading)
                self.rows.extend(_table_rows(el, self.table_index[el]))
                return
        if tag == "br" and in_heading:
            self.buffer.append("\n")  # a title wrapped by <br> is still one line: joined CJK-aware
            return
        block = tag in _BLOCK_TAGS or tag == "br"
        if block:
            self.flush()
        in_heading = in_heading or tag in _HEADING_TAGS
        self.text(el.text, el.sourceline)
        for child in el:
            self.walk(child, in_heading)
            self.text(child.tail, child.sourceline)
        if block:
            self.flush()


def _grid(table: etree._Element) -> list[list[tuple[str, int | None, int] | None]]:
    """The table as a grid of (text, source line, colspan) with spans expanded; None marks a covered position."""
    grid: dict[tuple[int, int], tuple[str, int | None, int] | None] = {}
    rows = _own_rows(table)
    for r, row in enumerate(rows):
        c = 0
        for cell in _own_cells(row):
            while (r, c) in grid:
                c += 1
            rowspan = min(_span(cell, "rowspan"), len(rows) - r)
            colspan = _span(cell, "colspan")
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = None
            grid[(r, c)] = (_cell_text(cell), cell.sourceline, colspan)
            c += colspan
    width = max((c + 1 for _, c in grid), default=0)
    return [[grid.get((r, c)) for c in range(width)] for r in range(len(rows))]


def _table_rows(table: etree._Element, index: int) -> RowStream:
    """Table rows on the expanded grid: spanned and empty positions are '' (never dropped).

    A cell keeps its colspan (``Cell.span``), so the table parsers can tell which header column it sits under.
    """
    out: RowStream = []
    lines = [row.sourceline for row in _own_rows(table)]
    for r, grid_row in enumerate(_grid(table)):
        cells = [
            Cell(entry[0], Provenance(line=entry[1], table=index, row=r, col=c), span=entry[2])
            if entry
            else Cell("", Provenance(table=index, row=r, col=c))
            for c, entry in enumerate(grid_row)
        ]
        if any(cell.text for cell in cells):
            out.append(Row(cells, Provenance(line=lines[r], table=index, row=r), is_table=True))
    return out


def _title_row(root: etree._Element) -> list[Row]:
    """The page ``<title>`` as a first prose row: often the only place the full report title is printed."""
    title = root.find(".//title")
    text = clean_cell_text(title.text_content()) if title is not None else ""
    if not text:
        return []
    prov = Provenance(line=title.sourceline)
    return [Row([Cell(text, prov)], prov, is_table=False)]


def read_html(data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """Read an HTML report page: prose lines and table rows in document order.

    Prose rows carry the source ``line``; table cells carry ``table`` (0-based position among all
    ``<table>`` elements of the page, as ``document.querySelectorAll('table')`` counts), ``row`` and ``col`` on the span-expanded grid, and the source ``line`` of
    the ``<td>`` that printed them.
    """
    text, _encoding = decode_html(data)
    root = _parse(text)
    body = root.find(".//body")
    walker = _Walker({table: i for i, table in enumerate(root.iter("table"))})
    walker.walk(body if body is not None else root)
    walker.flush()
    return Document(rows=_title_row(root) + walker.rows)
