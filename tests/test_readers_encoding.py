"""Decoding report bytes and the CJK-aware joining of wrapped lines that every reader shares."""

from __future__ import annotations

import codecs

import pytest

from ingestion.readers.encoding import clean_cell_text, decode_text, join_wrapped, normalize_encoding

TEXT = "淮安市洪泽区人民政府2024年政府信息公开工作年度报告：王堃"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-32"), "utf-32"),
        (TEXT.encode("gbk"), "gb18030"),  # GBK-only 堃: read by the GB18030 superset
        (TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_decode_text(data, encoding):
    assert decode_text(data) == (TEXT, encoding)


def test_decode_text_falls_back_to_detection():
    data = "Rapport annuel — données publiques, année 2024. " * 5
    text, encoding = decode_text(data.encode("cp1252"))
    assert text == data and encoding not in ("utf-8", "gb18030")


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("UTF8", "utf-8"),
        ('"utf-8"', "utf-8"),
    ],
)
def test_normalize_encoding(label, codec):
    assert normalize_encoding(label) == codec


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["本年新", "制作数量"], "本年新制作数量"),
        (["三", "、", "本", "年", "度"], "三、本年度"),
        (
            ["（二）部分公开（区分处理的，只计这一情形，不", "计其他情形）"],
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        (["Annual", "report"], "Annual report"),
        (["2024", "年"], "2024年"),
        (["242", "8"], "2428"),
        (["0517-", "87290606"], "0517-87290606"),
        (["", "  结果 ", "维持"], "结果维持"),
    ],
)
def test_join_wrapped(parts, joined):
    assert join_wrapped(parts) == joined


def test_clean_cell_text():
    assert clean_cell_text("  结果\n 维持\u00a0 ") == "结果维持"
    assert clean_cell_text("\u00a0\u00a0") == ""
    assert clean_cell_text("总 计") == "总 计"  # printed spaces are kept ...
    assert clean_cell_text("总 计", squeeze_cjk_spaces=True) == "总计"  # ... except PDF glyph gaps
    assert clean_cell_text("2024 年", squeeze_cjk_spaces=True) == "2024 年"
