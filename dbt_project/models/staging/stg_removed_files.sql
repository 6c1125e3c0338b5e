-- 已移除文件: files gone from a watched inbox (their reports are kept), typed.
-- raw.removed_files is created by orchestration/warehouse.py; a raw schema written before it existed
-- (an old fixture or warehouse) has no such table, and then no file counts as removed.

with

source as (

    {{ optional_source('removed_files', {'source_path': 'varchar', 'removed_at': 'timestamp'}) }}

),

renamed as (

    select
        cast(source_path as varchar) as source_path,
        cast(removed_at as timestamp) as removed_at

    from source

),

final as (

    select * from renamed

)

select * from final
