-- 报告章节: the numbered prose sections of a report, typed.

with

source as (

    select * from {{ source('raw', 'report_sections') }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(section_no as integer) as section_no,
        cast(heading as varchar) as heading,
        cast(body as varchar) as body,
        {{ stg_provenance_columns() }}

    from source

),

final as (

    select * from renamed

)

select * from final
