"""A table 三 drawn line by line on a reportlab canvas, broken over two pages the way Word and WPS do it.

Not made by tests/fixture_render: every ruling is drawn here by hand, so the layouts are ones our
renderer never produces. Page 1 ends after a row of group (四) (无法提供); page 2 continues with the
group's label cell left empty (its text was printed on page 1), and, by option:
- ``open_bottom``: the last row of page 1 has no bottom ruling (the grid is left open at the page break);
- ``open_top``: the first row of page 2 has no top ruling;
- ``page2_header``: ``"none"`` (no header on page 2), ``"leaf"`` (only the row of 自然人 … 总计 repeated)
  or ``"full"`` (the whole header repeated).
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingestion.codes import APPLICANT_TYPES
from tests.fixture_render.common import number_text

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# column edges: three label levels, then the seven applicant columns
X = [40, 95, 160, 250] + [250 + 42 * k for k in range(1, 8)]
ROW_H = 20
TOP = 780

# (level-1 label, level-2 label, level-3 label, row code); '' where a merged cell continues
ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", None, None, "new_received"),
    ("二、上年结转政府信息公开申请数量", None, None, "carried_over"),
    ("三、本年度办理结果", "（一）予以公开", None, "granted"),
    ("", "（二）部分公开", None, "partially_granted"),
    ("", "（三）不予公开", "1.属于国家秘密", "denied_state_secret"),
    ("", "", "2.其他法律行政法规禁止公开", "denied_prohibited_by_law"),
    ("", "", "3.危及“三安全一稳定”", "denied_security_stability"),
    ("", "", "4.保护第三方合法权益", "denied_third_party_rights"),
    ("", "", "5.属于三类内部事务信息", "denied_internal_affairs"),
    ("", "", "6.属于四类过程性信息", "denied_process_information"),
    ("", "", "7.属于行政执法案卷", "denied_law_enforcement_file"),
    ("", "", "8.属于行政查询事项", "denied_administrative_query"),
    ("", "（四）无法提供", "1.本机关不掌握相关政府信息", "unable_not_held"),
    ("", "", "2.没有现成信息需要另行制作", "unable_needs_creation"),
    ("", "", "3.补正后申请内容仍不明确", "unable_unclear_after_correction"),
    ("", "（五）不予处理", "1.信访举报投诉类申请", "not_processed_petition"),
    ("", "", "2.重复申请", "not_processed_duplicate"),
    ("", "", "3.要求提供公开出版物", "not_processed_publication"),
    ("", "", "4.无正当理由大量反复申请", "not_processed_excessive"),
    ("", "", "5.要求行政机关确认或重新出具已获取信息", "not_processed_confirmation"),
    ("", "（六）其他处理", "1.申请人无正当理由逾期不补正", "other_overdue_correction"),
    ("", "", "2.申请人逾期未按收费通知要求缴纳费用", "other_unpaid_fee"),
    ("", "", "3.其他", "other_handling"),
    ("", "（七）总计", None, "total_processed"),
    ("四、结转下年度继续办理", None, None, "carried_forward"),
]


def _text(c: canvas.Canvas, x0: float, x1: float, top: float, text: str, size: float = 6.0) -> None:
    """Text centred in a cell whose top edge is at ``top`` (page coordinates from the bottom)."""
    if not text:
        return
    width = pdfmetrics.stringWidth(text, FONT, size)
    while width > (x1 - x0) - 2 and size > 3:
        size -= 0.5
        width = pdfmetrics.stringWidth(text, FONT, size)
    c.setFont(FONT, size)
    c.drawString(x0 + (x1 - x0 - width) / 2, top - ROW_H / 2 - size / 3, text)


def _box(c: canvas.Canvas, x0: float, x1: float, top: float, bottom: float, edges: str = "tblr") -> None:
    """A cell border; ``edges`` says which of top, bottom, left, right are drawn."""
    if "t" in edges:
        c.line(x0, top, x1, top)
    if "b" in edges:
        c.line(x0, bottom, x1, bottom)
    if "l" in edges:
        c.line(x0, top, x0, bottom)
    if "r" in edges:
        c.line(x1, top, x1, bottom)


def _header(c: canvas.Canvas, top: float, rows: str) -> float:
    """The three-level applicant header (or only its leaf row); returns the y under it."""
    if rows == "full":
        _box(c, X[0], X[3], top, top - 3 * ROW_H)
        _text(c, X[0], X[3], top - ROW_H, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 5)
        _box(c, X[3], X[10], top, top - ROW_H)
        _text(c, X[3], X[10], top, "申请人情况")
        top -= ROW_H
        _box(c, X[3], X[4], top, top - 2 * ROW_H)
        _text(c, X[3], X[4], top - ROW_H / 2, "自然人")
        _box(c, X[4], X[9], top, top - ROW_H)
        _text(c, X[4], X[9], top, "法人或其他组织")
        _box(c, X[9], X[10], top, top - 2 * ROW_H)
        _text(c, X[9], X[10], top - ROW_H / 2, "总计")
        top -= ROW_H
        for k, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
            _box(c, X[4 + k], X[5 + k], top, top - ROW_H)
            _text(c, X[4 + k], X[5 + k], top, name)
        return top - ROW_H
    # the leaf row alone, as some sites repeat it on a continuation page
    _box(c, X[0], X[3], top, top - ROW_H)
    for k, name in enumerate(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]):
        _box(c, X[3 + k], X[4 + k], top, top - ROW_H)
        _text(c, X[3 + k], X[4 + k], top, name)
    return top - ROW_H


def _row(c: canvas.Canvas, top: float, row: tuple, values: dict, last_on_page: bool, first_on_page: bool, opts: dict) -> None:
    """One data row: label cells (merged ones drawn without their inner rulings) and seven values."""
    level1, level2, level3, code = row
    bottom = top - ROW_H
    edges = "lr" + ("" if first_on_page and opts["open_top"] else "t") + ("" if last_on_page and opts["open_bottom"] else "b")
    if level2 is None:  # one label over all three label columns
        _box(c, X[0], X[3], top, bottom, edges)
        _text(c, X[0], X[3], top, level1)
    else:
        # level 1 is one cell merged down the whole group: only its sides are ruled
        _box(c, X[0], X[1], top, bottom, "lr" + ("t" if level1 else ""))
        _text(c, X[0], X[1], top, level1, 5)
        if level3 is None:
            _box(c, X[1], X[3], top, bottom, edges)
            _text(c, X[1], X[3], top, level2)
        else:
            _box(c, X[1], X[2], top, bottom, "lr" + ("t" if level2 else ""))
            _text(c, X[1], X[2], top, level2)
            _box(c, X[2], X[3], top, bottom, edges)
            _text(c, X[2], X[3], top, level3)
    for k, applicant in enumerate(APPLICANT_TYPES):
        _box(c, X[3 + k], X[4 + k], top, bottom, edges)
        _text(c, X[3 + k], X[4 + k], top, number_text(values[code][applicant]), 7)


def table3_two_pages(
    requests: dict, break_after: str = "unable_needs_creation", open_bottom: bool = False,
    open_top: bool = False, page2_header: str = "none",
) -> bytes:
    """A PDF of a titled report section whose table 三 breaks after ``break_after``; ``requests`` as in a golden file."""
    opts = {"open_bottom": open_bottom, "open_top": open_top}
    split = next(i for i, r in enumerate(ROWS_2021) if r[3] == break_after) + 1
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(FONT, 14)
    c.drawString(60, 810, "某某县人民政府办公室2023年政府信息公开工作年度报告")
    c.setFont(FONT, 10)
    c.drawString(40, TOP + 8, "三、收到和处理政府信息公开申请情况")
    top = _header(c, TOP, "full")
    for i, row in enumerate(ROWS_2021[:split]):
        _row(c, top, row, requests, i == split - 1, False, opts)
        top -= ROW_H
    c.setFont(FONT, 9)
    c.drawString(290, 30, "- 1 -")
    c.showPage()
    top = TOP + 20
    if page2_header != "none":
        top = _header(c, top, page2_header)
    for i, row in enumerate(ROWS_2021[split:]):
        if i == 0:
            row = ("", row[1], row[2], row[3])  # a group's label cells stay empty on the continuation page
        _row(c, top, row, requests, False, i == 0 and page2_header == "none", opts)
        top -= ROW_H
    c.setFont(FONT, 10)
    c.drawString(40, top - 30, "四、政府信息公开行政复议、行政诉讼情况")
    c.setFont(FONT, 9)
    c.drawString(290, 30, "- 2 -")
    c.showPage()
    c.save()
    return buf.getvalue()
