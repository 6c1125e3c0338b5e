-- 表四 行政复议、行政诉讼情况: one row per report × proceeding × outcome.
-- Canonical reports only (dim_reports.duplicate_of: a copy's cells are in staging and fct_copy_disagreements).

with

canonical_reports as (

    select report_id from {{ ref('int_report_copies') }}
    where is_canonical

),

cells as (

    -- canonical reports only: one copy per agency and year (int_report_copies), so sums count a report once
    select * from {{ ref('stg_appeal_cells') }}
    where {{ in_rebuild_scope() }}
        and report_id in (select report_id from canonical_reports)

),

proceedings as (

    select * from {{ ref('ref_appeal_proceedings') }}

),

outcomes as (

    select * from {{ ref('ref_appeal_outcomes') }}

),

final as (

    select
        cells.report_id,
        cells.proceeding,
        proceedings.sort_order as proceeding_order,
        proceedings.label_zh as proceeding_label,
        cells.outcome,
        outcomes.sort_order as outcome_order,
        outcomes.label_zh as outcome_label,
        cells.value,
        cells.value_kind,
        cells.raw_value,
        cells.inferred,
        cells.inference_reason,
        cells.confidence,
        cells.page,
        cells.x0,
        cells."top",
        cells.x1,
        cells.bottom,
        cells.line,
        cells.source_table,
        cells.source_row,
        cells.source_col,
        cells.source_ref,
        -- reviewers' corrections (stg: macros/apply_corrections.sql): value above is the corrected one
        cells.corrected,
        cells.correction_id,
        cells.correction_action,
        cells.printed_value,
        cells.printed_value_kind,
        cells.corrected_by,
        cells.corrected_at,
        cells.correction_reason

    from cells
    left join proceedings on proceedings.proceeding = cells.proceeding
    left join outcomes on outcomes.outcome = cells.outcome

)

select * from final
order by report_id, proceeding_order, outcome_order
