-- 正文数字: the figures the prose states (共收到政府信息公开申请 N 件, 行政复议 N 件 …), for rule R8, typed.

with

source as (

    select * from {{ source('raw', 'prose_figures') }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(figure as varchar) as figure,
        cast(value as double) as value,
        cast(stated_text as varchar) as stated_text,
        {{ stg_provenance_columns() }}

    from source

),

final as (

    select * from renamed

)

select * from final
