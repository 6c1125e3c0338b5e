"""Format-neutral model of a rendered report: the blocks (title, headings, prose, tables) a golden file
prints as, with table grids whose merged cells are explicit spans.

The model (``Style``, ``Grid``, ``Block``) is in model.py, the tables' grids in tables.py; this module
assembles the whole report and re-exports what the renderers use. Nothing here reads back what was rendered.
"""

from __future__ import annotations

from tests.fixture_render.model import Block, Grid, Span, Style, change_text, file_stem, number_text
from tests.fixture_render.tables import table2_blocks, table3_grid, table4_grid

__all__ = [
    "Block",
    "Grid",
    "Span",
    "Style",
    "change_text",
    "file_stem",
    "number_text",
    "prose",
    "report_blocks",
    "title_of",
]

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
    if style.unmerged:
        tables = {
            k: [Block(b.kind, b.text, b.grid.without_merges() if b.grid else None) for b in section]
            for k, section in tables.items()
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
