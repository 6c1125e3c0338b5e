-- R3 申请人合计 applicants, each printed row of table 三:
--   natural_person + commercial_enterprise + research_institution + social_welfare_org
--   + legal_service_org + other_org  (expected)  =  total  (actual).

with

cells as (

    -- a rule within one report: on an incremental build only the reports being rebuilt are read
    select * from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope('report_id') }}

),

applicant_types as (

    select applicant_type, sort_order, is_total from {{ ref('ref_applicant_types') }}

),

printed_rows as (

    select distinct report_id, row_code from cells

),

cell_keys as (

    -- the seven applicant columns (six and total) of every printed row
    select
        printed_rows.report_id,
        printed_rows.row_code as subject,
        case when applicant_types.is_total then 'actual' else 'expected' end as side,
        applicant_types.sort_order as cell_order,
        printed_rows.row_code || '.' || applicant_types.applicant_type as cell_label,
        printed_rows.row_code,
        applicant_types.applicant_type

    from printed_rows
    cross join applicant_types

),

needed_cells as (

    {{ needed_cells('cell_keys', 'cells', ['row_code', 'applicant_type']) }}

),

assessed as (

    {{ assess_sum_rule(
        'needed_cells', 'R3', 'applicants', 'row',
        'sum of the six applicant columns', 'total'
    ) }}

),

final as (

    select * from assessed

)

select * from final
where {{ in_rebuild_scope('report_id') }}
