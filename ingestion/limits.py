"""The limits a parse runs under, passed in by the caller (ingestion reads no environment)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ParseLimits:
    """What one parse may do and how sure OCR must be.

    ``max_pdf_pages``: a PDF with more pages is refused unread (annual reports run to a few dozen pages).
    ``ocr_min_confidence``: an OCR cell scoring below it is ``uncertain`` (no value, the text read kept).
    Why 0.6: on the scanned round trips (bench/ocr_round_trip.py) correctly read digits scored from about
    0.7 up; the misreads below it are marks read as letters (o for 0). A misread scoring above it is still
    possible: the rules R1-R4 and `ogi check` are the second line.
    """

    max_pdf_pages: int = 300
    ocr_min_confidence: float = 0.6


DEFAULT_LIMITS = ParseLimits()
