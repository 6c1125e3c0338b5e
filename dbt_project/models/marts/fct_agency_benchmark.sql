{{ config(materialized='table') }}
-- 机关对标: one row per agency and year (its canonical report) with four rates, each with its percentile
-- among peers — agencies of the same region level (province / city / county, int_agency_regions) in the
-- same province, the same year — and a flag when it moved by more than the threshold since the agency's
-- previous year (var benchmark_jump_threshold, default 0.2: twenty percentage points; only between
-- consecutive years, and only when both years' denominators are at least var benchmark_min_base, default
-- 10, so that 1 of 2 against 0 of 3 is not a jump).
--   denial_rate                      不予公开 (denied_*, 总计 column) / 总计 processed
--   share_granted                    予以公开 granted / processed
--   reconsideration_correction_rate  行政复议 结果纠正 / 行政复议 总计
--   litigation_rate                  行政诉讼 总计 (direct + after reconsideration) / processed
-- A rate is null when a number it needs was not printed (blank is never 0) or its denominator is 0.
-- A table rebuilt whole by every build: percentiles compare every agency with its peers.

{%- set threshold = var('benchmark_jump_threshold', 0.2) %}
{%- set min_base = var('benchmark_min_base', 10) %}
{%- set rates = ['denial_rate', 'share_granted', 'reconsideration_correction_rate', 'litigation_rate'] %}

with

reports as (

    select report_id, agency_id, agency_name, report_year
    from {{ ref('int_report_copies') }}
    where is_canonical and agency_id is not null

),

agencies as (

    select agency_id, province_code, province_name, city_code, city_name, county_code, county_name,
        adcode, region_level
    from {{ ref('dim_agencies') }}

),

requests as (

    select
        report_id,
        max(value) filter (where row_code = 'new_received') as requests_received,
        max(value) filter (where row_code = 'total_processed') as requests_processed,
        max(value) filter (where row_code = 'granted') as requests_granted,
        -- every 不予公开 row printed as a number, else unknown (a blank is not 0)
        case when count(*) filter (where row_code like 'denied_%' and value is null) = 0
            then sum(value) filter (where row_code like 'denied_%') end as requests_denied
    from {{ ref('fct_disclosure_requests') }}
    where applicant_type = 'total'
    group by report_id

),

appeals as (

    select
        report_id,
        max(value) filter (where proceeding = 'reconsideration' and outcome = 'total') as reconsiderations,
        max(value) filter (where proceeding = 'reconsideration' and outcome = 'corrected') as reconsiderations_corrected,
        max(value) filter (where proceeding = 'litigation_direct' and outcome = 'total')
            + max(value) filter (where proceeding = 'litigation_after_reconsideration' and outcome = 'total') as litigations
    from {{ ref('fct_appeals') }}
    group by report_id

),

rated as (

    select
        reports.*,
        agencies.* exclude (agency_id),
        requests.* exclude (report_id),
        appeals.* exclude (report_id),
        requests.requests_denied / nullif(requests.requests_processed, 0) as denial_rate,
        requests.requests_granted / nullif(requests.requests_processed, 0) as share_granted,
        appeals.reconsiderations_corrected / nullif(appeals.reconsiderations, 0) as reconsideration_correction_rate,
        appeals.litigations / nullif(requests.requests_processed, 0) as litigation_rate

    from reports
    left join agencies on agencies.agency_id = reports.agency_id
    left join requests on requests.report_id = reports.report_id
    left join appeals on appeals.report_id = reports.report_id

),

compared as (

    select
        *,
        {%- for rate in rates %}
        -- peers: same level, same province, same year, with this rate known (an agency of unknown region has none)
        case when {{ rate }} is not null and province_code is not null then
            percent_rank() over (partition by province_code, region_level, report_year, {{ rate }} is null order by {{ rate }})
        end as {{ rate }}_percentile,
        {%- endfor %}
        case when province_code is not null then count(*) over (partition by province_code, region_level, report_year) end
            as n_peers,
        lag(report_year) over (partition by agency_id order by report_year) as previous_year,
        lag(requests_processed) over (partition by agency_id order by report_year) as previous_processed,
        lag(reconsiderations) over (partition by agency_id order by report_year) as previous_reconsiderations,
        {%- for rate in rates %}
        lag({{ rate }}) over (partition by agency_id order by report_year) as previous_{{ rate }}{{ ',' if not loop.last }}
        {%- endfor %}
    from rated

),

final as (

    select
        * exclude (previous_processed, previous_reconsiderations),
        {%- for rate in rates %}
        {%- set base = 'reconsiderations' if rate == 'reconsideration_correction_rate' else 'requests_processed' %}
        {%- set previous_base = 'previous_reconsiderations' if rate == 'reconsideration_correction_rate' else 'previous_processed' %}
        coalesce(
            previous_year = report_year - 1 and {{ base }} >= {{ min_base }} and {{ previous_base }} >= {{ min_base }}
                and abs({{ rate }} - previous_{{ rate }}) > {{ threshold }},
            false
        ) as {{ rate }}_jump,
        {%- endfor %}
        cast({{ threshold }} as double) as jump_threshold

    from compared

)

select * from final
order by agency_id, report_year
