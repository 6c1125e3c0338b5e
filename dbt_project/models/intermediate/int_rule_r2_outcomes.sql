-- R2 办理结果 outcomes, each applicant column of table 三:
--   sum of the group-3 leaf rows (every row except new_received, carried_over, total_processed,
--   carried_forward)  (expected)  =  total_processed  (actual).
-- The leaf rows summed are the template's (macros/table3_needed_rows.sql: 2019 or 2021, （六）其他处理 as
-- one row or as its three sub-rows) and every leaf row the report prints. A needed row not found in the
-- print, or a cell without a printed number (blank, unplaced, uncertain, inferred), makes the column not
-- assessable: the rule fails only on what was printed.

with

cells as (

    -- a rule within one report: on an incremental build only the reports being rebuilt are read
    select * from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope('report_id') }}

),

applicant_types as (

    select applicant_type from {{ ref('ref_applicant_types') }}

),

needed_rows as (

    {{ table3_needed_rows('cells') }}

),

cell_keys as (

    -- the needed leaf rows, then total_processed (a row of every template), of every applicant column
    select
        needed_rows.report_id,
        applicant_types.applicant_type as subject,
        case when needed_rows.row_code = 'total_processed' then 'actual' else 'expected' end as side,
        case when needed_rows.row_code = 'total_processed' then 1000 else needed_rows.sort_order end as cell_order,
        needed_rows.row_code || '.' || applicant_types.applicant_type as cell_label,
        needed_rows.row_code,
        needed_rows.is_printed,
        applicant_types.applicant_type

    from needed_rows
    cross join applicant_types
    where needed_rows.is_outcome_leaf or needed_rows.row_code = 'total_processed'

),

needed_cells as (

    {{ needed_cells('cell_keys', 'cells', ['row_code', 'applicant_type'],
        "case when not cell_keys.is_printed then 'row ' || cell_keys.row_code end") }}

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
