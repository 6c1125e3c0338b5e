{#- A table rebuilt in full on every build, not the folder's incremental mart: one row per agency, keyed by
    agency_id, not report_id, and it aggregates all of an agency's reports. -#}
{{ config(materialized='table') }}
-- 机关维度: one row per agency across years (agency_id), with the names it printed, where it is and which
-- years it reported. The matching rule is int_report_agencies': agency_id = agency_key (淮安市洪泽区人民政府
-- and 洪泽区人民政府 -> 洪泽区人民政府), or agency_key || '@' || agency_city when the reports under one key
-- print different cities (鼓楼区人民政府@南京市, 鼓楼区人民政府@福州市; a report without a city stays on the key).
-- n_reports counts reports, one per year however many copies were loaded (int_report_copies); n_files every file.

with

agencies as (

    select * from {{ ref('int_report_copies') }}
    where agency_id is not null

),

regions as (

    -- province / city / county and division code from the names (int_agency_regions)
    select * from {{ ref('int_agency_regions') }}

),

grouped as (

    select
        agency_id,
        min(agency_key) as agency_key,
        list_sort(list_distinct(list(agency_name))) as agency_names,
        list_sort(list_distinct(list(region))) as regions,
        list_sort(list_distinct(list(agency_city))) as cities,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year,
        count(*) filter (where is_canonical) as n_reports,
        count(*) as n_files,
        list_sort(list_distinct(list(report_year))) as report_years

    from agencies
    group by agency_id

),

final as (

    select
        grouped.*,
        regions.* exclude (agency_id)
    from grouped
    left join regions on regions.agency_id = grouped.agency_id

)

select * from final
order by agency_id
