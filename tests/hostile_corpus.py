"""A corpus of bad files, built at test time: every way a file can fail to be a readable report."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.conftest import FIXTURES, SAMPLES
from tests.fixture_render import render

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _pdf(pages: list[str], encrypt: str | None = None, image_only: bool = False) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for text in pages:
        if image_only:
            # a "scan": a filled raster image and no text at all
            from PIL import Image
            from reportlab.lib.utils import ImageReader

            img = Image.new("RGB", (200, 280), (235, 235, 235))
            c.drawImage(ImageReader(img), 50, 200, 400, 560)
        else:
            c.setFont(FONT, 12)
            c.drawString(72, 760, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document/>" + b" " * (300 * 1024 * 1024))
    return buf.getvalue()


def build_corpus(folder: Path) -> dict[str, str]:
    """Write the bad files; returns file name -> the status each must end with."""
    import json

    golden = json.loads((FIXTURES / "002_a6b295982b957889.json").read_text(encoding="utf-8"))
    good_pdf, _ = render(golden, "pdf", "ruled")
    seed = (SAMPLES / "000_ebdc43335ec79637.txt").read_bytes()
    # a second, different file for the same agency and year (a revised edition)
    revised = (SAMPLES / "000_ebdc43335ec79637.txt").read_text(encoding="utf-8") + "\n附：本报告为修订版。\n"
    files: dict[str, tuple[bytes, str]] = {
        "empty.pdf": (b"", "failed"),
        "truncated.pdf": (good_pdf[: len(good_pdf) // 3], "failed"),
        "corrupt.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 40, "failed"),
        "encrypted.pdf": (_pdf(["政府信息公开工作年度报告"], encrypt="secret"), "failed"),
        "scanned.pdf": (_pdf(["", ""], image_only=True), "failed"),
        "not-a-report.pdf": (_pdf(["会议通知：请各单位于周五下午三点参加会议。"]), "failed"),
        "thousand-pages.pdf": (_pdf([f"第{i}页" for i in range(1000)]), "failed"),
        "no-tables.html": ("<html><body><h1>政务公开</h1><p>本页没有表格。</p></body></html>".encode(), "failed"),
        "gbk-undeclared.txt": (seed.decode("utf-8").encode("gb18030"), "parsed"),
        # declared UTF-8, written in GBK: the declaration is wrong and detection must win
        "wrong-charset.html": (render(golden, "html", "merged")[0].decode("utf-8").encode("gb18030"), "parsed"),
        "bomb.docx": (_zip_bomb(), "failed"),
        "legacy.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048, "unsupported"),
        # a PNG is a page to read by OCR; this one is only a signature and zeros
        "picture.png": (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "failed"),
        "same-report-a.txt": (seed, "parsed"),
        "same-report-b.txt": (seed, "duplicate"),
        "same-agency-year-revised.txt": (revised.encode("utf-8"), "parsed"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: status for name, (_, status) in files.items()}
