"""Render a report as an HTML page: a plain page, or a government-CMS page (GBK, menus, Word-export cells)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ingestion.values import is_value_text
from tests.fixture_render.common import Block, Grid, Style, report_blocks, title_of


@dataclass(frozen=True)
class HtmlLayout:
    """A page layout: the table style, and whether the page is a CMS page exported from Word."""

    style: Style
    cms: bool = False  # site furniture, a layout table around the article, <p><span> cells, &nbsp; blanks
    encoding: str = "utf-8"
    # columns doubled: headers colspan 2 over a value cell and an empty cell; blanks as &nbsp; with and without <p>
    split_values: bool = False


LAYOUTS: dict[str, HtmlLayout] = {
    "merged": HtmlLayout(Style(change_words=True)),
    "flat": HtmlLayout(Style(table2="per-item", table3="flat", table4="rows-flat", change_words=False)),
    "cms": HtmlLayout(Style(table4="rows", change_words=False), cms=True, encoding="gbk"),
    "split-columns": HtmlLayout(Style(change_words=True), split_values=True),
    # row labels and headers as real sites print them (3、其他, （3）, ３．, spaces, <br>, （单位：件）)
    "label-variants": HtmlLayout(Style(change_words=True, label_seed="html-label-variants")),
    # no rowspan/colspan anywhere: 行政复议 in the first cell of its group, the rest blank <td>s
    "unmerged-header": HtmlLayout(Style(change_words=True, unmerged=True)),
}


def _cell_html(text: str, cms: bool, position: int = 0) -> str:
    """A cell's content: escaped text (a line break as ``<br>``); CMS pages wrap it as Word does and print
    &nbsp; for blanks.

    ``position`` < 0 marks the empty half of a split value column: ``&nbsp;``, inside ``<p>`` every other time.
    """
    if position < 0:
        return "<p>&nbsp;</p>" if position % 2 else "&nbsp;"
    if not cms:
        return escape(text).replace("\n", "<br>")
    inner = escape(text).replace("\n", "<br>") if text else "&nbsp;"
    return f'<p class="MsoNormal" align="center"><span style="font-size:10.5pt;font-family:宋体">{inner}</span></p>'


def _attrs(rowspan: int, colspan: int) -> str:
    """rowspan/colspan attributes, only when they are not 1."""
    out = f' rowspan="{rowspan}"' if rowspan > 1 else ""
    return out + (f' colspan="{colspan}"' if colspan > 1 else "")


def table_html(grid: Grid, cms: bool, split: bool = False) -> str:
    """A grid as ``<table>``; header rows in ``<thead>`` with ``<th>`` on plain pages.

    ``split``: every column doubled, value cells followed by an empty ``&nbsp;`` cell (Grid.with_split_value_columns).
    """
    if split:
        grid = grid.with_split_value_columns(is_value_text)
    head, body = [], []
    for r, spans in enumerate(grid.rows()):
        tag = "th" if r < grid.header_rows and not cms else "td"
        cells = "".join(
            f"<{tag}{_attrs(s.rowspan, s.colspan)}>{_cell_html(s.text, cms, -1 - s.row - s.col // 2 if split and s.col % 2 else 0)}</{tag}>"
            for s in spans
        )
        (head if r < grid.header_rows else body).append(f"<tr>{cells}</tr>")
    style = ' border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%"'
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    return f"<table{style}>{thead}<tbody>{''.join(body)}</tbody></table>"


def _block_html(block: Block, cms: bool, split: bool = False) -> str:
    """One block as HTML."""
    text = escape(block.text)
    if block.kind == "title":
        return (
            f'<h1 style="text-align:center">{text}</h1>'
            if not cms
            else f'<div class="title"><h2>{text}</h2></div>'
        )
    if block.kind == "heading":
        return (
            f"<h3>{text}</h3>"
            if not cms
            else f'<p class="MsoNormal"><strong><span>{text}</span></strong></p>'
        )
    if block.kind == "item":
        return f"<p><strong>{text}</strong></p>"
    if block.kind == "table":
        return table_html(block.grid, cms, split)
    if block.kind == "sign":
        return f'<p style="text-align:right">{text}</p>'
    return f'<p style="text-indent:2em">{text}</p>'


def _cms_page(title: str, article: str, charset: str) -> str:
    """A county-government site page: menu, breadcrumb, article in a layout table, footer."""
    menu = "".join(
        f'<li><a href="#">{m}</a></li>' for m in ("首页", "政务公开", "政务服务", "互动交流", "走进本地")
    )
    return (
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">\n<html><head>'
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{escape(title)}_政府信息公开年报</title>"
        "<script>var _hmt = _hmt || [];</script><style>.nav li{float:left}</style></head>\n<body>"
        f'<div class="nav"><ul>{menu}</ul></div>'
        '<div class="position">当前位置：<a href="#">首页</a> &gt; <a href="#">政府信息公开</a> &gt; 年度报告</div>'
        '<table width="1000" align="center"><tr><td class="content">'
        f'<div class="info">发布时间：2025-01-20 来源：本站 浏览次数：<span id="hits">1024</span></div>'
        f"{article}</td></tr></table>"
        '<div class="footer"><p>主办单位：人民政府办公室 版权所有</p></div>'
        "</body></html>\n"
    )


def render_html(golden: dict, layout: str) -> bytes:
    """The report as HTML bytes in the named layout."""
    return render_layout(golden, LAYOUTS[layout])


def render_layout(golden: dict, spec: HtmlLayout) -> bytes:
    """The report as HTML bytes in ``spec`` (a layout of LAYOUTS, or one a test builds)."""
    blocks = report_blocks(golden, spec.style)
    article = "\n".join(_block_html(b, spec.cms, spec.split_values) for b in blocks)
    title = title_of(golden)
    if spec.cms:
        page = _cms_page(title, article, "gb2312")
    else:
        page = (
            f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="{spec.encoding}">'
            f"<title>{escape(title)}</title></head>\n<body>\n{article}\n</body></html>\n"
        )
    return page.encode(spec.encoding, errors="xmlcharrefreplace")
