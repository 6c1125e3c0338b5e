-- 勾稽关系检查结果: one row per report × rule × subject, R1-R5 within a report (column / row / proceeding /
-- cell), R6-R7 across the reports of one agency (the later year's report holds the result, the earlier
-- one is previous_report_id) and R8 prose vs table (severity 'warning'; the others are 'error').
-- One copy per agency and year counts: the canonical report's results (int_report_copies, dim_reports.duplicate_of).
-- "Which agencies' reports don't add up" is:
--   select * from fct_rule_results where outcome = 'failed' and severity = 'error'.

with

r1 as (select * from {{ ref('int_rule_r1_balance') }}),

r2 as (select * from {{ ref('int_rule_r2_outcomes') }}),

r3 as (select * from {{ ref('int_rule_r3_applicants') }}),

r4 as (select * from {{ ref('int_rule_r4_appeals') }}),

r5 as (select * from {{ ref('int_rule_r5_non_negative') }}),

r6 as (select * from {{ ref('int_rule_r6_carry_over') }}),

r7 as (select * from {{ ref('int_rule_r7_documents_in_force') }}),

r8 as (select * from {{ ref('int_rule_r8_prose_vs_table') }}),

reports as (

    -- canonical reports only (int_report_copies): a copy's results stay in the intermediate rule tables
    select report_id, agency_name, agency_id, report_year from {{ ref('int_report_copies') }}
    where is_canonical

),

unioned as (

    select * from r1
    union all by name
    select * from r2
    union all by name
    select * from r3
    union all by name
    select * from r4
    union all by name
    select * from r5
    union all by name
    select * from r6
    union all by name
    select * from r7
    union all by name
    select * from r8

),

final as (

    select
        unioned.report_id || ':' || unioned.rule_id || ':' || unioned.subject as rule_result_id,
        unioned.report_id,
        reports.agency_name,
        reports.agency_id,
        reports.report_year,
        unioned.rule_id,
        unioned.rule_name,
        unioned.scope,
        unioned.subject,
        unioned.outcome,
        unioned.severity,
        cast(unioned.expected as double) as expected,
        cast(unioned.actual as double) as actual,
        cast(unioned.delta as double) as delta,
        unioned.cells_involved,
        unioned.missing_cells,
        unioned.involves_inferred,
        unioned.pages,
        unioned.source_refs,
        unioned.message,
        unioned.previous_report_id

    from unioned
    inner join reports on reports.report_id = unioned.report_id
    where {{ in_rebuild_scope('unioned.report_id') }}

)

-- No `order by`: sorting the union of the eight rule tables ran DuckDB out of memory at 10,000 reports
-- (1 GB memory_limit) and cost 7 s; rows appended by an incremental build are not in order anyway.
select * from final
