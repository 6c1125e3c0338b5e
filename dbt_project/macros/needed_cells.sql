{#-
  The cells a rule within one report (R1-R4) needs, in the shape assess_sum_rule reads: one row per row of
  the relation `keys`, which lists the cells the rule needs (report_id, subject, side, cell_order,
  cell_label, and the columns named in `match` that identify the cell within the report), joined to the
  cell of the relation `cells` with the same report_id and the same value in every `match` column.
  A needed cell the report does not print at all keeps its row, with is_present false and null values,
  so the rule comes out not assessable instead of summing fewer cells.

    needed_cells('cell_keys', 'cells', ['row_code', 'applicant_type'])
-#}
{% macro needed_cells(keys, cells, match) -%}

    select
        {{ keys }}.report_id,
        {{ keys }}.subject,
        {{ keys }}.side,
        {{ keys }}.cell_order,
        {{ keys }}.cell_label,
        {{ cells }}.report_id is not null as is_present,
        {{ cells }}.value,
        {{ cells }}.value_kind,
        {{ cells }}.raw_value,
        {{ cells }}.inferred,
        {{ cells }}.page,
        {{ cells }}.source_ref

    from {{ keys }}
    left join {{ cells }}
        on {{ cells }}.report_id = {{ keys }}.report_id
        {%- for column in match %}
        and {{ cells }}.{{ column }} = {{ keys }}.{{ column }}
        {%- endfor %}

{%- endmacro %}
