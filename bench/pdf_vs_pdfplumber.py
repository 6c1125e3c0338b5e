"""Benchmark 2: what our PDF parsing costs against pdfplumber's own ``page.extract_tables()``.

For each PDF, the best of ``repeats`` runs of
- *ours*: ``parse_bytes`` (open, text-layer checks, rulings filter, ruled and unruled tables, prose
  paragraphs, then metadata, sections and the table parsers) and, separately, the reader alone
  (``read_pdf``: bytes -> RowStream);
- *theirs*: ``pdfplumber.open`` and ``page.extract_tables()`` on every page (default settings), the least a
  pdfplumber-based extractor does.
The ratio ours / theirs says how much our layout work adds on top of pdfplumber's table finding.
Files: PDFs generated in every layout from every golden report, and the real published
``huaian-hongze-2024.pdf`` when OGI_EXTRA_SAMPLES names a folder holding it (read in memory, never copied).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pdfplumber

from bench.common import BackgroundLoad, log, timer
from bench.corpus import sample
from ingestion.parse import parse_bytes
from ingestion.readers.pdf import read_pdf

REAL_SAMPLE = "huaian-hongze-2024.pdf"


def pdfplumber_tables(data: bytes) -> tuple[int, int]:
    """pdfplumber alone: every page's ``extract_tables()``; (pages, tables found)."""
    tables = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables += len(page.extract_tables())
        return len(pdf.pages), tables


def _best(func, data: bytes, name: str | None, repeats: int) -> float:
    """The best (least) wall time of ``repeats`` calls."""
    best = float("inf")
    for _ in range(repeats):
        t = timer()
        func(data, name) if name is not None else func(data)
        best = min(best, timer() - t)
    return best


def real_sample() -> tuple[str, bytes] | None:
    """The real sample's bytes when OGI_EXTRA_SAMPLES names a folder that holds it, else None."""
    folder = os.environ.get("OGI_EXTRA_SAMPLES")
    if not folder:
        return None
    path = Path(folder) / REAL_SAMPLE
    return (REAL_SAMPLE, path.read_bytes()) if path.is_file() else None


def _measure(files: list[tuple[str, bytes, str]], repeats: int) -> list[dict]:
    """Timings and ratios of each file."""
    rows = []
    for label, data, name in files:
        parse_bytes(data, name)  # warm-up (imports, font caches)
        pages, tables = pdfplumber_tables(data)
        ours = _best(parse_bytes, data, name, repeats)
        reader = _best(read_pdf, data, name, repeats)
        theirs = _best(pdfplumber_tables, data, None, repeats)
        rows.append(
            {
                "file": label,
                "pages": pages,
                "tables_pdfplumber": tables,
                "status": parse_bytes(data, name).status,
                "ours_s": ours,
                "reader_s": reader,
                "pdfplumber_s": theirs,
                "ratio": ours / theirs,
                "reader_ratio": reader / theirs,
            }
        )
        log(f"[pdf] {label}: ours {ours * 1000:.0f} ms, pdfplumber {theirs * 1000:.0f} ms, x{ours / theirs:.2f}")
    return rows


def run(per_layout: int = 6, repeats: int = 3) -> dict:
    """Per-file and overall timings and ratios."""
    files = [(f"generated {layout} #{i % per_layout + 1}", data, name) for i, (layout, data, name) in enumerate(sample("pdf", per_layout))]
    real = real_sample()
    if real:
        files.append((f"real: {real[0]}", real[1], real[0]))
    else:
        log(f"[pdf] OGI_EXTRA_SAMPLES unset or without {REAL_SAMPLE}: generated PDFs only")
    with BackgroundLoad() as load:
        rows = _measure(files, repeats)
    generated = [r for r in rows if r["file"].startswith("generated")]

    def overall(selected: list[dict]) -> dict:
        """Sums and ratios over a selection of files."""
        ours = sum(r["ours_s"] for r in selected)
        theirs = sum(r["pdfplumber_s"] for r in selected)
        reader = sum(r["reader_s"] for r in selected)
        pages = sum(r["pages"] for r in selected)
        return {
            "files": len(selected),
            "pages": pages,
            "ours_s": ours,
            "reader_s": reader,
            "pdfplumber_s": theirs,
            "ratio": ours / theirs,
            "reader_ratio": reader / theirs,
            "ours_pages_per_s": pages / ours,
            "pdfplumber_pages_per_s": pages / theirs,
        }

    return {
        "files": rows,
        "overall_generated": overall(generated),
        "overall_all": overall(rows),
        "real_sample": bool(real),
        "background_cores": load.cores,
    }
