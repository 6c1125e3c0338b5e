{#- Incremental marts keyed by report_id: on an incremental run a mart deletes the rows of the reports in
    int_rebuild_scope (pre-hook) and inserts them again from its SQL, restricted to that scope. A full
    build (first run, `ogi run --full-refresh`, or a changed dbt project) builds everything. -#}

{#- ref() is called before the if: dbt parses a model with is_incremental() false, and a ref() only inside
    the branch would hide the dependency on int_rebuild_scope from the DAG (it then had to be declared by
    hand with a `-- depends_on:` comment in every model). Every incremental model calls in_rebuild_scope. -#}
{% macro in_rebuild_scope(column='report_id') -%}
    {%- set rebuild_scope = ref('int_rebuild_scope') -%}
    {%- if is_incremental() -%}
    {{ column }} in (select report_id from {{ rebuild_scope }})
    {%- else -%}
    true
    {%- endif -%}
{%- endmacro %}

{#- The pre-hook of every model of the intermediate and marts folders (dbt_project.yml): nothing unless the
    model is incremental and its table exists. Its ref() stays inside the branch: dbt adds the folder's hook
    to the views and the table among them too, which must not gain a dependency on int_rebuild_scope. -#}
{% macro delete_rebuild_scope() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where report_id in (select report_id from {{ ref('int_rebuild_scope') }})
    {%- endif -%}
{%- endmacro %}
