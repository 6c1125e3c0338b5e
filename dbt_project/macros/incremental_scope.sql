{#- Incremental marts keyed by report_id: on an incremental run a mart deletes the rows of the reports in
    int_rebuild_scope (pre-hook) and inserts them again from its SQL, restricted to that scope. A full
    build (first run, `ogi run --full-refresh`, or a changed dbt project) builds everything. -#}

{% macro in_rebuild_scope(column='report_id') -%}
    {%- if is_incremental() -%}
    {{ column }} in (select report_id from {{ ref('int_rebuild_scope') }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{% macro delete_rebuild_scope() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where report_id in (select report_id from {{ ref('int_rebuild_scope') }})
    {%- endif -%}
{%- endmacro %}
