"""Word (.docx) reports -> RowStream.

python-docx opens the package; the body XML is then walked directly so paragraphs and tables come out
in document order, content controls (``w:sdt``) and tracked insertions are read, deleted text and the
duplicate ``mc:Fallback`` copies of drawings are not. Table cells are laid on the column grid: a
``gridSpan`` cell gives its text at its first column and '' at the others, a ``vMerge`` continuation
is '', ``gridBefore``/``gridAfter`` skipped columns are ''.
"""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

from ingestion.limits import DEFAULT_LIMITS, ParseLimits
from ingestion.model import Cell, Provenance, Row, RowStream
from ingestion.readers.base import Document, UnreadableFile
from ingestion.readers.encoding import clean_cell_text

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # a report is a few MB; more than this is a zip bomb or not a report
MAX_MEMBERS = 10_000

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _w(name: str) -> str:
    """Clark notation for a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


# Elements whose children are read as if they stood in their parent (content controls, custom XML,
# tracked insertions/moves, smart tags).
_TRANSPARENT = frozenset(_w(n) for n in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag"))
_SKIPPED = frozenset({_w("del"), _w("moveFrom"), f"{{{MC}}}Fallback", _w("instrText"), _w("delText")})


# ---- opening -------------------------------------------------------------------------------------


def _check_package(data: bytes) -> None:
    """Refuse what python-docx should not be handed: legacy .doc, non-zips, zip bombs."""
    if data.startswith(_OLE_MAGIC):
        raise UnreadableFile("unsupported", "legacy Word .doc (OLE2) file; convert it to .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile("failed", f"not a DOCX file (not a zip archive: {exc})") from exc
    if len(members) > MAX_MEMBERS:
        raise UnreadableFile("failed", f"DOCX has {len(members)} parts; refusing (zip bomb?)")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise UnreadableFile(
            "failed",
            f"DOCX would expand to {total / 2**20:.0f} MB (> {MAX_UNCOMPRESSED // 2**20} MB); refusing",
        )
    if "word/document.xml" not in {m.filename for m in members}:
        raise UnreadableFile("failed", "not a DOCX file (no word/document.xml in the archive)")


def _open_body(data: bytes) -> etree._Element:
    """The ``w:body`` element of the document."""
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, XMLSyntaxError... on damaged parts
        raise UnreadableFile("failed", f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc
    return document.element.body


# ---- text ----------------------------------------------------------------------------------------


def _children(el: etree._Element) -> list[etree._Element]:
    """Children with transparent wrappers (content controls, insertions) opened, deletions dropped."""
    out = []
    for child in el:
        if child.tag in _SKIPPED:
            continue
        if child.tag in _TRANSPARENT:
            out.extend(_children(child))
        else:
            out.append(child)
    return out


def _paragraph_text(p: etree._Element) -> str:
    """A paragraph's visible text; ``w:br``/``w:cr`` become newlines, ``w:tab`` a space."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        """Collect run text below ``node``, skipping deleted and fallback content."""
        for child in node:
            if child.tag in _SKIPPED:
                continue
            if child.tag == _w("t"):
                parts.append(child.text or "")
            elif child.tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif child.tag == _w("tab"):
                parts.append(" ")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _cell_text(tc: etree._Element) -> str:
    """All paragraphs of a cell (nested tables included) joined as one wrapped cell text."""
    paragraphs = [_paragraph_text(p) for p in tc.iter(_w("p"))]
    return clean_cell_text("\n".join(paragraphs))


# ---- tables --------------------------------------------------------------------------------------


def _int_val(el: etree._Element | None, default: int) -> int:
    """The integer ``w:val`` of a property element."""
    if el is None:
        return default
    try:
        return max(int(el.get(_w("val"), default)), 0)
    except ValueError:
        return default


def _cell_span(tc: etree._Element) -> tuple[int, bool]:
    """(gridSpan, is a vertical-merge continuation) of a ``w:tc``."""
    props = tc.find(_w("tcPr"))
    if props is None:
        return 1, False
    span = max(_int_val(props.find(_w("gridSpan")), 1), 1)
    vmerge = props.find(_w("vMerge"))
    # <w:vMerge/> without val (or val="continue") continues the cell above; val="restart" starts one.
    continues = vmerge is not None and vmerge.get(_w("val"), "continue") != "restart"
    return span, continues


# A grid position: (text, gridSpan of the cell starting there); covered positions are ("", 1).
GridCell = tuple[str, int]


def _row_cells(tr: etree._Element) -> list[GridCell]:
    """One table row on the column grid."""
    props = tr.find(_w("trPr"))
    before = _int_val(props.find(_w("gridBefore")), 0) if props is not None else 0
    after = _int_val(props.find(_w("gridAfter")), 0) if props is not None else 0
    cells: list[GridCell] = [("", 1)] * before
    for tc in (c for c in _children(tr) if c.tag == _w("tc")):
        span, continues = _cell_span(tc)
        cells.append(("", 1) if continues else (_cell_text(tc), span))
        cells.extend([("", 1)] * (span - 1))
    return cells + [("", 1)] * after


def _table_grid(tbl: etree._Element) -> list[list[GridCell]]:
    """All rows of a table, padded to the same width."""
    rows = [_row_cells(tr) for tr in _children(tbl) if tr.tag == _w("tr")]
    width = max((len(r) for r in rows), default=0)
    return [r + [("", 1)] * (width - len(r)) for r in rows]


def _table_rows(grid: list[list[GridCell]], index: int) -> RowStream:
    """Table rows with provenance (table, row, col) and each cell's gridSpan; empty rows are left out."""
    out: RowStream = []
    for r, cells in enumerate(grid):
        if any(t for t, _ in cells):
            row = [Cell(t, Provenance(table=index, row=r, col=c), span=span) for c, (t, span) in enumerate(cells)]
            out.append(Row(row, Provenance(table=index, row=r), is_table=True))
    return out


def _layout_rows(grid: list[list[GridCell]], paragraph: int) -> RowStream:
    """A one-column table is a frame around text: its cells are prose."""
    return [_prose(text, paragraph) for cells in grid for text, _ in cells if text]


# ---- body ----------------------------------------------------------------------------------------


def _prose(text: str, paragraph: int) -> Row:
    """A prose row; ``line`` holds the 1-based body paragraph number (DOCX has no lines)."""
    prov = Provenance(line=paragraph)
    return Row([Cell(text, prov)], prov, is_table=False)


def _body_rows(body: etree._Element) -> RowStream:
    """Paragraphs and tables of the body in document order."""
    rows: RowStream = []
    paragraph = tables = 0
    for el in _children(body):
        if el.tag == _w("p"):
            paragraph += 1
            # A manual line break inside a paragraph is a visible line: keep lines as separate rows.
            for line in _paragraph_text(el).split("\n"):
                text = clean_cell_text(line)
                if text:
                    rows.append(_prose(text, paragraph))
        elif el.tag == _w("tbl"):
            grid = _table_grid(el)
            if max((len(r) for r in grid), default=0) >= 2:
                rows.extend(_table_rows(grid, tables))
            else:
                rows.extend(_layout_rows(grid, paragraph))
            tables += 1
    return rows


def read_docx(data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """Read a .docx report: body paragraphs (prose) and tables (rows on the column grid) in order.

    Table cells carry ``table`` (0-based among body tables), ``row`` and ``col``; prose rows carry the
    1-based body paragraph number in ``line``. Raises UnreadableFile for .doc, corrupt or oversized files.
    """
    return Document(rows=_body_rows(_open_body(data)))
