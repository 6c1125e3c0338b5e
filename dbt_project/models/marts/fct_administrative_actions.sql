-- 表二 主动公开政府信息情况: one row per report × item × category × metric (+ unit).
-- Canonical reports only (dim_reports.duplicate_of: a copy's cells are in staging and fct_copy_disagreements).

with

canonical_reports as (

    select report_id from {{ ref('int_report_copies') }}
    where is_canonical

),

cells as (

    -- canonical reports only: one copy per agency and year (int_report_copies), so sums count a report once
    select * from {{ ref('stg_administrative_action_cells') }}
    where {{ in_rebuild_scope() }}
        and report_id in (select report_id from canonical_reports)

),

disclosure_cells as (

    select * from {{ ref('ref_active_disclosure_cells') }}

),

final as (

    select
        cells.report_id,
        cells.item,
        disclosure_cells.item_label_zh as item_label,
        cells.category,
        disclosure_cells.category_label_zh as category_label,
        cells.metric,
        disclosure_cells.metric_label_zh as metric_label,
        disclosure_cells.metric_kind,
        disclosure_cells.sort_order as cell_order,
        cells.unit,
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
    left join disclosure_cells
        on disclosure_cells.item = cells.item
        and disclosure_cells.category = cells.category
        and disclosure_cells.metric = cells.metric

)

select * from final
order by report_id, cell_order, item, category, metric
