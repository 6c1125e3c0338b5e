-- 表三 收到和处理政府信息公开申请情况: one row per report × row_code × applicant_type, typed.

with

source as (

    select * from {{ source('raw', 'disclosure_request_cells') }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(row_code as varchar) as row_code,
        cast(applicant_type as varchar) as applicant_type,
        {{ stg_value_columns() }},
        {{ stg_provenance_columns() }}

    from source

),

final as (

    select * from renamed

)

select * from final
