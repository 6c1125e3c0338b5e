"""Load the corrections log into ``raw.corrections`` (replaced whole: the log is the truth) and mark the
reports whose corrections changed as changed, so dbt's incremental build re-runs their rules."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from orchestration.review.corrections.log import COLUMNS, read_log

RAW_COLUMNS = (*COLUMNS, "line_no", "problem")


def _report_of(rows: list[dict[str, str]]) -> dict[str, str]:
    """correction_id -> report_id, so that a withdraw line counts as a change of its target's report."""
    return {r["correction_id"]: r["report_id"] for r in rows if r.get("report_id")}


def _lines_by_report(rows: list[dict[str, str]]) -> dict[str, set[tuple]]:
    owner = _report_of(rows)
    out: dict[str, set[tuple]] = {}
    for r in rows:
        report = r.get("report_id") or owner.get(r.get("target_id", ""), "")
        out.setdefault(report, set()).add(tuple(r.get(c, "") for c in COLUMNS))
    return out


def load_corrections(con: duckdb.DuckDBPyConnection, path: Path) -> dict[str, int]:
    """Replace ``raw.corrections`` with the log at ``path`` (absent: no corrections); returns counts.

    Every report whose lines differ from the ones loaded before (added, edited, deleted by hand,
    withdrawn) is noted in ``raw.changed_reports``: its marts and rules are rebuilt by the next dbt build.
    """
    rows = read_log(path)
    con.execute("create schema if not exists raw")
    con.execute("create table if not exists raw.corrections (" + ", ".join(f'"{c}" varchar' for c in RAW_COLUMNS) + ")")
    before = [dict(zip(RAW_COLUMNS, r, strict=True)) for r in
              con.execute("select " + ", ".join(f'"{c}"' for c in RAW_COLUMNS) + " from raw.corrections").fetchall()]
    old, new = _lines_by_report(before), _lines_by_report(rows)
    changed = sorted(r for r in set(old) | set(new) if r and old.get(r) != new.get(r))
    frame = pl.DataFrame([{c: r.get(c, "") for c in RAW_COLUMNS} for r in rows],  # noqa: F841 - read by DuckDB
                         schema=dict.fromkeys(RAW_COLUMNS, pl.Utf8), orient="row")
    changed_frame = pl.DataFrame({"report_id": changed}, schema={"report_id": pl.Utf8})  # noqa: F841
    con.execute("begin transaction")
    con.execute("delete from raw.corrections")
    con.execute("insert into raw.corrections select * from frame")
    if changed:
        con.execute("create table if not exists raw.changed_reports (report_id varchar, agency_key varchar)")
        con.execute("insert into raw.changed_reports select r.report_id, r.agency_key from raw.reports r "
                    "where r.report_id in (select report_id from changed_frame)")
    con.execute("commit")
    return {"lines": len(rows), "unusable": sum(1 for r in rows if r["problem"]), "reports_changed": len(changed)}
