"""A template table as an HTML fragment with cells marked: the evidence for HTML, DOCX and text reports
(which have no page to picture), and the tables of the review site's report page.

Rows and columns are the template's (table 三 rows × applicant columns, table 四 proceedings × outcomes,
table 二 item·category × metric), each cell showing its text as printed (``raw_value``) and, in its title,
where it was printed (``source_ref``: the file's table, row and column, or the line). Marks: ``ogi-total``
(the total a rule checks), ``ogi-part`` (its parts), ``ogi-missing`` (no number), ``ogi-fail`` / ``ogi-na``
(the cell takes part in a failed / not-assessable rule), ``ogi-corrected`` (a reviewer's value).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from orchestration.review.evidence.cells import Cell, Result

TABLE_TITLES = {"二": "表二 主动公开政府信息情况", "三": "表三 收到和处理政府信息公开申请情况",
                "四": "表四 政府信息公开行政复议、行政诉讼情况"}
STYLE = """<style>
.ogi-ev table{border-collapse:collapse;font:13px/1.4 sans-serif}
.ogi-ev th,.ogi-ev td{border:1px solid #999;padding:2px 6px;text-align:right}
.ogi-ev th{background:#f3f3f3;font-weight:normal}.ogi-ev th.row{text-align:left}
.ogi-ev td.ogi-total{outline:3px solid #d62728;outline-offset:-3px;background:#fde8e8}
.ogi-ev td.ogi-part{outline:3px solid #1f77b4;outline-offset:-3px;background:#e6f0fa}
.ogi-ev td.ogi-missing{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#ffd8b0 4px,#ffd8b0 8px);outline:3px solid #ff7f0e;outline-offset:-3px}
.ogi-ev td.ogi-fail{background-color:#fde8e8}.ogi-ev td.ogi-na{background-color:#fff3e0}
.ogi-ev td.ogi-corrected{font-weight:bold;color:#6a1b9a}
.ogi-ev caption{text-align:left;padding:4px 0;font-weight:bold}
</style>"""


def tables_of(labels: Iterable[str], cells: dict[str, Cell]) -> list[str]:
    """The template tables (二/三/四) the labels' cells are in, in template order."""
    found = {cells[label].table for label in labels if label in cells}
    return [t for t in ("二", "三", "四") if t in found]


def table_fragment(cells: dict[str, Cell], table: str, marks: dict[str, set[str]], titles: dict[str, str] | None = None,
                   caption: str | None = None) -> str:
    """One template table as an HTML ``<table>``; ``marks`` label -> CSS classes, ``titles`` label -> tooltip."""
    titles = titles or {}
    own = [c for c in cells.values() if c.table == table]
    rows = sorted({(c.row_order, c.row_key, c.row_label or c.row_key) for c in own})
    columns = sorted({(c.column_order, c.column_key, c.column_label or c.column_key) for c in own})
    by_key = {(c.row_key, c.column_key): c for c in own}
    out = ["<table>", f"<caption>{escape(caption or TABLE_TITLES[table])}</caption>", "<tr><th></th>"]
    out += [f'<th title="{escape(key)}">{escape(label)}</th>' for _, key, label in columns]
    out.append("</tr>")
    for _, row_key, row_label in rows:
        out.append(f'<tr><th class="row" title="{escape(row_key)}">{escape(row_label)}</th>')
        for _, column_key, _ in columns:
            cell = by_key.get((row_key, column_key))
            if cell is None:
                out.append('<td class="absent"></td>')
                continue
            classes = set(marks.get(cell.label, set()))
            if cell.corrected:
                classes.add("ogi-corrected")
            shown = cell.raw_value if cell.raw_value not in (None, "") else ""
            if cell.corrected and cell.value is not None:
                shown = f"{cell.value:g} (印 {cell.raw_value or '·'})"
            tip = " · ".join(x for x in (cell.label, cell.source_ref, titles.get(cell.label)) if x)
            out.append(f'<td class="{" ".join(sorted(classes))}" title="{escape(tip)}" data-cell="{escape(cell.label)}">'
                       f"{escape(shown)}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def result_marks(result: Result, cells: dict[str, Cell]) -> dict[str, set[str]]:
    """label -> CSS classes of one result's cells: the total, its parts, the ones that gave no number."""
    marks: dict[str, set[str]] = {}
    for label, side in result.roles.items():
        cell = cells.get(label)
        if cell is not None and not cell.usable:
            marks[label] = {"ogi-missing"}
        else:
            marks[label] = {"ogi-total" if side == "actual" else "ogi-part"}
    return marks


def render_fragment(result: Result, cells: dict[str, Cell]) -> str:
    """The evidence fragment of one result: a heading, the message, and each table its cells are in, marked."""
    marks = result_marks(result, cells)
    not_found = [label for label in result.roles if label not in cells and not label.startswith("prose")]
    prose = [label for label in result.roles if label.startswith("prose")]  # R8: the figure the prose states
    parts = [STYLE, '<div class="ogi-ev">',
             f"<p><b>{escape(result.rule_id)} {escape(result.rule_name)} [{escape(result.subject)}]: "
             f"{escape(result.outcome)}</b> — {escape(result.message or '')}</p>",
             f"<p>{escape(result.source_file or '')}</p>"]
    for table in tables_of(result.roles, cells):
        parts.append(table_fragment(cells, table, marks))
    if not_found:
        parts.append('<p class="ogi-not-found">not found in the print / 未找到: ' + escape(", ".join(not_found)) + "</p>")
    parts += [f'<p class="ogi-prose">正文 {escape(label)}</p>' for label in prose]
    parts.append('<p class="legend"><span style="outline:3px solid #d62728">合计 total</span> '
                 '<span style="outline:3px solid #1f77b4">分项 parts</span> '
                 '<span style="outline:3px solid #ff7f0e">无可用数字 no number</span></p></div>')
    return "\n".join(parts)
