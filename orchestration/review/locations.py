"""Where a cell was printed, in words a reviewer can follow back to the file (for `ogi check`).

The stored provenance (``Provenance.describe``: ``p.3 (72,410,120,425) table 2 row 5 col 8``) names the
file's grids by their order ("table 2" is the second grid of the file, whatever it holds) and leaves the
box's unit unsaid. Here a location names the template table (表二/表三/表四) and says what the box is:
points from the page's top-left for a PDF text layer; pixels of the page image at the dpi it was read
at, from its top-left, for a page read by OCR. HTML/DOCX cells keep the file's grid number (the only way to
find them in the file), text files their line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingestion.model import ParsedReport, Provenance

TEMPLATE_TABLES = {"二": "表二", "三": "表三", "四": "表四", "table2": "表二", "table3": "表三", "table4": "表四"}

_OCR_PAGE = re.compile(r"(\d+) \((\d+) dpi")


def ocr_page_dpi(report: ParsedReport) -> dict[int, int]:
    """Page -> dpi of every page the report read by OCR (from its ``ocr_pages`` info issue)."""
    pages: dict[int, int] = {}
    for issue in report.issues:
        if issue.code == "ocr_pages":
            pages.update({int(page): int(dpi) for page, dpi in _OCR_PAGE.findall(issue.message)})
    return pages


def _box(bbox: tuple[float, float, float, float]) -> str:
    return "(" + ",".join(f"{v:.0f}" for v in bbox) + ")"


def place_and_spot(report: ParsedReport, prov: Provenance, table: str | None, ocr_dpi: dict[int, int]) -> tuple[str, str]:
    """The part of a location several cells share (table, page, unit of the boxes) and the cell's own part.

    ``table`` is the template table ("三", "table3", ...), None when unknown; ``ocr_dpi`` from
    :func:`ocr_page_dpi`.
    """
    name = TEMPLATE_TABLES.get(table or "", "")
    if prov.page is not None:
        place = f"{name} p.{prov.page}".strip()
        if prov.bbox is None:
            return place, ""
        dpi = ocr_dpi.get(prov.page) or (report.ocr_dpi if report.ocr and report.file_format != "pdf" else None)
        unit = (f"pixels of the page image at {dpi} dpi, from its top-left" if dpi
                else "points from the page's top-left")
        return f"{place}, boxes x0,top,x1,bottom in {unit}", _box(prov.bbox)
    spot = " ".join(
        part for part in (
            f"row {prov.row + 1}" if prov.row is not None else "",
            f"col {prov.col + 1}" if prov.col is not None else "",
        ) if part
    )
    if prov.table is not None:
        place = f"{name} (the file's table {prov.table + 1})".strip()
        return (f"{place} line {prov.line}" if prov.line is not None else place), spot
    if prov.line is not None:  # a text file: the line is where a reviewer looks, the column counts tabs
        return f"{name} line {prov.line}".strip(), spot
    return name, spot


def describe(report: ParsedReport, prov: Provenance | None, table: str | None = None) -> str:
    """One cell's location: ``表三 p.2, boxes x0,top,x1,bottom in points from the page's top-left (72,410,120,425)``."""
    if prov is None:
        return TEMPLATE_TABLES.get(table or "", "") or "unknown"
    place, spot = place_and_spot(report, prov, table, ocr_page_dpi(report))
    return " ".join(part for part in (place, spot) if part) or "unknown"


def describe_cells(report: ParsedReport, cells: Iterable[tuple[str, Provenance, str | None]]) -> list[str]:
    """Locations of several (label, provenance, template table) cells, one line per table and page (or line):
    ``表四 line 68: reconsideration.upheld col 1; ...`` or ``表三 p.2, boxes ...: new_received.total (72,410,120,425); ...``."""
    ocr_dpi = ocr_page_dpi(report)
    grouped: dict[str, list[str]] = {}
    for label, prov, table in cells:
        place, spot = place_and_spot(report, prov, table, ocr_dpi)
        grouped.setdefault(place or "unknown place", []).append(f"{label} {spot}".strip())
    return [f"{place}: " + "; ".join(spots) for place, spots in grouped.items()]
