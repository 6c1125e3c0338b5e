{#-
  The rows of table 三 each report must print, from the template, for the rules within one report (R2, R3):
  one row per report printing table 三 (a report with a cell in the relation `cells`) × needed row_code,
  with sort_order, is_outcome_leaf and is_printed (false: the row was not found in the print).

  A report needs the rows of its template (seed ref_request_rows, column `templates`; the report's
  table3_template, else its template_version, else 2019) and every row it prints. （六）其他处理 may be printed
  as one row (other_handling alone, the 2019 form, which 2021 reports also use) or as the three 2021
  sub-rows (other_overdue_correction, other_unpaid_fee, other_handling '3.其他'): the 2021-only sub-rows are
  not needed when the report prints other_handling and neither of them. So a report printing sub-rows 1
  and 2 but whose '3、其他' row was not read needs other_handling, and the rules that need it come out
  not assessable ("row other_handling not found in the print") instead of failing by its amount.
-#}
{% macro table3_needed_rows(cells) -%}

    select
        report_rows.report_id,
        request_rows.row_code,
        request_rows.sort_order,
        request_rows.is_outcome_leaf,
        printed_rows.row_code is not null as is_printed

    from (

        -- per report: its table 三 template and how it prints （六）其他处理
        select
            printed.report_id,
            coalesce(any_value(reports.table3_template), any_value(reports.template_version), '2019') as template,
            bool_or(printed.row_code = 'other_handling') as prints_other_handling,
            coalesce(bool_or(not list_contains(string_split(template_rows.templates, ' '), '2019')), false)
                as prints_2021_sub_rows
        from (select distinct report_id, row_code from {{ cells }}) as printed
        left join {{ ref('ref_request_rows') }} as template_rows on template_rows.row_code = printed.row_code
        left join {{ ref('stg_reports') }} as reports on reports.report_id = printed.report_id
        group by printed.report_id

    ) as report_rows

    cross join {{ ref('ref_request_rows') }} as request_rows

    left join (select distinct report_id, row_code from {{ cells }}) as printed_rows
        on printed_rows.report_id = report_rows.report_id
        and printed_rows.row_code = request_rows.row_code

    where printed_rows.row_code is not null
        or (
            list_contains(string_split(request_rows.templates, ' '), report_rows.template)
            and not (
                not list_contains(string_split(request_rows.templates, ' '), '2019')
                and report_rows.prints_other_handling
                and not report_rows.prints_2021_sub_rows
            )
        )

{%- endmacro %}
