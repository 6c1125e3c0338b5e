-- 报告维度: one row per input file, with what was read from it (and how many of its printed numbers were
-- placed: the parser's accounting), the agency it belongs to across years, whether it is the canonical
-- report of its agency and year or a copy (duplicate_of, duplicate_reason: int_report_copies), whether the
-- file is gone from the watched inbox (the report is kept) and how its rules came out (canonical reports
-- only: the rules of a copy are not in fct_rule_results).

with

reports as (

    select * from {{ ref('stg_reports') }}
    where {{ in_rebuild_scope() }}

),

agencies as (

    select report_id, agency_id, is_canonical, duplicate_of, duplicate_reason, n_copies
    from {{ ref('int_report_copies') }}

),

accounting as (

    select
        report_id,
        cast(sum(printed) as bigint) as numbers_printed,
        cast(sum(placed) as bigint) as numbers_placed,
        cast(sum(inferred) as bigint) as numbers_inferred,
        cast(sum(unplaced) as bigint) as numbers_unplaced,
        cast(sum(uncertain) as bigint) as numbers_uncertain,
        string_agg(
            '表' || table_code || ' ' || unplaced || ' unplaced, first at ' || coalesce(first_unplaced_source_ref, '?'),
            '; ' order by table_code
        ) filter (where unplaced > 0) as unplaced_where
    from {{ ref('fct_report_accounting') }}
    where {{ in_rebuild_scope() }}
    group by report_id

),

disagreements as (

    -- findings of the canonical report (report_id) and of each copy (copy_report_id)
    select report_id, count(*) as n_copy_disagreements
    from (
        select report_id from {{ ref('fct_copy_disagreements') }}
        union all
        select copy_report_id as report_id from {{ ref('fct_copy_disagreements') }}
    ) as findings
    group by report_id

),

removed_files as (

    select * from {{ ref('stg_removed_files') }}

),

table2 as (

    -- staging, not the fact: a copy's cells count too (the facts hold canonical reports only)
    select * from {{ ref('stg_administrative_action_cells') }}
    where {{ in_rebuild_scope() }}

),

table3 as (

    -- staging, not the fact: a copy's cells count too (the facts hold canonical reports only)
    select * from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope() }}

),

table4 as (

    -- staging, not the fact: a copy's cells count too (the facts hold canonical reports only)
    select * from {{ ref('stg_appeal_cells') }}
    where {{ in_rebuild_scope() }}

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
        coalesce(agencies.is_canonical, true) as is_canonical,
        agencies.duplicate_of,
        agencies.duplicate_reason,
        coalesce(agencies.n_copies, 1) as n_copies,
        coalesce(disagreements.n_copy_disagreements, 0) as n_copy_disagreements,
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
        accounting.numbers_printed,
        accounting.numbers_placed,
        accounting.numbers_inferred,
        accounting.numbers_unplaced,
        accounting.numbers_uncertain,
        accounting.unplaced_where,
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
    left join accounting on accounting.report_id = reports.report_id
    left join disagreements on disagreements.report_id = reports.report_id
    left join removed_files on removed_files.source_path = reports.source_path
    left join cell_counts on cell_counts.report_id = reports.report_id
    left join issues on issues.report_id = reports.report_id
    left join sections on sections.report_id = reports.report_id
    left join rule_counts on rule_counts.report_id = reports.report_id

)

select * from final
order by report_id
