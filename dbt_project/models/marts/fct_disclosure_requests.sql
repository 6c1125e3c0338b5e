-- 表三 收到和处理政府信息公开申请情况: one row per report × row_code × applicant_type.
-- Canonical reports only (dim_reports.duplicate_of: a copy's cells are in staging and fct_copy_disagreements).

with

canonical_reports as (

    select report_id from {{ ref('int_report_copies') }}
    where is_canonical

),

cells as (

    -- canonical reports only: one copy per agency and year (int_report_copies), so sums count a report once
    select * from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope() }}
        and report_id in (select report_id from canonical_reports)

),

request_rows as (

    select * from {{ ref('ref_request_rows') }}

),

applicant_types as (

    select * from {{ ref('ref_applicant_types') }}

),

final as (

    select
        cells.report_id,
        cells.row_code,
        request_rows.row_group,
        request_rows.sort_order as row_order,
        request_rows.label_zh as row_label,
        cells.applicant_type,
        applicant_types.sort_order as applicant_order,
        applicant_types.label_zh as applicant_label,
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
    left join request_rows on request_rows.row_code = cells.row_code
    left join applicant_types on applicant_types.applicant_type = cells.applicant_type

)

select * from final
order by report_id, row_order, applicant_order
