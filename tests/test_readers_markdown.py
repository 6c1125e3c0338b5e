"""The markdown reader: pipe tables as table rows, everything else as prose, line provenance."""

from __future__ import annotations

from ingestion.readers.markdown import read_markdown

REPORT = """# 某某局2021年政府信息公开工作年度报告

## 二、主动公开政府信息情况

| 第二十条第（一）项 | | | |
|---|:---:|---|---:|
| 信息内容 | 本年<br>制发件数 | 本年废止件数 | 现行有效件数 |
| **规章** | 0 | &nbsp; | 0 |
| 其他\\|备注 | 1 | 2 | 3 |

> 注：本表数据截至12月31日。

---

信息内容 | 本年处理决定数量
--- | ---
行政许可 | 5
行政处罚 |
"""


def _shape(doc) -> list[tuple[bool, list[str]]]:
    return [(r.is_table, [c.text for c in r.cells]) for r in doc.rows]


def test_pipe_tables_and_prose():
    assert _shape(read_markdown(REPORT.encode("utf-8"), "r.md")) == [
        (False, ["某某局2021年政府信息公开工作年度报告"]),
        (False, ["二、主动公开政府信息情况"]),
        (True, ["第二十条第（一）项", "", "", ""]),
        (True, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        (True, ["规章", "0", "", "0"]),
        (True, ["其他|备注", "1", "2", "3"]),
        (False, ["注：本表数据截至12月31日。"]),
        (True, ["信息内容", "本年处理决定数量"]),  # GFM table without outer pipes
        (True, ["行政许可", "5"]),
        (True, ["行政处罚", ""]),
    ]


def test_provenance_is_the_source_line():
    doc = read_markdown(REPORT.encode("utf-8"), "r.md")
    lines = REPORT.splitlines()
    for row in doc.rows:
        assert row.prov.line is not None
        assert row.cells[0].text.split("|")[0].strip("*") in lines[row.prov.line - 1].replace("**", "")
    table_rows = [r for r in doc.rows if r.is_table]
    assert [(r.prov.table, r.prov.row) for r in table_rows] == [
        (0, 0),
        (0, 1),
        (0, 2),
        (0, 3),
        (1, 0),
        (1, 1),
        (1, 2),
    ]
    assert table_rows[1].cells[2].prov.col == 2 and table_rows[1].cells[2].prov.line == 7


def test_gb_encoded_markdown():
    doc = read_markdown(REPORT.encode("gb18030"), "r.md")
    assert doc.rows[0].text == "某某局2021年政府信息公开工作年度报告"
    assert len([r for r in doc.rows if r.is_table]) == 7


def test_pipe_in_prose_is_not_a_table():
    doc = read_markdown("一、总体情况 | 概述\n正文\n".encode(), "r.md")
    assert _shape(doc) == [(False, ["一、总体情况 | 概述"]), (False, ["正文"])]
