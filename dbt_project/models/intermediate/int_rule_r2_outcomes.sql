-- R2 办理结果 outcomes, each applicant column of table 三:
--   sum of the group-3 leaf rows (every row except new_received, carried_over, total_processed,
--   carried_forward)  (expected)  =  total_processed  (actual).
-- A leaf row the report does not print at all (the 2019 template has no other_overdue_correction /
-- other_unpaid_fee) is not part of the sum; a printed row whose cell is blank makes it not assessable.

with

cells as (

    -- a rule within one report: on an incremental build only the reports being rebuilt are read
    select * from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope('report_id') }}

),

applicant_types as (

    select applicant_type from {{ ref('ref_applicant_types') }}

),

leaf_rows as (

    select row_code, sort_order from {{ ref('ref_request_rows') }}
    where is_outcome_leaf

),

reports_with_table as (

    select distinct report_id from cells

),

printed_leaf_rows as (

    select distinct
        cells.report_id,
        cells.row_code,
        leaf_rows.sort_order
    from cells
    inner join leaf_rows on leaf_rows.row_code = cells.row_code

),

leaf_keys as (

    -- the printed leaf rows of every applicant column
    select
        printed_leaf_rows.report_id,
        applicant_types.applicant_type as subject,
        'expected' as side,
        printed_leaf_rows.sort_order as cell_order,
        printed_leaf_rows.row_code || '.' || applicant_types.applicant_type as cell_label,
        printed_leaf_rows.row_code,
        applicant_types.applicant_type

    from printed_leaf_rows
    cross join applicant_types

),

total_keys as (

    -- total_processed of every applicant column of every report that prints table 三
    select
        reports_with_table.report_id,
        applicant_types.applicant_type as subject,
        'actual' as side,
        1000 as cell_order,
        'total_processed.' || applicant_types.applicant_type as cell_label,
        'total_processed' as row_code,
        applicant_types.applicant_type

    from reports_with_table
    cross join applicant_types

),

cell_keys as (

    select * from leaf_keys
    union all
    select * from total_keys

),

needed_cells as (

    {{ needed_cells('cell_keys', 'cells', ['row_code', 'applicant_type']) }}

),

assessed as (

    {{ assess_sum_rule(
        'needed_cells', 'R2', 'outcomes', 'column',
        'sum of outcome rows', 'total_processed'
    ) }}

),

final as (

    select * from assessed

)

select * from final
where {{ in_rebuild_scope('report_id') }}
