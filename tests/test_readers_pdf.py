"""The PDF reader on PDFs drawn here with reportlab (CJK CID font), and on the real huaian sample."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib import colors, pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from ingestion.readers.base import UnreadableFile
from ingestion.readers.pdf import read_pdf
from tests.conftest import extra_samples_dir, load_golden

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


# ---- building PDFs -------------------------------------------------------------------------------


def _para(text: str, size: int = 12) -> Paragraph:
    return Paragraph(text, ParagraphStyle("p", fontName=FONT, fontSize=size, leading=size * 1.5))


def _table(rows: list[list[str]], extra_style=(), ruled: bool = True, repeat: int = 0) -> Table:
    style = [("FONT", (0, 0), (-1, -1), FONT, 10), *extra_style]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table = Table(rows, repeatRows=repeat)
    table.setStyle(TableStyle(style))
    return table


def _page_furniture(canv: canvas.Canvas, doc) -> None:
    """A running head and a page number, as publishers print them."""
    canv.setFont(FONT, 9)
    canv.drawCentredString(A4[0] / 2, A4[1] - 30, "某某局政府信息公开工作年度报告（2021年）")
    canv.drawCentredString(A4[0] / 2, 30, f"第 {doc.page} 页")


def _build(story: list, furniture: bool = False) -> bytes:
    buf = io.BytesIO()
    kwargs = {"onFirstPage": _page_furniture, "onLaterPages": _page_furniture} if furniture else {}
    SimpleDocTemplate(buf, pagesize=A4).build(story, **kwargs)
    return buf.getvalue()


def _texts(row) -> list[str]:
    return [c.text for c in row.cells]


# ---- ruled tables and prose ----------------------------------------------------------------------

TABLE2 = [
    ["第二十条第（一）项", "", "", ""],
    ["信息内容", "本年新\n制作数量", "本年新\n公开数量", "对外公开总数量"],
    ["规章", "0", "", "0"],
    ["规范性文件", "25", "8", "10"],
]


def test_prose_and_ruled_table_in_reading_order():
    data = _build(
        [
            _para("某某局2020年政府信息公开工作年度报告", 16),
            _para("二、主动公开政府信息情况"),
            _table(TABLE2, [("SPAN", (0, 0), (3, 0))]),
            _para("三、收到和处理政府信息公开申请情况"),
        ]
    )
    doc = read_pdf(data, "t.pdf")
    assert doc.page_count == 1
    assert doc.issues == []
    assert [(r.is_table, _texts(r)) for r in doc.rows] == [
        (False, ["某某局2020年政府信息公开工作年度报告"]),
        (False, ["二、主动公开政府信息情况"]),
        (True, ["第二十条第（一）项", "", "", ""]),  # the spanned positions are blank
        (True, ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]),  # wrapped: no space
        (True, ["规章", "0", "", "0"]),  # a blank cell stays blank, never 0
        (True, ["规范性文件", "25", "8", "10"]),
        (False, ["三、收到和处理政府信息公开申请情况"]),
    ]


def test_table_cells_carry_page_bbox_table_row_col():
    doc = read_pdf(_build([_para("标题"), _table(TABLE2, [("SPAN", (0, 0), (3, 0))])]), "t.pdf")
    rows = [r for r in doc.rows if r.is_table]
    cell = rows[3].cells[1]  # '25'
    assert (cell.prov.page, cell.prov.table, cell.prov.row, cell.prov.col) == (1, 0, 3, 1)
    x0, top, x1, bottom = cell.prov.bbox
    assert 0 < x0 < x1 < A4[0] and 0 < top < bottom < A4[1]
    title = doc.rows[0].cells[0].prov
    assert title.page == 1 and title.bbox[3] <= rows[0].prov.bbox[1]  # the title is printed above the table
    spanned = rows[0].cells[2].prov  # a position covered by the spanning cell still has a box
    assert spanned.bbox is not None and spanned.col == 2


def test_rowspan_text_only_in_first_row():
    rows = [
        ["三、本年度办理结果", "（一）予以公开", "1", "0"],
        ["", "（二）部分公开", "0", "0"],
        ["", "（三）不予公开", "2", "1"],
    ]
    doc = read_pdf(_build([_table(rows, [("SPAN", (0, 0), (0, 2))])]), "t.pdf")
    assert [_texts(r) for r in doc.rows] == rows


def test_table_split_over_two_pages_continues_without_repeated_header():
    header = [
        ["（本列数据的勾稽关系）", "", "申请人情况", "", ""],
        ["", "", "自然人", "法人或其他组织", "总计"],
    ]
    body = [[f"{i}.事项{i}", "", str(i), "0", str(i)] for i in range(1, 61)]
    spans = [("SPAN", (0, 0), (1, 1)), ("SPAN", (2, 0), (4, 0))]
    data = _build(
        [
            _para("三、收到和处理政府信息公开申请情况"),
            _table(header + body, spans, repeat=2),
            _para("四、行政复议"),
        ],
        furniture=True,
    )
    doc = read_pdf(data, "t.pdf")
    assert doc.page_count == 2
    texts = [_texts(r) for r in doc.rows]
    assert texts[0] == ["三、收到和处理政府信息公开申请情况"]
    assert texts[1:3] == header  # printed on both pages, emitted once
    assert texts[3:63] == body  # page 2's rows follow page 1's: no running head or page number between
    assert texts[63:] == [["四、行政复议"]]
    table_rows = doc.rows[1:63]
    assert {r.prov.table for r in table_rows} == {0}
    assert [r.prov.row for r in table_rows] == list(range(62))
    assert table_rows[0].prov.page == 1 and table_rows[-1].prov.page == 2


def test_invisible_white_frames_are_not_tables():
    # Jisupdf/WPS paint a white, unstroked rectangle behind each text line; pdfplumber would see a grid.
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 780
    for line in ["一、总体情况", "本年度共收到申请 3 件，均已答复。", "二、主动公开政府信息情况"]:
        c.setFillColorRGB(1, 1, 1)
        c.rect(70, y - 6, 450, 22, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(FONT, 12)
        c.drawString(74, y, line)
        y -= 22
    c.save()
    doc = read_pdf(buf.getvalue(), "t.pdf")
    assert [(r.is_table, r.text) for r in doc.rows] == [
        (False, "一、总体情况"),
        (False, "本年度共收到申请 3 件，均已答复。"),
        (False, "二、主动公开政府信息情况"),
    ]


def test_justified_lines_are_joined_into_paragraphs():
    text = "本年度共收到政府信息公开申请九十五件，" * 6
    doc = read_pdf(_build([_para("一、总体情况"), _para(text), _para("二、主动公开政府信息情况")]), "t.pdf")
    assert [r.text for r in doc.rows] == ["一、总体情况", text, "二、主动公开政府信息情况"]
    assert all(not r.is_table for r in doc.rows)


def test_unruled_table_rows_come_out_as_cells():
    rows = [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "", "3"],
        ["行政规范性文件", "12", "1", "30"],
    ]
    doc = read_pdf(
        _build([_para("二、主动公开政府信息情况"), _table(rows, ruled=False), _para("三、其他")]), "t.pdf"
    )
    assert [(r.is_table, _texts(r)) for r in doc.rows] == [
        (False, ["二、主动公开政府信息情况"]),
        (True, rows[0]),
        (True, rows[1]),
        (True, rows[2]),
        (False, ["三、其他"]),
    ]
    assert [i.code for i in doc.issues] == ["pdf_unruled_table"]


# ---- unreadable PDFs -----------------------------------------------------------------------------


def _image_only_pdf(pages: int) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    image = ImageReader(Image.new("RGB", (300, 400), "white"))
    for _ in range(pages):
        c.drawImage(image, 0, 0, A4[0], A4[1])
        c.showPage()
    c.save()
    return buf.getvalue()


def test_blank_scanned_pdf_is_refused_after_ocr():
    with pytest.raises(UnreadableFile) as err:
        read_pdf(_image_only_pdf(2), "scan.pdf")
    assert err.value.status == "failed"
    assert err.value.reason == "scanned PDF: OCR found no printed text on its 2 pages"


def _canvas_pdf(text: str, font: str = FONT, encrypt=None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    c.setFont(font, 12)
    c.drawString(72, 700, text)
    c.save()
    return buf.getvalue()


def test_password_protected_pdf_is_refused():
    with pytest.raises(UnreadableFile) as err:
        read_pdf(_canvas_pdf("一、总体情况 二、主动公开", encrypt="secret"), "enc.pdf")
    assert (err.value.status, err.value.reason) == (
        "failed",
        "encrypted PDF: a password is required to open it",
    )


def test_owner_password_only_pdf_is_read():
    encrypt = pdfencrypt.StandardEncryption("", ownerPassword="owner", canPrint=0)
    doc = read_pdf(_canvas_pdf("Annual report 2021, table 3", font="Helvetica", encrypt=encrypt), "t.pdf")
    assert [r.text for r in doc.rows] == ["Annual report 2021, table 3"]


def test_text_layer_without_unicode_mapping_is_refused():
    # reportlab's encryption hides the CID font's CMap from pdfminer: every glyph reads as (cid:N)
    encrypt = pdfencrypt.StandardEncryption("", ownerPassword="owner")
    with pytest.raises(UnreadableFile) as err:
        read_pdf(_canvas_pdf("一、总体情况二、主动公开政府信息情况", encrypt=encrypt), "t.pdf")
    assert err.value.reason.startswith("PDF text layer has no Unicode mapping")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html>not a pdf</html>", "not a PDF file"),
        (b"%PDF-1.7\n" + bytes(5000), "corrupt PDF: PDFSyntaxError"),
    ],
)
def test_garbage_is_refused(data, reason):
    with pytest.raises(UnreadableFile) as err:
        read_pdf(data, "bad.pdf")
    assert err.value.status == "failed" and err.value.reason.startswith(reason)


def test_truncated_pdf_is_refused():
    data = _build([_para("一、总体情况"), _table(TABLE2)])
    with pytest.raises(UnreadableFile) as err:
        read_pdf(data[: len(data) // 2], "cut.pdf")
    assert err.value.reason.startswith("corrupt PDF")


# ---- the real sample (never copied into the repo) ------------------------------------------------

SAMPLE = "huaian-hongze-2024.pdf"


@pytest.fixture(scope="module")
def huaian() -> Path:
    path = extra_samples_dir() / SAMPLE
    if not path.exists():
        pytest.skip(f"{path} does not exist")
    return path


def _row(doc, *prefix: str) -> list[str]:
    for row in doc.rows:
        texts = [t for t in _texts(row) if t]
        if row.is_table and texts[: len(prefix)] == list(prefix):
            return texts
    raise AssertionError(f"no table row starting {prefix}")


def test_huaian_rows(huaian):
    doc = read_pdf(huaian.read_bytes(), huaian.name)
    assert doc.page_count == 5
    prose = [r.text for r in doc.rows if not r.is_table]
    assert prose[:2] == ["淮安市洪泽区人民政府", "2024 年政府信息公开工作年度报告"]
    assert "三、收到和处理政府信息公开申请情况" in prose
    # table 二 (pages 2-3)
    assert _row(doc, "信息内容", "本年制发件数") == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert _row(doc, "行政规范性文件") == ["行政规范性文件", "3", "0", "8"]
    assert _row(doc, "行政许可") == ["行政许可", "9487"]
    assert _row(doc, "行政处罚") == ["行政处罚", "2776"]
    assert _row(doc, "行政事业性收费") == ["行政事业性收费", "7545"]
    # table 三, split over pages 3-4: one table, rows numbered on
    assert _row(doc, "三、本年度办理结果") == [
        "三、本年度办理结果",
        "（一）予以公开",
        "50",
        "0",
        "0",
        "0",
        "0",
        "0",
        "50",
    ]
    assert _row(doc, "（四）无法提供") == [
        "（四）无法提供",
        "1.本机关不掌握相关政府信息",
        "31",
        "0",
        "0",
        "0",
        "0",
        "0",
        "31",
    ]
    continued = next(r for r in doc.rows if r.is_table and "2.没有现成信息需要另行制作" in _texts(r))
    assert continued.prov.page == 4
    assert _texts(continued) == ["", "", "2.没有现成信息需要另行制作", "1", "0", "0", "0", "0", "0", "1"]
    first = next(r for r in doc.rows if r.is_table and "三、本年度办理结果" in _texts(r))
    assert continued.prov.table == first.prov.table
    assert _row(doc, "（七）总计") == ["（七）总计", "95", "0", "0", "0", "0", "0", "95"]
    assert _row(doc, "四、结转下年度继续办理")[1:] == ["0"] * 7
    # table 四
    numbers = _row(doc, "1", "1", "0")
    assert numbers == ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    # no page-frame one-column tables
    assert all(len(r.cells) >= 2 for r in doc.rows if r.is_table)


def test_huaian_parses_to_golden(huaian):
    parse = pytest.importorskip("ingestion.parse")
    golden = pytest.importorskip("ingestion.golden")
    report = parse.parse_file(huaian)
    assert report.status == "parsed"
    compared, mismatches = golden.compare(load_golden("huaian-hongze-2024"), golden.to_golden(report))
    assert compared > 150
    assert mismatches == []
