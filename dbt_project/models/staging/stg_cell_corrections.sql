-- 生效的单元格更正: the live cell corrections (correct, confirm), one per report × table × cell, as the
-- staging cell models apply them (macros/apply_corrections.sql).

with

corrections as (

    select * from {{ ref('stg_corrections') }}

),

final as (

    select
        correction_id,
        action as correction_action,
        report_id,
        table_code,
        row_key,
        column_key,
        corrected_value,
        reason as correction_reason,
        reviewed_by as corrected_by,
        recorded_at as corrected_at
    from corrections
    where is_live and action in ('correct', 'confirm')

)

select * from final
