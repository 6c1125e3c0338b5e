{#- A DOUBLE printed the way a report prints it: 3 not 3.0, 2.5 stays 2.5, null stays null. -#}
{% macro format_number(expr) -%}
    case
        when {{ expr }} is null then null
        when {{ expr }} = trunc({{ expr }}) and abs({{ expr }}) < 1e15
            then cast(cast({{ expr }} as bigint) as varchar)
        else cast({{ expr }} as varchar)
    end
{%- endmacro %}

{#- The same with an explicit sign, for deltas: +2, -1, 0. -#}
{% macro format_signed_number(expr) -%}
    case when {{ expr }} > 0 then '+' else '' end || {{ format_number(expr) }}
{%- endmacro %}

{#- How one cell shows in `cells_involved`: its number (marked when inferred), or why there is none. -#}
{% macro format_cell(is_present, value, value_kind, raw_value, inferred) -%}
    case
        when not {{ is_present }} then '(not found in the print)'
        when {{ value_kind }} = 'number' and {{ value }} is not null
            then {{ format_number(value) }} || case when {{ inferred }} then ' [inferred]' else '' end
        when {{ value_kind }} = 'unplaced' then '(unplaced: row printed too few numbers)'
        when {{ value_kind }} = 'uncertain'
            then '(uncertain: OCR read ' || coalesce('"' || {{ raw_value }} || '"', 'nothing') || ' with low confidence)'
        when {{ value_kind }} = 'blank' or coalesce(trim({{ raw_value }}), '') = '' then '(blank)'
        else '(' || coalesce({{ value_kind }}, 'unknown') || ': ' || {{ raw_value }} || ')'
    end
{%- endmacro %}

{#- Why a needed cell gives the rule no printed number, as `missing_cells` shows it: as format_cell, except
    that an inferred number says it was recovered by arithmetic, not printed. -#}
{% macro format_missing_cell(is_present, value, value_kind, raw_value, inferred) -%}
    case
        when {{ is_present }} and {{ value_kind }} = 'number' and {{ value }} is not null and {{ inferred }}
            then '(inferred by arithmetic, not printed: ' || {{ format_number(value) }} || ')'
        else {{ format_cell(is_present, value, value_kind, raw_value, inferred) }}
    end
{%- endmacro %}
