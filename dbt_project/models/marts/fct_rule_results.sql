-- 勾稽关系检查结果: one row per report × rule × subject, R1-R5 within a report (column / row / proceeding /
-- cell), R6-R7 across the reports of one agency (the later year's report holds the result, the earlier
-- one is previous_report_id) and R8 prose vs table (severity 'warning'; the others are 'error').
-- One copy per agency and year counts: the canonical report's results (int_report_copies, dim_reports.duplicate_of).
-- "Which agencies' reports don't add up" is:
--   select * from fct_rule_results where outcome = 'failed' and severity = 'error'.

with

r1 as (select * from {{ ref('int_rule_r1_balance') }}),

r2 as (select * from {{ ref('int_rule_r2_outcomes') }}),

r3 as (select * from {{ ref('int_rule_r3_applicants') }}),

r4 as (select * from {{ ref('int_rule_r4_appeals') }}),

r5 as (select * from {{ ref('int_rule_r5_non_negative') }}),

r6 as (select * from {{ ref('int_rule_r6_carry_over') }}),

r7 as (select * from {{ ref('int_rule_r7_documents_in_force') }}),

r8 as (select * from {{ ref('int_rule_r8_prose_vs_table') }}),

reports as (

    -- canonical reports only (int_report_copies): a copy's results stay in the intermediate rule tables
    select report_id, agency_name, agency_id, report_year from {{ ref('int_report_copies') }}
    where is_canonical

),

formats as (

    select report_id, file_format, ocr from {{ ref('stg_reports') }}

),

corrections as (

    -- the live cell corrections: a result whose cells include a corrected one was computed on it
    select * from {{ ref('stg_cell_corrections') }}

),

rule_reviews as (

    -- a rule failure a reviewer confirmed with the agency (corrections log, action confirm_rule)
    select report_id, rule_id, subject, reason as review_note, reviewed_by, recorded_at as reviewed_at
    from {{ ref('stg_corrections') }}
    where is_live and action = 'confirm_rule'

),

unioned as (

    select * from r1
    union all by name
    select * from r2
    union all by name
    select * from r3
    union all by name
    select * from r4
    union all by name
    select * from r5
    union all by name
    select * from r6
    union all by name
    select * from r7
    union all by name
    select * from r8

),

assembled as (

    select
        unioned.report_id || ':' || unioned.rule_id || ':' || unioned.subject as rule_result_id,
        unioned.report_id,
        reports.agency_name,
        reports.agency_id,
        reports.report_year,
        unioned.rule_id,
        unioned.rule_name,
        unioned.scope,
        unioned.subject,
        unioned.outcome,
        unioned.severity,
        cast(unioned.expected as double) as expected,
        cast(unioned.actual as double) as actual,
        cast(unioned.delta as double) as delta,
        unioned.cells_involved,
        unioned.missing_cells,
        unioned.involves_inferred,
        unioned.pages,
        unioned.source_refs,
        unioned.message,
        unioned.previous_report_id,
        unioned.cell_roles,
        formats.file_format,
        formats.ocr

    from unioned
    inner join reports on reports.report_id = unioned.report_id
    left join formats on formats.report_id = unioned.report_id
    where {{ in_rebuild_scope('unioned.report_id') }}

),

corrected_cells as (

    -- the corrected cells each result used: the cell's label appears among its cells (R6/R7: either report)
    select
        assembled.rule_result_id,
        string_agg(
            corrections.row_key || '.' || corrections.column_key || ' corrected to '
                || coalesce({{ format_number('corrections.corrected_value') }}, 'as printed')
                || ' by ' || coalesce(corrections.corrected_by, '?') || ' (' || corrections.correction_id || ')',
            '; ' order by corrections.row_key, corrections.column_key
        ) as corrections_used

    from assembled
    inner join corrections
        on corrections.report_id in (assembled.report_id, assembled.previous_report_id)
        and (
            -- ' ' before the label: granted.total must not match partially_granted.total
            position(' ' || corrections.row_key || '.' || corrections.column_key || '=' in ' ' || coalesce(assembled.cells_involved, '')) > 0
            or assembled.subject like '%:' || corrections.row_key || '.' || corrections.column_key  -- R5: table3:row.col
        )
    group by assembled.rule_result_id

),

final as (

    select
        assembled.* exclude (cell_roles, file_format, ocr, message),
        assembled.message || coalesce(' [re-run on corrected values: ' || corrected_cells.corrections_used || ']', '') as message,
        corrected_cells.rule_result_id is not null as uses_corrections,
        corrected_cells.corrections_used,
        rule_reviews.reviewed_by is not null and assembled.outcome = 'failed' as confirmed_with_agency,
        rule_reviews.review_note,
        rule_reviews.reviewed_by,
        rule_reviews.reviewed_at,
        assembled.cell_roles,
        -- the evidence of a failed or not-assessable result, relative to the lake (orchestration/review/evidence/):
        -- a PNG crop of the page for PDFs and scans, an HTML fragment of the table otherwise. The name carries a
        -- digest of what the result says, so a changed result gets a new picture and an unchanged one keeps its own.
        case when assembled.outcome in ('failed', 'not_assessable') then
            left(assembled.report_id, 2) || '/' || assembled.report_id || '/evidence/' || assembled.rule_id || '_'
                || regexp_replace(assembled.subject, '[^A-Za-z0-9_.-]', '_', 'g') || '_'
                || left(md5(assembled.outcome || coalesce(assembled.cells_involved, '') || coalesce(assembled.missing_cells, '')), 8)
                || case when assembled.file_format = 'pdf' or assembled.ocr then '.png' else '.html' end
        end as evidence_path

    from assembled
    left join corrected_cells on corrected_cells.rule_result_id = assembled.rule_result_id
    left join rule_reviews
        on rule_reviews.report_id = assembled.report_id
        and rule_reviews.rule_id = assembled.rule_id
        and rule_reviews.subject = assembled.subject

)

-- No `order by`: sorting the union of the eight rule tables ran DuckDB out of memory at 10,000 reports
-- (1 GB memory_limit) and cost 7 s; rows appended by an incremental build are not in order anyway.
select * from final
