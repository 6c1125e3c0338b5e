"""Which column a table cell sits in, decided by the table's own header — never by counting cells.

Every grid format gives its cells a horizontal extent: PDF cells (ruled, unruled or OCR) the x-range of
their box, HTML/DOCX/Markdown cells the grid columns they cover (``col`` to ``col + span``). A header cell
names a column (an applicant type, a metric, an outcome) over its own extent; a data cell belongs to the
header column its extent falls under. Cells left of every header column are the row's label.

A cell that falls under no header column, under two of them, or that shares a column with another
printed value is not placed: the caller records a placement issue instead of guessing (issue #8).

A group header (行政复议 over its five outcomes) is printed either as one merged cell over its group or,
in grids drawn without merges, in the first cell of its group with the cells to its right blank. A group
cell therefore covers its own extent and the blank cells right of it up to the next printed cell (its
"run"): both drawings name the same columns. When a run does not hold the group's leaves exactly once
each, in order (a group label centred in its group, a misdrawn grid), the columns could be read more
than one way: they are marked doubtful and nothing printed under them is placed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace

from ingestion.model import Cell, Row
from ingestion.values import is_value_text

Extent = tuple[float, float]
OVERLAP_SHARE = 0.5  # a cell is under a header column when it covers more than this share of the column
MAX_WRAP_RATIO = 3.0  # a header's wrapped lines differ in width by less than this factor


def cell_extent(cell: Cell) -> Extent | None:
    """The horizontal extent of a grid cell: its box's x-range, else its grid columns; None in plain text."""
    if cell.prov.bbox is not None:
        return (cell.prov.bbox[0], cell.prov.bbox[2])
    if cell.prov.table is not None and cell.prov.col is not None:
        return (float(cell.prov.col), float(cell.prov.col + max(cell.span, 1)))
    return None


def is_grid_row(row: Row) -> bool:
    """True when a row's cells have extents (a real grid: HTML, DOCX, Markdown, PDF), not tab-split text."""
    return row.is_table and row.prov.table is not None and all(cell_extent(c) is not None for c in row.cells)


def header_cells(row: Row) -> list[tuple[Extent, str]]:
    """The printed (non-blank) cells of a header row with their extents."""
    out = []
    for cell in row.cells:
        extent = cell_extent(cell)
        if extent is not None and not cell.blank:
            out.append((extent, cell.text))
    return out


def header_texts(row: Row) -> list[str]:
    """The printed texts of a row that could be a header: none of them a value (else no texts at all)."""
    texts = [t for _, t in header_cells(row)]
    return [] if any(is_value_text(t) for t in texts) else texts


@dataclass(frozen=True)
class Column:
    """One header column: its extent and the code it stands for."""

    x0: float
    x1: float
    key: Hashable
    doubt: str | None = None  # why the header may not name this column so: nothing under it is placed

    def share_covered(self, extent: Extent) -> float:
        """How much of this column ``extent`` covers (0..1)."""
        width = max(self.x1 - self.x0, 1e-9)
        return max(0.0, min(self.x1, extent[1]) - max(self.x0, extent[0])) / width

    def holds_centre(self, extent: Extent) -> bool:
        """True when the centre of ``extent`` lies in this column."""
        centre = (extent[0] + extent[1]) / 2
        return self.x0 <= centre < self.x1


@dataclass
class Placement:
    """A data row's cells sorted into header columns."""

    values: dict[Hashable, Cell] = field(default_factory=dict)  # key -> the cell printed under it (blank if none)
    label_cells: list[Cell] = field(default_factory=list)  # printed cells left of every header column
    problems: list[tuple[Cell, str]] = field(default_factory=list)  # cells that could not be placed, and why

    @property
    def label(self) -> str:
        """The row label: its label cells' texts joined."""
        return " ".join(c.text.strip() for c in self.label_cells)


@dataclass
class ColumnMap:
    """The columns a table's header names, left to right."""

    columns: list[Column]
    header_prov: object = None  # provenance of the header row that produced the map (for messages)

    @property
    def left(self) -> float:
        """Where the first header column starts: cells ending before it are label cells."""
        return min(c.x0 for c in self.columns)

    @property
    def keys(self) -> list[Hashable]:
        """The keys of the columns, left to right."""
        return [c.key for c in self.columns]

    def columns_of(self, extent: Extent) -> list[Column]:
        """The header columns a cell of ``extent`` sits under (normally exactly one)."""
        covered = [c for c in self.columns if c.share_covered(extent) > OVERLAP_SHARE]
        if covered:
            return covered
        return [c for c in self.columns if c.holds_centre(extent)]

    def is_label_cell(self, extent: Extent) -> bool:
        """True when a cell lies left of the value area (its centre is before the first header column)."""
        return (extent[0] + extent[1]) / 2 < self.left

    def place(self, row: Row) -> Placement:
        """Sort a data row's cells into the header's columns; unplaceable printed cells become problems."""
        placement = Placement()
        blanks: dict[Hashable, Cell] = {}
        for cell in row.cells:
            extent = cell_extent(cell)
            if extent is None:
                continue
            if self.is_label_cell(extent):
                if not cell.blank:
                    placement.label_cells.append(cell)
                continue
            columns = self.columns_of(extent)
            if cell.blank:
                for column in columns:
                    blanks.setdefault(column.key, cell)
                continue
            if len(columns) != 1:
                where = "no header column" if not columns else f"{len(columns)} header columns"
                placement.problems.append((cell, f"value {cell.text!r} sits under {where}"))
                continue
            if columns[0].doubt:
                placement.problems.append((cell, f"value {cell.text!r}: {columns[0].doubt}"))
                continue
            key = columns[0].key
            if key in placement.values:
                first = placement.values[key]
                placement.problems.append((cell, f"values {first.text!r} and {cell.text!r} both sit under column {key}"))
                continue
            placement.values[key] = cell
        for key in self.keys:
            if key not in placement.values:
                # nothing printed under this column: a blank cell, with the provenance of the position if any
                placement.values[key] = blanks.get(key) or Cell("", row.prov)
        return placement


def header_runs(row: Row) -> dict[Extent, Extent]:
    """For every printed cell of a header row, its extent widened over the blank cells right of it.

    The run ends at the next printed cell or the row's end. Positions a merged cell covers lie inside its
    own extent and leave it unchanged, so a merged group and the same group drawn without merges (its
    label in the first cell, blank ruled cells after it) get the same run.
    """
    cells = sorted(
        ((extent, cell.blank) for cell in row.cells if (extent := cell_extent(cell)) is not None),
        key=lambda c: c[0][0],
    )
    runs: dict[Extent, Extent] = {}
    for i, (extent, blank) in enumerate(cells):
        if blank:
            continue
        end = extent[1]
        for other, other_blank in cells[i + 1 :]:
            if other[0] < end - 1e-6:
                continue  # a position inside this cell (covered by its merge)
            if not other_blank:
                break
            end = other[1]
        runs[extent] = (extent[0], end)
    return runs


def _stacked_header_cells(header_rows: list[Row], names) -> list[tuple[Extent, str, int]]:
    """Header cells of a block (extent, text, index of the row it starts in), with a header wrapped over
    lines of its own (社会公益 / 组织) joined.

    Unruled PDFs print a wrapped header as one cell per line. A cell that names nothing on its own
    (``names(text)`` is false) is joined to the cell of the next header row that sits in its column; a
    group header (法人或其他组织 over 商业企业 …) names something and is never joined to what is under it.
    """
    merged: list[tuple[Extent, str, int]] = []
    previous: list[int] = []  # indexes in ``merged`` of the previous row's cells
    for r, row in enumerate(header_rows):
        current = []
        for extent, text in header_cells(row):
            above = next(
                (k for k in previous if not names(merged[k][1]) and _stacked(merged[k][0], extent)), None
            )
            if above is not None:
                (x0, x1), top_text, first = merged[above]
                merged[above] = ((min(x0, extent[0]), max(x1, extent[1])), top_text + text.strip(), first)
                current.append(above)
            else:
                merged.append((extent, text.strip(), r))
                current.append(len(merged) - 1)
        previous = current
    return merged


def _stacked(a: Extent, b: Extent) -> bool:
    """True when the narrower extent lies mostly inside the wider one, of a comparable width (one column,
    two lines); a header three times wider than the cell under it spans several columns."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    narrow, wide = sorted((a[1] - a[0], b[1] - b[0]))
    return overlap > OVERLAP_SHARE * narrow and wide <= MAX_WRAP_RATIO * narrow


def _tile(columns: list[Column]) -> list[Column]:
    """Widen neighbouring columns to meet halfway across the gap between them.

    Ruled and HTML headers already tile the table; an unruled header's text is narrower than its column,
    and a number printed right- or left-aligned under it must still fall in it.
    """
    out = []
    for i, col in enumerate(columns):
        x0 = (columns[i - 1].x1 + col.x0) / 2 if i > 0 and columns[i - 1].x1 < col.x0 else col.x0
        x1 = (col.x1 + columns[i + 1].x0) / 2 if i + 1 < len(columns) and col.x1 < columns[i + 1].x0 else col.x1
        out.append(replace(col, x0=x0, x1=x1))
    return out


def leaf_columns(
    header_rows: list[Row], classify, parent=None, group=None, group_leaves: Sequence[Hashable] | None = None
) -> list[Column]:
    """Header columns from one or more header rows: every cell ``classify`` names becomes a column.

    ``classify(text)`` returns a key for a leaf header (自然人, 结果维持, 本年新制作数量 …) or None. When
    ``parent`` is given, ``parent(text)`` names a group header (行政复议, 未经复议直接起诉 …) and the leaf's key
    becomes ``(group key, leaf key)`` for the narrowest group whose run (``header_runs``) holds the leaf's
    centre (None outside all of them). ``group(text)`` tells other group headers (申请人情况) that name no
    column. ``group_leaves`` are the leaves every group holds, in order (table 四's five outcomes): a group
    whose run reaches past its own cell must hold exactly those, and every leaf must be under a group, else
    the columns of such groups (and the leaves under none) are doubtful (``Column.doubt``).
    """
    runs = [header_runs(row) for row in header_rows]
    leaves: list[tuple[Extent, Hashable, int]] = []
    groups: list[_Group] = []

    def names(text: str) -> bool:
        return (
            classify(text) is not None
            or (parent is not None and parent(text) is not None)
            or (group is not None and group(text))
        )

    for extent, text, r in _stacked_header_cells(header_rows, names):
        key = classify(text)
        if key is not None:
            leaves.append((extent, key, r))
        elif parent is not None and (group_key := parent(text)) is not None:
            groups.append(_Group(extent, runs[r].get(extent, extent), group_key, r))
    columns = []
    held: dict[int, list[int]] = {}  # group index -> indexes of the columns it holds
    widened: set[int] = set()  # groups holding a column only through the blank cells right of them
    for extent, key, r in sorted(leaves, key=lambda e: e[0][0]):
        if parent is not None:
            centre = (extent[0] + extent[1]) / 2
            holding = [k for k, g in enumerate(groups) if g.holds(centre, r)]
            # the narrowest group holding the leaf is the most specific (未经复议直接起诉 inside 行政诉讼); its
            # run is its width, so an unmerged 行政诉讼 (one cell, blanks after) is wider than 未经复议直接起诉
            k = min(holding, key=lambda k: (groups[k].run[1] - groups[k].run[0], -groups[k].row)) if holding else None
            if k is not None:
                held.setdefault(k, []).append(len(columns))
                if not groups[k].own[0] <= centre < groups[k].own[1]:
                    widened.add(k)
            key = (groups[k].key if k is not None else None, key)
        columns.append(Column(extent[0], extent[1], key))
    if group_leaves is not None and widened:
        columns = _doubt_unmerged_groups(columns, groups, held, widened, tuple(group_leaves))
    return _tile(columns)


@dataclass(frozen=True)
class _Group:
    """A group header cell: its own extent, its run (``header_runs``), its key and its header row."""

    own: Extent
    run: Extent
    key: Hashable
    row: int

    def holds(self, centre: float, row: int) -> bool:
        """True when this group holds a leaf centred at ``centre`` in header row ``row``.

        Its own extent holds what lies under it; its run only what lies in a lower header row (a row label
        such as 行政复议 followed by blank cells holds nothing to its right).
        """
        if self.own[0] <= centre < self.own[1]:
            return True
        return row > self.row and self.run[0] <= centre < self.run[1]


def _doubt_unmerged_groups(
    columns: list[Column], groups: list[_Group], held: dict[int, list[int]], widened: set[int], leaves: tuple
) -> list[Column]:
    """Mark doubtful the columns of groups read over blank cells when that reading is not the only one.

    The reading is trusted when every ``widened`` group (one holding columns through the blank cells right
    of it) holds exactly ``leaves``, in order, and no leaf is under no group. A group label centred or
    right-aligned in its group leaves leaves uncovered or out of order, and reading it as the first cell
    of its group would put numbers under the wrong group.
    """
    bad = [k for k in widened if tuple(columns[i].key[1] for i in held.get(k, [])) != leaves]
    uncovered = [i for i, c in enumerate(columns) if c.key[0] is None]
    if not bad and not uncovered:
        return columns
    names = ", ".join(str(groups[k].key) for k in sorted(widened))
    why = (
        f"the header prints its groups ({names}) without merged cells and they do not each stand over "
        f"{'/'.join(map(str, leaves))} once, in order: the column could be read more than one way, not placed"
    )
    doubtful = {i for k in widened for i in held.get(k, [])} | set(uncovered)
    return [replace(c, doubt=why) if i in doubtful else c for i, c in enumerate(columns)]


def text_only(row: Row) -> bool:
    """True when a row prints text and nothing that reads as a value (a header's second line)."""
    texts = [c.text for c in row.cells if not c.blank]
    return bool(texts) and not any(is_value_text(t) for t in texts)


def maps_in_force(rows: list[Row], is_header, build, continues=text_only) -> list[ColumnMap | None]:
    """For every row of a stream, the column map its table's header puts in force there (None if none).

    ``is_header(row)`` tells a header row; consecutive header rows of one table (and rows right after them
    that ``continues`` accepts: a wrapped header's second line, 组织 under 社会公益) form one header block and
    ``build(block)`` turns it into a ColumnMap (or None). A later header in the same table (a header repeated
    on the next page, the next block of table 二) replaces the map from there on. A PDF table that has no
    header of its own (a continuation the page stitcher could not join) takes the last map built from boxes:
    positions on a page are physical, so the columns are where the header printed them.
    """
    by_table: dict[int, ColumnMap] = {}
    last_boxed: ColumnMap | None = None
    block: list[Row] = []
    out: list[ColumnMap | None] = []
    for row in rows:
        if not is_grid_row(row):
            out.append(None)
            if row.is_table:
                block = []
            continue
        if is_header(row) or (block and block[-1].prov.table == row.prov.table and continues(row)):
            block = [*block, row] if block and block[-1].prov.table == row.prov.table else [row]
            built = build(block)
            if built is not None:
                by_table[row.prov.table] = built
                if row.cells[0].prov.bbox is not None:
                    last_boxed = built
            out.append(None)
            continue
        block = []
        current = by_table.get(row.prov.table)
        if current is None and row.cells[0].prov.bbox is not None:
            current = last_boxed
        out.append(current)
    return out
