"""Which OCR engine reads our tables better: RapidOCR (PP-OCR models in the wheel) or Debian's Tesseract.

Golden reports are rendered as ruled PDFs (tests/fixture_render), each page rasterised with pypdfium2 at
150 and 300 dpi; pdfplumber gives every table cell's box and printed text from the text layer, so each
cell's crop has a known answer. Pages get the fixture scanner's noise and dust (not its skew, so the boxes
stay true); each engine reads the same tight crops of the print; the script prints the share of cells read
exactly (spaces ignored), split into number cells and label (Chinese text) cells, and ms per cell.

Tesseract runs through its command-line program (``tesseract`` from the ``tesseract-ocr`` and
``tesseract-ocr-chi-sim`` Debian packages) when it is installed; the project itself does not depend on it.

    .venv/bin/python bench/ocr_engines.py [--cells 120]
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingestion.ocr.engine import recognise_line  # noqa: E402
from ingestion.ocr.grid import binarise, find_tables  # noqa: E402
from ingestion.ocr.ink import crop_line, despeckle, inside_only, line_boxes, whiten_non_print  # noqa: E402
from ingestion.ocr.render import render_page  # noqa: E402
from tests.conftest import load_golden  # noqa: E402
from tests.fixture_render import render  # noqa: E402
from tests.fixture_render.scan import _scan  # noqa: E402

GOLDENS = ("huaian-hongze-2024", "000_ebdc43335ec79637")


def _cells(pdf_bytes: bytes) -> list[tuple[int, tuple[float, float, float, float], str]]:
    """(page index, box in points, printed text) of every non-empty ruled-table cell."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for index, page in enumerate(pdf.pages):
            for table in page.find_tables():
                for row in table.rows:
                    for box in row.cells:
                        if box is None:
                            continue
                        text = (page.crop(box).extract_text() or "").replace("\n", "").replace(" ", "")
                        if text:
                            out.append((index, box, text))
    return out


def _prepared(image: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """The page as the production path prepares it: (grey with dust and rulings whitened, ink mask)."""
    binary = binarise(image)
    _, rulings = find_tables(binary, dpi)
    ink = despeckle(cv2.bitwise_and(binary, cv2.bitwise_not(cv2.dilate(rulings, np.ones((3, 3), np.uint8)))), dpi)
    return whiten_non_print(image, binary, ink), ink


def _crops(page: tuple[np.ndarray, np.ndarray], box: tuple[float, float, float, float], dpi: int) -> list[np.ndarray]:
    """The cell's printed lines, cut and cropped exactly as ingestion/ocr/page.py hands them to the engine."""
    gray, ink = page
    s = dpi / 72
    x0, top, x1, bottom = (int(box[0] * s) + 4, int(box[1] * s) + 4, int(box[2] * s) - 4, int(box[3] * s) - 4)
    cell = despeckle(inside_only(ink[top:bottom, x0:x1].copy()), dpi)
    return [crop_line(gray, b[0]) for b in line_boxes(cell, (x0, top), dpi, split=False)]


def _tesseract(crop: np.ndarray) -> str:
    """One crop read by the tesseract program (Chinese + digits, one block of text)."""
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        Image.fromarray(crop).save(f.name)
        out = subprocess.run(
            ["tesseract", f.name, "-", "-l", "chi_sim", "--psm", "6"], capture_output=True, text=True, check=False
        )
    return out.stdout


def main() -> None:
    """Print per engine and dpi: number cells and label cells read exactly, and ms per cell."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=120, help="cells per golden (evenly sampled)")
    args = parser.parse_args()
    engines = {"rapidocr": lambda crop: recognise_line(crop)[0]}  # each gets one line at a time
    if shutil.which("tesseract"):
        engines["tesseract"] = _tesseract
    rng = np.random.default_rng(0)
    print("| engine | dpi | number cells exact | label cells exact | ms/cell |")
    print("|---|---:|---:|---:|---:|")
    for dpi in (150, 300):
        samples = []
        for name in GOLDENS:
            data, _ = render(load_golden(name), "pdf", "ruled")
            cells = _cells(data)
            step = max(1, len(cells) // args.cells)
            pages = {}
            for page, box, text in cells[::step][: args.cells]:
                if page not in pages:  # the scanner's noise and dust, not its skew (boxes stay true)
                    clean = Image.fromarray(render_page(data, page, dpi))
                    pages[page] = _prepared(np.asarray(_scan(clean, 0.0, rng)), dpi)
                samples.append((_crops(pages[page], box, dpi), text))
        for engine, read in engines.items():
            hits = {"number": [0, 0], "label": [0, 0]}
            start = time.perf_counter()
            for crops, text in samples:
                kind = "number" if text.replace(".", "").replace("-", "").isdigit() else "label"
                got = "".join(read(crop) for crop in crops).replace(" ", "").replace("\n", "")
                hits[kind][0] += got == text
                hits[kind][1] += 1
            ms = 1000 * (time.perf_counter() - start) / len(samples)
            n, lab = hits["number"], hits["label"]
            print(
                f"| {engine} | {dpi} | {n[0]}/{n[1]} ({100 * n[0] / n[1]:.1f}%) | "
                f"{lab[0]}/{lab[1]} ({100 * lab[0] / lab[1]:.1f}%) | {ms:.0f} |"
            )


if __name__ == "__main__":
    main()
