"""The OCR engine: RapidOCR (PP-OCRv4 models inside the ``rapidocr-onnxruntime`` wheel, nothing downloaded).

Only the recogniser is used: the page layout (ruled grid, text lines) is found by ``ingestion.ocr.grid``
and ``ingestion.ocr.page`` from the pixels, so every crop handed over here is one printed line. Why
RapidOCR over Tesseract: measured by ``bench/ocr_engines.py`` (README, "Scanned reports").
"""

from __future__ import annotations

from functools import cache

import numpy as np

# Look-alike characters the recogniser returns for the report's punctuation; none of them is printed in
# these reports, so each is read as the mark it resembles.
CONFUSABLES = str.maketrans({"丶": "、", "°": "。"})
REC_BATCH = 16  # crops per recogniser call: crops are sorted by width inside a batch, so padding stays small


@cache
def _engine():
    """One engine per process (the parse workers are processes); single-threaded so workers don't compete."""
    from rapidocr_onnxruntime import RapidOCR

    # The recogniser's default input width (320) stays: narrower padding read lone digits far less surely
    # (mean confidence of digits at 300 dpi 0.92 with 48, 0.99 with 320; bench in the README).
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, rec_batch_num=REC_BATCH)


def _bgr(crop: np.ndarray) -> np.ndarray:
    """The recogniser wants three channels."""
    return np.repeat(crop[:, :, None], 3, axis=2) if crop.ndim == 2 else crop


def recognise_lines(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """(text, confidence in [0, 1]) for each crop of one printed line, in the order given."""
    if not crops:
        return []
    results, _ = _engine().text_rec([_bgr(c) for c in crops])
    return [(text.translate(CONFUSABLES), float(score)) for text, score, *_ in results]


def recognise_line(crop: np.ndarray) -> tuple[str, float]:
    """(text, confidence) of one crop holding one printed line."""
    return recognise_lines([crop])[0]
