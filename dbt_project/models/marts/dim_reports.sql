-- 报告维度: one row per input file, with what was read from it, the agency it belongs to across years,
-- whether the file is gone from the watched inbox (the report is kept) and how its rules came out.

with

reports as (

    select * from {{ ref('stg_reports') }}
    where {{ in_rebuild_scope() }}

),

agencies as (

    select report_id, agency_id from {{ ref('int_report_agencies') }}

),

removed_files as (

    select * from {{ ref('stg_removed_files') }}

),

table2 as (

    select * from {{ ref('fct_administrative_actions') }}

),

table3 as (

    select * from {{ ref('fct_disclosure_requests') }}

),

table4 as (

    select * from {{ ref('fct_appeals') }}

),

issues as (

    select report_id, count(*) as n_parse_issues
    from {{ ref('stg_parse_issues') }}
    group by report_id

),

sections as (

    select report_id, count(*) as n_sections
    from {{ ref('stg_report_sections') }}
    group by report_id

),

all_cells as (

    select report_id, 'table2' as table_code, value_kind, inferred from table2
    union all
    select report_id, 'table3' as table_code, value_kind, inferred from table3
    union all
    select report_id, 'table4' as table_code, value_kind, inferred from table4

),

cell_counts as (

    select
        report_id,
        count(*) filter (where table_code = 'table2') as n_administrative_action_cells,
        count(*) filter (where table_code = 'table3') as n_disclosure_request_cells,
        count(*) filter (where table_code = 'table4') as n_appeal_cells,
        count(*) filter (where value_kind = 'number') as n_number_cells,
        count(*) filter (where value_kind = 'blank') as n_blank_cells,
        count(*) filter (where value_kind = 'not_applicable') as n_not_applicable_cells,
        count(*) filter (where value_kind = 'text') as n_text_cells,
        count(*) filter (where value_kind = 'uncertain') as n_uncertain_cells,
        count(*) filter (where inferred) as n_inferred_cells
    from all_cells
    group by report_id

),

rule_counts as (

    select
        report_id,
        count(*) as n_rule_results,
        count(*) filter (where outcome = 'passed') as n_rule_results_passed,
        count(*) filter (where outcome = 'failed') as n_rule_results_failed,
        count(*) filter (where outcome = 'not_assessable') as n_rule_results_not_assessable,
        count(distinct rule_id) filter (where outcome = 'failed') as n_rules_failed,
        nullif(
            array_to_string(list_sort(list_distinct(list(rule_id) filter (where outcome = 'failed'))), ', '),
            ''
        ) as rules_failed
    from {{ ref('fct_rule_results') }}
    group by report_id

),

final as (

    select
        reports.report_id,
        reports.agency_name,
        reports.agency_name_source,
        reports.region,
        reports.agency_key,
        reports.agency_city,
        agencies.agency_id,
        reports.report_year,
        reports.template_version,
        reports.table2_template,
        reports.table3_template,
        reports.source_file,
        reports.source_path,
        reports.file_format,
        reports.content_hash,
        reports.file_size,
        reports.page_count,
        reports.ocr,
        reports.status,
        reports.status_reason,
        reports.parser_version,
        reports.parsed_at,
        removed_files.source_path is not null as is_removed,
        removed_files.removed_at,
        coalesce(cell_counts.n_administrative_action_cells, 0) as n_administrative_action_cells,
        coalesce(cell_counts.n_disclosure_request_cells, 0) as n_disclosure_request_cells,
        coalesce(cell_counts.n_appeal_cells, 0) as n_appeal_cells,
        coalesce(cell_counts.n_number_cells, 0) as n_number_cells,
        coalesce(cell_counts.n_blank_cells, 0) as n_blank_cells,
        coalesce(cell_counts.n_not_applicable_cells, 0) as n_not_applicable_cells,
        coalesce(cell_counts.n_text_cells, 0) as n_text_cells,
        coalesce(cell_counts.n_uncertain_cells, 0) as n_uncertain_cells,
        coalesce(cell_counts.n_inferred_cells, 0) as n_inferred_cells,
        coalesce(issues.n_parse_issues, 0) as n_parse_issues,
        coalesce(sections.n_sections, 0) as n_sections,
        coalesce(rule_counts.n_rule_results, 0) as n_rule_results,
        coalesce(rule_counts.n_rule_results_passed, 0) as n_rule_results_passed,
        coalesce(rule_counts.n_rule_results_failed, 0) as n_rule_results_failed,
        coalesce(rule_counts.n_rule_results_not_assessable, 0) as n_rule_results_not_assessable,
        coalesce(rule_counts.n_rules_failed, 0) as n_rules_failed,
        rule_counts.rules_failed

    from reports
    left join agencies on agencies.report_id = reports.report_id
    left join removed_files on removed_files.source_path = reports.source_path
    left join cell_counts on cell_counts.report_id = reports.report_id
    left join issues on issues.report_id = reports.report_id
    left join sections on sections.report_id = reports.report_id
    left join rule_counts on rule_counts.report_id = reports.report_id

)

select * from final
order by report_id
