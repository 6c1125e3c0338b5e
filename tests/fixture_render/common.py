"""Format-neutral model of a rendered report: the blocks (title, headings, prose, tables) a golden file
prints as, with table grids whose merged cells are explicit spans.

Every renderer (html, docx, pdf) draws the same blocks, so the three formats print the same report and
differ only in how their library lays it out. Nothing here reads back what was rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from ingestion.codes import APPLICANT_TYPES, OUTCOMES, PROCEEDINGS, REQUEST_ROW_LABELS

# ---- layout options ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How the tables are drawn; the three renderers share these choices."""

    # table 二: "template" one table, item headings and last cells stretched over the row (merged cells);
    # "padded" one table without merged cells, short rows padded with blank cells; "per-item" one small
    # table per 第二十条 item under its heading printed as a paragraph
    table2: str = "template"
    # table 三: "template" three-row applicant header and nested row labels merged over their rows (the
    # template's 申请人情况 › 法人或其他组织 › 商业企业…, 三、本年度办理结果 spanning rows); "flat" one
    # header row and one label column
    table3: str = "template"
    # table 四: "template" one row of 15 under the two-level header; "rows" one row of five per proceeding
    # with 行政诉讼 merged over its two rows; "rows-flat" the same with one label column
    table4: str = "template"
    change_words: bool = True  # 本年增/减 printed as 增 2 / 减 2; False: 2 / -2
    # table 三 labels in the template's full wording (（二）部分公开（区分处理的，…）, 1.申请人无正当理由逾期不补正、
    # 行政机关不再处理其政府信息公开申请); False: the short forms of codes.REQUEST_ROW_LABELS
    long_labels: bool = True


# ---- the model -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One printed cell: its text at (row, col), covering rowspan x colspan grid positions."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """A table on a column grid; ``widths`` are relative column widths, ``split_at`` a row a page may break before."""

    nrows: int
    ncols: int
    spans: list[Span]
    header_rows: int = 0
    widths: tuple[float, ...] = ()
    split_at: int | None = None
    name: str = ""

    def rows(self) -> list[list[Span]]:
        """The spans starting in each row, left to right."""
        out: list[list[Span]] = [[] for _ in range(self.nrows)]
        for span in sorted(self.spans, key=lambda s: (s.row, s.col)):
            out[span.row].append(span)
        return out

    def matrix(self) -> list[list[str]]:
        """Row-major texts; positions covered by a span (not its first) are ''."""
        texts = [[""] * self.ncols for _ in range(self.nrows)]
        for span in self.spans:
            texts[span.row][span.col] = span.text
        return texts

    def with_blank_first_column(self) -> Grid:
        """The grid behind an empty first column merged down every row (a Word table whose first column
        was emptied: one vertical merge with nothing in it)."""
        spans = [replace(s, col=s.col + 1) for s in self.spans]
        spans.append(Span(0, 0, "", rowspan=self.nrows))
        widths = (0.3, *self.widths) if self.widths else ()
        return Grid(self.nrows, self.ncols + 1, spans, self.header_rows, widths, self.split_at, self.name)

    def with_split_value_columns(self, is_value) -> Grid:
        """Every grid column doubled: text cells (headers, labels) span both halves, a value cell takes the
        first half and an empty cell the second, as Word's HTML export lays out merged header cells over
        single value cells."""
        spans = []
        for s in self.spans:
            if is_value(s.text):
                spans.append(replace(s, col=2 * s.col, colspan=1))
                spans.append(Span(s.row, 2 * s.col + 1, "", s.rowspan, 2 * s.colspan - 1))
            else:
                spans.append(replace(s, col=2 * s.col, colspan=2 * s.colspan))
        widths = tuple(w / 2 for w in self.widths for _ in range(2))
        return Grid(self.nrows, 2 * self.ncols, spans, self.header_rows, widths, self.split_at, self.name)

    def take(self, rows: list[int]) -> Grid:
        """A grid of the given rows (ascending); a span cut by the selection keeps its part, blank if its text row is gone."""
        index = {r: i for i, r in enumerate(rows)}
        spans = []
        for span in self.spans:
            kept = [r for r in range(span.row, span.row + span.rowspan) if r in index]
            if kept:
                text = span.text if span.row in index else ""
                spans.append(replace(span, row=index[kept[0]], rowspan=len(kept), text=text))
        headers = sum(1 for r in rows if r < self.header_rows)
        return Grid(len(rows), self.ncols, spans, headers, self.widths, None, self.name)


@dataclass
class Block:
    """One printed element of the report, in reading order."""

    kind: str  # title | heading | para | item (a 第二十条 item heading) | table | sign
    text: str = ""
    grid: Grid | None = None


@dataclass
class _Builder:
    """Accumulates spans while a grid is laid out row by row."""

    ncols: int
    spans: list[Span] = field(default_factory=list)
    nrows: int = 0

    def add(self, col: int, text: str, rowspan: int = 1, colspan: int = 1, row: int | None = None) -> None:
        """Put a cell in the current row (or ``row``)."""
        self.spans.append(Span(self.nrows if row is None else row, col, text, rowspan, colspan))

    def row(self, texts: list[str], start: int = 0, last_fills: bool = False) -> None:
        """Append a row of single cells from column ``start``; ``last_fills`` stretches the last one to the edge."""
        for k, text in enumerate(texts):
            width = self.ncols - start - k if last_fills and k == len(texts) - 1 else 1
            self.add(start + k, text, colspan=width)
        self.nrows += 1

    def grid(self, header_rows: int, widths: tuple[float, ...], name: str) -> Grid:
        """The finished grid."""
        return Grid(self.nrows, self.ncols, self.spans, header_rows, widths, None, name)


# ---- printing values -----------------------------------------------------------------------------


def number_text(value: float | int | None) -> str:
    """A golden value as the report prints it: blank for null, 60.1733 stays 60.1733, 3 not 3.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


def change_text(value: float | int | None, words: bool) -> str:
    """本年增/减: ``增 2`` / ``减 2`` with words, else a signed number (``-2``)."""
    if value is None or value == 0 or not words:
        return number_text(value)
    return f"{'增' if value > 0 else '减'} {number_text(abs(value))}"


# ---- table 二 ------------------------------------------------------------------------------------

ITEM_TITLES = {
    "20.1": "第二十条第（一）项",
    "20.5": "第二十条第（五）项",
    "20.6": "第二十条第（六）项",
    "20.8": "第二十条第（八）项",
    "20.9": "第二十条第（九）项",
}
METRIC_LABELS = {
    "newly_made": "本年新制作数量",
    "newly_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "previous_year_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "fee_amount": "本年收费金额",
    "procurement_items": "采购项目数量",
    "procurement_amount": "采购总金额",
}
CATEGORY_LABELS = {
    "regulations": "规章",
    "normative_documents": "规范性文件",
    "administrative_licensing": "行政许可",
    "other_external_services": "其他对外管理服务事项",
    "administrative_penalty": "行政处罚",
    "administrative_coercion": "行政强制",
    "administrative_fees": "行政事业性收费",
    "centralized_procurement": "政府集中采购",
}
_METRICS_2021 = {"issued", "repealed", "in_force", "fee_amount"}


@dataclass
class Item:
    """One 第二十条 item of table 二: its categories, metrics, printed header and printed values."""

    code: str
    categories: list[str]
    metrics: list[str]
    headers: list[str]
    values: dict[tuple[str, str], str]


def _metric_header(metric: str, unit: str | None, is_2021: bool) -> str:
    """A metric's column header, with the amount unit when the golden has one."""
    label = METRIC_LABELS.get(metric, metric)
    if metric == "decisions" and is_2021:
        label = "本年处理决定数量"
    return f"{label}（单位：{unit}）" if unit else label


def table2_items(golden: dict, style: Style) -> list[Item]:
    """The items of table 二 in golden order, headers (with amount units) and values as printed."""
    entries = golden.get("active_disclosure", [])
    is_2021 = any(e["metric"] in _METRICS_2021 for e in entries)
    items: dict[str, Item] = {}
    units: dict[tuple[str, str], str] = {}
    for e in entries:
        item = items.setdefault(e["item"], Item(e["item"], [], [], [], {}))
        if e["category"] not in item.categories:
            item.categories.append(e["category"])
        if e["metric"] not in item.metrics:
            item.metrics.append(e["metric"])
        if e.get("unit"):
            units.setdefault((e["item"], e["metric"]), e["unit"])
        is_change = e["metric"] == "change"
        printed = change_text(e["value"], style.change_words) if is_change else number_text(e["value"])
        item.values[(e["category"], e["metric"])] = printed
    for item in items.values():
        item.headers = [_metric_header(m, units.get((item.code, m)), is_2021) for m in item.metrics]
    return list(items.values())


def _category_label(category: str, is_2021: bool) -> str:
    """A category's printed name (2021 says 行政规范性文件)."""
    if category == "normative_documents" and is_2021:
        return "行政规范性文件"
    return CATEGORY_LABELS.get(category, category)


def _item_rows(b: _Builder, item: Item, is_2021: bool, merged: bool) -> None:
    """The metric header row and category rows of one item; ``merged`` stretches the last cell to the edge."""
    pad = [] if merged else [""] * (b.ncols - 1 - len(item.metrics))
    b.row(["信息内容", *item.headers, *pad], last_fills=merged)
    for category in item.categories:
        values = [item.values.get((category, m), "") for m in item.metrics]
        b.row([_category_label(category, is_2021), *values, *pad], last_fills=merged)


def table2_blocks(golden: dict, style: Style) -> list[Block]:
    """Table 二 as one table (item headings as full-width rows) or as one table per item."""
    items = table2_items(golden, style)
    is_2021 = any(m in _METRICS_2021 for item in items for m in item.metrics)
    if style.table2 == "per-item":
        blocks = []
        for item in items:
            b = _Builder(1 + len(item.metrics))
            _item_rows(b, item, is_2021, merged=False)
            widths = (2.2, *[3.0 / len(item.metrics)] * len(item.metrics))
            blocks += [
                Block("item", ITEM_TITLES.get(item.code, item.code)),
                Block("table", grid=b.grid(1, widths, "table2")),
            ]
        return blocks
    ncols = 1 + max(len(item.metrics) for item in items)
    merged = style.table2 == "template"
    b = _Builder(ncols)
    for item in items:
        title = ITEM_TITLES.get(item.code, item.code)
        b.row([title] if merged else [title] + [""] * (ncols - 1), last_fills=merged)
        _item_rows(b, item, is_2021, merged)
    return [Block("table", grid=b.grid(0, (2.2, *[1.0] * (ncols - 1)), "table2"))]


# ---- table 三 ------------------------------------------------------------------------------------

CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
RESULTS = "三、本年度办理结果"
_FULL_LABELS = {
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "other_overdue_correction": "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
}


def request_path(code: str, rows: list[str], long_labels: bool = True) -> tuple[str, ...]:
    """The label levels of a table 三 row, as the template nests them (block, group, item)."""
    if code == "other_handling":
        label = "3.其他" if "other_overdue_correction" in rows else "（六）其他处理"
    else:
        label = (_FULL_LABELS if long_labels else {}).get(code, REQUEST_ROW_LABELS.get(code, code))
    if code in ("new_received", "carried_over", "carried_forward"):
        return (label,)
    return (RESULTS, *label.split(" ", 1))


def _nest(paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Fill in the group of leaf rows printed without it (2.…, 3.… under （三）不予公开)."""
    out: list[tuple[str, ...]] = []
    for path in paths:
        if out and len(path) == 2 and len(out[-1]) == 3 and path[1][0].isdigit():
            path = (path[0], out[-1][1], path[1])
        out.append(path)
    return out


def _label_spans(b: _Builder, paths: list[tuple[str, ...]], first_row: int, depth: int) -> None:
    """Label cells of the data rows: leaves stretch right, equal group prefixes merge downwards."""
    for i, path in enumerate(paths):
        b.add(len(path) - 1, path[-1], colspan=depth - len(path) + 1, row=first_row + i)
    for level in range(depth - 1):
        i = 0
        while i < len(paths):
            j = i
            while (
                j < len(paths)
                and len(paths[j]) > level + 1
                and paths[j][: level + 1] == paths[i][: level + 1]
            ):
                j += 1
            if j > i:
                b.add(level, paths[i][level], rowspan=j - i, row=first_row + i)
                i = j
            else:
                i += 1


def _table3_merged(golden: dict, codes: list[str], long_labels: bool) -> Grid:
    """The template's table 三: three-row applicant header, nested row labels merged over their rows."""
    depth = 3
    b = _Builder(depth + len(APPLICANT_TYPES))
    b.add(0, CORNER, rowspan=3, colspan=depth)
    b.add(depth, "申请人情况", colspan=len(APPLICANT_TYPES))
    b.add(depth, "自然人", rowspan=2, row=1)
    b.add(depth + 1, "法人或其他组织", colspan=5, row=1)
    b.add(depth + 6, "总计", rowspan=2, row=1)
    for k, label in enumerate(APPLICANT_LABELS[1:6]):
        b.add(depth + 1 + k, label, row=2)
    b.nrows = 3
    paths = _nest([request_path(c, codes, long_labels) for c in codes])
    _label_spans(b, paths, 3, depth)
    for i, code in enumerate(codes):
        for k, applicant in enumerate(APPLICANT_TYPES):
            b.add(depth + k, number_text(golden["requests"][code].get(applicant)), row=3 + i)
    b.nrows = 3 + len(codes)
    return b.grid(3, (0.9, 1.0, 2.1, *[0.85] * 7), "table3")


def _table3_flat(golden: dict, codes: list[str], long_labels: bool) -> Grid:
    """A flattened table 三: one header row, one label column, the block heading as a label-only row."""
    b = _Builder(1 + len(APPLICANT_TYPES))
    b.row(["项目", *APPLICANT_LABELS])
    for code in codes:
        path = request_path(code, codes, long_labels)
        if code == "granted":
            b.row([RESULTS] + [""] * len(APPLICANT_TYPES))
        label = " ".join(path[1:]) if path[0] == RESULTS else path[0]
        b.row([label, *(number_text(golden["requests"][code].get(a)) for a in APPLICANT_TYPES)])
    return b.grid(1, (3.9, *[1.0] * 7), "table3")


def table3_grid(golden: dict, style: Style) -> Grid:
    """Table 三 with the rows the golden has (2021: three （六）其他处理 rows); ``split_at`` mid-way for PDFs."""
    codes = list(golden["requests"])
    build = _table3_merged if style.table3 == "template" else _table3_flat
    grid = build(golden, codes, style.long_labels)
    spans = {s.text: s.row for s in grid.spans}
    middle = REQUEST_ROW_LABELS["denied_internal_affairs"]
    grid.split_at = spans.get(middle, grid.header_rows + grid.nrows // 2)
    return grid


# ---- table 四 ------------------------------------------------------------------------------------

OUTCOME_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
PROCEEDING_LABELS = {
    "reconsideration": ("行政复议",),
    "litigation_direct": ("行政诉讼", "未经复议直接起诉"),
    "litigation_after_reconsideration": ("行政诉讼", "复议后起诉"),
}


def _appeal_values(golden: dict, proceeding: str) -> list[str]:
    """The five printed values of one proceeding."""
    return [number_text(golden["appeals"][proceeding].get(o)) for o in OUTCOMES]


def _table4_one_row(golden: dict) -> Grid:
    """One row of 15 numbers under the template's header (行政复议 | 行政诉讼 › 未经复议直接起诉 / 复议后起诉)."""
    b = _Builder(15)
    b.add(0, "行政复议", colspan=5)
    b.add(5, "行政诉讼", colspan=10)
    for k, label in enumerate(OUTCOME_LABELS):
        b.add(k, label, rowspan=2, row=1)
    b.add(5, "未经复议直接起诉", colspan=5, row=1)
    b.add(10, "复议后起诉", colspan=5, row=1)
    for k, label in enumerate(OUTCOME_LABELS * 2):
        b.add(5 + k, label, row=2)
    b.nrows = 3
    b.row([v for p in PROCEEDINGS for v in _appeal_values(golden, p)])
    return b.grid(3, (1.0,) * 15, "table4")


def _table4_rows_flat(golden: dict) -> Grid:
    """One row of five numbers per proceeding under a one-row header, one label column."""
    b = _Builder(6)
    b.row(["类别", *OUTCOME_LABELS])
    for p in PROCEEDINGS:
        label = PROCEEDING_LABELS[p]
        b.row([label[0] if len(label) == 1 else f"{label[0]}（{label[1]}）", *_appeal_values(golden, p)])
    return b.grid(1, (3.0, *[1.0] * 5), "table4")


def _table4_rows_merged(golden: dict) -> Grid:
    """One row of five numbers per proceeding; 行政诉讼 is merged over its two rows."""
    b = _Builder(7)
    b.add(0, "类别", colspan=2)
    b.row(list(OUTCOME_LABELS), start=2)
    b.add(0, "行政复议", colspan=2)
    b.row(_appeal_values(golden, "reconsideration"), start=2)
    b.add(0, "行政诉讼", rowspan=2)
    for p in ("litigation_direct", "litigation_after_reconsideration"):
        b.add(1, PROCEEDING_LABELS[p][1])
        b.row(_appeal_values(golden, p), start=2)
    return b.grid(1, (1.0, 1.8, *[1.0] * 5), "table4")


def table4_grid(golden: dict, style: Style) -> Grid:
    """Table 四 in the style's shape."""
    shapes = {"template": _table4_one_row, "rows": _table4_rows_merged, "rows-flat": _table4_rows_flat}
    return shapes[style.table4](golden)


# ---- the whole report ----------------------------------------------------------------------------

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def title_of(golden: dict) -> str:
    """``<agency><year>年政府信息公开工作年度报告``."""
    return f"{golden.get('agency_name') or ''}{golden.get('report_year') or ''}年政府信息公开工作年度报告"


def _count(golden: dict, table: str, row: str, col: str = "total") -> str | None:
    """A printed total for the prose, or None when the golden leaves it blank."""
    value = golden.get(table, {}).get(row, {}).get(col)
    return None if value is None else number_text(value)


def prose(golden: dict) -> list[str]:
    """One sentence under each of the six headings, its figures taken from the tables."""
    agency, year = golden.get("agency_name") or "本机关", golden.get("report_year") or ""
    received = _count(golden, "requests", "new_received")
    reconsidered = _count(golden, "appeals", "reconsideration")
    return [
        f"{year}年，{agency}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，扎实推进政府信息公开工作。",
        "本年度主动公开政府信息情况如下。",
        f"本年度共收到政府信息公开申请{received}件，办理情况如下。"
        if received
        else "本年度依申请公开办理情况如下。",
        f"本年度因政府信息公开引起行政复议{reconsidered}件，具体情况如下。"
        if reconsidered
        else "本年度政府信息公开行政复议、行政诉讼情况如下。",
        "政府信息公开工作仍存在公开内容不够全面、政策解读不够及时等问题，下一步将进一步健全工作机制，提升公开质量。",
        "本年度未收取政府信息公开信息处理费，无其他需要报告的事项。",
    ]


def report_blocks(golden: dict, style: Style) -> list[Block]:
    """The whole report in reading order: title, intro, six sections with tables 二/三/四, signature."""
    year = golden.get("report_year") or ""
    sentences = prose(golden)
    tables = {
        1: table2_blocks(golden, style),
        2: [Block("table", grid=table3_grid(golden, style))],
        3: [Block("table", grid=table4_grid(golden, style))],
    }
    blocks = [
        Block("title", title_of(golden)),
        Block(
            "para",
            f"本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        ),
    ]
    for k, heading in enumerate(HEADINGS):
        blocks += [Block("heading", heading), Block("para", sentences[k]), *tables.get(k, [])]
    next_year = year + 1 if isinstance(year, int) else ""
    blocks += [Block("sign", golden.get("agency_name") or ""), Block("sign", f"{next_year}年1月20日")]
    return blocks


def file_stem(golden: dict) -> str:
    """The golden's source file name without its extension."""
    name = golden.get("source_file") or "report"
    return name.rsplit(".", 1)[0]
