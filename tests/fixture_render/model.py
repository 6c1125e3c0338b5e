"""The format-neutral model of a rendered report: layout options, blocks and table grids whose merged
cells are explicit spans, and how a golden value prints.

Every renderer (html, docx, pdf) draws the same blocks, so the three formats print the same report and
differ only in how their library lays it out. Nothing here reads back what was rendered.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from ingestion.tables.label_variants import vary_label

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
    # labels as real sites print them (ingestion.tables.label_variants: numbering, brackets, gaps, notes),
    # each label's variant chosen from this seed, the golden and the label; "" prints the template's labels
    label_seed: str = ""
    # every table drawn without merged cells: a merged cell's text in its first position, the positions it
    # covered blank cells of their own (a group label such as 行政复议 over blank ruled cells)
    unmerged: bool = False


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

    def without_merges(self) -> Grid:
        """The grid drawn without merged cells: a span's text in its first (top-left) position, and every
        position it covered (and every position no span covered) a blank cell of its own."""
        spans = [replace(s, rowspan=1, colspan=1) for s in self.spans]
        starts = {(s.row, s.col) for s in self.spans}
        spans += [
            Span(r, c, "") for r in range(self.nrows) for c in range(self.ncols) if (r, c) not in starts
        ]
        return Grid(self.nrows, self.ncols, spans, self.header_rows, self.widths, self.split_at, self.name)

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


# ---- printing labels -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """How a report's labels print: as the template has them (no ``seed``), or as real sites print them.

    With a seed, every label gets a variant of ``ingestion.tables.label_variants`` chosen by the seed (the
    layout and the golden) and the label itself, so a label prints the same wherever it repeats and the
    same on every run.
    """

    seed: str = ""

    def row(self, text: str) -> str:
        """A table 三 row label: its numbering, brackets, a gap and perhaps a trailing note varied."""
        return vary_label(text, self.row_seed(text)) if self.seed and text else text

    def header(self, text: str, where: object = "") -> str:
        """A header cell or a short row label (table 二 categories, table 四 proceedings): brackets and a
        gap varied, no numbering and no note; ``where`` lets a header repeated in a row vary by position."""
        return vary_label(text, self.header_seed(text, where), note=False) if self.seed and text else text

    def row_seed(self, text: str) -> str:
        """The seed ``row`` varies ``text`` with (label_variants.choose_variant tells what it picks)."""
        return f"{self.seed}/row/{text}"

    def header_seed(self, text: str, where: object = "") -> str:
        """The seed ``header`` varies ``text`` with."""
        return f"{self.seed}/header/{where}/{text}"


def labels_of(golden: dict, style: Style) -> Labels:
    """The labels a golden prints with in ``style``."""
    return Labels(f"{style.label_seed}/{file_stem(golden)}") if style.label_seed else Labels()


def file_stem(golden: dict) -> str:
    """The golden's source file name without its extension."""
    name = golden.get("source_file") or "report"
    return name.rsplit(".", 1)[0]


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
