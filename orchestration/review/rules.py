"""Rule results as a reviewer reads them (for `ogi check`): which side of a rule is which, and why a rule
could not be assessed, one line per rule and cause.

The results come from ``fct_rule_results`` (the same dbt models as the warehouse): ``cells_involved``
(``label=value; ...``, in the rule's order), ``missing_cells`` (``label (why), ...``), expected, actual,
delta and the message. A failed R1-R4 is printed with its two sides named and their terms
(``new + carried over = 3 + 2 = 5; processed + carried forward = 2 + 1 = 3 (delta -2)``); the other rules
with the model's own message, which names its sides. Not-assessable results sharing one cause are one line
(``R3 applicants: 23 rows not assessable — the six applicant columns are blank``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingestion.codes import APPLICANT_TYPES
from ingestion.model import ParsedReport, ParsedValue, Provenance
from orchestration.review.locations import describe_cells

APPLICANT_SHORT = {"natural_person": "自然人", "commercial_enterprise": "商业", "research_institution": "科研",
                   "social_welfare_org": "公益", "legal_service_org": "法律", "other_org": "其他", "total": "总计"}
SIX_APPLICANTS = frozenset(APPLICANT_TYPES) - {"total"}
MAX_TERMS = 6  # a side of more terms lists only its non-zero ones

COLUMNS = """select rule_id, rule_name, scope, subject, outcome, severity, expected, actual, delta, cells_involved,
    missing_cells, message, source_refs from fct_rule_results"""


@dataclass(frozen=True)
class RuleResult:
    """One row of ``fct_rule_results`` (the columns of :data:`COLUMNS`)."""

    rule_id: str
    rule_name: str
    scope: str
    subject: str
    outcome: str
    severity: str
    expected: float | None
    actual: float | None
    delta: float | None
    cells_involved: str | None
    missing_cells: str | None
    message: str | None
    source_refs: str | None


@dataclass(frozen=True)
class Side:
    """How a rule names one side and its terms; ``member(label)`` says whether a cell is on it."""

    name: str
    member: Callable[[str], bool]
    term: Callable[[str], str]


def _row(label: str) -> str:
    return label.split(".", 1)[0]


def _column(label: str) -> str:
    return label.rsplit(".", 1)[-1]


_R1_TERMS = {"new_received": "new", "carried_over": "carried over", "total_processed": "processed",
             "carried_forward": "carried forward"}
# rule -> (expected side, actual side), as the dbt models sum them
SIDES: dict[str, tuple[Side, Side]] = {
    "R1": (Side("new + carried over", lambda c: _row(c) in ("new_received", "carried_over"), lambda c: _R1_TERMS[_row(c)]),
           Side("processed + carried forward", lambda c: _row(c) in ("total_processed", "carried_forward"),
                lambda c: _R1_TERMS[_row(c)])),
    "R2": (Side("the outcome rows", lambda c: _row(c) != "total_processed", _row),
           Side("processed", lambda c: _row(c) == "total_processed", _row)),
    "R3": (Side("the six applicant columns", lambda c: _column(c) != "total", lambda c: APPLICANT_SHORT.get(_column(c), c)),
           Side("总计", lambda c: _column(c) == "total", lambda c: "总计")),
    "R4": (Side("upheld + corrected + other + pending", lambda c: _column(c) != "total", _column),
           Side("total", lambda c: _column(c) == "total", _column)),
}


def _num(value: float) -> str:
    return f"{int(value)}" if float(value).is_integer() else f"{value:g}"


def parse_cells(cells_involved: str | None) -> list[tuple[str, str]]:
    """``new_received.total=3; carried_over.total=2 [inferred]`` -> [(label, shown value), ...]."""
    out = []
    for part in (cells_involved or "").split("; "):
        label, sep, shown = part.rpartition("=")
        if sep:
            out.append((label, shown.replace(" [inferred]", "*")))
    return out


def _side_text(side: Side, cells: list[tuple[str, str]], total: float | None) -> str:
    terms = [(side.term(label), shown) for label, shown in cells if side.member(label)]
    total_text = _num(total) if total is not None else "?"
    if len(terms) == 1:
        return f"{side.name} = {terms[0][1]}"
    if len(terms) <= MAX_TERMS:
        return f"{side.name} = " + " + ".join(shown for _, shown in terms) + f" = {total_text}"
    nonzero = [f"{name} {shown}" for name, shown in terms if shown.rstrip("*") not in ("0", "0.0")]
    rest = len(terms) - len(nonzero)
    return f"{side.name} = {total_text} (" + " + ".join(nonzero or ["all 0"]) + (f"; the other {rest} are 0" if nonzero and rest else "") + ")"


def sides_text(result: RuleResult) -> str:
    """``new + carried over = 3 + 2 = 5; processed + carried forward = 2 + 1 = 3 (delta -2)``; the model's
    message for rules without named sides here (R5-R8)."""
    sides = SIDES.get(result.rule_id)
    delta = f" (delta {result.delta:+g})" if result.delta is not None else ""
    if sides is None:
        text = result.message or f"expected {result.expected} got {result.actual}"
        return text.split("]: ", 1)[-1]  # the message repeats rule and subject, which the line starts with
    cells = parse_cells(result.cells_involved)
    return f"{_side_text(sides[0], cells, result.expected)}; {_side_text(sides[1], cells, result.actual)}{delta}"


def cell_of(report: ParsedReport, label: str) -> tuple[ParsedValue, str] | None:
    """The report's value a rule's cell label names (``new_received.total``, ``reconsideration.total``,
    ``20.1.regulations.issued``), with its template table; None when it names none (another report's cell)."""
    row, _, column = label.partition(".")
    if (row, column) in report.requests:
        return report.requests[(row, column)], "三"
    if (row, column) in report.appeals:
        return report.appeals[(row, column)], "四"
    parts = tuple(label.rsplit(".", 2))
    if len(parts) == 3 and parts in report.active_disclosure:
        return report.active_disclosure[parts], "二"
    return None


def where_lines(report: ParsedReport, result: RuleResult) -> list[str]:
    """Where the cells of a result were printed, one line per template table and page (the stored
    ``source_refs`` for cells of another report, e.g. R6's previous year)."""
    found: list[tuple[str, Provenance, str | None]] = []
    others = []
    stored = dict(part.split(" @ ", 1) for part in (result.source_refs or "").split("; ") if " @ " in part)
    for label, _ in parse_cells(result.cells_involved):
        if (cell := cell_of(report, label)) is not None:
            found.append((label, cell[0].prov, cell[1]))
        elif label in stored:
            others.append(f"{label} @ {stored[label]}")
    return describe_cells(report, found) + others


# ---- not assessable, grouped by cause -------------------------------------------------------------
_MISSING = re.compile(r"(?:^|, )(\S+) \((\w+)")  # "label (kind" or "label (kind: detail)" entries
_WHY = {
    "blank": "blank",
    "absent": "not read (its row or column was not found in the table)",
    "unplaced": "printed but not placed (the row printed too few numbers)",
    "uncertain": "read by OCR too unsurely to hold a number",
    "not_applicable": "printed as not applicable (/, —, 无)",
    "text": "printed as text, not a number",
    "inferred": "not printed (inferred by arithmetic)",
}
_SCOPE_PLURAL = {"column": "columns", "row": "rows", "proceeding": "proceedings", "cell": "cells", "figure": "figures",
                 "category": "categories"}


def _missing(result: RuleResult) -> list[tuple[str, str]]:
    """(cell label, kind of why) of each cell a not-assessable result is missing."""
    return [(label, kind.strip()) for label, kind in _MISSING.findall(result.missing_cells or "")]


def _other_part(label: str, subject: str) -> str:
    """The part of a cell label that is not the result's subject: a row's column, a column's row."""
    row, _, column = label.rpartition(".")
    return column if row == subject else row if column == subject else label


def _which(parts: list[str], rule_id: str, needed: int) -> str:
    """The missing cells of one result in words: ``the six applicant columns are``, ``carried_forward is``."""
    if rule_id == "R3" and set(parts) == SIX_APPLICANTS:
        return "the six applicant columns are"
    if rule_id == "R3" and set(parts) == set(APPLICANT_TYPES):
        return "all seven columns are"
    if len(parts) == needed and needed > 1:
        return f"all {needed} cells are"
    if len(parts) > 4:
        return f"{len(parts)} of its {needed} cells are"
    return ", ".join(parts) + (" are" if len(parts) > 1 else " is")


def cause(result: RuleResult) -> str:
    """Why a not-assessable result could not be assessed, in words shared by every result with the same cause."""
    missing = _missing(result)
    if not missing:
        return (result.missing_cells or "a needed cell is missing").split("]: ", 1)[-1]
    needed = len(parse_cells(result.cells_involved)) or len(missing)
    by_kind: dict[str, list[str]] = {}  # in the rule's order of cells
    for label, kind in missing:
        by_kind.setdefault(kind, []).append(_other_part(label, result.subject))
    if result.scope == "cell":
        return "; ".join(f"the cell is {_WHY.get(kind, kind)}" for kind in by_kind)
    return "; ".join(f"{_which(parts, result.rule_id, needed)} {_WHY.get(kind, kind)}" for kind, parts in by_kind.items())


def not_assessable_lines(results: list[RuleResult], max_subjects: int = 12) -> list[str]:
    """One line per rule and cause: ``NOT ASSESSABLE R3 applicants: 23 rows — the six applicant columns are blank``,
    then the subjects it concerns."""
    groups: dict[tuple[str, str, str], list[RuleResult]] = {}
    for r in results:
        if r.outcome == "not_assessable":
            groups.setdefault((r.rule_id, r.rule_name, cause(r)), []).append(r)
    lines = []
    for (rule_id, rule_name, why), members in groups.items():
        scope = members[0].scope
        noun = scope if len(members) == 1 else _SCOPE_PLURAL.get(scope, scope + "s")
        subjects = [m.subject for m in members]
        shown = ", ".join(subjects[:max_subjects]) + (f", … ({len(subjects) - max_subjects} more)" if len(subjects) > max_subjects else "")
        lines.append(f"   NOT ASSESSABLE {rule_id} {rule_name}: {len(members)} {noun} — {why}")
        lines.append(f"          {noun}: {shown}")
    return lines
