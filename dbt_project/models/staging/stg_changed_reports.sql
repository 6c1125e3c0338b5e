-- 变更的报告: reports loaded (or marked removed / back) since the last successful build, with their agency
-- keys before and after the change. raw.changed_reports is written by orchestration/warehouse.py and
-- emptied after each successful build; a raw schema written before it existed has none (nothing changed).

with

source as (

    {{ optional_source('changed_reports', {'report_id': 'varchar', 'agency_key': 'varchar'}) }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(agency_key as varchar) as agency_key

    from source

),

final as (

    select distinct * from renamed

)

select * from final
