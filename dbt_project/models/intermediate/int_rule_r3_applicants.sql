-- R3 申请人合计 applicants, each needed row of table 三 (the template's rows and every row printed,
-- macros/table3_needed_rows.sql):
--   natural_person + commercial_enterprise + research_institution + social_welfare_org
--   + legal_service_org + other_org  (expected)  =  total  (actual).
-- A needed row not found in the print is not assessable ("row X not found in the print"), as is a row
-- with a cell without a printed number (blank, unplaced, uncertain, inferred).

with

cells as (

    -- a rule within one report: on an incremental build only the reports being rebuilt are read
    select * from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope('report_id') }}

),

applicant_types as (

    select applicant_type, sort_order, is_total from {{ ref('ref_applicant_types') }}

),

needed_rows as (

    {{ table3_needed_rows('cells') }}

),

cell_keys as (

    -- the seven applicant columns (six and total) of every needed row
    select
        needed_rows.report_id,
        needed_rows.row_code as subject,
        case when applicant_types.is_total then 'actual' else 'expected' end as side,
        applicant_types.sort_order as cell_order,
        needed_rows.row_code || '.' || applicant_types.applicant_type as cell_label,
        needed_rows.row_code,
        needed_rows.is_printed,
        applicant_types.applicant_type

    from needed_rows
    cross join applicant_types

),

needed_cells as (

    {{ needed_cells('cell_keys', 'cells', ['row_code', 'applicant_type'],
        "case when not cell_keys.is_printed then 'row ' || cell_keys.row_code end") }}

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
