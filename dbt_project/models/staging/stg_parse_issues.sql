-- 解析问题: findings noted while reading a report, typed.

with

source as (

    select * from {{ source('raw', 'parse_issues') }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(issue_code as varchar) as issue_code,
        cast(severity as varchar) as severity,
        cast(table_name as varchar) as table_name,
        cast(message as varchar) as message,
        {{ stg_provenance_columns() }}

    from source

),

final as (

    select * from renamed

)

select * from final
