"""Scanned reports end to end: every golden report rasterised at 150 and 300 dpi (tests/fixture_render/scan.py:
pypdfium2 render, slight rotation, noise, JPEG pages in an image-only PDF), parsed back through
``parse_file`` (OCR), and compared cell by cell with its golden file by ``ogi evaluate``.

Prints per dpi: cells equal / uncertain / wrong (from ``ogi evaluate``) and OCR pages per second (one process,
one core: the engine runs single-threaded; the parse workers are the parallelism).

    .venv/bin/python bench/ocr_round_trip.py [--dpi 150 300] [--goldens huaian-hongze-2024 ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import WORK  # noqa: E402
from orchestration.cli import main as ogi  # noqa: E402
from tests.conftest import FIXTURES, load_golden  # noqa: E402
from tests.fixture_render.scan import render_scanned_pdf  # noqa: E402


def main() -> None:
    """Render the scans, evaluate them per dpi, print pages/s."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    parser.add_argument("--goldens", nargs="+", default=sorted(p.stem for p in FIXTURES.glob("*.json")))
    args = parser.parse_args()
    for dpi in args.dpi:
        folder = WORK / "scans" / str(dpi)
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        pages = 0
        for name in args.goldens:
            path = folder / f"{name}.pdf"
            path.write_bytes(render_scanned_pdf(load_golden(name), dpi))
            pages += len(pypdfium2.PdfDocument(path.read_bytes()))
            files.append(str(path))
        print(f"== {dpi} dpi: {len(files)} scanned reports, {pages} pages")
        start = time.perf_counter()
        ogi(["evaluate", str(FIXTURES), *files])
        seconds = time.perf_counter() - start
        print(f"OCR {dpi} dpi: {pages} pages in {seconds:.1f} s = {pages / seconds:.2f} pages/s (1 process)")


if __name__ == "__main__":
    main()
