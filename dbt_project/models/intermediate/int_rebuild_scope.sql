{#- A view, not the folder's incremental table: it is the rebuild scope itself, read live from raw.changed_reports
    by every incremental model in the same build (and left out of incremental builds, like every view). -#}
{{ config(materialized='view') }}
-- 增量重建范围: the reports an incremental build rebuilds — every changed report, and every report of an
-- agency (agency_key) a changed report belongs to, before or after its change: agency_id, the
-- cross-year rules R6/R7 and fct_year_over_year compare an agency's reports with each other.

with

changed as (

    select * from {{ ref('stg_changed_reports') }}

),

reports as (

    select report_id, agency_key from {{ ref('stg_reports') }}

),

touched_agencies as (

    select distinct agency_key from changed where agency_key is not null

),

final as (

    select report_id from changed
    union
    select reports.report_id
    from reports
    inner join touched_agencies on touched_agencies.agency_key = reports.agency_key

)

select * from final
