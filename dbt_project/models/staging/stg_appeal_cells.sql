-- 表四 行政复议、行政诉讼情况: one row per report × proceeding × outcome, typed.

with

source as (

    select * from {{ source('raw', 'appeal_cells') }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(proceeding as varchar) as proceeding,
        cast(outcome as varchar) as outcome,
        {{ stg_value_columns() }},
        {{ stg_provenance_columns() }}

    from source

),

corrected as (

    -- the reviewers' live corrections (data/corrections.csv -> raw.corrections); raw_value stays as printed
    {{ apply_corrections('renamed', '四', "renamed.proceeding", "renamed.outcome") }}

),

final as (

    select * from corrected

)

select * from final
