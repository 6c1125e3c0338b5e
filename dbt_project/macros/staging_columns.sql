{#- The value and provenance columns every raw cell table shares (ingestion/frames.py VALUE_SCHEMA,
    PROVENANCE_SCHEMA), typed once here so the staging models stay identical. -#}

{% macro stg_value_columns() -%}
        cast(value as double) as value,
        cast(value_kind as varchar) as value_kind,
        cast(raw_value as varchar) as raw_value,
        coalesce(cast(inferred as boolean), false) as inferred,
        cast(inference_reason as varchar) as inference_reason,
        cast(confidence as double) as confidence
{%- endmacro %}

{% macro stg_provenance_columns() -%}
        cast(page as integer) as page,
        cast(x0 as double) as x0,
        cast("top" as double) as "top",
        cast(x1 as double) as x1,
        cast(bottom as double) as bottom,
        cast(line as integer) as line,
        cast(source_table as integer) as source_table,
        cast(source_row as integer) as source_row,
        cast(source_col as integer) as source_col,
        cast(source_ref as varchar) as source_ref
{%- endmacro %}
