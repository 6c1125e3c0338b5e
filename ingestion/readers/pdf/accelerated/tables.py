"""pdfplumber's ruled-table finding and cell reading, with the same results in less time.

pdfplumber stays the table reader: its edges, intersections, tables, rows and ``utils.extract_text`` are
used as they are. Two of its steps are quadratic in Python function calls on our reports, and are redone
here with the same comparisons on the same values (proved equal by tests/test_pdf_fast_path.py):
- ``intersections_to_cells``: for every pair of points it rebuilds the sets of edges at both points
  (``edge_connects``); here each point's sets are built once, and the points below and to the right of a
  point are looked up instead of filtered from all later points;
- ``Table.extract``: every char is tested against every row box with a nested function call, then every
  row char against every cell; here the chars' centres are computed once and tested inline.
pdfplumber's module functions are not patched (the benchmark's pdfplumber side must stay pdfplumber's).
"""

from __future__ import annotations

from pdfplumber import utils
from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

_BBOX = utils.obj_to_bbox  # the edge key pdfplumber compares: (x0, top, x1, bottom)


def intersections_to_cells(intersections: dict) -> list[tuple]:
    """``pdfplumber.table.intersections_to_cells``: the same cells, in the same order.

    For each point in sorted order, the first (below, right) pair of points it connects to, scanned in
    pdfplumber's order, whose bottom-right corner connects to both, gives the point's smallest cell.
    """
    v_sets = {p: set(map(_BBOX, e["v"])) for p, e in intersections.items()}
    h_sets = {p: set(map(_BBOX, e["h"])) for p, e in intersections.items()}

    def connects(p1: tuple, p2: tuple) -> bool:
        """pdfplumber's ``edge_connects``: a vertical (same x) or horizontal (same y) edge in common."""
        if p1[0] == p2[0] and not v_sets[p1].isdisjoint(v_sets[p2]):
            return True
        return p1[1] == p2[1] and not h_sets[p1].isdisjoint(h_sets[p2])

    points = sorted(intersections.keys())
    n = len(points)
    # The later points on the same row (same y), in sorted order: pdfplumber's ``right``.
    same_y: dict[float, list[tuple[int, tuple]]] = {}
    for i, p in enumerate(points):
        same_y.setdefault(p[1], []).append((i, p))
    cells = []
    for i, pt in enumerate(points):
        if i == n - 1:
            break
        # The later points in the same column: in sorted order they follow ``pt`` directly.
        below = []
        j = i + 1
        while j < n and points[j][0] == pt[0]:
            below.append(points[j])
            j += 1
        right = [p for k, p in same_y[pt[1]] if k > i]
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(pt: tuple, below: list, right: list, intersections: dict, connects) -> tuple | None:
    """pdfplumber's ``find_smallest_cell`` for one point, given its points below and to the right."""
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            bottom_right = (right_pt[0], below_pt[1])
            if bottom_right in intersections and connects(bottom_right, right_pt) and connects(bottom_right, below_pt):
                return (pt[0], pt[1], bottom_right[0], bottom_right[1])
    return None


class _FastTableFinder(TableFinder):
    """``TableFinder`` whose cells come from the faster ``intersections_to_cells`` (same steps otherwise)."""

    def __init__(self, page, settings=None):  # noqa: D107 - mirrors TableFinder.__init__
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges,
            self.settings.intersection_x_tolerance,
            self.settings.intersection_y_tolerance,
        )
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [Table(self.page, cell_group) for cell_group in cells_to_tables(self.cells)]


def find_tables(page, table_settings: dict | None = None) -> list[Table]:
    """``page.find_tables(table_settings)``: the same tables."""
    return _FastTableFinder(page, TableSettings.resolve(table_settings)).tables


def extract_table(table: Table) -> list[list[str | None]]:
    """``table.extract()`` with default settings: the same texts.

    A char belongs to a row (then to a cell) when its centre lies in the half-open box, as in pdfplumber;
    chars keep the page's order, so ``utils.extract_text`` sees the same list.
    """
    centres = [((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2, c) for c in table.page.chars]
    out = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        row_chars = [m for m in centres if m[0] >= x0 and m[0] < x1 and m[1] >= top and m[1] < bottom]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            chars = [c for h, v, c in row_chars if h >= cx0 and h < cx1 and v >= ctop and v < cbottom]
            texts.append(utils.extract_text(chars) if chars else "")
        out.append(texts)
    return out
