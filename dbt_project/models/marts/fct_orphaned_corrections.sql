{{ config(materialized='table') }}
-- 失效的更正: live corrections whose report or cell is no longer in the warehouse (e.g. the report was
-- re-published, so its content and report_id changed). They are listed here for a reviewer to redo or
-- withdraw, and never applied to any other report or cell.

with

corrections as (

    select * from {{ ref('fct_corrections') }}

),

final as (

    select correction_id, action, report_id, table_code, row_key, column_key, rule_id, subject,
        corrected_value, reason, reviewed_by, recorded_at, line_no, status_reason
    from corrections
    where status = 'orphaned'

)

select * from final
