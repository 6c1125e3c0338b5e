"""One asset check per rule family on fct_rule_results: which reports fail, listed in the metadata; and
one on fct_copy_disagreements: which reports were loaded as copies that print different numbers.

dbt's own tests also show as checks (through dagster-dbt), but Dagster does not display the rows a
dbt test stored; these checks put the failing reports, cells and pages where a reviewer sees them.
All nine are one multi-asset check: one read-only connection to the build file for the lot. Rule
results count canonical reports only (one copy per agency and year: dim_reports.duplicate_of).
"""


import dagster as dg
import duckdb

from orchestration.defs.resources import WarehouseResource

RULE_FAMILIES: dict[str, str] = {
    "R1": "balance: new + carried over = processed + carried forward (each column)",
    "R2": "outcomes: total processed = sum of the outcome rows (each column)",
    "R3": "applicants: total = sum of the six applicant columns (each row)",
    "R4": "appeals: total = upheld + corrected + other + pending (each proceeding)",
    "R5": "counts are non-negative integers (each cell)",
    "R6": "carry-over: carried over in Y = carried forward in Y-1 (same agency)",
    "R7": "documents in force: in_force(Y) = in_force(Y-1) + issued(Y) - repealed(Y)",
    "R8": "prose figures equal the table's (warning only)",
}
_MAX_LISTED = 50
_RULES_ASSET = dg.AssetKey(["fct_rule_results"])
_COPIES_ASSET = dg.AssetKey(["fct_copy_disagreements"])
_COPIES_CHECK = "copies_disagree_reports"


def _check_name(rule_id: str) -> str:
    return f"rule_{rule_id.lower()}_reports"


def _failing_reports(con: duckdb.DuckDBPyConnection, rule_id: str) -> tuple[dict[str, int], list[tuple]]:
    counts = dict(
        con.execute("select outcome, count(*) from fct_rule_results where rule_id = ? group by outcome", [rule_id]).fetchall()
    )
    failing = con.execute(
        """
        select d.agency_name, d.report_year, d.source_file, count(*) as failed,
               string_agg(distinct r.subject, ', ') as subjects,
               min(r.message) as example, string_agg(distinct r.pages, ', ') as pages
        from fct_rule_results r join dim_reports d using (report_id)
        where r.rule_id = ? and r.outcome = 'failed'
        group by all order by failed desc, d.source_file limit ?
        """,
        [rule_id, _MAX_LISTED],
    ).fetchall()
    return counts, failing


def _copy_disagreements(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Per canonical report and copy: the cells where the two print different numbers (first few, with both values)."""
    return con.execute(
        """
        select agency_name, report_year, source_file, copy_source_file, count(*) as cells,
               string_agg('表' || table_code || ' ' || cell_key || ' ' || raw_value || ' vs ' || copy_raw_value, '; '
                          order by table_code, cell_key) as examples
        from fct_copy_disagreements
        group by all order by cells desc, source_file, copy_source_file limit ?
        """,
        [_MAX_LISTED],
    ).fetchall()


def _copies_markdown(rows: list[tuple]) -> str:
    lines = ["| agency | year | canonical file | other copy | cells | where (canonical vs copy) |", "|---|---|---|---|---|---|"]
    for agency, year, source, copy_source, cells, examples in rows:
        shown = examples if len(examples) <= 300 else examples[:300] + " …"
        lines.append(f"| {agency} | {year} | {source} | {copy_source} | {cells} | {shown} |")
    return "\n".join(lines)


def _markdown(rows: list[tuple]) -> str:
    lines = ["| agency | year | file | failed | where | pages | example |", "|---|---|---|---|---|---|---|"]
    for agency, year, source, failed, subjects, example, pages in rows:
        lines.append(f"| {agency} | {year} | {source} | {failed} | {subjects} | {pages or ''} | {example} |")
    return "\n".join(lines)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            _check_name(rule_id),
            asset=_RULES_ASSET,
            description=f"{rule_id} {text}. Warns and lists the reports that fail; never blocks.",
            blocking=False,
        )
        for rule_id, text in RULE_FAMILIES.items()
    ]
    + [
        dg.AssetCheckSpec(
            _COPIES_CHECK,
            asset=_COPIES_ASSET,
            description=(
                "copies_disagree: two files of one agency and year (a web page and a PDF, a re-publication) print "
                "different numbers in a cell; the facts count the canonical copy. Warns and lists them; never blocks."
            ),
            blocking=False,
        )
    ],
    pool="warehouse",
)
def rule_checks(warehouse: WarehouseResource):
    """For each rule family: pass/fail/not-assessable counts and the failing reports; the copies that disagree
    (warnings, never blocking)."""
    with warehouse.connect(read_only=True) as con:
        for rule_id in RULE_FAMILIES:
            counts, failing = _failing_reports(con, rule_id)
            yield dg.AssetCheckResult(
                check_name=_check_name(rule_id),
                asset_key=_RULES_ASSET,
                passed=not failing,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "passed": counts.get("passed", 0),
                    "failed": counts.get("failed", 0),
                    "not_assessable": counts.get("not_assessable", 0),
                    "reports_failing": len(failing),
                    "failing_reports": dg.MetadataValue.md(_markdown(failing) if failing else "none"),
                },
            )
        copies = _copy_disagreements(con)
        yield dg.AssetCheckResult(
            check_name=_COPIES_CHECK,
            asset_key=_COPIES_ASSET,
            passed=not copies,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "cells": con.execute("select count(*) from fct_copy_disagreements").fetchone()[0],
                "copy_pairs": len(copies),
                "copies": dg.MetadataValue.md(_copies_markdown(copies) if copies else "none"),
            },
        )
