{#-
  Use a custom schema name as written (staging, intermediate, reference, dbt_test__audit) instead of
  dbt's default "<target>_<custom>"; models without one (the marts) go to the target schema (main).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
