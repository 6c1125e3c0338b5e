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


# ---- limits: size, entities, depth, spans, loops, links, names ---------------------------------------

SECRET_MARKER = "OUTSIDE-SECRET-7f3a9c"


def _docx_with_doctype(doctype: str, body: str) -> bytes:
    """A minimal DOCX whose document.xml carries ``doctype`` and ``body`` (entity references in a paragraph)."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:p><w:r><w:t>政府信息公开工作年度报告 {body}</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def xxe_docx(secret: Path) -> bytes:
    """DOCX whose text is an XML external entity pointing at a file outside the input folder."""
    return _docx_with_doctype(f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;")


def entity_expansion_docx() -> bytes:
    """DOCX with the "billion laughs": ten levels of entities, each ten copies of the one below."""
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return _docx_with_doctype(f"<!DOCTYPE w:document [{''.join(levels)}]>", "&lol9;")


def deep_html(depth: int = 200_000) -> bytes:
    """An HTML page nested ``depth`` elements deep, with a table at the bottom."""
    return (b"<html><body>" + b"<div>" * depth + "<table><tr><td>本年新收政府信息公开申请数量</td><td>3</td></tr></table>".encode()
            + b"</div>" * depth + b"</body></html>")


def rowspan_html(span: int = 100_000) -> bytes:
    """A table whose first cell claims to span ``span`` rows."""
    rows = "".join(f"<tr><td>{i}</td><td>{i}</td></tr>" for i in range(20))
    return f'<html><body><table><tr><td rowspan="{span}" colspan="{span}">标题</td><td>x</td></tr>{rows}</table></body></html>'.encode()


HOSTILE_TITLES = {
    # file names with a newline, quotes and a shell substitution; titles that a spreadsheet would run
    "line\nbreak.txt": '=HYPERLINK("http://e.vil/x","卫健委")',
    "quote\"and'apos.txt": "+cmd|'/Ccalc'!A0卫生局",
    "$(touch PWNED).txt": "@SUM(1+1)卫生局",
    "=1+1.txt": "-2+3+cmd卫生局",
}


def build_limits_corpus(folder: Path, outside: Path) -> dict[str, str]:
    """Write the size/entity/depth/loop/link/name corpus into ``folder`` (and files it links to into
    ``outside``); returns file name -> the status each must end with. Run it with OGI_FILE_MAX_MB=3."""
    from tests.hostile_pdfs import SELF_REFERENCING

    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text(f"{SECRET_MARKER} root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    seed = (SAMPLES / "000_ebdc43335ec79637.txt").read_text(encoding="utf-8")
    title = "卫生健康委员会2020年政府信息公开工作年度报告"
    # a real report, but outside the folder: reachable only through a link
    (outside / "notes.md").write_text(seed.replace(title, f"{SECRET_MARKER}局2020年政府信息公开工作年度报告"), encoding="utf-8")
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, status: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = status

    put("oversize.txt", seed.encode("utf-8") * 600, "failed")  # ~5.4 MB of a real report, over a 3 MB cap
    with open(folder / "sparse-huge.pdf", "wb") as f:
        f.truncate(8 * 2**30)  # 8 GiB that takes no disk: only a stat may touch it
    expected["sparse-huge.pdf"] = "failed"
    put("xxe.docx", xxe_docx(secret), "failed")
    put("entity-expansion.docx", entity_expansion_docx(), "failed")
    put("deep-nesting.html", deep_html(), "failed")
    put("rowspan.html", rowspan_html(), "failed")
    for name, make in SELF_REFERENCING.items():
        put(name, make(), "failed")
    for name, hostile in HOSTILE_TITLES.items():
        put(name, seed.replace(title, f"{hostile}2020年政府信息公开工作年度报告").encode("utf-8"), "parsed")
    (folder / "link-to-secret.txt").symlink_to(secret)
    (folder / "notes-link.md").symlink_to(Path("..") / outside.name / "notes.md")
    (folder / ".hidden-report.txt").write_text(seed, encoding="utf-8")
    import os

    os.mkfifo(folder / "pipe.txt")
    expected.update({n: "excluded" for n in ("link-to-secret.txt", "notes-link.md", ".hidden-report.txt", "pipe.txt")})
    return expected
