{#- A view, not the folder's incremental table: agency_id of a report depends on the other reports under its
    agency_key (two cities -> two ids), so it is not keyed by report_id; it reads raw live, and incremental
    builds leave it out like every view. -#}
{{ config(materialized='view') }}
-- 报告所属机关: one row per report, with the agency it belongs to across years (agency_id) and which
-- tables it prints. The matching rule (documented in _intermediate__models.yml and on dim_agencies):
--   agency_id = agency_key (the canonical local name of ingestion/agency.py: 淮安市洪泽区人民政府 and
--   洪泽区人民政府 -> 洪泽区人民政府), except when the reports under one key print two or more different
--   non-null agency_city values (鼓楼区人民政府 of 南京市 and of 福州市): then a report with a city gets
--   agency_key || '@' || agency_city and a report without one stays on the bare key.
-- Reports without an agency_key (no agency name could be read) have no agency_id.

with

reports as (

    select * from {{ ref('stg_reports') }}

),

keys as (

    select
        agency_key,
        count(distinct agency_city) as n_cities
    from reports
    where agency_key is not null
    group by agency_key

),

table2_reports as (

    select distinct report_id from {{ ref('stg_administrative_action_cells') }}

),

table3_reports as (

    select distinct report_id from {{ ref('stg_disclosure_request_cells') }}

),

table4_reports as (

    select distinct report_id from {{ ref('stg_appeal_cells') }}

),

final as (

    select
        reports.report_id,
        reports.agency_name,
        reports.agency_key,
        reports.agency_city,
        case
            when reports.agency_key is null then null
            when keys.n_cities > 1 and reports.agency_city is not null
                then reports.agency_key || '@' || reports.agency_city
            else reports.agency_key
        end as agency_id,
        reports.region,
        reports.report_year,
        reports.status,
        reports.template_version,
        reports.table2_template,
        reports.table3_template,
        reports.source_file,
        reports.status in ('parsed', 'partial') as is_readable,
        table2_reports.report_id is not null as has_table2,
        table3_reports.report_id is not null as has_table3,
        table4_reports.report_id is not null as has_table4

    from reports
    left join keys on keys.agency_key = reports.agency_key
    left join table2_reports on table2_reports.report_id = reports.report_id
    left join table3_reports on table3_reports.report_id = reports.report_id
    left join table4_reports on table4_reports.report_id = reports.report_id

)

select * from final
