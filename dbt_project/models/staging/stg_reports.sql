-- 报告: one row per input file, typed.

with

source as (

    select * from {{ source('raw', 'reports') }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(source_file as varchar) as source_file,
        cast(source_path as varchar) as source_path,
        cast(file_format as varchar) as file_format,
        cast(content_hash as varchar) as content_hash,
        cast(file_size as bigint) as file_size,
        cast(status as varchar) as status,
        cast(status_reason as varchar) as status_reason,
        cast(agency_name as varchar) as agency_name,
        cast(agency_name_source as varchar) as agency_name_source,
        cast(region as varchar) as region,
        nullif(trim(cast(agency_key as varchar)), '') as agency_key,
        nullif(trim(cast(agency_city as varchar)), '') as agency_city,
        cast(report_year as integer) as report_year,
        cast(template_version as varchar) as template_version,
        cast(table2_template as varchar) as table2_template,
        cast(table3_template as varchar) as table3_template,
        cast(page_count as integer) as page_count,
        coalesce(cast(ocr as boolean), false) as ocr,
        cast(parser_version as varchar) as parser_version,
        cast(parsed_at as timestamp) as parsed_at

    from source

),

final as (

    select * from renamed

)

select * from final
