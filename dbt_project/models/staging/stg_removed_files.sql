-- 已移除文件: files gone from a watched inbox (their reports are kept), typed.
-- raw.removed_files is created by orchestration/warehouse.py; a raw schema written before it existed
-- (an old fixture or warehouse) has no such table, and then no file counts as removed.

{%- set removed_files = source('raw', 'removed_files') %}
{%- set existing = load_relation(removed_files) if execute else none %}

with

{% if existing is not none -%}

source as (

    select * from {{ removed_files }}

),

{%- else -%}

source as (

    select
        cast(null as varchar) as source_path,
        cast(null as timestamp) as removed_at
    where false

),

{%- endif %}

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
