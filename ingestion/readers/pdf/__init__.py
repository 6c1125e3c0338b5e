"""The PDF reader: ``read_pdf(data, name, limits)`` -> Document (prose and table rows in reading order).

- reader.py: ``read_pdf``: opening and whole-document checks, text-layer or OCR page by page, stitching;
- text_layer.py: one pdfplumber page -> the page model (ruled tables, printed lines outside them);
- rulings.py: which drawn objects are rulings (the invisible white rectangles are not), and the rulings
  added where a table is left open at a page break;
- accelerated/: faster, identical versions of the pdfminer/pdfplumber steps the reading spends its time
  in, mirroring the pinned library versions' internals.
The page model and the stitcher are format-agnostic (ingestion/readers/pages/), shared with OCR
(ingestion/readers/scan.py).
"""

from ingestion.readers.pdf.reader import read_pdf

__all__ = ["read_pdf"]
