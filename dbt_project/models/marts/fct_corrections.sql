{{ config(materialized='table') }}
-- 人工更正台账: every line of the reviewers' corrections log and what became of it:
--   applied     a live correction of a cell that exists (or a live confirm_rule of a result that exists)
--   orphaned    a live correction whose report or cell is no longer in the warehouse (e.g. the report was
--               re-published with other content, so another report_id): listed here, never applied elsewhere
--   superseded  a later line corrects the same cell (or confirms the same rule result)
--   withdrawn   a later withdraw line names it (the printed value is back)
--   withdrawal  the withdraw line itself
--   unusable    the line cannot be applied (problem says why)
-- A table rebuilt whole by every build (the log is small), not incremental.

with

corrections as (

    select * from {{ ref('stg_corrections') }}

),

cells as (

    select report_id, '三' as table_code, row_code as row_key, applicant_type as column_key,
        printed_value, printed_value_kind, raw_value, value, page, source_ref
    from {{ ref('stg_disclosure_request_cells') }}
    union all
    select report_id, '四', proceeding, outcome, printed_value, printed_value_kind, raw_value, value, page, source_ref
    from {{ ref('stg_appeal_cells') }}
    union all
    select report_id, '二', item, category || '.' || metric, printed_value, printed_value_kind, raw_value, value, page, source_ref
    from {{ ref('stg_administrative_action_cells') }}

),

reports as (

    select report_id, agency_name, report_year, source_file from {{ ref('stg_reports') }}

),

rule_results as (

    select distinct report_id, rule_id, subject, outcome from {{ ref('fct_rule_results') }}

),

final as (

    select
        corrections.correction_id,
        corrections.action,
        corrections.report_id,
        reports.agency_name,
        reports.report_year,
        reports.source_file,
        corrections.table_code,
        corrections.row_key,
        corrections.column_key,
        corrections.rule_id,
        corrections.subject,
        corrections.target_id,
        corrections.corrected_value,
        cells.raw_value as printed_raw_value,
        cells.printed_value,
        cells.printed_value_kind,
        cells.page,
        cells.source_ref,
        rule_results.outcome as rule_outcome,
        corrections.reason,
        corrections.reviewed_by,
        corrections.recorded_at,
        corrections.line_no,
        corrections.problem,
        case
            when corrections.problem is not null then 'unusable'
            when corrections.action = 'withdraw' then 'withdrawal'
            when corrections.is_withdrawn then 'withdrawn'
            when not corrections.is_live then 'superseded'
            when reports.report_id is null then 'orphaned'
            when corrections.action = 'confirm_rule' and rule_results.report_id is null then 'orphaned'
            when corrections.action <> 'confirm_rule' and cells.report_id is null then 'orphaned'
            else 'applied'
        end as status,
        case
            when corrections.problem is not null then corrections.problem
            when corrections.is_live and reports.report_id is null
                then 'report ' || corrections.report_id || ' is not in the warehouse (re-published or removed?)'
            when corrections.is_live and corrections.action = 'confirm_rule' and rule_results.report_id is null
                then 'no result ' || corrections.rule_id || ' [' || corrections.subject || '] in this report'
            when corrections.is_live and corrections.action <> 'confirm_rule' and cells.report_id is null
                then 'table ' || corrections.table_code || ' has no cell ' || corrections.row_key || ' / '
                    || corrections.column_key || ' in this report'
        end as status_reason

    from corrections
    left join reports on reports.report_id = corrections.report_id
    left join cells
        on cells.report_id = corrections.report_id
        and cells.table_code = corrections.table_code
        and cells.row_key = corrections.row_key
        and cells.column_key = corrections.column_key
    left join rule_results
        on rule_results.report_id = corrections.report_id
        and rule_results.rule_id = corrections.rule_id
        and rule_results.subject = corrections.subject

)

select * from final
order by line_no
