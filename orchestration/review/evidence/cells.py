"""A rule result's cells, as the evidence draws them: which side of the rule each is on, and where it was printed.

A result names its cells in ``cell_roles`` (``expected:granted.total; actual:total_processed.total``, from
macros/assess_sum_rule.sql); R5 has one cell, its subject (``table3:granted.total``). The side decides the
colour: ``actual`` is the total a rule checks, ``expected`` its parts. R6/R7 labels carry the year of the
report they come from (``2023 carried_forward.total``): only this report's cells are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

RESULTS_SQL = """
select r.report_id, r.rule_id, r.rule_name, r.subject, r.outcome, r.message, r.cell_roles, r.cells_involved,
       r.missing_cells, r.evidence_path, d.file_format, d.ocr, d.source_path, d.report_year, d.source_file
from fct_rule_results r join dim_reports d using (report_id)
where r.evidence_path is not null {where}
order by r.report_id, r.rule_id, r.subject
"""

# one query for the three template tables: label, table, where it was printed, what it holds
CELLS_SQL = """
select row_code || '.' || applicant_type, '三', row_code, applicant_type, row_order, applicant_order, row_label,
       applicant_label, value, value_kind, raw_value, corrected, page, x0, "top", x1, bottom, source_ref
from fct_disclosure_requests where report_id = $1
union all
select proceeding || '.' || outcome, '四', proceeding, outcome, proceeding_order, outcome_order, proceeding_label,
       outcome_label, value, value_kind, raw_value, corrected, page, x0, "top", x1, bottom, source_ref
from fct_appeals where report_id = $1
union all
select label, '二', row_key, metric, row_order, min(cell_order - row_order) over (partition by metric),
       row_label, metric_label, value, value_kind, raw_value, corrected, page, x0, "top", x1, bottom, source_ref
from (
    -- table 二: a row per item and category, a column per metric, in the template's order
    select *, item || '.' || category || '.' || metric as label, item || '.' || category as row_key,
           item_label || ' ' || category_label as row_label,
           min(cell_order) over (partition by item, category) as row_order
    from fct_administrative_actions where report_id = $1
)
"""


@dataclass(frozen=True)
class Cell:
    """One template cell of a report, with its box (PDF points or OCR pixels) when it has one."""

    label: str
    table: str
    row_key: str
    column_key: str
    row_order: float
    column_order: float
    row_label: str
    column_label: str
    value: float | None
    value_kind: str
    raw_value: str | None
    corrected: bool
    page: int | None
    box: tuple[float, float, float, float] | None
    source_ref: str | None

    @property
    def usable(self) -> bool:
        """A printed number a rule can use (else the picture hatches it)."""
        return self.value_kind == "number" and self.value is not None


@dataclass
class Result:
    """A failed or not-assessable rule result and what its evidence needs."""

    report_id: str
    rule_id: str
    rule_name: str
    subject: str
    outcome: str
    message: str
    cell_roles: str | None
    cells_involved: str | None
    missing_cells: str | None
    evidence_path: str
    file_format: str
    ocr: bool
    source_path: str | None
    report_year: int | None
    source_file: str | None
    roles: dict[str, str] = field(default_factory=dict)  # label -> 'actual' | 'expected'

    def __post_init__(self) -> None:
        self.roles = involved_labels(self)


def involved_labels(result: Result) -> dict[str, str]:
    """label -> side ('actual': the total checked, 'expected': its parts) of this report's cells in the result."""
    roles: dict[str, str] = {}
    if result.cell_roles:
        for part in result.cell_roles.split("; "):
            side, _, label = part.partition(":")
            year, _, rest = label.partition(" ")
            if rest and year.isdigit():  # R6/R7: "2023 carried_forward.total"
                if result.report_year is None or int(year) != result.report_year:
                    continue
                label = rest
            roles[label] = side
    elif ":" in result.subject:  # R5: one cell, "table3:granted.total"
        roles[result.subject.split(":", 1)[1]] = "actual"
    return roles


def results_needing_evidence(con: duckdb.DuckDBPyConnection, report_ids: list[str] | None = None) -> list[Result]:
    """Every failed or not-assessable result with an evidence path (of the given reports, or all)."""
    where, params = "", []
    if report_ids is not None:
        where, params = "and r.report_id in (select unnest($1::varchar[]))", [report_ids]
    rows = con.execute(RESULTS_SQL.format(where=where), params).fetchall()
    return [Result(*row) for row in rows]


def report_cells(con: duckdb.DuckDBPyConnection, report_id: str) -> dict[str, Cell]:
    """label -> Cell for every template cell of the report."""
    out = {}
    for row in con.execute(CELLS_SQL, [report_id]).fetchall():
        *head, x0, top, x1, bottom, source_ref = row
        box = (x0, top, x1, bottom) if None not in (x0, top, x1, bottom) else None
        out[row[0]] = Cell(*head, box, source_ref)
    return out


def ocr_dpi(con: duckdb.DuckDBPyConnection, report_id: str) -> dict[int, int]:
    """page -> dpi of the pages read by OCR (the ``ocr_pages`` issue; scan.py writes it)."""
    import re

    rows = con.execute("select message from raw.parse_issues where report_id = ? and issue_code = 'ocr_pages'",
                       [report_id]).fetchall()
    return {int(p): int(d) for (m,) in rows for p, d in re.findall(r"(\d+) \((\d+) dpi", m)}
