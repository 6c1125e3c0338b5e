"""A PNG crop of the printed page with a rule's cells outlined (PDF text layers and scanned pages).

The page is rendered with pypdfium2 (a PDF) or decoded (an image file) and drawn on with Pillow. Boxes are
where the parser read each cell: points from the page's top-left for a PDF text layer; pixels of the page
image at the dpi it was read at for a page read by OCR, which was straightened first (ingestion/ocr/grid.py),
so the picture straightens it the same way and the boxes fall where they were read.

Colours: the total a rule checks (its ``actual`` side) red, its parts (``expected``) blue; a cell that gave
the rule no number (blank, text, uncertain) is hatched orange; a needed cell not found in the print has no
box and is named under the picture beside a hatched swatch.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageDraw, ImageFont

from orchestration.review.evidence.cells import Cell, Result

SCALE = 2.0  # 144 dpi for text-layer pages: table digits ~20 px high, readable without zooming
TOTAL, PARTS, MISSING = (214, 39, 40), (31, 119, 180), (255, 127, 14)
MAX_WIDTH = 1400  # pixels: wider crops (scans read at 300 dpi) are scaled down to it
MARGIN_ROWS = 3  # context kept above and below the cells, in cell heights
FALLBACK_TABLE = {"R4": "四", "R7": "二"}  # the table a rule reads, when none of its cells was found
FONT_PATHS = ("/usr/share/fonts/truetype/arphic/uming.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _font(size: int) -> ImageFont.ImageFont:
    """A font that has Chinese when the system has one (the Makefile installs fonts-arphic-uming)."""
    for path in FONT_PATHS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _page_image(source: Path, page: int, dpi: int | None, is_pdf: bool) -> tuple[Image.Image, float]:
    """The page as an RGB image and the factor from box units to its pixels."""
    if not is_pdf:  # an image file read by OCR: boxes are pixels of the straightened image
        from ingestion.ocr.grid import straighten
        from ingestion.ocr.render import decode_image

        gray = decode_image(source.read_bytes())
        straight, _ = straighten(gray)
        return Image.fromarray(straight).convert("RGB"), 1.0
    pdf = pypdfium2.PdfDocument(str(source))
    try:
        if dpi:  # a scanned page of a PDF: rendered and straightened exactly as OCR saw it
            from ingestion.ocr.grid import straighten
            from ingestion.ocr.render import render_page

            straight, _ = straighten(render_page(pdf, page - 1, dpi))
            return Image.fromarray(np.ascontiguousarray(straight)).convert("RGB"), 1.0
        bitmap = pdf[page - 1].render(scale=SCALE)
        return bitmap.to_pil().convert("RGB"), SCALE
    finally:
        pdf.close()


def _hatch(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], colour: tuple[int, int, int]) -> None:
    x0, y0, x1, y1 = box
    step = 7
    for k in range(-(y1 - y0), x1 - x0, step):  # 45° lines clipped to the box
        a = (x0 + max(k, 0), y0 + max(-k, 0))
        b = (x0 + min(k + (y1 - y0), x1 - x0), y0 + min(x1 - x0 - k, y1 - y0))
        if a[0] <= b[0]:
            draw.line([a, b], fill=colour, width=2)
    draw.rectangle(box, outline=colour, width=3)


def _crop(image: Image.Image, boxes: list[tuple[int, int, int, int]]) -> Image.Image:
    """The band of the page holding the boxes, with some rows of context and the row labels at the left."""
    height = max(b[3] - b[1] for b in boxes) or 20
    top = max(0, int(min(b[1] for b in boxes) - MARGIN_ROWS * height))
    bottom = min(image.height, int(max(b[3] for b in boxes) + MARGIN_ROWS * height))
    left = int(image.width * 0.04)  # the labels sit left of the numbers: keep the table's whole width
    right = min(image.width, int(max(max(b[2] for b in boxes) + 2 * height, image.width * 0.96)))
    return image.crop((left, top, right, bottom))


def _caption(lines: list[tuple[str, tuple[int, int, int] | None]], width: int) -> Image.Image:
    font = _font(22)
    band = Image.new("RGB", (width, 14 + 32 * len(lines)), "white")
    draw = ImageDraw.Draw(band)
    for n, (text, swatch) in enumerate(lines):
        y = 8 + 32 * n
        x = 10
        if swatch is not None:
            if swatch == MISSING:
                _hatch(draw, (x, y + 2, x + 26, y + 24), swatch)
            else:
                draw.rectangle((x, y + 2, x + 26, y + 24), outline=swatch, width=4)
            x += 36
        draw.text((x, y), text, fill="black", font=font)
    return band


def render_crop(result: Result, cells: dict[str, Cell], source: Path, ocr_dpi: dict[int, int]) -> Image.Image | None:
    """The evidence picture of one result: one crop per page its cells were printed on, stacked, with a caption.

    None when none of its cells has a box (nothing on a page to show).
    """
    involved = [(cells[label], side) for label, side in result.roles.items() if label in cells]
    boxed = [(c, side) for c, side in involved if c.page is not None and c.box is not None]
    if not boxed:
        # nothing of the result was found in the print (a row missing): show where its table was printed
        table = FALLBACK_TABLE.get(result.rule_id, "三")
        context = [c for c in cells.values() if c.table == table and c.page is not None and c.box is not None]
        if not context:
            return None
        first = min(c.page for c in context)
        boxed = [(c, "context") for c in context if c.page == first]
    is_pdf = result.file_format == "pdf"
    crops = []
    for page in sorted({c.page for c, _ in boxed}):
        image, factor = _page_image(source, page, ocr_dpi.get(page), is_pdf)
        draw = ImageDraw.Draw(image)
        pixel_boxes = []
        for cell, side in boxed:
            if cell.page != page:
                continue
            box = tuple(int(round(v * factor)) for v in cell.box)
            box = (box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3)
            pixel_boxes.append(box)
            if side == "context":
                continue
            if not cell.usable:
                _hatch(draw, box, MISSING)
            else:
                draw.rectangle(box, outline=TOTAL if side == "actual" else PARTS, width=4)
        crop = _crop(image, pixel_boxes)
        if crop.width > MAX_WIDTH:  # a 300 dpi scan: shown at about the text layer's scale
            crop = crop.resize((MAX_WIDTH, round(crop.height * MAX_WIDTH / crop.width)), Image.LANCZOS)
        crops.append((page, crop))
    width = max(c.width for _, c in crops)
    not_found = [label for label in result.roles if label not in cells and not label.startswith("prose")]
    prose = [label for label in result.roles if label.startswith("prose")]  # R8: the figure the prose states
    import textwrap

    wrap = max(40, width // 12)  # characters per caption line at 22 px
    caption = [(f"{result.rule_id} {result.rule_name} [{result.subject}]: {result.outcome}", None),
               *((line, None) for line in textwrap.wrap(result.message or "", wrap)[:6]),
               ("total checked / 合计", TOTAL), ("parts / 分项", PARTS),
               ("no number (blank, text, uncertain) / 无可用数字", MISSING)]
    if not_found:
        caption.append(("not found in the print / 未找到: " + ", ".join(not_found)[:90], MISSING))
    caption += [("正文 " + label[:90], None) for label in prose]
    pages = [_caption([(f"{result.source_file or ''} p.{page}", None)], width) for page, _ in crops]
    parts = [img for pair in zip(pages, (c for _, c in crops), strict=True) for img in pair]
    parts.append(_caption(caption, width))
    out = Image.new("RGB", (width, sum(p.height for p in parts)), "white")
    y = 0
    for part in parts:
        out.paste(part, (0, y))
        y += part.height
    return out
