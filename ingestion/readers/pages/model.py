"""The page model: what one page holds before layout decisions, whoever read it.

Both the PDF text-layer reader (ingestion/readers/pdf/text_layer.py) and OCR of scanned pages and images
(ingestion/readers/scan.py) produce a ``RawPage`` per page: its ruled tables and the printed lines outside
them. ingestion/readers/pages/stitch.py turns a document's raw pages into one row stream, so page furniture,
paragraphs, tables rebuilt from aligned text and tables continued over a page break are handled by the same
code for both. Boxes are (x0, top, x1, bottom): points from the page's top-left corner for a text layer,
pixels of the straightened page image for OCR.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.readers.encoding import join_wrapped

BBox = tuple[float, float, float, float]
"""A box (x0, top, x1, bottom), y growing downwards."""


@dataclass
class Line:
    """One printed line of words outside ruled tables, split into segments (box, text) at wide gaps.

    A line with one segment is prose; one with several may be a row of a table printed without rulings.
    """

    top: float
    bottom: float
    segments: list[tuple[BBox, str]]

    @property
    def bbox(self) -> BBox:
        """The box around all segments."""
        return (
            min(b[0] for b, _ in self.segments),
            self.top,
            max(b[2] for b, _ in self.segments),
            self.bottom,
        )

    @property
    def text(self) -> str:
        """The whole line as one string."""
        return (
            join_wrapped([t for _, t in self.segments])
            if len(self.segments) == 1
            else " ".join(t for _, t in self.segments)
        )


@dataclass
class Table:
    """A table found on one page: a grid of ``ncols`` cells (text, bbox) per row, with each row's box.

    ``ruled`` is False for a table rebuilt from text aligned in columns; ``confidence`` holds the
    recogniser's confidence per cell for tables read by OCR (None for a text layer).
    """

    top: float
    ncols: int
    cells: list[list[tuple[str, BBox]]]
    row_boxes: list[BBox]
    ruled: bool = True
    confidence: list[list[float | None]] | None = None  # per cell, for tables read by OCR


@dataclass
class RawPage:
    """One page as found: ruled tables and the lines outside them, before layout decisions.

    ``number`` counts from 1; ``height`` is in the unit of the page's boxes (points or pixels).
    """

    number: int
    height: float
    tables: list[Table]
    lines: list[Line]
