{#-
  The cells of one raw cell table with the reviewers' live corrections applied (stg_cell_corrections).
  `cells` is the typed relation (a CTE of the staging model), `table_code` 二/三/四, `row_expr` and
  `column_expr` the SQL naming the cell as the log does (table 三: row_code, applicant_type). Raw tables
  are never changed: a corrected cell keeps raw_value (as printed) and printed_value / printed_value_kind
  (as parsed), and says who corrected it, when and why. `correct` sets the value; `confirm` reads an
  uncertain OCR cell as printed (the log's value, else the number OCR read). Either makes the cell a
  number read by a person, no longer inferred or uncertain, so the rules use it (and say so).
-#}
{% macro apply_corrections(cells, table_code, row_expr, column_expr) -%}

    select
        {{ cells }}.* replace (
            case
                when fix.correction_id is null then {{ cells }}.value
                else coalesce(fix.corrected_value, try_cast({{ cells }}.raw_value as double), {{ cells }}.value)
            end as value,
            case when fix.correction_id is null then {{ cells }}.value_kind else 'number' end as value_kind,
            case when fix.correction_id is null then {{ cells }}.inferred else false end as inferred,
            case when fix.correction_id is null then {{ cells }}.inference_reason end as inference_reason
        ),
        fix.correction_id is not null as corrected,
        fix.correction_id,
        fix.correction_action,
        {{ cells }}.value as printed_value,
        {{ cells }}.value_kind as printed_value_kind,
        fix.corrected_by,
        fix.corrected_at,
        fix.correction_reason

    from {{ cells }}
    left join {{ ref('stg_cell_corrections') }} as fix
        on fix.report_id = {{ cells }}.report_id
        and fix.table_code = '{{ table_code }}'
        and fix.row_key = {{ row_expr }}
        and fix.column_key = {{ column_expr }}

{%- endmacro %}
