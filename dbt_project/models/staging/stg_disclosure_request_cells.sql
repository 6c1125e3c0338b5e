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

corrected as (

    -- the reviewers' live corrections (data/corrections.csv -> raw.corrections); raw_value stays as printed
    {{ apply_corrections('renamed', '三', "renamed.row_code", "renamed.applicant_type") }}

),

final as (

    select * from corrected

)

select * from final
