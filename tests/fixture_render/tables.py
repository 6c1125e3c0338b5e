"""Tables 二, 三 and 四 of a golden report as grids (tests/fixture_render/model.py), in the style's shapes
and with the labels the style's ``Labels`` print (the template's, or the variants real sites print)."""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.codes import APPLICANT_TYPES, OUTCOMES, PROCEEDINGS, REQUEST_ROW_LABELS
from ingestion.tables.label_variants import OTHER_HANDLING_GROUP, OTHER_HANDLING_ITEM
from tests.fixture_render.model import (
    Block,
    Grid,
    Labels,
    Style,
    _Builder,
    change_text,
    labels_of,
    number_text,
)

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


def _item_rows(b: _Builder, item: Item, is_2021: bool, merged: bool, labels: Labels) -> None:
    """The metric header row and category rows of one item; ``merged`` stretches the last cell to the edge."""
    pad = [] if merged else [""] * (b.ncols - 1 - len(item.metrics))
    b.row(["信息内容", *item.headers, *pad], last_fills=merged)
    for category in item.categories:
        values = [item.values.get((category, m), "") for m in item.metrics]
        b.row([labels.header(_category_label(category, is_2021)), *values, *pad], last_fills=merged)


def table2_blocks(golden: dict, style: Style) -> list[Block]:
    """Table 二 as one table (item headings as full-width rows) or as one table per item."""
    items = table2_items(golden, style)
    labels = labels_of(golden, style)
    is_2021 = any(m in _METRICS_2021 for item in items for m in item.metrics)
    if style.table2 == "per-item":
        blocks = []
        for item in items:
            b = _Builder(1 + len(item.metrics))
            _item_rows(b, item, is_2021, merged=False, labels=labels)
            widths = (2.2, *[3.0 / len(item.metrics)] * len(item.metrics))
            blocks += [
                Block("item", labels.header(ITEM_TITLES.get(item.code, item.code))),
                Block("table", grid=b.grid(1, widths, "table2")),
            ]
        return blocks
    ncols = 1 + max(len(item.metrics) for item in items)
    merged = style.table2 == "template"
    b = _Builder(ncols)
    for item in items:
        title = labels.header(ITEM_TITLES.get(item.code, item.code))
        b.row([title] if merged else [title] + [""] * (ncols - 1), last_fills=merged)
        _item_rows(b, item, is_2021, merged, labels)
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
    """The label levels of a table 三 row, as the template nests them (block, group, item).

    (六)其他处理 prints as the golden has it: three sub-rows (2021: the third, ``3.其他``, is other_handling)
    or one row (2019, and 2021 reports keeping the old table), whose number is other_handling.
    """
    if code == "other_handling":
        label = OTHER_HANDLING_ITEM if "other_overdue_correction" in rows else OTHER_HANDLING_GROUP
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


def _request_paths(codes: list[str], long_labels: bool, labels: Labels, nest: bool) -> list[tuple[str, ...]]:
    """Every row's label levels (``nest``: with the group filled in), each printed as ``labels`` prints it."""
    paths = [request_path(c, codes, long_labels) for c in codes]
    if nest:
        paths = _nest(paths)
    return [tuple(labels.row(level) for level in path) for path in paths]


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


def _table3_merged(golden: dict, codes: list[str], long_labels: bool, labels: Labels) -> Grid:
    """The template's table 三: three-row applicant header, nested row labels merged over their rows."""
    depth = 3
    b = _Builder(depth + len(APPLICANT_TYPES))
    b.add(0, CORNER, rowspan=3, colspan=depth)
    b.add(depth, labels.header("申请人情况"), colspan=len(APPLICANT_TYPES))
    b.add(depth, labels.header("自然人"), rowspan=2, row=1)
    b.add(depth + 1, labels.header("法人或其他组织"), colspan=5, row=1)
    b.add(depth + 6, labels.header("总计"), rowspan=2, row=1)
    for k, label in enumerate(APPLICANT_LABELS[1:6]):
        b.add(depth + 1 + k, labels.header(label), row=2)
    b.nrows = 3
    _label_spans(b, _request_paths(codes, long_labels, labels, nest=True), 3, depth)
    for i, code in enumerate(codes):
        for k, applicant in enumerate(APPLICANT_TYPES):
            b.add(depth + k, number_text(golden["requests"][code].get(applicant)), row=3 + i)
    b.nrows = 3 + len(codes)
    return b.grid(3, (0.9, 1.0, 2.1, *[0.85] * 7), "table3")


def _table3_flat(golden: dict, codes: list[str], long_labels: bool, labels: Labels) -> Grid:
    """A flattened table 三: one header row, one label column, the block heading as a label-only row."""
    b = _Builder(1 + len(APPLICANT_TYPES))
    b.row(["项目", *(labels.header(text) for text in APPLICANT_LABELS)])
    for code, path in zip(codes, _request_paths(codes, long_labels, labels, nest=False), strict=True):
        if code == "granted":
            b.row([path[0]] + [""] * len(APPLICANT_TYPES))
        label = " ".join(path[1:]) if len(path) > 1 else path[0]
        b.row([label, *(number_text(golden["requests"][code].get(a)) for a in APPLICANT_TYPES)])
    return b.grid(1, (3.9, *[1.0] * 7), "table3")


def table3_grid(golden: dict, style: Style) -> Grid:
    """Table 三 with the rows the golden has (2021: three （六）其他处理 rows); ``split_at`` mid-way for PDFs."""
    codes = list(golden["requests"])
    labels = labels_of(golden, style)
    build = _table3_merged if style.table3 == "template" else _table3_flat
    grid = build(golden, codes, style.long_labels, labels)
    spans = {s.text: s.row for s in grid.spans}
    middle = labels.row(REQUEST_ROW_LABELS["denied_internal_affairs"])
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


def _table4_one_row(golden: dict, labels: Labels) -> Grid:
    """One row of 15 numbers under the template's header (行政复议 | 行政诉讼 › 未经复议直接起诉 / 复议后起诉)."""
    h = labels.header
    b = _Builder(15)
    b.add(0, h("行政复议"), colspan=5)
    b.add(5, h("行政诉讼"), colspan=10)
    for k, label in enumerate(OUTCOME_LABELS):
        b.add(k, h(label, k), rowspan=2, row=1)
    b.add(5, h("未经复议直接起诉"), colspan=5, row=1)
    b.add(10, h("复议后起诉"), colspan=5, row=1)
    for k, label in enumerate(OUTCOME_LABELS * 2):
        b.add(5 + k, h(label, 5 + k), row=2)
    b.nrows = 3
    b.row([v for p in PROCEEDINGS for v in _appeal_values(golden, p)])
    return b.grid(3, (1.0,) * 15, "table4")


def _table4_rows_flat(golden: dict, labels: Labels) -> Grid:
    """One row of five numbers per proceeding under a one-row header, one label column."""
    b = _Builder(6)
    b.row(["类别", *(labels.header(text) for text in OUTCOME_LABELS)])
    for p in PROCEEDINGS:
        label = PROCEEDING_LABELS[p]
        text = label[0] if len(label) == 1 else f"{label[0]}（{label[1]}）"
        b.row([labels.header(text), *_appeal_values(golden, p)])
    return b.grid(1, (3.0, *[1.0] * 5), "table4")


def _table4_rows_merged(golden: dict, labels: Labels) -> Grid:
    """One row of five numbers per proceeding; 行政诉讼 is merged over its two rows."""
    h = labels.header
    b = _Builder(7)
    b.add(0, "类别", colspan=2)
    b.row([h(text) for text in OUTCOME_LABELS], start=2)
    b.add(0, h("行政复议"), colspan=2)
    b.row(_appeal_values(golden, "reconsideration"), start=2)
    b.add(0, h("行政诉讼"), rowspan=2)
    for p in ("litigation_direct", "litigation_after_reconsideration"):
        b.add(1, h(PROCEEDING_LABELS[p][1]))
        b.row(_appeal_values(golden, p), start=2)
    return b.grid(1, (1.0, 1.8, *[1.0] * 5), "table4")


def table4_grid(golden: dict, style: Style) -> Grid:
    """Table 四 in the style's shape."""
    shapes = {"template": _table4_one_row, "rows": _table4_rows_merged, "rows-flat": _table4_rows_flat}
    return shapes[style.table4](golden, labels_of(golden, style))
