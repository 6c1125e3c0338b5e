"""What the review site shows, read from the published warehouse in a few bulk queries."""

from __future__ import annotations

from collections import defaultdict

import duckdb

INDEX_SQL = """
select d.report_id, d.agency_name, d.agency_id, d.report_year, d.status, d.source_file, d.file_format,
       a.province_name, a.city_name, a.county_name, a.region_level,
       count(*) filter (where r.outcome = 'failed') as n_failed,
       count(*) filter (where r.outcome = 'not_assessable') as n_not_assessable,
       list_sort(list_distinct(list(r.rule_id) filter (where r.outcome = 'failed'))) as rules_failed,
       list_sort(list_distinct(list(r.rule_id) filter (where r.outcome = 'not_assessable'))) as rules_not_assessable
from dim_reports d
left join dim_agencies a using (agency_id)
left join fct_rule_results r using (report_id)
where d.is_canonical or d.is_canonical is null
group by all
order by d.agency_name, d.report_year
"""

RESULTS_SQL = """
select report_id, rule_id, rule_name, subject, outcome, severity, message, cells_involved, cell_roles, pages,
       source_refs, evidence_path, confirmed_with_agency, review_note, uses_corrections, previous_report_id
from fct_rule_results
where outcome <> 'passed'
order by report_id, rule_id, subject
"""


def index_rows(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """One row per report for the index (canonical reports, and files that produced none)."""
    cursor = con.execute(INDEX_SQL)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def failing_results(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict]]:
    """report_id -> its failed and not-assessable rule results."""
    cursor = con.execute(RESULTS_SQL)
    names = [c[0] for c in cursor.description]
    out: dict[str, list[dict]] = defaultdict(list)
    for row in cursor.fetchall():
        item = dict(zip(names, row, strict=True))
        out[item["report_id"]].append(item)
    return out


def report_details(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """report_id -> the dim_reports row (source path, pages, status reason ...)."""
    cursor = con.execute("select * from dim_reports")
    names = [c[0] for c in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def agency_years(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """agency_id -> {'agency': dim_agencies row, 'years': [...], 'rows': {(table, row_label): {year: value}},
    'carry_over': [R6 results], 'benchmark': [fct_agency_benchmark rows]}."""
    cursor = con.execute("select * from dim_agencies")
    names = [c[0] for c in cursor.description]
    agencies = {row[0]: {"agency": dict(zip(names, row, strict=True)), "years": [], "rows": {}, "carry_over": [],
                         "benchmark": []} for row in cursor.fetchall()}
    cells = con.execute("""
        select d.agency_id, d.report_year, '三' as t, r.row_order, r.row_label, r.raw_value
        from fct_disclosure_requests r join dim_reports d using (report_id)
        where r.applicant_type = 'total' and d.agency_id is not null
        union all
        select d.agency_id, d.report_year, '四', a.proceeding_order * 10 + a.outcome_order,
               a.proceeding_label || ' ' || a.outcome_label, a.raw_value
        from fct_appeals a join dim_reports d using (report_id)
        where a.outcome in ('total', 'corrected') and d.agency_id is not null
        order by 1, 3, 4, 2""").fetchall()
    for agency_id, year, table, order, label, raw in cells:
        entry = agencies.get(agency_id)
        if entry is None:
            continue
        if year not in entry["years"]:
            entry["years"].append(year)
        entry["rows"].setdefault((table, order, label), {})[year] = raw
    for entry in agencies.values():
        entry["years"].sort()
    for agency_id, *rest in con.execute("""
            select agency_id, report_year, subject, outcome, message from fct_rule_results
            where rule_id = 'R6' order by agency_id, report_year, subject""").fetchall():
        if agency_id in agencies:
            agencies[agency_id]["carry_over"].append(dict(zip(("year", "subject", "outcome", "message"), rest, strict=True)))
    cursor = con.execute("select * from fct_agency_benchmark")
    names = [c[0] for c in cursor.description]
    for row in cursor.fetchall():
        item = dict(zip(names, row, strict=True))
        if item["agency_id"] in agencies:
            agencies[item["agency_id"]]["benchmark"].append(item)
    return agencies


def region_summary(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """fct_region_summary, provinces first."""
    cursor = con.execute("""select * from fct_region_summary order by case region_level when 'province' then 1
                            when 'city' then 2 when 'county' then 3 else 4 end, province_code, region_code, report_year""")
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
