-- 副本不一致 copies_disagree: one row per canonical report × other copy of it (same agency and year,
-- int_report_copies) × cell where both print a number and the numbers differ — the agency published two
-- versions (or one copy was misread), and a reviewer wants to know. Only printed numbers are compared
-- (value_kind number, not inferred): a cell one copy prints and the other leaves blank or did not read is
-- not a disagreement (the accounting of dim_reports shows what was not read). The finding belongs to the
-- canonical report (report_id), whose value the facts hold.

with

copies as (

    select * from {{ ref('int_report_copies') }}

),

pairs as (

    select
        canonical.report_id,
        copy.report_id as copy_report_id,
        canonical.agency_id,
        canonical.agency_name,
        canonical.report_year,
        canonical.source_file,
        copy.source_file as copy_source_file

    from copies as copy
    inner join copies as canonical on canonical.report_id = copy.duplicate_of
    where {{ in_rebuild_scope('canonical.report_id') }}

),

cells as (

    select
        report_id, '二' as table_code, item || '.' || category || '.' || metric as cell_key,
        value, value_kind, raw_value, inferred, page, source_ref
    from {{ ref('stg_administrative_action_cells') }}
    where {{ in_rebuild_scope() }}

    union all

    select
        report_id, '三' as table_code, row_code || '.' || applicant_type as cell_key,
        value, value_kind, raw_value, inferred, page, source_ref
    from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope() }}

    union all

    select
        report_id, '四' as table_code, proceeding || '.' || outcome as cell_key,
        value, value_kind, raw_value, inferred, page, source_ref
    from {{ ref('stg_appeal_cells') }}
    where {{ in_rebuild_scope() }}

),

printed as (

    select * from cells
    where value_kind = 'number' and value is not null and not inferred

),

final as (

    select
        pairs.report_id || ':' || pairs.copy_report_id || ':' || canonical_cells.table_code || ':'
            || canonical_cells.cell_key as disagreement_id,
        'copies_disagree' as finding,
        pairs.report_id,
        pairs.copy_report_id,
        pairs.agency_id,
        pairs.agency_name,
        pairs.report_year,
        canonical_cells.table_code,
        canonical_cells.cell_key,
        canonical_cells.value,
        copy_cells.value as copy_value,
        copy_cells.value - canonical_cells.value as delta,
        canonical_cells.raw_value,
        copy_cells.raw_value as copy_raw_value,
        canonical_cells.page,
        copy_cells.page as copy_page,
        canonical_cells.source_ref,
        copy_cells.source_ref as copy_source_ref,
        pairs.source_file,
        pairs.copy_source_file,
        'copies_disagree 表' || canonical_cells.table_code || ' ' || canonical_cells.cell_key || ': '
            || coalesce(pairs.source_file, pairs.report_id) || ' prints ' || {{ format_number('canonical_cells.value') }}
            || coalesce(' (' || canonical_cells.source_ref || ')', '')
            || ' but ' || coalesce(pairs.copy_source_file, pairs.copy_report_id) || ' prints '
            || {{ format_number('copy_cells.value') }} || coalesce(' (' || copy_cells.source_ref || ')', '')
            as message

    from pairs
    inner join printed as canonical_cells on canonical_cells.report_id = pairs.report_id
    inner join printed as copy_cells
        on copy_cells.report_id = pairs.copy_report_id
        and copy_cells.table_code = canonical_cells.table_code
        and copy_cells.cell_key = canonical_cells.cell_key
    where copy_cells.value <> canonical_cells.value

)

select * from final
order by report_id, copy_report_id, table_code, cell_key
