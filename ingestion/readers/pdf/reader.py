"""Text-layer PDF reports -> RowStream, with pdfplumber: ``read_pdf``.

The document is opened and checked (not a PDF, encrypted, corrupt, oversized, no text, an unmapped text
layer: UnreadableFile), its pages read into the page model (ingestion/readers/pages/model.py), by the text
layer (text_layer.py) or, for pages with only images (scans), by OCR (ingestion/readers/scan.py), then
stitched into one row stream (ingestion/readers/pages/stitch.py): prose paragraphs and table rows in
reading order, a table continued from the previous page keeping its table index and row numbering.
"""

from __future__ import annotations

import io

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from ingestion.limits import DEFAULT_LIMITS, ParseLimits
from ingestion.readers.base import Document, UnreadableFile
from ingestion.readers.pages.stitch import stitch_pages
from ingestion.readers.pdf.accelerated import prime_objects
from ingestion.readers.pdf.text_layer import raw_page
from ingestion.readers.scan import read_scanned_pages, refuse_blank_scan

MIN_PAGE_TEXT_CHARS = 10  # fewer printed characters than this: the page has no usable text layer
MAX_CID_SHARE = 0.3  # above this share of unmapped glyphs the text layer is unreadable


# ---- opening and text-layer checks -----------------------------------------------------------------


def _open(data: bytes) -> pdfplumber.PDF:
    """Open the bytes with pdfplumber, turning every way of failing into an UnreadableFile."""
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFile("failed", f"not a PDF file (starts with {data[:8]!r})")
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        kind = type(cause).__name__
        if "Password" in kind:
            raise UnreadableFile("failed", "encrypted PDF: a password is required to open it") from exc
        if "Encrypt" in kind:
            raise UnreadableFile("failed", f"encrypted PDF: unsupported encryption ({cause})") from exc
        raise UnreadableFile("failed", f"corrupt PDF: {kind}: {cause}") from exc


def _refuse_oversized(pdf: pdfplumber.PDF, max_pages: int) -> None:
    """Refuse a PDF far longer than any annual report before reading a single page of it."""
    if len(pdf.pages) > max_pages:
        raise UnreadableFile(
            "failed",
            f"PDF has {len(pdf.pages)} pages, more than the {max_pages} an annual report could have "
            "(OGI_MAX_PDF_PAGES); not parsed",
        )


def _printed_chars(page: Page) -> list[dict]:
    """The non-blank characters of a page."""
    return [c for c in page.chars if c.get("text", "").strip()]


def _scanned_pages(pdf: pdfplumber.PDF) -> list:
    """Refuse PDFs with no text at all or an unmapped text layer; the pages with only images (scans) go to OCR."""
    scanned: list = []
    with_text = 0
    glyphs = unmapped = 0
    for page in pdf.pages:
        chars = _printed_chars(page)
        glyphs += len(chars)
        unmapped += sum(1 for c in chars if c["text"].startswith("(cid:"))
        if len(chars) >= MIN_PAGE_TEXT_CHARS:
            with_text += 1
        elif page.images:
            scanned.append(page)
    if with_text == 0 and not scanned:
        raise UnreadableFile("failed", f"PDF has no text on any of its {len(pdf.pages)} pages")
    if glyphs and unmapped / glyphs > MAX_CID_SHARE:
        raise UnreadableFile(
            "failed",
            f"PDF text layer has no Unicode mapping ({unmapped} of {glyphs} glyphs unmapped); OCR needed",
        )
    return scanned


# ---- the document --------------------------------------------------------------------------------


def read_pdf(data: bytes, name: str, limits: ParseLimits = DEFAULT_LIMITS) -> Document:
    """Read a PDF report into rows: prose lines and table rows in reading order.

    Pages without a text layer (scans) are read by OCR (ingestion/readers/scan.py). Raises UnreadableFile
    for files that are not PDFs, are encrypted or corrupt, longer than ``limits.max_pdf_pages``, or have
    no text and no images. Every page's objects are built by ``accelerated.prime_objects`` (the same
    objects as pdfplumber's, in less time).
    """
    pdf = _open(data)
    try:
        _refuse_oversized(pdf, limits.max_pdf_pages)
        for page in pdf.pages:
            prime_objects(page)
        ocr_pages, ocr_issues, ocr_dpi = read_scanned_pages(data, _scanned_pages(pdf))
        refuse_blank_scan(ocr_pages, len(pdf.pages))
        raw = []
        for page in pdf.pages:
            raw.append(ocr_pages.get(page.page_number) or raw_page(page))
            page.close()  # drop pdfplumber's per-page object cache: keeps memory flat on long reports
        page_count = len(pdf.pages)
    except UnreadableFile:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged content streams
        raise UnreadableFile("failed", f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
    finally:
        pdf.close()
    rows, layout_issues = stitch_pages(raw)
    return Document(
        rows=rows, page_count=page_count, issues=ocr_issues + layout_issues, ocr_pages=len(ocr_pages), ocr_dpi=ocr_dpi
    )
