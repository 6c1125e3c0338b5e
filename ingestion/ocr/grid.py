"""Ruled tables in a page image: straighten the page, find the ruling lines, and the grid with its merged cells.

The lines are found with OpenCV morphology: an opening with a long thin kernel keeps only strokes longer
than any printed character (horizontal rulings with a kernel of 1/30 of the page width; vertical ones with
a kernel of 0.7 of the lowest row, once the rows are known). A table is a connected set of rulings at least
a fifth of the page wide. Its grid is every distinct ruling position; two neighbouring grid positions
belong to one merged cell when the ruling between them is missing (less than 60% of it inked), exactly
as a merged cell is drawn. Scale-dependent sizes are in points, turned into pixels by the dpi.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels

MAX_SKEW_DEG = 3.0  # scans straighter than this are searched for their skew
SEPARATOR_COVER = 0.6  # a ruling between two grid positions is there when this share of it is inked
MIN_TABLE_WIDTH = 0.2  # share of the page width a table's rulings must span


@dataclass
class TableGrid:
    """A ruled table: the x of every column ruling, the y of every row ruling, and each position's cell."""

    xs: list[int]
    ys: list[int]
    # (row, col) -> (row0, col0, row1, col1): the merged cell covering the position (itself when not merged)
    spans: dict[tuple[int, int], tuple[int, int, int, int]] = field(default_factory=dict)

    @property
    def box(self) -> Box:
        """The table's outer box."""
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def position_box(self, row: int, col: int) -> Box:
        """The box of one grid position."""
        return (int(self.xs[col]), int(self.ys[row]), int(self.xs[col + 1]), int(self.ys[row + 1]))

    def span_box(self, row: int, col: int) -> Box:
        """The box of the (merged) cell covering a grid position."""
        r0, c0, r1, c1 = self.spans[(row, col)]
        return (int(self.xs[c0]), int(self.ys[r0]), int(self.xs[c1 + 1]), int(self.ys[r1 + 1]))

    def is_owner(self, row: int, col: int) -> bool:
        """True at the top-left position of a cell: where a merged cell's text is placed."""
        r0, c0, _, _ = self.spans[(row, col)]
        return (r0, c0) == (row, col)


def px(points: float, dpi: int) -> int:
    """A length in points as whole pixels at ``dpi`` (at least 1)."""
    return max(1, round(points * dpi / 72))


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (Otsu's threshold: scans differ in paper tone and contrast)."""
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


def _profile_score(binary: np.ndarray, angle: float) -> float:
    """How sharply the rows of ink separate after rotating by ``angle``: straight lines give peaked profiles."""
    h, w = binary.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(binary, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    profile = rotated.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(profile)).sum())


def skew_angle(binary: np.ndarray) -> float:
    """The page's skew in degrees (OpenCV's sign), searched coarse then fine on a reduced copy."""
    scale = 1000 / max(binary.shape)
    small = cv2.resize(binary, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else binary
    best = max(np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-9, 0.25), key=lambda a: _profile_score(small, a))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return float(max(fine, key=lambda a: _profile_score(small, a)))


def straighten(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page rotated so its lines are level (white fills the corners), and the angle applied."""
    angle = skew_angle(binarise(gray))
    if abs(angle) < 0.01:
        return gray, 0.0
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle


def _open(binary: np.ndarray, width: int, height: int) -> np.ndarray:
    """Strokes at least ``width`` x ``height``: small gaps closed first (noise breaks thin rulings)."""
    along = (max(3, width // 20), 1) if width > height else (1, max(3, height // 20))
    closed = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, along))
    return cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width, height)))


def _cluster(values: list[float], tolerance: int) -> list[int]:
    """Positions closer than ``tolerance`` merged into their mean."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [round(sum(g) / len(g)) for g in groups]


def _segment_centres(mask: np.ndarray, axis: int) -> list[float]:
    """The centre (y for horizontal strokes, x for vertical ones) of every stroke in a line mask."""
    n, _, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [float(centroids[i][axis]) for i in range(1, n)]


def _covered(mask: np.ndarray, band: tuple[slice, slice], axis: int) -> float:
    """Share of a band's length (along ``axis``) with ink anywhere across it."""
    part = mask[band]
    if part.size == 0:
        return 0.0
    return float(part.any(axis=1 - axis).mean())


def _spans(grid: TableGrid, horizontal: np.ndarray, vertical: np.ndarray, tol: int) -> None:
    """Group grid positions whose separating ruling is missing into merged cells (union-find)."""
    nrows, ncols = len(grid.ys) - 1, len(grid.xs) - 1
    parent = {(r, c): (r, c) for r in range(nrows) for c in range(ncols)}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for r in range(nrows):
        y0, y1 = grid.ys[r] + tol, grid.ys[r + 1] - tol
        for c in range(ncols):
            x0, x1 = grid.xs[c] + tol, grid.xs[c + 1] - tol
            if c + 1 < ncols:
                x = grid.xs[c + 1]
                if _covered(vertical, (slice(y0, y1), slice(x - tol, x + tol + 1)), 0) < SEPARATOR_COVER:
                    parent[find((r, c + 1))] = find((r, c))
            if r + 1 < nrows:
                y = grid.ys[r + 1]
                if _covered(horizontal, (slice(y - tol, y + tol + 1), slice(x0, x1)), 1) < SEPARATOR_COVER:
                    parent[find((r + 1, c))] = find((r, c))
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for p in parent:
        groups.setdefault(find(p), []).append(p)
    for members in groups.values():
        rows = [r for r, _ in members]
        cols = [c for _, c in members]
        span = (min(rows), min(cols), max(rows), max(cols))
        for r in range(span[0], span[2] + 1):
            for c in range(span[1], span[3] + 1):
                grid.spans[(r, c)] = span


def find_tables(binary: np.ndarray, dpi: int) -> tuple[list[TableGrid], np.ndarray]:
    """The ruled tables of a straightened page (top to bottom) and the mask of all ruling pixels."""
    h, w = binary.shape
    tol = max(3, px(1.5, dpi))
    horizontal = _open(binary, max(20, w // 30), 1)
    tall = _open(binary, 1, px(14, dpi))  # longer than a printed character: only rulings
    n, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_or(horizontal, tall), connectivity=8)
    tables: list[TableGrid] = []
    rulings = np.zeros_like(binary)
    for i in range(1, n):
        x, y, bw, bh = stats[i][:4]
        if bw < MIN_TABLE_WIDTH * w or bh < px(12, dpi):
            continue
        region = (slice(y, y + bh), slice(x, x + bw))
        h_mask = np.where(labels[region] == i, horizontal[region], 0).astype(np.uint8)
        ys = _cluster(_segment_centres(h_mask, 1), tol)
        if len(ys) < 2:
            continue
        min_row = min(b - a for a, b in zip(ys, ys[1:], strict=False))
        v_mask = _open(binary[region], 1, max(3, int(0.7 * min_row)))
        xs = _cluster(_segment_centres(v_mask, 0), tol)
        if len(xs) < 2:
            continue
        grid = TableGrid([x + v for v in xs], [y + v for v in ys])
        full_h = np.zeros_like(binary)
        full_h[region] = h_mask
        full_v = np.zeros_like(binary)
        full_v[region] = v_mask
        _spans(grid, full_h, full_v, tol)
        tables.append(grid)
        rulings[region] |= h_mask | v_mask
    tables.sort(key=lambda g: g.ys[0])
    return tables, rulings
