"""One asset check per rule family on fct_rule_results: which reports fail, listed in the metadata.

dbt's own tests also show as checks (through dagster-dbt), but Dagster does not display the rows a
dbt test stored; these checks put the failing reports, cells and pages where a reviewer sees them.
"""

import duckdb
from dagster import AssetCheckResult, AssetCheckSeverity, AssetKey, MetadataValue, asset_check

from orchestration.paths import build_path

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


def _failing_reports(rule_id: str) -> tuple[dict[str, int], list[tuple]]:
    con = duckdb.connect(str(build_path()), read_only=True)
    try:
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
    finally:
        con.close()


def _markdown(rows: list[tuple]) -> str:
    lines = ["| agency | year | file | failed | where | pages | example |", "|---|---|---|---|---|---|---|"]
    for agency, year, source, failed, subjects, example, pages in rows:
        lines.append(f"| {agency} | {year} | {source} | {failed} | {subjects} | {pages or ''} | {example} |")
    return "\n".join(lines)


def _rule_check(rule_id: str, description: str):
    @asset_check(
        asset=AssetKey(["fct_rule_results"]),
        name=f"rule_{rule_id.lower()}_reports",
        description=f"{rule_id} {description}. Warns and lists the reports that fail; never blocks.",
        blocking=False,
        pool="warehouse",
    )
    def _check() -> AssetCheckResult:
        counts, failing = _failing_reports(rule_id)
        return AssetCheckResult(
            passed=not failing,
            severity=AssetCheckSeverity.WARN,
            metadata={
                "passed": counts.get("passed", 0),
                "failed": counts.get("failed", 0),
                "not_assessable": counts.get("not_assessable", 0),
                "reports_failing": len(failing),
                "failing_reports": MetadataValue.md(_markdown(failing) if failing else "none"),
            },
        )

    return _check


RULE_CHECKS = [_rule_check(rule_id, text) for rule_id, text in RULE_FAMILIES.items()]
