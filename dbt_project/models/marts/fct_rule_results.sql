-- 勾稽关系检查结果: one row per report × rule × subject (column / row / proceeding / cell), R1-R5.
-- "Which agencies' reports don't add up" is: select * from fct_rule_results where outcome = 'failed'.

with

r1 as (select * from {{ ref('int_rule_r1_balance') }}),

r2 as (select * from {{ ref('int_rule_r2_outcomes') }}),

r3 as (select * from {{ ref('int_rule_r3_applicants') }}),

r4 as (select * from {{ ref('int_rule_r4_appeals') }}),

r5 as (select * from {{ ref('int_rule_r5_non_negative') }}),

reports as (

    select report_id, agency_name, report_year from {{ ref('stg_reports') }}

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

),

final as (

    select
        unioned.report_id || ':' || unioned.rule_id || ':' || unioned.subject as rule_result_id,
        unioned.report_id,
        reports.agency_name,
        reports.report_year,
        unioned.rule_id,
        unioned.rule_name,
        unioned.scope,
        unioned.subject,
        unioned.outcome,
        cast(unioned.expected as double) as expected,
        cast(unioned.actual as double) as actual,
        cast(unioned.delta as double) as delta,
        unioned.cells_involved,
        unioned.missing_cells,
        unioned.involves_inferred,
        unioned.pages,
        unioned.source_refs,
        unioned.message

    from unioned
    left join reports on reports.report_id = unioned.report_id

)

select * from final
order by report_id, rule_id, subject
