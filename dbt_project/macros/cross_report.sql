{#-
  Pairs of reports of the same agency in consecutive years (R6, R7): every report of year Y of the
  relation `reports` (report_id, agency_id, report_year, source_file) with every report of year Y-1 of
  the same agency_id. An agency with two reports for one year gives one pair per combination (each is
  assessed); n_reports_year / n_reports_previous_year say how many there are, and `pair_note` says so
  in words (null when each year has a single report).
-#}
{% macro consecutive_year_pairs(reports) -%}

    select
        current_report.report_id,
        previous_report.report_id as previous_report_id,
        current_report.agency_id,
        current_report.report_year,
        previous_report.report_year as previous_year,
        current_report.source_file,
        previous_report.source_file as previous_source_file,
        current_count.n_reports as n_reports_year,
        previous_count.n_reports as n_reports_previous_year,
        case
            when current_count.n_reports > 1 or previous_count.n_reports > 1
                then ' [the agency has ' || current_count.n_reports || ' report(s) for '
                    || current_report.report_year || ' and ' || previous_count.n_reports || ' for '
                    || previous_report.report_year || '; each pair is assessed, this one is '
                    || coalesce(previous_report.source_file, '?') || ' (' || previous_report.report_id || ') -> '
                    || coalesce(current_report.source_file, '?') || ' (' || current_report.report_id || ')]'
        end as pair_note

    from {{ reports }} as current_report
    inner join {{ reports }} as previous_report
        on previous_report.agency_id = current_report.agency_id
        and previous_report.report_year = current_report.report_year - 1
    inner join (
        select agency_id, report_year, count(*) as n_reports from {{ reports }} group by agency_id, report_year
    ) as current_count
        on current_count.agency_id = current_report.agency_id
        and current_count.report_year = current_report.report_year
    inner join (
        select agency_id, report_year, count(*) as n_reports from {{ reports }} group by agency_id, report_year
    ) as previous_count
        on previous_count.agency_id = previous_report.agency_id
        and previous_count.report_year = previous_report.report_year

{%- endmacro %}

{#-
  The subject of a cross-report result: "<what> (Y←Y-1)", with the earlier report's id added when the
  agency has several reports for Y-1 (so each pair keeps its own rule_result_id).
-#}
{% macro pair_subject(what, pairs) -%}
    {{ what }} || ' (' || {{ pairs }}.report_year || '←' || {{ pairs }}.previous_year
        || case when {{ pairs }}.n_reports_previous_year > 1 then ' ' || {{ pairs }}.previous_report_id else '' end
        || ')'
{%- endmacro %}
