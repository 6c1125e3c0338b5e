"""What a published warehouse holds, in the counts users care about."""

from __future__ import annotations

import duckdb

_COUNTS = {
    "reports": "select count(*) from dim_reports",
    "reports_parsed": "select count(*) from dim_reports where status = 'parsed'",
    "reports_not_parsed": "select count(*) from dim_reports where status <> 'parsed'",
    "cells": "select (select count(*) from fct_disclosure_requests) + (select count(*) from fct_administrative_actions)"
    " + (select count(*) from fct_appeals)",
    "rules_failed": "select count(*) from fct_rule_results where outcome = 'failed'",
    "rules_not_assessable": "select count(*) from fct_rule_results where outcome = 'not_assessable'",
    "reports_failing_a_rule": "select count(distinct report_id) from fct_rule_results where outcome = 'failed'",
}


def warehouse_summary(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Reports by status, cells, rule results failed and not assessable."""
    return {name: con.execute(sql).fetchone()[0] for name, sql in _COUNTS.items()}
