{#- A table rebuilt in full on every build, not the folder's incremental table: which copy of an agency-year is
    canonical depends on every report of that agency-year, so it is not keyed by report_id. Built once per
    build, it also spares the models below re-reading the view int_report_agencies (a scan of every cell). -#}
{{ config(materialized='table') }}
-- 报告副本: one row per report: its agency across years (int_report_agencies) and whether it is the
-- canonical report of its agency and year. Files with the same content are one report already (raw.files
-- outcome 'duplicate'); files of the same agency_id and report_year — the same report as a web page and a
-- PDF, or a corrected re-publication — are copies of one report, and the facts count one of them.
-- 规范报告选择规则 canonical rule, in order:
--   1. most numbers placed: numbers_placed of the parser's accounting (raw.table_accounting, summed over
--      tables 二/三/四); a report without accounting rows counts its cells holding a printed number (not inferred);
--   2. a text layer over OCR (ocr false first);
--   3. the newest: the latest parsed_at (the copy loaded last), then the file name that sorts last, then the
--      largest report_id (deterministic).
-- A report without an agency_id or a report_year is its own canonical report.

with

agencies as (

    select * from {{ ref('int_report_agencies') }}

),

reports as (

    select report_id, ocr, parsed_at from {{ ref('stg_reports') }}

),

accounting as (

    select report_id, cast(sum(placed) as bigint) as numbers_placed
    from {{ ref('stg_table_accounting') }}
    group by report_id

),

printed_cells as (

    -- the fallback for reports without accounting rows: cells holding a printed (not inferred) number
    select report_id, count(*) as n_printed_cells
    from (
        select report_id, value_kind, value, inferred from {{ ref('stg_administrative_action_cells') }}
        union all
        select report_id, value_kind, value, inferred from {{ ref('stg_disclosure_request_cells') }}
        union all
        select report_id, value_kind, value, inferred from {{ ref('stg_appeal_cells') }}
    ) as cells
    where value_kind = 'number' and value is not null and not inferred
    group by report_id

),

candidates as (

    select
        agencies.*,
        reports.ocr,
        reports.parsed_at,
        case
            when agencies.agency_id is null or agencies.report_year is null then agencies.report_id
            else agencies.agency_id || ':' || agencies.report_year
        end as copy_group,
        coalesce(accounting.numbers_placed, printed_cells.n_printed_cells, 0) as numbers_placed_for_choice,
        case when accounting.report_id is not null then 'accounting' else 'cells' end as placed_basis

    from agencies
    left join reports on reports.report_id = agencies.report_id
    left join accounting on accounting.report_id = agencies.report_id
    left join printed_cells on printed_cells.report_id = agencies.report_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by copy_group
            order by numbers_placed_for_choice desc, ocr asc, parsed_at desc nulls last,
                source_file desc nulls last, report_id desc
        ) as copy_rank,
        count(*) over (partition by copy_group) as n_copies
    from candidates

),

canonical as (

    select * from ranked where copy_rank = 1

),

final as (

    select
        ranked.*,
        ranked.copy_rank = 1 as is_canonical,
        case when ranked.copy_rank > 1 then canonical.report_id end as duplicate_of,
        case
            when ranked.copy_rank > 1 then
                'same agency and year as ' || coalesce(canonical.source_file, '?') || ' (' || canonical.report_id || '); '
                || case
                    when canonical.numbers_placed_for_choice > ranked.numbers_placed_for_choice
                        then 'that copy places more printed numbers (' || canonical.numbers_placed_for_choice
                            || ' vs ' || ranked.numbers_placed_for_choice || ')'
                    when canonical.ocr is distinct from ranked.ocr
                        then 'both place ' || ranked.numbers_placed_for_choice
                            || ' printed numbers; that copy was read from a text layer, this one by OCR'
                    when canonical.parsed_at is distinct from ranked.parsed_at
                        then 'both place ' || ranked.numbers_placed_for_choice
                            || ' printed numbers; that copy is newer (parsed '
                            || coalesce(strftime(canonical.parsed_at, '%Y-%m-%d %H:%M:%S'), '?') || ', this one '
                            || coalesce(strftime(ranked.parsed_at, '%Y-%m-%d %H:%M:%S'), '?') || ')'
                    else 'both place ' || ranked.numbers_placed_for_choice
                        || ' printed numbers and were parsed at the same time; that copy''s file name (then id) sorts last'
                end
        end as duplicate_reason

    from ranked
    inner join canonical on canonical.copy_group = ranked.copy_group

)

select * from final
