{#-
  The cells a rule within one report (R1-R4) needs, in the shape assess_sum_rule reads: one row per row of
  the relation `keys`, which lists the cells the rule needs (report_id, subject, side, cell_order,
  cell_label, and the columns named in `match` that identify the cell within the report), joined to the
  cell of the relation `cells` with the same report_id and the same value in every `match` column.
  A needed cell not found in the print keeps its row, with is_present false and null values, so the rule
  comes out not assessable instead of summing fewer cells. `absent_group` is an SQL expression over `keys`
  naming what was not found when a whole row is missing (e.g. "'row ' || cell_keys.row_code"), for the
  message; null (the default) lists the cells one by one.

    needed_cells('cell_keys', 'cells', ['row_code', 'applicant_type'], "'row ' || cell_keys.row_code")
-#}
{% macro needed_cells(keys, cells, match, absent_group='null') -%}

    select
        {{ keys }}.report_id,
        {{ keys }}.subject,
        {{ keys }}.side,
        {{ keys }}.cell_order,
        {{ keys }}.cell_label,
        {{ cells }}.report_id is not null as is_present,
        cast({{ absent_group }} as varchar) as absent_group,
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
