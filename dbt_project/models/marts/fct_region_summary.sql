{{ config(materialized='table') }}
-- 地区汇总: per region level (province, city, county), region and year, the canonical reports' requests
-- received, processed, granted and denied (table 三 总计 column) and reconsiderations, corrected
-- reconsiderations and lawsuits (table 四). Every report counts in its province, its city (when known)
-- and its county (when known); reports of agencies whose region is unknown (int_agency_regions says why)
-- are one row of level 'unknown'. Sums are over the numbers printed: n_reports_with_* say how many
-- reports printed each (a blank is never 0).

with

benchmark as (

    select * from {{ ref('fct_agency_benchmark') }}

),

measures as (

    select province_code, province_name, city_code, city_name, county_code, county_name,
        agency_id, report_year, requests_received, requests_processed, requests_granted, requests_denied, reconsiderations, reconsiderations_corrected, litigations
    from benchmark

),

levels as (

    select 'province' as region_level, province_code as region_code, province_name as region_name,
        province_code, province_name, agency_id, report_year, requests_received, requests_processed, requests_granted, requests_denied, reconsiderations, reconsiderations_corrected, litigations
    from measures where province_code is not null
    union all
    select 'city', city_code, city_name, province_code, province_name, agency_id, report_year, requests_received, requests_processed, requests_granted, requests_denied, reconsiderations, reconsiderations_corrected, litigations
    from measures where city_code is not null
    union all
    select 'county', county_code, county_name, province_code, province_name, agency_id, report_year, requests_received, requests_processed, requests_granted, requests_denied, reconsiderations, reconsiderations_corrected, litigations
    from measures where county_code is not null
    union all
    select 'unknown', null, null, null, null, agency_id, report_year, requests_received, requests_processed, requests_granted, requests_denied, reconsiderations, reconsiderations_corrected, litigations
    from measures where province_code is null

),

final as (

    select
        region_level,
        region_code,
        region_name,
        province_code,
        province_name,
        report_year,
        count(distinct agency_id) as n_agencies,
        count(*) as n_reports,
        sum(requests_received) as requests_received,
        count(requests_received) as n_reports_with_requests_received,
        sum(requests_processed) as requests_processed,
        sum(requests_granted) as requests_granted,
        sum(requests_denied) as requests_denied,
        count(requests_denied) as n_reports_with_requests_denied,
        sum(reconsiderations) as reconsiderations,
        sum(reconsiderations_corrected) as reconsiderations_corrected,
        count(reconsiderations_corrected) as n_reports_with_reconsiderations_corrected,
        sum(litigations) as litigations,
        sum(requests_denied) / nullif(sum(requests_processed) filter (where requests_denied is not null), 0)
            as denial_rate

    from levels
    group by all

)

select * from final
order by region_level, region_code nulls last, report_year
