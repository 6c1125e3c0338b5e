"""Scanned-report fixtures: a golden report rendered as a ruled PDF (tests/fixture_render/pdf.py), each page
rasterised with pypdfium2, turned slightly, noised, and saved again as an image-only PDF (JPEG pages, as
scanners write them) or as one PNG page.

The noise is seeded, so a fixture is the same bytes on every run. Nothing here reads back what it drew.
"""

from __future__ import annotations

import io

import numpy as np
import pypdfium2
from PIL import Image

from tests.fixture_render.pdf import render_pdf

SKEWS = (0.6, -0.4, 0.3, -0.7)  # degrees, page by page: a hand-fed scanner never feeds two pages alike
NOISE_SIGMA = 12.0  # grey levels of sensor noise
SPECKS = 0.0004  # share of pixels turned to dust (black) or drop-outs (white)


def _scan(page: Image.Image, skew: float, rng: np.random.Generator) -> Image.Image:
    """One rendered page as a scanner returns it: turned, noisy, with dust."""
    turned = page.rotate(skew, resample=Image.Resampling.BILINEAR, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.float32)
    pixels = pixels + rng.normal(0.0, NOISE_SIGMA, pixels.shape)
    dust = rng.random(pixels.shape)
    pixels[dust < SPECKS / 2] = 0
    pixels[dust > 1 - SPECKS / 2] = 255
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def scanned_pages(golden: dict, dpi: int, layout: str = "ruled", seed: int = 0) -> list[Image.Image]:
    """The report's pages as grayscale scans at ``dpi``."""
    rng = np.random.default_rng(seed)
    document = pypdfium2.PdfDocument(render_pdf(golden, layout))
    try:
        pages = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]
    finally:
        document.close()
    return [_scan(page, SKEWS[i % len(SKEWS)], rng) for i, page in enumerate(pages)]


def render_scanned_pdf(golden: dict, dpi: int, layout: str = "ruled", seed: int = 0) -> bytes:
    """An image-only PDF of the report scanned at ``dpi`` (no text layer at all)."""
    pages = scanned_pages(golden, dpi, layout, seed)
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:], quality=85)
    return buf.getvalue()


def render_scanned_png(golden: dict, dpi: int, page: int = 0, layout: str = "ruled") -> bytes:
    """One page of the scanned report as a PNG stating its resolution."""
    buf = io.BytesIO()
    scanned_pages(golden, dpi, layout)[page].save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()
