-- 变更的报告: reports loaded (or marked removed / back) since the last successful build, with their agency
-- keys before and after the change. raw.changed_reports is written by orchestration/warehouse.py and
-- emptied after each successful build; a raw schema written before it existed has none (nothing changed).

{%- set changed = source('raw', 'changed_reports') %}
{%- set existing = load_relation(changed) if execute else none %}

with

{% if existing is not none -%}

source as (

    select * from {{ changed }}

),

{%- else -%}

source as (

    select
        cast(null as varchar) as report_id,
        cast(null as varchar) as agency_key
    where false

),

{%- endif %}

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
