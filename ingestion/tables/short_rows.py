"""Rows of table 三 that print fewer numbers than columns.

report-format.md: "a missing cell may be recovered only where the arithmetic rules determine it
uniquely, and then it is marked as inferred, with the reason." We place the printed run in every
order-preserving way with one gap, fill the gap from R3 (total = sum of the six applicant columns),
drop placements that contradict R1/R2 in any column where the other rows are known, and accept the
row only when every surviving placement gives the same seven values. Otherwise nothing is placed.
"""

from __future__ import annotations

from dataclasses import replace

from ingestion.codes import APPLICANT_TYPES, OUTCOME_ROWS
from ingestion.model import ParsedValue

WIDTH = len(APPLICANT_TYPES)
Vector = tuple[float | None, ...]


def _placements(printed: list[ParsedValue]) -> list[tuple[int, list[ParsedValue | None]]]:
    """Every way to put the printed run into 7 slots with exactly one gap; gap at total tried first."""
    if len(printed) != WIDTH - 1:
        return []
    out = []
    for gap in [WIDTH - 1, *range(WIDTH - 2, -1, -1)]:
        slots: list[ParsedValue | None] = []
        it = iter(printed)
        for i in range(WIDTH):
            slots.append(None if i == gap else next(it))
        out.append((gap, slots))
    return out


def _fill_gap(gap: int, slots: list[ParsedValue | None]) -> float | None:
    known = [s.value for i, s in enumerate(slots) if i != gap]
    if any(v is None for v in known):
        return None
    if gap == WIDTH - 1:
        value = sum(known)
    else:
        value = known[-1] - sum(known[:-1])
    if value < 0 or not float(value).is_integer():
        return None
    return value


def candidates(printed: list[ParsedValue]) -> list[tuple[int, list[ParsedValue | None], float]]:
    """Placements whose gap R3 fills with a non-negative integer."""
    out = []
    for gap, slots in _placements(printed):
        value = _fill_gap(gap, slots)
        if value is not None:
            out.append((gap, slots, value))
    return out


def _vector(slots: list[ParsedValue | None], gap: int, value: float) -> Vector:
    return tuple(value if i == gap else s.value for i, s in enumerate(slots))


def _column_conflicts(code: str, vec: Vector, known: dict[str, Vector]) -> bool:
    """True when ``vec`` for row ``code`` contradicts R1 or R2 in a column where all other rows are known."""
    rows = dict(known)
    rows[code] = vec
    for col in range(WIDTH):
        leaves = [rows[r][col] for r in rows if r in OUTCOME_ROWS]
        total = rows.get("total_processed", (None,) * WIDTH)[col]
        involved_r2 = code in OUTCOME_ROWS or code == "total_processed"
        if involved_r2 and total is not None and leaves and all(v is not None for v in leaves):
            if abs(sum(leaves) - total) > 1e-9:
                return True
        r1 = [rows.get(r, (None,) * WIDTH)[col] for r in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if code in ("new_received", "carried_over", "total_processed", "carried_forward") and all(v is not None for v in r1):
            if abs(r1[0] + r1[1] - r1[2] - r1[3]) > 1e-9:
                return True
    return False


def resolve_short_rows(
    complete: dict[str, list[ParsedValue]], short: dict[str, list[ParsedValue]]
) -> tuple[dict[str, list[ParsedValue]], dict[str, list[ParsedValue]]]:
    """Place what can be placed uniquely; returns (newly complete rows, rows left unplaced)."""
    known: dict[str, Vector] = {code: tuple(v.value for v in vals) for code, vals in complete.items()}
    options = {code: candidates(printed) for code, printed in short.items()}
    resolved: dict[str, list[ParsedValue]] = {}
    changed = True
    while changed:
        changed = False
        for code, opts in options.items():
            if code in resolved or not opts:
                continue
            survivors = [o for o in opts if not _column_conflicts(code, _vector(o[1], o[0], o[2]), known)]
            vectors = {_vector(s, g, v) for g, s, v in survivors}
            if len(vectors) != 1:
                options[code] = survivors
                continue
            gap, slots, value = survivors[0]
            ambiguous = len(survivors) > 1
            reason = (
                f"row printed {WIDTH - 1} of {WIDTH} numbers; this cell is the value R3 (total = sum of the six "
                "applicant columns) leaves for it"
                + ("; the gap's position is ambiguous but every placement consistent with R1/R2 gives the same values" if ambiguous else "")
            )
            anchor = next(s for s in slots if s is not None)
            cells = [
                ParsedValue(value, "number", None, anchor.prov, inferred=True, inference_reason=reason)
                if i == gap
                else replace(s)
                for i, s in enumerate(slots)
            ]
            resolved[code] = cells
            known[code] = tuple(c.value for c in cells)
            changed = True
    unplaced = {code: short[code] for code in short if code not in resolved}
    return resolved, unplaced


def unplaced_row(printed: list[ParsedValue]) -> list[ParsedValue]:
    """Seven empty cells for a row whose printed numbers cannot be put in their columns."""
    anchor = printed[0].prov if printed else None
    return [ParsedValue(None, "unplaced", None, anchor) for _ in range(WIDTH)]

