{#-
  Assess an additive rule (R1-R4) for every (report_id, subject) of the relation `cells`.

  `cells` has one row per cell the rule needs: report_id, subject, side ('expected' | 'actual'),
  cell_order, cell_label, is_present (false when the cell was not found in the print: its row, column or
  table was not read), absent_group (what was not found when it is a whole row, e.g. 'row granted'; null
  otherwise), value, value_kind, raw_value, inferred, page, source_ref.

  expected = sum of the 'expected' side, actual = sum of the 'actual' side, delta = actual - expected.
  Options for the rules across reports (R6-R8):
  - signed=true: `cells` has a column `sign` (+1 / -1) and each side sums sign * value (R7 subtracts
    `repealed`); cells_involved still shows the value as printed.
  - page_prefix='<sql expression over cells>': pages are qualified by it, e.g. "2023 p.4, 2024 p.3"
    (the year of the report each cell comes from), instead of the plain "3, 4".
  - severity: 'error' (R1-R7) or 'warning' (R8), returned in the column `severity`.
  Outcome: 'not_assessable' when a needed cell was not read from the print — not found, blank, not a
  number, unplaced, OCR-uncertain, or inferred by arithmetic (a value the report did not print) — listed
  in missing_cells with the reason, and expected/actual/delta stay null (a partial sum would be
  misleading); else 'passed' when both sides agree, else 'failed'. So a rule fails only on numbers the
  report printed. A report that does not add up is data, never an error.
-#}
{% macro assess_sum_rule(
    cells, rule_id, rule_name, scope, expected_formula, actual_formula,
    signed=false, page_prefix=none, severity='error'
) -%}

    {%- set term = 'sign * value' if signed else 'value' -%}

    select
        report_id,
        '{{ rule_id }}' as rule_id,
        '{{ rule_name }}' as rule_name,
        '{{ scope }}' as scope,
        '{{ severity }}' as severity,
        subject,
        case
            when n_unusable > 0 or n_expected_cells = 0 or n_actual_cells = 0 then 'not_assessable'
            when abs(actual_sum - expected_sum) < 1e-9 then 'passed'
            else 'failed'
        end as outcome,
        case when n_unusable = 0 and n_expected_cells > 0 and n_actual_cells > 0 then expected_sum end as expected,
        case when n_unusable = 0 and n_expected_cells > 0 and n_actual_cells > 0 then actual_sum end as actual,
        case
            when n_unusable = 0 and n_expected_cells > 0 and n_actual_cells > 0 then actual_sum - expected_sum
        end as delta,
        cells_involved,
        coalesce(
            missing_cells,
            case when n_expected_cells = 0 then 'no cells for {{ expected_formula }}' end,
            case when n_actual_cells = 0 then 'no cells for {{ actual_formula }}' end
        ) as missing_cells,
        involves_inferred,
        pages,
        source_refs,
        cell_roles,
        '{{ rule_id }} {{ rule_name }} [' || subject || ']: ' || case
            when n_unusable > 0 and n_unusable = n_absent and n_absent_groups = 1
                then 'not assessable: ' || absent_group || ' not found in the print'
            when n_unusable > 0 or n_expected_cells = 0 or n_actual_cells = 0
                then 'not assessable, missing '
                    || coalesce(
                        missing_cells,
                        case when n_expected_cells = 0 then 'no cells for {{ expected_formula }}' end,
                        'no cells for {{ actual_formula }}'
                    )
            when abs(actual_sum - expected_sum) < 1e-9
                then '{{ expected_formula }} = ' || {{ format_number('expected_sum') }}
                    || ' = {{ actual_formula }}'
            else '{{ expected_formula }} = ' || {{ format_number('expected_sum') }}
                || ' but {{ actual_formula }} = ' || {{ format_number('actual_sum') }}
                || ' (delta ' || {{ format_signed_number('actual_sum - expected_sum') }} || ')'
        end as message

    from (

        select
            report_id,
            subject,
            sum({{ term }}) filter (where side = 'expected' and is_usable) as expected_sum,
            sum({{ term }}) filter (where side = 'actual' and is_usable) as actual_sum,
            count(*) filter (where side = 'expected') as n_expected_cells,
            count(*) filter (where side = 'actual') as n_actual_cells,
            count(*) filter (where not is_usable) as n_unusable,
            count(*) filter (where not is_present) as n_absent,
            count(distinct absent_group) filter (where not is_present) as n_absent_groups,
            min(absent_group) filter (where not is_present) as absent_group,
            string_agg(cell_label || '=' || cell_display, '; ' order by cell_order) as cells_involved,
            string_agg(cell_label || ' ' || {{ format_missing_cell('is_present', 'value', 'value_kind', 'raw_value', 'inferred') }}, ', '
                order by cell_order) filter (where not is_usable) as missing_cells,
            coalesce(bool_or(is_present and inferred), false) as involves_inferred,
            {%- if page_prefix is none %}
            nullif(array_to_string(list_sort(list_distinct(list(page))), ', '), '') as pages,
            {%- else %}
            nullif(
                array_to_string(
                    list_transform(
                        list_sort(list_distinct(
                            list({'prefix': {{ page_prefix }}, 'page': page}) filter (where page is not null)
                        )),
                        lambda p: p.prefix || ' p.' || p.page
                    ),
                    ', '
                ),
                ''
            ) as pages,
            {%- endif %}
            string_agg(cell_label || ' @ ' || source_ref, '; ' order by cell_order) as source_refs,
            -- which side each cell is on (the evidence pictures draw the two sides in two colours)
            string_agg(side || ':' || cell_label, '; ' order by cell_order) as cell_roles

        from (

            select
                *,
                -- printed evidence only: an inferred value was not printed (ingestion/tables/short_rows.py)
                is_present and value_kind = 'number' and value is not null and not coalesce(inferred, false) as is_usable,
                {{ format_cell('is_present', 'value', 'value_kind', 'raw_value', 'inferred') }} as cell_display
            from {{ cells }}

        ) as flagged

        group by report_id, subject

    ) as summed

{%- endmacro %}
