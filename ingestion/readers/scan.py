"""Scanned pages (image-only PDF pages) and image files (PNG/JPEG) read by OCR into the page model.

An OCR page becomes the same ``RawPage`` (ingestion/readers/pages/model.py) the PDF text layer builds —
ruled tables and prose lines — so paragraphs, page furniture and tables continued over a page break are
handled by the same code for both (ingestion/readers/pages/stitch.py).
Boxes are pixels of the page image straightened at the dpi named in the ``ocr_pages`` info issue; every
table cell carries the recogniser's confidence.
"""

from __future__ import annotations

import io

import pypdfium2

from ingestion.limits import DEFAULT_LIMITS, ParseLimits
from ingestion.model import Issue
from ingestion.ocr.page import OcrPage, OcrTable, read_page_image
from ingestion.ocr.render import DEFAULT_DPI, decode_image, render_page
from ingestion.readers.base import Document, UnreadableFile
from ingestion.readers.pages.model import Line, RawPage, Table
from ingestion.readers.pages.stitch import stitch_pages

A4_WIDTH_IN = 8.27  # an image without a resolution is taken to be an A4 page across its width
MIN_DPI, MAX_DPI = 100, 400  # below this digits are not legible; above it nothing is gained but time


def _table(table: OcrTable) -> Table | None:
    """An OCR table as the page model's table; rows with no text left out and narrow grids refused, as the
    text layer does."""
    kept = [(row, box) for row, box in zip(table.rows, table.row_boxes, strict=True) if any(c.text for c in row)]
    ncols = len(table.rows[0]) if table.rows else 0
    if ncols < 2 or not any(sum(1 for c in row if c.text) >= 2 for row, _ in kept):
        return None
    return Table(
        top=table.top,
        ncols=ncols,
        cells=[[(c.text, c.box) for c in row] for row, _ in kept],
        row_boxes=[box for _, box in kept],
        confidence=[[c.confidence for c in row] for row, _ in kept],
    )


def raw_page(page: OcrPage, number: int) -> RawPage:
    """An OCR page as the page model's raw page (tables and the lines outside them)."""
    tables = [t for t in (_table(t) for t in page.tables) if t is not None]
    lines = [Line(ln.top, ln.bottom, [(box, text) for box, text, _ in ln.segments if text]) for ln in page.lines]
    return RawPage(number, page.height, tables, [ln for ln in lines if ln.segments])


def _ocr_issue(numbers: list[int], dpi: dict[int, int], skews: dict[int, float]) -> Issue:
    """The info issue saying which pages were read by OCR, at which dpi, and how much they were turned."""
    where = ", ".join(f"{n} ({dpi[n]} dpi, turned {skews[n]:+.2f}°)" for n in numbers)
    return Issue(
        "ocr_pages",
        f"read by OCR (no text layer): page(s) {where}; their boxes are pixels of the page image at that dpi",
        "info",
    )


def _page_dpi(page) -> int:
    """The resolution of a scanned page's largest image (its pixels across its printed width), within bounds."""
    images = [im for im in page.images if im.get("srcsize") and im["x1"] > im["x0"]]
    if not images:
        return DEFAULT_DPI
    image = max(images, key=lambda im: (im["x1"] - im["x0"]) * (im["bottom"] - im["top"]))
    dpi = image["srcsize"][0] / ((image["x1"] - image["x0"]) / 72)
    return int(min(MAX_DPI, max(MIN_DPI, round(dpi))))


def read_scanned_pages(data: bytes, pages: list) -> tuple[dict[int, RawPage], list[Issue], int | None]:
    """OCR the given pdfplumber pages (those without a text layer): raw pages by page number, an info issue,
    and the lowest dpi they were read at."""
    if not pages:
        return {}, [], None
    out: dict[int, RawPage] = {}
    dpis: dict[int, int] = {}
    skews: dict[int, float] = {}
    document = pypdfium2.PdfDocument(data)
    try:
        for page in pages:
            dpis[page.page_number] = dpi = _page_dpi(page)
            ocr = read_page_image(render_page(document, page.page_number - 1, dpi), dpi)
            skews[page.page_number] = ocr.skew
            out[page.page_number] = raw_page(ocr, page.page_number)
    finally:
        document.close()
    return out, [_ocr_issue(sorted(out), dpis, skews)], min(dpis.values())


def refuse_blank_scan(pages: dict[int, RawPage], page_count: int) -> None:
    """A PDF made only of images in which OCR found no print at all is not a report we can read."""
    if pages and len(pages) == page_count and not any(p.tables or p.lines for p in pages.values()):
        raise UnreadableFile("failed", f"scanned PDF: OCR found no printed text on its {page_count} pages")


def _image_dpi(data: bytes, width: int) -> int:
    """The image's stated resolution, else its width taken as an A4 page's; within bounds."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        stated = im.info.get("dpi")
    dpi = float(stated[0]) if stated and stated[0] and stated[0] > 1 else width / A4_WIDTH_IN
    return int(min(MAX_DPI, max(MIN_DPI, round(dpi))))


def read_image(data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """Read a PNG/JPEG of one report page by OCR."""
    gray = decode_image(data)
    if gray is None:
        raise UnreadableFile("failed", "image file could not be decoded (corrupt or not an image)")
    dpi = _image_dpi(data, gray.shape[1])
    page = read_page_image(gray, dpi)
    rows, issues = stitch_pages([raw_page(page, 1)])
    issues = [_ocr_issue([1], {1: dpi}, {1: page.skew}), *issues]
    return Document(rows=rows, page_count=1, issues=issues, ocr_pages=1, ocr_dpi=dpi)
