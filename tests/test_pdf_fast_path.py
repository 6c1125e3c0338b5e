"""The accelerated PDF page reading (readers/pdf/accelerated/) gives exactly what pdfplumber's own calls give.

Compared on every generated layout of every seed report, on PDFs drawn with awkward content (fonts
switched mid-line, white boxes behind text, hex strings, a Form XObject), on the real sample (via
OGI_EXTRA_SAMPLES), and token by token against pdfminer's parser on streams written to hit its quirks.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF
from reportlab.lib import colors
from reportlab.pdfgen import canvas

from ingestion.readers.pages.stitch import stitch_pages
from ingestion.readers.pdf import accelerated, read_pdf
from ingestion.readers.pdf.accelerated import extract_table, find_tables, prime_objects
from ingestion.readers.pdf.accelerated.content import _scan, _texts, _Unsure, tokenize
from ingestion.readers.pdf.accelerated.tables import _FastTableFinder as TableFinder_fast
from ingestion.readers.pdf.rulings import is_ruling
from ingestion.readers.pdf.text_layer import raw_page, reference_raw_page
from tests.conftest import SEED_GOLDEN, extra_samples_dir, load_golden
from tests.fixture_render.pdf import FONT, LAYOUTS, render_pdf


def _assert_same_objects(data: bytes, name: str, direct_chars: bool) -> None:
    """``prime_objects`` gives pdfplumber's page objects: same kinds in the same order, same dicts (keys too)."""
    with pdfplumber.open(io.BytesIO(data)) as reference, pdfplumber.open(io.BytesIO(data)) as fast:
        for ref_page, fast_page in zip(reference.pages, fast.pages, strict=True):
            prime_objects(fast_page, direct_chars=direct_chars)
            where = f"{name} page {ref_page.page_number}"
            assert fast_page.objects == ref_page.objects, where
            assert list(fast_page.objects) == list(ref_page.objects), where
            assert [list(c) for c in fast_page.chars] == [list(c) for c in ref_page.chars], where


def _assert_same_pages(data: bytes, name: str) -> None:
    """``raw_page`` on primed pages (the reader's path) gives ``reference_raw_page`` on pdfplumber's pages
    (pdfplumber's own calls only), and ``read_pdf`` gives the reference pages stitched: the same rows,
    cells, provenance boxes and issues."""
    with pdfplumber.open(io.BytesIO(data)) as reference, pdfplumber.open(io.BytesIO(data)) as fast:
        expected = [reference_raw_page(page) for page in reference.pages]
        for page in fast.pages:
            prime_objects(page)
        got = [raw_page(page) for page in fast.pages]
    for ref_page, fast_page in zip(expected, got, strict=True):
        assert fast_page == ref_page, f"{name} page {ref_page.number}"
    document = read_pdf(data, name)
    assert document.ocr_pages == 0  # every page from the text layer: the reference is complete
    rows, issues = stitch_pages(expected)
    assert (document.rows, document.issues, document.page_count) == (rows, issues, len(expected))


def _assert_same(data: bytes, name: str) -> None:
    """Page objects (chars made directly or through LTChar), page models and the whole reader output are equal."""
    _assert_same_objects(data, name, direct_chars=True)
    _assert_same_objects(data, name, direct_chars=False)
    _assert_same_pages(data, name)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("golden_file", SEED_GOLDEN, ids=lambda p: p.stem[:3])
def test_generated_reports_read_identically(golden_file, layout):
    data = render_pdf(load_golden(golden_file.stem), layout)
    _assert_same(data, f"{golden_file.stem}.pdf")


def _awkward_pdf() -> bytes:
    """Text in two fonts and sizes, white boxes behind lines, a ruled grid, rotated text, a Form XObject."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFillColor(colors.white)
    c.rect(50, 700, 400, 20, stroke=0, fill=1)  # the invisible box publishers paint behind text
    c.setFillColor(colors.black)
    c.setFont(FONT, 12)
    c.drawString(60, 705, "（一）主动公开情况 (括号) \\ 反斜杠 100%")
    c.setFont("Helvetica", 9)
    c.drawString(60, 690, "ASCII (nested (parens)) and \\ backslash, tab\tand 1.5.2 -3 +.5")
    for i in range(5):
        c.line(50, 600 - 20 * i, 450, 600 - 20 * i)
        c.line(50 + 100 * i, 520, 50 + 100 * i, 600)
    c.setFont(FONT, 10)
    c.drawString(55, 585, "收到申请数")
    c.drawString(155, 585, "12")
    c.saveState()
    c.translate(300, 300)
    c.rotate(90)
    c.drawString(0, 0, "旋转的文字")
    c.restoreState()
    c.beginForm("stamp")
    c.setFont(FONT, 8)
    c.drawString(0, 0, "表单对象里的文字")
    c.endForm()
    c.doForm("stamp")
    c.showPage()
    c.setFont(FONT, 12)
    c.drawString(60, 700, "第二页")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_awkward_content_reads_identically():
    _assert_same(_awkward_pdf(), "awkward.pdf")


def _raw_pdf(content: bytes, mediabox: bytes) -> bytes:
    """A one-page PDF written by hand (Helvetica as F1), for content reportlab does not write."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox
        + b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def test_marked_content_and_offset_mediabox_read_identically():
    """Chars made directly (accelerated/chars.py) carry pdfplumber's mcid and tag, also where pdfplumber re-tags
    the last char after a path that draws nothing, and its coordinates on a MediaBox not at (0, 0)."""
    content = (
        b"/P <</MCID 3>> BDC BT /F1 12 Tf 100 700 Td (Hello) Tj ET EMC f\n"
        b"/Span <</MCID 4>> BDC BT /F1 10 Tf 100 600 Td (World) Tj ET 0 0 m f EMC 10 10 m 50 50 l S\n"
        b"BT /F1 9 Tf 0.5 0 0 rg 100 500 Td (red) Tj ET f 1 0 0 -1 0 0 cm BT /F1 9 Tf 100 -400 Td (flip) Tj ET"
    )
    data = _raw_pdf(content, b"[50 40 662 832]")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
        assert chars[4]["text"] == "o" and chars[4]["mcid"] is None  # re-tagged by the empty path
        assert chars[5]["mcid"] == 4 and pdf.pages[0].mediabox[0] == 50
        assert any(not c["upright"] for c in chars)
    _assert_same_objects(data, "marked.pdf", direct_chars=True)


def test_accelerated_refuses_other_library_versions(monkeypatch):
    """The mirrored internals are trusted only on the library versions they were verified against."""
    accelerated._check_versions()  # the installed ones
    monkeypatch.setattr(accelerated.pdfplumber, "__version__", "0.11.11")
    with pytest.raises(ImportError, match="mirrors internals of pdfplumber 0.11.10 and pdfminer.six 20260107"):
        accelerated._check_versions()


def test_real_sample_reads_identically():
    path = extra_samples_dir() / "huaian-hongze-2024.pdf"
    if not path.exists():
        pytest.skip(f"{path} not found")
    _assert_same(path.read_bytes(), path.name)


def _pdfminer_objects(chunks: list[bytes]) -> list:
    """What pdfminer's own content parser yields for these streams (positions dropped)."""
    parser = PDFContentParser([PDFStream({}, chunk) for chunk in chunks])
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


STREAMS = [
    [b"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Hello \\(world\\) \\101\\0619 \\n) Tj ET"],
    [b"q 0.5 0 0 rg 10 20 30 40 re f Q [(A) -120 (B) 3.5 <41 42 4>] TJ"],
    [b"(nested (paren (deep)) text) Tj <</MCID 3 /Lang (zh)>> BDC EMC"],
    [b"1.2.3 --5 +.5 . - 12abc /Na#6De /A#2 /B# true false null"],
    [b"% a comment\r\n1 0 0 1 0 0 cm\x00 (a\\\r\nb) Tj (c\\\rd) Tj (e\\xf) Tj"],
    [b"BT /F1 1", b"2 Tf ET q", b" Q (two streams)", b" Tj"],
    [b"{ proc } [ 1 [ 2 ] ] /Name << /K [1 2] /D << /X 1 >> >> ) ' \" T*"],
    [b" " * 4093 + b"(x\\\r\nyz) Tj"],  # backslash-CR-LF near, not on, pdfminer's 4096-byte buffer edge
    [b"(\\0" + b"1" * 5000 + b") Tj <48656c6c6f> Tj"],
]


@pytest.mark.parametrize("chunks", STREAMS, ids=range(len(STREAMS)))
def test_tokenizer_matches_pdfminer(chunks):
    assert tokenize([PDFStream({}, chunk) for chunk in chunks]) == _pdfminer_objects(chunks)


ENDINGS = [b"/Name", b"/", b"/A#4", b"<41 42", b"<", b"1 >", b"<< /K 1 >>", b"Q", b"12", b"(s)", b"% note"]


@pytest.mark.parametrize("chunks", STREAMS + [[b"q 1 0 0 1 0 0 cm " + end] for end in ENDINGS], ids=str)
def test_whole_stream_tokenizer_matches_scan(chunks):
    """``_texts`` (one findall per stream) gives _scan's tokens, or declines and leaves the stream to it."""
    for k, chunk in enumerate(chunks):
        last = k == len(chunks) - 1
        fast: list = []
        accepted = _texts(chunk, fast)
        scanned: list | None = []
        try:
            pos = 0
            while pos < len(chunk):
                pos = _scan(chunk, pos, len(chunk), last, scanned)
        except _Unsure:  # _scan leaves the page to pdfminer: _texts must not have read it either
            scanned = None
        assert (fast, accepted) == ((scanned, True) if accepted else ([], False))


def test_whole_stream_tokenizer_reads_common_streams():
    """The common streams (ending in an operator, a number or a plain string) take the findall path."""
    assert _texts(b"BT /F1 12 Tf (a\\(b) Tj 1 0 0 1 0 0 cm [(x) -3 <41>] TJ ET Q", [])
    assert _texts(b"q 12", []) and _texts(b"q (s) % note", [])


def test_tokenizer_leaves_quirks_to_pdfminer():
    """Where pdfminer's tokenizer does something odd, the fast path does not guess."""
    edge = b" " * 4092 + b"(x\\\r\nyz) Tj"  # the CR after the backslash is the buffer's last byte
    assert edge.index(b"\r") == 4095
    assert tokenize([PDFStream({}, edge)]) is None
    assert tokenize([PDFStream({}, b"1 ] 2")]) is None  # pdfminer drops an unmatched bracket
    assert tokenize([PDFStream({}, b"(unterminated")]) is None
    assert tokenize([PDFStream({}, b"BI /W 1 /H 1 ID \x00 EI")]) is None  # inline image
    assert tokenize([PDFStream({}, b"[1 2"), PDFStream({}, b"3]")]) is not None  # arrays may span streams


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("golden_file", SEED_GOLDEN, ids=lambda p: p.stem[:3])
def test_tables_found_and_read_identically(golden_file, layout):
    """accelerated/tables.py finds pdfplumber's cells and tables and reads pdfplumber's cell texts, on the pages
    as the reader sees them (every object) and with only the visible rulings."""
    data = render_pdf(load_golden(golden_file.stem), layout)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for view in (page, page.filter(is_ruling)):
                ours = TableFinder_fast(view)
                theirs = view.debug_tablefinder()
                assert ours.cells == theirs.cells
                assert [t.cells for t in find_tables(view)] == [t.cells for t in view.find_tables()]
                assert [extract_table(t) for t in view.find_tables()] == [t.extract() for t in view.find_tables()]
