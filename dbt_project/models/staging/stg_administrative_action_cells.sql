-- 表二 主动公开政府信息情况: one row per report × item × category × metric, typed.

with

source as (

    select * from {{ source('raw', 'administrative_action_cells') }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(item as varchar) as item,
        cast(category as varchar) as category,
        cast(metric as varchar) as metric,
        cast(unit as varchar) as unit,
        {{ stg_value_columns() }},
        {{ stg_provenance_columns() }}

    from source

),

corrected as (

    -- the reviewers' live corrections (data/corrections.csv -> raw.corrections); raw_value stays as printed
    {{ apply_corrections('renamed', '二', "renamed.item", "renamed.category || '.' || renamed.metric") }}

),

final as (

    select * from corrected

)

select * from final
