"""The HTML reader on government-style pages built here, in the encodings such sites use."""

from __future__ import annotations

import codecs

import pytest

from ingestion.readers.html import read_html

PAGE = """<!DOCTYPE html>
<html><head>{meta}
<title>某某局2021年政府信息公开工作年度报告_某某局门户网站</title>
<script>var t = "<table><tr><td>脚本</td><td>x</td></tr></table>";</script>
<style>td {{ border: 1px solid; }}</style></head>
<body>
<div class="nav"><ul><li><a href="/">首页</a></li><li>政务公开</li></ul></div>
<nav>网站导航</nav>
<div class="breadcrumb">当前位置：首页 &gt; 年报</div>
<div class="article">
<h1>某某局2021年政府信息公开<br>工作年度报告</h1>
<p>一、总体情况</p>
<p>本年度共收到政府信息公开申请<span>3</span>件，办理人：王堃。<!-- 注释 --></p>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br/>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>3</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
</div>
<div class="share" style="display:none">分享到</div>
<div id="footer">主办单位：某某局</div>
<script>document.write("统计代码")</script>
</body></html>
"""

EXPECTED = [
    (False, ["某某局2021年政府信息公开工作年度报告_某某局门户网站"]),
    (False, ["某某局2021年政府信息公开工作年度报告"]),  # <br> inside a heading: one line
    (False, ["一、总体情况"]),
    (False, ["本年度共收到政府信息公开申请3件，办理人：王堃。"]),
    (False, ["三、收到和处理政府信息公开申请情况"]),
    (
        True,
        [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "",
            "",
            "申请人情况",
            *[""] * 6,
        ],
    ),
    (True, ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
    (True, ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]),
    (True, ["一、本年新收政府信息公开申请数量", "", "", "3", "", "0", "0", "0", "0", "3"]),
    (True, ["三、本年度办理结果", "（一）予以公开", "", "1", "0", "0", "0", "0", "0", "1"]),
    (True, ["", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]),
    (False, ["四、政府信息公开行政复议、行政诉讼情况"]),
    (False, ["主办单位：某某局"]),
]


def _shape(doc) -> list[tuple[bool, list[str]]]:
    return [(r.is_table, [c.text for c in r.cells]) for r in doc.rows]


GB2312_META = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta charset="utf-8">', "utf-8"),
        (GB2312_META, "gbk"),  # declared GB2312, GBK-only 堃 present: read as GB18030
        ('<meta charset="GB18030">', "gb18030"),
        ("", "gbk"),  # no declaration: detected
        ("", "utf-8"),
        ('<meta charset="utf-8">', "gbk"),  # a wrong declaration: detected instead
        (GB2312_META, "utf-8"),  # re-encoded to UTF-8, old GB2312 <meta> kept
        ("", "utf-8-sig"),
        ("", "utf-16"),
    ],
)
def test_page_in_every_encoding(meta, encoding):
    data = PAGE.format(meta=meta).encode(encoding)
    assert _shape(read_html(data, "report.html")) == EXPECTED


def test_provenance_table_row_col_and_source_line():
    doc = read_html(PAGE.format(meta="").encode("utf-8"), "report.html")
    rows = [r for r in doc.rows if r.is_table]
    number = rows[3].cells[3]  # '3' of 本年新收
    assert (number.prov.table, number.prov.row, number.prov.col) == (0, 3, 3)
    assert (
        number.prov.line
        == PAGE.splitlines().index(next(ln for ln in PAGE.splitlines() if "本年新收" in ln)) + 1
    )
    covered = rows[4].cells[2]  # covered by the colspan of （一）予以公开
    assert (covered.text, covered.prov.row, covered.prov.col) == ("", 4, 2)
    heading = doc.rows[2]
    assert heading.prov.line == 12 and heading.cells[0].prov.line == 12


def test_layout_table_around_the_report_is_walked_as_prose():
    html = """<html><body><table><tr><td>网站导航</td></tr><tr><td>
    <p>二、主动公开政府信息情况</p>
    <table><tr><th>信息内容</th><th>本年制发件数</th></tr><tr><td>规章</td><td>0</td></tr></table>
    </td></tr></table></body></html>"""
    doc = read_html(html.encode("utf-8"), "r.html")
    assert _shape(doc) == [
        (False, ["网站导航"]),
        (False, ["二、主动公开政府信息情况"]),
        (True, ["信息内容", "本年制发件数"]),
        (True, ["规章", "0"]),
    ]
    assert doc.rows[2].prov.table == 1  # every <table> counts, the layout one too


def test_caption_is_prose_before_the_rows():
    html = "<table><caption>表一</caption><tr><td>规章</td><td>0</td></tr></table>"
    assert _shape(read_html(html.encode(), "r.html")) == [(False, ["表一"]), (True, ["规章", "0"])]


def test_one_column_table_is_prose():
    html = "<html><body><table><tr><td>一、总体情况</td></tr><tr><td>正文</td></tr></table></body></html>"
    assert _shape(read_html(html.encode(), "r.html")) == [(False, ["一、总体情况"]), (False, ["正文"])]


def test_page_without_table_returns_prose():
    html = (
        "<html><head><title>年报</title></head><body><div>一、总体情况<br>本年度无申请。</div></body></html>"
    )
    assert _shape(read_html(html.encode("gb18030"), "r.html")) == [
        (False, ["年报"]),
        (False, ["一、总体情况"]),
        (False, ["本年度无申请。"]),
    ]


def test_cell_wrapped_in_paragraphs_and_odd_spans():
    html = """<table>
    <tr><td><p>本年新</p><p>制作数量</p></td><td colspan="x">a</td><td rowspan="9">b</td></tr>
    <tr><td>Annual<br>report</td><td>&nbsp;&nbsp;</td></tr>
    </table>"""
    assert _shape(read_html(html.encode(), "r.html")) == [
        (True, ["本年新制作数量", "a", "b"]),  # garbled colspan -> 1; rowspan clipped to the table
        (True, ["Annual report", "", ""]),
    ]


def test_xml_declaration_and_bom_do_not_break_parsing():
    html = '<?xml version="1.0" encoding="utf-8"?><html><body><p>一、总体情况</p></body></html>'
    data = codecs.BOM_UTF8 + html.encode("utf-8")
    assert _shape(read_html(data, "r.xhtml")) == [(False, ["一、总体情况"])]


def test_utf8_bytes_under_a_stale_gb2312_declaration():
    # '年报' in UTF-8 is also valid GB18030 ('骞存姤'): the declaration must not win over valid UTF-8
    html = f"<html><head>{GB2312_META}</head><body><p>年报</p></body></html>"
    assert _shape(read_html(html.encode("utf-8"), "r.html")) == [(False, ["年报"])]


def test_table_index_counts_every_table_and_menu_names_do_not_drop_content():
    html = (
        """<html><body class="menu-open"><div class="nav"><table><tr><td>首页</td><td>公开</td></tr></table></div>
    <div class="content location">二、主动公开政府信息情况"""
        + "。" * 2100
        + """</div>
    <table><tr><td>规章</td><td>0</td></tr></table></body></html>"""
    )
    doc = read_html(html.encode(), "r.html")
    assert doc.rows[0].text.startswith("二、主动公开政府信息情况")  # class "location", but 2,000+ characters
    assert _shape(doc)[1:] == [(True, ["规章", "0"])]
    assert doc.rows[1].prov.table == 1  # the dropped menu's table still counts
