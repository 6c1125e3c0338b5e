"""The golden-file shape: a ParsedReport as JSON (keys, codes, nulls and units of shared/golden/*.json),
and a cell-by-cell comparison of two such documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.codes import (
    ACTIVE_DISCLOSURE,
    AMOUNT_METRICS,
    APPLICANT_TYPES,
    OUTCOMES,
    PROCEEDINGS,
    REQUEST_ROWS_2019,
    REQUEST_ROWS_2021,
)
from ingestion.model import ParsedReport
from ingestion.values import json_number


def _active_disclosure(report: ParsedReport) -> list[dict]:
    template = report.table2_template or report.meta.template_version or "2019"
    keys = [
        (item, category, metric)
        for item, (categories, metrics) in ACTIVE_DISCLOSURE[template].items()
        for category in categories
        for metric in metrics
    ]
    keys += [k for k in report.active_disclosure if k not in keys]
    out = []
    for item, category, metric in keys:
        v = report.active_disclosure.get((item, category, metric))
        entry: dict = {"item": item, "category": category, "metric": metric, "value": json_number(v.value) if v else None}
        if metric in AMOUNT_METRICS:
            entry["unit"] = v.unit if v else None
        out.append(entry)
    return out


def to_golden(report: ParsedReport) -> dict:
    """The report in the exact shape of shared/golden/*.json."""
    template = report.table3_template or report.meta.template_version or "2019"
    rows = REQUEST_ROWS_2021 if template == "2021" else REQUEST_ROWS_2019
    requests = {
        row: {a: json_number(v.value) if (v := report.requests.get((row, a))) else None for a in APPLICANT_TYPES}
        for row in rows
    }
    appeals = {
        p: {o: json_number(v.value) if (v := report.appeals.get((p, o))) else None for o in OUTCOMES} for p in PROCEEDINGS
    }
    return {
        "source_file": report.source_file,
        "agency_name": report.meta.agency_name,
        "report_year": report.meta.report_year,
        "template_version": report.meta.template_version,
        "active_disclosure": _active_disclosure(report),
        "requests": requests,
        "appeals": appeals,
    }


@dataclass
class Mismatch:
    """One cell whose parsed value differs from the golden value."""

    row: str
    column: str
    expected: object
    got: object

    @property
    def missing(self) -> bool:
        """True when a printed value was not read (blank or absent); False when something else was read
        in its place (a wrong number, or a number where the golden cell is blank)."""
        return self.expected is not None and self.got in (None, "<missing>")


def golden_cells(doc: dict) -> dict[tuple[str, str], object]:
    """Flatten a golden-shaped document into (row, column) -> value, metadata included."""
    cells: dict[tuple[str, str], object] = {}
    for key in ("agency_name", "report_year", "template_version"):
        cells[("meta", key)] = doc.get(key)
    for e in doc.get("active_disclosure", []):
        cells[(f"二 {e['item']} {e['category']}", e["metric"])] = e.get("value")
        if "unit" in e:
            cells[(f"二 {e['item']} {e['category']}", f"{e['metric']}.unit")] = e.get("unit")
    for row, cols in doc.get("requests", {}).items():
        for col, value in cols.items():
            cells[(f"三 {row}", col)] = value
    for row, cols in doc.get("appeals", {}).items():
        for col, value in cols.items():
            cells[(f"四 {row}", col)] = value
    return cells


def compare(expected: dict, got: dict) -> tuple[int, list[Mismatch]]:
    """(cells compared, mismatches) of ``got`` against the golden ``expected``, every golden cell counted."""
    exp, act = golden_cells(expected), golden_cells(got)
    mismatches = []
    for key, value in exp.items():
        other = act.get(key, "<missing>")
        same = other == value or (
            isinstance(other, int | float) and isinstance(value, int | float) and abs(other - value) < 1e-9
        )
        if not same:
            mismatches.append(Mismatch(key[0], key[1], value, other))
    return len(exp), mismatches


def uncertain_cells(report: ParsedReport) -> set[tuple[str, str]]:
    """The (row, column) keys, as ``golden_cells`` names them, of cells left ``uncertain`` by OCR."""
    keys = {(f"二 {i} {c}", m) for (i, c, m), v in report.active_disclosure.items() if v.kind == "uncertain"}
    keys |= {(f"三 {r}", a) for (r, a), v in report.requests.items() if v.kind == "uncertain"}
    keys |= {(f"四 {p}", o) for (p, o), v in report.appeals.items() if v.kind == "uncertain"}
    return keys


def golden_numbers(doc: dict) -> dict[str, int]:
    """How many cells of each template table (二, 三, 四) a golden-shaped document holds a number for.

    A golden file holds what was printed (and, for a row printing fewer numbers than columns, the cells the
    arithmetic determines): the count ``TableAccounting.placed + inferred`` must reach for that table.
    """
    def number(value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    return {
        "二": sum(1 for e in doc.get("active_disclosure", []) if number(e.get("value"))),
        "三": sum(1 for cols in doc.get("requests", {}).values() for v in cols.values() if number(v)),
        "四": sum(1 for cols in doc.get("appeals", {}).values() for v in cols.values() if number(v)),
    }
