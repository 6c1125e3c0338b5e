"""The DOCX reader on documents built here with python-docx (merged cells included)."""

from __future__ import annotations

import copy
import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from ingestion.readers.base import UnreadableFile
from ingestion.readers.docx import read_docx


def _save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _shape(doc) -> list[tuple[bool, list[str]]]:
    return [(r.is_table, [c.text for c in r.cells]) for r in doc.rows]


def _report() -> bytes:
    d = docx.Document()
    d.add_heading("某某局2021年政府信息公开工作年度报告", 1)
    d.add_paragraph("一、总体情况")
    p = d.add_paragraph("本年度共收到申请3件，")
    p.add_run("均已答复。")
    d.add_paragraph("二、主动公开政府信息情况")
    t = d.add_table(rows=5, cols=4)
    t.cell(0, 0).merge(t.cell(0, 3)).text = "第二十条第（一）项"  # gridSpan 4
    for j, text in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, j).text = text
    t.cell(1, 1).paragraphs[0].text = "本年"  # a cell wrapped over two paragraphs
    t.cell(1, 1).add_paragraph("制发件数")
    t.cell(2, 0).merge(t.cell(3, 0)).text = "规章类"  # vMerge restart + continue
    t.cell(2, 1).text, t.cell(2, 3).text = "0", "3"  # (2, 2) left blank
    t.cell(3, 1).text, t.cell(3, 2).text, t.cell(3, 3).text = "1", "0", "4"
    t.cell(4, 0).text, t.cell(4, 1).text = "行政规范性文件", "12"
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    return _save(d)


def test_paragraphs_and_tables_in_document_order():
    assert _shape(read_docx(_report(), "r.docx")) == [
        (False, ["某某局2021年政府信息公开工作年度报告"]),
        (False, ["一、总体情况"]),
        (False, ["本年度共收到申请3件，均已答复。"]),
        (False, ["二、主动公开政府信息情况"]),
        (True, ["第二十条第（一）项", "", "", ""]),
        (True, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        (True, ["规章类", "0", "", "3"]),
        (True, ["", "1", "0", "4"]),  # vMerge continuation: blank
        (True, ["行政规范性文件", "12", "", ""]),
        (False, ["三、收到和处理政府信息公开申请情况"]),
    ]


def test_provenance_table_row_col_and_paragraph_number():
    doc = read_docx(_report(), "r.docx")
    rows = [r for r in doc.rows if r.is_table]
    cell = rows[2].cells[3]
    assert (cell.text, cell.prov.table, cell.prov.row, cell.prov.col) == ("3", 0, 2, 3)
    assert rows[0].prov.row == 0 and rows[0].cells[2].prov.col == 2
    assert [r.prov.line for r in doc.rows if not r.is_table] == [1, 2, 3, 4, 5]


def test_grid_before_content_controls_and_tracked_changes():
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).text, t.cell(0, 1).text, t.cell(0, 2).text = "信息内容", "数量", "备注"
    t.cell(1, 1).text, t.cell(1, 2).text = "5", "无"
    row = t.rows[1]._tr
    row.remove(row.tc_lst[0])  # the row skips its first grid column
    tr_pr = row.get_or_add_trPr()
    grid_before = tr_pr.makeelement(qn("w:gridBefore"), {qn("w:val"): "1"})
    tr_pr.append(grid_before)
    p = d.add_paragraph("保留")
    deleted = p._p.makeelement(qn("w:del"), {})
    run = copy.deepcopy(p.runs[0]._r)
    run.find(qn("w:t")).tag = qn("w:delText")
    deleted.append(run)
    p._p.append(deleted)  # deleted text must not be read
    sdt = d.element.body.makeelement(qn("w:sdt"), {})
    content = sdt.makeelement(qn("w:sdtContent"), {})
    content.append(copy.deepcopy(d.add_paragraph("控件中的段落")._p))
    sdt.append(content)
    d.element.body.insert(0, sdt)
    assert _shape(read_docx(_save(d), "r.docx")) == [
        (False, ["控件中的段落"]),
        (True, ["信息内容", "数量", "备注"]),
        (True, ["", "5", "无"]),
        (False, ["保留"]),
        (False, ["控件中的段落"]),
    ]


def test_line_breaks_split_prose_and_join_cells():
    d = docx.Document()
    p = d.add_paragraph("淮安市洪泽区人民政府")
    p.add_run().add_break()
    p.add_run("2024年政府信息公开工作年度报告")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).paragraphs[0].add_run("结果")
    t.cell(0, 0).paragraphs[0].add_run().add_break()
    t.cell(0, 0).paragraphs[0].add_run("维持")
    t.cell(0, 1).text = "1"
    assert _shape(read_docx(_save(d), "r.docx")) == [
        (False, ["淮安市洪泽区人民政府"]),
        (False, ["2024年政府信息公开工作年度报告"]),
        (True, ["结果维持", "1"]),
    ]


def test_one_column_table_is_prose():
    d = docx.Document()
    t = d.add_table(rows=2, cols=1)
    t.cell(0, 0).text, t.cell(1, 0).text = "一、总体情况", "正文"
    assert _shape(read_docx(_save(d), "r.docx")) == [(False, ["一、总体情况"]), (False, ["正文"])]


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "status", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "unsupported", "legacy Word .doc"),
        (b"garbage bytes, not a zip", "failed", "not a DOCX file (not a zip archive"),
        (_zip({"hello.txt": b"hi"}), "failed", "not a DOCX file (no word/document.xml"),
        (
            _zip({"word/document.xml": b"<w:document", "[Content_Types].xml": b"<Types"}),
            "failed",
            "corrupt DOCX",
        ),
    ],
)
def test_unreadable_files(data, status, reason):
    with pytest.raises(UnreadableFile) as err:
        read_docx(data, "bad.docx")
    assert err.value.status == status and err.value.reason.startswith(reason)


def test_zip_bomb_is_refused_before_opening():
    bomb = _zip({"word/document.xml": b"<w:document/>", "word/media/pad.bin": bytes(201 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # tiny on disk ...
    with pytest.raises(UnreadableFile) as err:
        read_docx(bomb, "bomb.docx")
    assert "MB" in err.value.reason and "refusing" in err.value.reason  # ... refused from the zip directory
