"""Synthetic corpus for the benchmarks: many reports made from the golden reports (tests/fixtures/*.json).

Every report is the golden of a base report with its numbers, agency and year varied, rendered in one
format and layout:

- **numbers** are redrawn *consistently*: table 三's outcome cells are scaled (agency size x noise, plus
  small counts so all-zero goldens fill up), then 办理结果总计, 本年新收 and the 总计 column are recomputed so
  R1 (收支平衡), R2 (办理结果) and R3 (申请人合计) hold; table 四's totals are recomputed so R4 holds; an
  agency's years are drawn in order, so 上年结转 is last year's 结转下年度 (R6) and 现行有效件数 last year's plus
  issued minus repealed (R7). About 8% of the reports are then *broken on purpose* (one cell off by a
  few, a negative count, a carry-over that does not match, a blank cell), and the manifest says which
  rule should fail;
- **agencies and years**: a pool of county and city agencies (real place names, usual departments), each
  reporting for one to six consecutive years between 2019 and 2024, on the template of the year (2019
  template before 2021, the 2021 one after), sometimes with the name printed differently (卫健委,
  without the city) as real reports do;
- **formats**: a mix of text (tab rows or cell per line, UTF-8 or GB18030), Markdown (pipe tables), HTML
  (plain, flat, CMS page in GBK), DOCX and PDF (ruled, flat, unruled) through tests/fixture_render, and a
  few files that are not annual reports (a .doc, an HTML notice) as real crawls hold.

The corpus is a pure function of (seed, index): the first N reports of a 10,000 corpus are the 1,000
corpus. Generated files are cached under ``bench/.corpus/<key>/`` (the key changes with this file, the
renderers' code and the goldens; not with comments or docstrings), in chunks of 1,000 with a
``manifest-NNN.jsonl`` each, so reruns only link.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import os
import random
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # tests.fixture_render is not installed: it lives in the repository
    sys.path.insert(0, str(ROOT))

from ingestion.codes import AMOUNT_METRICS, APPLICANT_TYPES, OUTCOME_ROWS, OUTCOMES  # noqa: E402
from tests.fixture_render import LAYOUTS as FIXTURE_LAYOUTS  # noqa: E402
from tests.fixture_render import render as fixture_render  # noqa: E402
from tests.fixture_render.common import Style, report_blocks  # noqa: E402

GENERATOR_VERSION = "1"
DEFAULT_SEED = 20240101
CHUNK = 1000
CORPUS_ROOT = ROOT / "bench" / ".corpus"
FIXTURES = ROOT / "tests" / "fixtures"

# Share of each format in the corpus. PDFs parse at ~5 files/s per core against 50-200 for the others,
# so 10% keeps the 10,000-report run in minutes on two cores while still weighing on the total.
FORMAT_MIX: tuple[tuple[str, float], ...] = (  # what users feed it: mostly PDFs (issue 10)
    ("pdf", 0.60),
    ("html", 0.25),
    ("docx", 0.10),
    ("text", 0.03),  # text, Markdown and junk files: 5% together
    ("markdown", 0.01),
    ("junk", 0.01),
)
# Two layouts leave table 三 rows ``unplaced`` (value_kind 'unplaced', rules not assessable) and are kept,
# as real reports have them: golden 003 (rows 一/二 printed with only the 总计 column) as tab text with merged
# labels, and a 2021-template ruled-flat PDF that does not add up (the wrapped label of （六）其他处理 1.
# leaves its 、 in the first number cell, "、0": the missing number is inferred from R3 when it holds).
BREAK_SHARE = 0.08  # reports with one deliberate arithmetic error (or a blank needed cell)
ALIAS_SHARE = 0.15  # reports printing their agency's name in another usual form

_FLAT = Style(table2="per-item", table3="flat", table4="rows-flat", change_words=False)
_PADDED = Style(table2="padded", table3="template", table4="rows", long_labels=False)
TEXT_LAYOUTS: dict[str, Style] = {"tabs": Style(), "tabs-flat": _FLAT, "cells": Style()}
MARKDOWN_LAYOUTS: dict[str, Style] = {"pipe": Style(), "pipe-flat": _FLAT, "pipe-padded": _PADDED}
LAYOUTS: dict[str, list[str]] = {
    "text": list(TEXT_LAYOUTS),
    "markdown": list(MARKDOWN_LAYOUTS),
    **{fmt: list(layouts) for fmt, layouts in FIXTURE_LAYOUTS.items()},
    "junk": ["doc", "notice"],
}
EXTENSIONS = {"text": "txt", "markdown": "md", "html": "html", "docx": "docx", "pdf": "pdf"}
FORMATS = ("text", "markdown", "html", "docx", "pdf")

# ---- agencies ------------------------------------------------------------------------------------

_CITIES: dict[str, tuple[str, ...]] = {
    "淮安市": ("洪泽区", "淮阴区", "清江浦区", "淮安区", "涟水县", "盱眙县", "金湖县"),
    "盐城市": ("亭湖区", "盐都区", "大丰区", "响水县", "滨海县", "阜宁县", "射阳县", "建湖县", "东台市"),
    "焦作市": ("解放区", "中站区", "马村区", "山阳区", "修武县", "博爱县", "武陟县", "温县", "沁阳市", "孟州市"),
    "吴忠市": ("利通区", "红寺堡区", "盐池县", "同心县", "青铜峡市"),
    "济宁市": ("任城区", "兖州区", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县", "梁山县", "曲阜市", "邹城市"),
    "哈尔滨市": ("道里区", "南岗区", "道外区", "香坊区", "呼兰区", "阿城区", "依兰县", "方正县", "宾县", "巴彦县", "木兰县", "通河县", "延寿县", "尚志市", "五常市"),
    "湖州市": ("吴兴区", "南浔区", "德清县", "长兴县", "安吉县"),
    "绵阳市": ("涪城区", "游仙区", "安州区", "三台县", "盐亭县", "梓潼县", "平武县", "江油市"),
    "宜昌市": ("西陵区", "伍家岗区", "点军区", "猇亭区", "夷陵区", "远安县", "兴山县", "秭归县", "宜都市", "当阳市", "枝江市"),
    "宝鸡市": ("渭滨区", "金台区", "陈仓区", "凤翔区", "岐山县", "扶风县", "眉县", "陇县", "千阳县", "麟游县", "凤县", "太白县"),
    "赣州市": ("章贡区", "南康区", "赣县区", "信丰县", "大余县", "上犹县", "崇义县", "安远县", "定南县", "全南县", "宁都县", "于都县", "兴国县", "会昌县", "寻乌县", "石城县", "瑞金市"),
    "曲靖市": ("麒麟区", "沾益区", "马龙区", "陆良县", "师宗县", "罗平县", "富源县", "会泽县", "宣威市"),
}
_COUNTY_DEPARTMENTS = (
    "卫生健康局", "教育局", "财政局", "自然资源局", "住房和城乡建设局", "交通运输局", "农业农村局", "水利局",
    "商务局", "文化和旅游局", "应急管理局", "市场监督管理局", "医疗保障局", "民政局", "司法局",
    "人力资源和社会保障局", "退役军人事务局", "统计局", "审计局", "发展和改革局", "公安局", "人民政府办公室",
)
_CITY_DEPARTMENTS = (
    "卫生健康委员会", "教育局", "财政局", "发展和改革委员会", "住房和城乡建设局", "生态环境局", "交通运输局",
    "农业农村局", "水利局", "商务局", "市场监督管理局", "医疗保障局", "民政局", "司法局", "人民政府", "公安局",
)
_TOWNS = ("城关镇", "新集镇", "高桥镇", "东湖镇", "西河镇", "南塘镇", "北关镇", "马庄乡", "双河镇", "石桥镇", "黄岗镇", "柳林乡")


def _agency_name(rng: random.Random) -> str:
    """A plausible agency name: a county department (most), a county or township government, or a city bureau."""
    city = rng.choice(sorted(_CITIES))
    county = rng.choice(_CITIES[city])
    kind = rng.random()
    if kind < 0.62:
        return f"{county}{rng.choice(_COUNTY_DEPARTMENTS)}"
    if kind < 0.72:
        return f"{city}{county}人民政府"
    if kind < 0.85:
        return f"{county}{rng.choice(_TOWNS)}人民政府"
    return f"{city}{rng.choice(_CITY_DEPARTMENTS)}"


def _printed_name(name: str, rng: random.Random) -> str:
    """The name as a report may print it: 卫健委 for 卫生健康委员会, the city dropped or added, 县政府."""
    forms = [name.replace("卫生健康委员会", "卫健委"), name.replace("人民政府", "政府")]
    for city, counties in _CITIES.items():
        if name.startswith(city) and any(name[len(city) :].startswith(c) for c in counties):
            forms.append(name[len(city) :])
        elif any(name.startswith(c) for c in counties) and "镇" not in name and "乡" not in name:
            forms.append(city + name)
    forms = [f for f in forms if f != name and not f.endswith(("镇政府", "乡政府"))]
    return rng.choice(forms) if forms else name


# ---- the plan: which report each index is ----------------------------------------------------------


@dataclass
class Planned:
    """One report of the corpus, before rendering."""

    index: int
    agency: str  # the agency's name (the form most reports print)
    printed_agency: str  # the form this report prints
    year: int
    base: str  # the golden report whose shape and numbers it starts from
    fmt: str
    layout: str
    encoding: str = "utf-8"
    agency_no: int = 0  # the agency's reports share their numbers' history (carry-over, documents in force)
    first_year: int = 0  # the agency's first report
    agency_scale: float = 1.0  # how busy the agency is
    bases: tuple[str, str] = ("", "")  # its base report on the 2019 and on the 2021 template
    seed: int = DEFAULT_SEED
    junk_years: tuple[int, ...] = ()  # the agency's years whose file is not a report (no carry-over to check)
    breaks: list[str] = field(default_factory=list)  # filled when the numbers are drawn
    file: str = ""  # path relative to the corpus folder, once written
    size: int = 0


@cache
def goldens() -> dict[str, dict]:
    """The golden reports by stem."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))}


def _bases_by_template() -> dict[str, list[str]]:
    """Golden stems by template version (2019, 2021)."""
    out: dict[str, list[str]] = {}
    for stem, golden in goldens().items():
        out.setdefault(golden["template_version"], []).append(stem)
    return out


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    """One value of a weighted list."""
    x = rng.random() * sum(w for _, w in weighted)
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


def _plan_agencies(seed: int) -> Iterator[Planned]:
    """Reports agency after agency (one to six consecutive years each); deterministic for a seed."""
    bases = _bases_by_template()
    used: set[str] = set()
    index = 0
    agency_no = 0
    while True:
        rng = random.Random(f"{seed}:agency:{agency_no}")
        agency_no += 1
        name = _agency_name(rng)
        tries = 0
        while name in used:  # some 4,700 names: a corpus beyond ~15,000 reports numbers the rest
            tries += 1
            name = _agency_name(rng) if tries < 200 else f"{_agency_name(rng)}第{agency_no}分局"
        used.add(name)
        years = rng.choice((1, 2, 3, 3, 4, 4, 5, 6))
        first = rng.randint(2019, 2025 - years)
        scale = rng.lognormvariate(0, 1.0)
        base_2019, base_2021 = rng.choice(bases["2019"]), rng.choice(bases["2021"])
        reports = []
        for year in range(first, first + years):
            r = random.Random(f"{seed}:report:{index}")
            fmt = _pick(r, FORMAT_MIX)
            layout = r.choice(LAYOUTS[fmt])
            encoding = "gb18030" if fmt == "text" and r.random() < 0.25 else "utf-8"
            printed = _printed_name(name, r) if r.random() < ALIAS_SHARE else name
            base = base_2021 if year >= 2021 else base_2019
            reports.append(
                Planned(
                    index, name, printed, year, base, fmt, layout, encoding,
                    agency_no - 1, first, round(scale, 3), (base_2019, base_2021), seed,
                )  # fmt: skip
            )
            index += 1
        junk = tuple(p.year for p in reports if p.fmt == "junk")
        for p in reports:
            p.junk_years = junk
            yield p


def plan(n: int, seed: int = DEFAULT_SEED) -> list[Planned]:
    """The first ``n`` reports of the corpus."""
    out = []
    for planned in _plan_agencies(seed):
        if len(out) == n:
            break
        out.append(planned)
    return out


# ---- numbers ---------------------------------------------------------------------------------------


def _count(value, scale: float, rng: random.Random, extra: float = 0.3, most: int = 3):
    """A count drawn around ``value * scale``; None (blank) stays blank."""
    if value is None:
        return None
    drawn = round(value * scale * rng.uniform(0.7, 1.3))
    if rng.random() < extra:
        drawn += rng.randint(1, most)
    return max(0, int(drawn))


def _table2_cells(golden: dict) -> dict[tuple[str, str, str], dict]:
    """Table 二 entries by (item, category, metric)."""
    return {(e["item"], e["category"], e["metric"]): e for e in golden["active_disclosure"]}


def _vary_table2(golden: dict, scale: float, rng: random.Random, prev: dict | None) -> None:
    """Redraw table 二; 现行有效件数 follows last year's (R7) when both years use the 2021 template."""
    for entry in golden["active_disclosure"]:
        value, metric = entry["value"], entry["metric"]
        if value is None:
            continue
        if metric == "change":
            entry["value"] = rng.randint(-3, 6) if rng.random() < 0.5 else 0
        elif metric in AMOUNT_METRICS:
            amount = max(float(value), rng.uniform(0, 80)) * scale * rng.uniform(0.5, 1.5)
            digits = rng.choice((0, 2, 4))
            entry["value"] = int(round(amount)) if digits == 0 else round(amount, digits)
        elif metric in ("issued", "repealed"):
            entry["value"] = _count(value, min(scale, 3.0), rng, extra=0.4, most=4)
        else:
            entry["value"] = _count(value, scale, rng, extra=0.5, most=40)
    if prev is None or prev["template_version"] != "2021" or golden["template_version"] != "2021":
        return
    now, before = _table2_cells(golden), _table2_cells(prev)
    for category in ("regulations", "normative_documents"):
        key = ("20.1", category)
        cells = [now.get((*key, m)) for m in ("issued", "repealed", "in_force")]
        last = before.get((*key, "in_force"))
        if None in cells or last is None or any(c["value"] is None for c in cells) or last["value"] is None:
            continue
        issued, repealed, in_force = cells
        repealed["value"] = min(repealed["value"], last["value"] + issued["value"])
        in_force["value"] = last["value"] + issued["value"] - repealed["value"]


def _vary_table3(golden: dict, scale: float, rng: random.Random, prev: dict | None) -> None:
    """Redraw table 三 so R1, R2 and R3 hold, and 上年结转 is last year's 结转下年度 (R6); blanks stay blank."""
    requests = golden["requests"]
    leaves = [row for row in requests if row in OUTCOME_ROWS]
    people = APPLICANT_TYPES[:-1]
    busy = {"granted": 12, "partially_granted": 3, "unable_not_held": 4, "not_processed_petition": 2}
    last = prev["requests"]["carried_forward"] if prev else {}
    for who in people:
        weight = 1.0 if who == "natural_person" else 0.3
        for row in leaves:
            requests[row][who] = _count(requests[row][who], scale, rng, extra=0.25 * weight, most=busy.get(row, 1))
        processed = sum(requests[row][who] or 0 for row in leaves)
        if requests["total_processed"][who] is not None:
            requests["total_processed"][who] = processed
        forward = _count(requests["carried_forward"][who], scale, rng, extra=0.2 * weight)
        over = requests["carried_over"][who]
        if over is not None:
            over = last[who] if last.get(who) is not None else _count(over, scale, rng, extra=0.2 * weight)
        if requests["new_received"][who] is not None:
            received = processed + (forward or 0) - (over or 0)
            if received < 0 and forward is not None:  # more carried over than handled: carry the rest on
                forward, received = forward - received, 0
            requests["new_received"][who] = max(received, 0)
        requests["carried_forward"][who], requests["carried_over"][who] = forward, over
    _row_totals(requests)


def _row_totals(requests: dict) -> None:
    """Recompute the 总计 column of every row that prints one (R3 holds)."""
    for cells in requests.values():
        if cells.get("total") is not None:
            cells["total"] = sum(cells[who] or 0 for who in APPLICANT_TYPES[:-1])


def _vary_table4(golden: dict, scale: float, rng: random.Random) -> None:
    """Redraw table 四 so R4 holds."""
    for cells in golden["appeals"].values():
        for outcome in OUTCOMES[:-1]:
            cells[outcome] = _count(cells[outcome], min(scale, 2.0), rng, extra=0.12, most=2)
        if cells.get("total") is not None:
            cells["total"] = sum(cells[o] or 0 for o in OUTCOMES[:-1])


def _filled(cells: dict, keys) -> list[str]:
    """The keys whose cell is printed (not blank)."""
    return [k for k in keys if cells.get(k) is not None]


def _spoil(value: int, off: int) -> int:
    """``value`` misprinted by ``off`` (never equal to it, never negative)."""
    return value + off if value + off >= 0 else value + abs(off)


def _break(golden: dict, rng: random.Random, prev: dict | None) -> list[str]:
    """Spoil one thing on purpose; returns what (``R1:natural_person`` ...) or [] when nothing fitted.

    ``prev`` is last year's report when the corpus holds it (R6 and R7 compare with it), else None.
    """
    requests, appeals = golden["requests"], golden["appeals"]
    people = APPLICANT_TYPES[:-1]
    off = rng.choice((-3, -2, -1, 1, 2, 5))
    kind = rng.choice(("R1", "R2", "R3", "R4", "R5", "R6", "R7", "blank"))
    if kind == "R1":  # 结转下年度 misprinted: the balance no longer holds (next year carries it over as printed)
        who = _filled(requests["carried_forward"], people)
        if who:
            w = rng.choice(who)
            requests["carried_forward"][w] = _spoil(requests["carried_forward"][w], off)
            _row_totals(requests)
            return [f"R1:{w}"]
    if kind == "R2":  # 总计 of the outcomes not the sum of its rows
        who = _filled(requests["total_processed"], people)
        if who:
            w = rng.choice(who)
            requests["total_processed"][w] = _spoil(requests["total_processed"][w], off)
            _row_totals(requests)
            return [f"R2:{w}", f"R1:{w}"]  # the balance uses the same 总计, so R1 fails with it
    if kind == "R3":  # a row's 总计 not the sum of the applicants (a row R3 can assess: no blank cell)
        rows = [r for r, cells in requests.items() if all(cells.get(k) is not None for k in APPLICANT_TYPES)]
        if rows:
            r = rng.choice(rows)
            requests[r]["total"] = _spoil(requests[r]["total"], off)
            return [f"R3:{r}"]
    if kind == "R4":
        proceedings = [p for p, cells in appeals.items() if cells.get("total") is not None]
        if proceedings:
            p = rng.choice(proceedings)
            appeals[p]["total"] = _spoil(appeals[p]["total"], off)
            return [f"R4:{p}"]
    if kind == "R5":  # a negative count in table 二
        counts = [e for e in golden["active_disclosure"] if e["value"] is not None and e["metric"] not in AMOUNT_METRICS | {"change", "in_force", "issued", "repealed"}]
        if counts:
            entry = rng.choice(counts)
            entry["value"] = -rng.randint(1, 9)
            return [f"R5:{entry['item']}.{entry['category']}.{entry['metric']}"]
    if kind == "R6" and prev:  # 上年结转 not last year's 结转下年度 (本年新收 adjusted so R1 still holds)
        k = abs(off)
        for w in _filled(requests["carried_over"], people):
            received = requests["new_received"][w]
            if received is not None and received >= k and prev["requests"]["carried_forward"].get(w) is not None:
                requests["carried_over"][w] += k
                requests["new_received"][w] = received - k
                _row_totals(requests)
                return [f"R6:{w}"]
    if kind == "R7" and prev:  # 现行有效件数 not last year's plus issued minus repealed
        cells = _table2_cells(golden)
        for category in ("regulations", "normative_documents"):
            entry = cells.get(("20.1", category, "in_force"))
            if entry and entry["value"] is not None and prev["template_version"] == golden["template_version"] == "2021":
                entry["value"] = _spoil(entry["value"], off)
                return [f"R7:{category}"]
    if kind == "blank":  # a needed cell left blank: R1 and R2 not assessable for that column
        who = _filled(requests["granted"], people)
        if who:
            w = rng.choice(who)
            requests["granted"][w] = None
            return [f"blank:{w}"]
    return []


def _draw(p: Planned, year: int, prev: dict | None) -> tuple[dict, list[str]]:
    """The agency's report for ``year`` given last year's (None for its first): (golden, what was broken)."""
    base = p.bases[1] if year >= 2021 else p.bases[0]
    golden = copy.deepcopy(goldens()[base])
    golden["agency_name"], golden["report_year"] = p.agency, year
    rng = random.Random(f"{p.seed}:numbers:{p.agency_no}:{year}")
    scale = p.agency_scale * rng.uniform(0.8, 1.25)
    _vary_table2(golden, scale, rng, prev)
    _vary_table3(golden, scale, rng, prev)
    _vary_table4(golden, scale, rng)
    previous = prev if prev is not None and year - 1 not in p.junk_years else None
    breaks = _break(golden, rng, previous) if rng.random() < BREAK_SHARE else []
    return golden, breaks


def report_golden(p: Planned) -> dict:
    """The golden-shaped document of a planned report (its numbers drawn; ``p.breaks`` filled).

    The agency's earlier years are drawn first (a few milliseconds), so 上年结转 continues last year's
    结转下年度 (R6) and 现行有效件数 last year's count (R7), as printed, misprints included.
    """
    prev = None
    for year in range(p.first_year or p.year, p.year + 1):
        golden, breaks = _draw(p, year, prev)
        prev = golden
    p.breaks = breaks
    golden["agency_name"] = p.printed_agency
    return golden


# ---- rendering -----------------------------------------------------------------------------------


def render_text(golden: dict, layout: str) -> str:
    """A text report: tables as tab rows (``tabs``, ``tabs-flat``) or one cell per line (``cells``)."""
    out: list[str] = []
    for block in report_blocks(golden, TEXT_LAYOUTS[layout]):
        if block.kind != "table":
            out += [block.text, ""]
            continue
        for row in block.grid.matrix():
            if layout == "cells":
                out += [f"\t{cell}" for cell in row] + [""]
            else:
                out.append("\t".join(row))
        out.append("")
    return "\n".join(out)


def render_markdown(golden: dict, layout: str) -> str:
    """A Markdown report: headings, paragraphs and GFM pipe tables."""
    out: list[str] = []
    for block in report_blocks(golden, MARKDOWN_LAYOUTS[layout]):
        if block.kind == "table":
            rows = block.grid.matrix()
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "---|" * block.grid.ncols)
            out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
            out.append("")
        elif block.kind == "title":
            out += [f"# {block.text}", ""]
        elif block.kind == "heading":
            out += [f"## {block.text}", ""]
        elif block.kind == "item":
            out += [f"**{block.text}**", ""]
        else:
            out += [block.text, ""]
    return "\n".join(out)


def _junk(p: Planned) -> tuple[bytes, str]:
    """Files a crawl brings in that are not annual reports: a legacy .doc, an HTML notice without tables."""
    rng = random.Random(f"junk:{p.index}")
    if p.layout == "doc":
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(24_000), "doc"
    title = f"{p.agency}关于政府信息公开指南的通知"
    body = "".join(f"<p>{'　'.join(rng.choice(_TOWNS) for _ in range(12))}。</p>" for _ in range(20))
    page = f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body><h2>{title}</h2>{body}</body></html>'
    return page.encode("utf-8"), "html"


def render_planned(p: Planned) -> tuple[bytes, str]:
    """(bytes, extension) of a planned report."""
    if p.fmt == "junk":
        return _junk(p)
    golden = report_golden(p)
    if p.fmt == "text":
        return render_text(golden, p.layout).encode(p.encoding), "txt"
    if p.fmt == "markdown":
        return render_markdown(golden, p.layout).encode(p.encoding), "md"
    data, _name = fixture_render(golden, p.fmt, p.layout)
    return data, EXTENSIONS[p.fmt]


def file_name(p: Planned, data: bytes, ext: str) -> str:
    """A file name as published: the title (most) or a CMS id; the index keeps names unique."""
    if random.Random(f"name:{p.index}").random() < 0.6:
        return f"{p.index:05d}_{p.printed_agency}{p.year}年政府信息公开工作年度报告.{ext}"
    return f"{p.index:05d}_{hashlib.sha1(data).hexdigest()[:12]}.{ext}"


# ---- the cache on disk -----------------------------------------------------------------------------


def _code_digest(path: Path) -> bytes:
    """What a Python file does, without its comments and docstrings (editing those keeps the cache)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree).encode()


def corpus_key(seed: int = DEFAULT_SEED) -> str:
    """Cache key: generator version, seed, and a hash of this file's code, the renderers' code and the goldens."""
    h = hashlib.sha256()
    for path in [Path(__file__), *sorted((ROOT / "tests" / "fixture_render").glob("*.py"))]:
        h.update(_code_digest(path))
    for path in sorted(FIXTURES.glob("*.json")):
        h.update(path.read_bytes())
    return f"v{GENERATOR_VERSION}-s{seed}-{h.hexdigest()[:10]}"


def _write_batch(folder: str, batch: list[Planned]) -> list[dict]:
    """Render and write a batch of planned reports (runs in a worker process); their manifest rows."""
    rows = []
    for p in batch:
        data, ext = render_planned(p)
        name = file_name(p, data, ext)
        path = Path(folder) / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        p.file, p.size = f"{Path(folder).name}/{name}", len(data)
        rows.append(asdict(p))
    return rows


def ensure_corpus(n: int, seed: int = DEFAULT_SEED, workers: int | None = None, log=print) -> tuple[Path, list[dict], bool]:
    """Make sure the first ``n`` reports exist on disk: (corpus folder, their manifest rows, generated now?)."""
    root = CORPUS_ROOT / corpus_key(seed)
    chunks = (n + CHUNK - 1) // CHUNK
    planned = plan(chunks * CHUNK, seed)
    missing = [c for c in range(chunks) if not (root / f"manifest-{c:03d}.jsonl").exists()]
    if missing:
        log(f"generating corpus chunks {missing} ({len(missing) * CHUNK} reports) under {root} ...")
        workers = workers or os.cpu_count() or 1
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for c in missing:
                folder = root / f"chunk-{c:03d}"
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                todo = planned[c * CHUNK : (c + 1) * CHUNK]
                batches = [todo[i : i + 20] for i in range(0, len(todo), 20)]
                rows = [row for part in pool.map(_write_batch, [str(folder)] * len(batches), batches) for row in part]
                manifest = root / f"manifest-{c:03d}.jsonl"
                tmp = manifest.with_suffix(".tmp")
                tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
                os.replace(tmp, manifest)
                log(f"  chunk {c}: {len(rows)} files")
    rows = []
    for c in range(chunks):
        text = (root / f"manifest-{c:03d}.jsonl").read_text(encoding="utf-8")
        rows += [json.loads(line) for line in text.splitlines() if line]
    return root, rows[:n], bool(missing)


def link_corpus(root: Path, rows: list[dict], dest: Path) -> list[Path]:
    """Hard-link the given corpus files into ``dest`` (copy when linking is impossible); the new paths."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for row in rows:
        src = root / row["file"]
        target = dest / Path(row["file"]).name
        try:
            os.link(src, target)
        except OSError:
            shutil.copyfile(src, target)
        out.append(target)
    return out


def write_one(index: int, dest: Path, seed: int = DEFAULT_SEED) -> tuple[Path, dict]:
    """Render report ``index`` of the corpus straight into ``dest`` (the "one new file" of a re-run)."""
    p = plan(index + 1, seed)[index]
    dest.mkdir(parents=True, exist_ok=True)
    data, ext = render_planned(p)
    path = dest / file_name(p, data, ext)
    path.write_bytes(data)
    p.file, p.size = path.name, len(data)
    return path, asdict(p)


def sample(fmt: str, per_layout: int, seed: int = DEFAULT_SEED + 1) -> list[tuple[str, bytes, str]]:
    """In-memory reports of one format, ``per_layout`` in each of its layouts, over varied bases: (layout, bytes, name)."""
    bases = sorted(goldens())
    pool = plan(per_layout * len(LAYOUTS[fmt]) * 2, seed)
    out = []
    k = 0
    for layout in LAYOUTS[fmt]:
        for j in range(per_layout):
            base = bases[(k + j) % len(bases)]
            year = goldens()[base]["report_year"]
            p = replace(pool[k], fmt=fmt, layout=layout, base=base, year=year, first_year=year, bases=(base, base))
            p.encoding = "gb18030" if fmt == "text" and j % 4 == 3 else "utf-8"
            k += 1
            data, ext = render_planned(p)
            out.append((layout, data, file_name(p, data, ext)))
    return out
