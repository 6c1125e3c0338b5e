{#- A raw table that may be absent (a raw schema written before the loader created it): its rows when it
    exists, else no rows with the given columns ({'name': 'type'}). -#}

{% macro optional_source(table_name, columns) -%}
    {%- set relation = source('raw', table_name) -%}
    {%- set existing = load_relation(relation) if execute else none -%}
    {%- if existing is not none -%}
    select * from {{ relation }}
    {%- else -%}
    select
        {%- for name, type in columns.items() %}
        cast(null as {{ type }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    where false
    {%- endif -%}
{%- endmacro %}
