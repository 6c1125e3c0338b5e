-- 同比变化: every value of tables 二, 三 and 四 of an agency's report for year Y beside the same cell of
-- the agency's report for the latest earlier year that prints the same table (years_apart says how far
-- that is: 1 for consecutive years). One row per (report, previous report, table, cell) for every cell
-- the later report prints; an agency's first year has no row. Canonical reports only (one copy per agency
-- and year, int_report_copies). change = value - previous_value; pct_change = 100 * change / previous_value, null when
-- the previous value is 0 or null.

with

agencies as (

    -- an agency's reports are all in the rebuild scope or none is: on an incremental build, only the scope is read
    -- canonical reports only: one copy per agency and year (int_report_copies)
    select * from {{ ref('int_report_copies') }}
    where agency_id is not null and report_year is not null and is_canonical and {{ in_rebuild_scope('report_id') }}

),

cells as (

    select
        report_id,
        '二' as table_no,
        item || '.' || category || '.' || metric as cell_key,
        item,
        category,
        metric,
        cast(null as varchar) as row_code,
        cast(null as varchar) as applicant_type,
        cast(null as varchar) as proceeding,
        cast(null as varchar) as outcome,
        unit,
        value
    from {{ ref('stg_administrative_action_cells') }}
    where {{ in_rebuild_scope('report_id') }}

    union all

    select
        report_id,
        '三' as table_no,
        row_code || '.' || applicant_type as cell_key,
        null, null, null,
        row_code,
        applicant_type,
        null, null,
        null as unit,
        value
    from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope('report_id') }}

    union all

    select
        report_id,
        '四' as table_no,
        proceeding || '.' || outcome as cell_key,
        null, null, null,
        null, null,
        proceeding,
        outcome,
        null as unit,
        value
    from {{ ref('stg_appeal_cells') }}
    where {{ in_rebuild_scope('report_id') }}

),

report_tables as (

    select distinct
        agencies.agency_id,
        agencies.report_year,
        cells.report_id,
        cells.table_no
    from cells
    inner join agencies on agencies.report_id = cells.report_id

),

previous_years as (

    -- for each report and table: the latest earlier year in which the agency printed that table
    select
        current_table.report_id,
        current_table.table_no,
        max(earlier.report_year) as previous_year
    from report_tables as current_table
    inner join report_tables as earlier
        on earlier.agency_id = current_table.agency_id
        and earlier.table_no = current_table.table_no
        and earlier.report_year < current_table.report_year
    group by current_table.report_id, current_table.table_no

),

report_pairs as (

    select
        current_table.agency_id,
        current_table.table_no,
        current_table.report_id,
        current_table.report_year as year,
        previous_table.report_id as previous_report_id,
        previous_table.report_year as previous_year
    from report_tables as current_table
    inner join previous_years
        on previous_years.report_id = current_table.report_id
        and previous_years.table_no = current_table.table_no
    inner join report_tables as previous_table
        on previous_table.agency_id = current_table.agency_id
        and previous_table.table_no = current_table.table_no
        and previous_table.report_year = previous_years.previous_year

),

final as (

    select
        report_pairs.agency_id,
        report_pairs.table_no,
        current_cells.cell_key,
        current_cells.item,
        current_cells.category,
        current_cells.metric,
        current_cells.row_code,
        current_cells.applicant_type,
        current_cells.proceeding,
        current_cells.outcome,
        report_pairs.year,
        report_pairs.previous_year,
        report_pairs.year - report_pairs.previous_year as years_apart,
        current_cells.value,
        previous_cells.value as previous_value,
        current_cells.value - previous_cells.value as change,
        case
            when previous_cells.value <> 0
                then 100.0 * (current_cells.value - previous_cells.value) / previous_cells.value
        end as pct_change,
        current_cells.unit,
        previous_cells.unit as previous_unit,
        report_pairs.report_id,
        report_pairs.previous_report_id

    from report_pairs
    inner join cells as current_cells
        on current_cells.report_id = report_pairs.report_id
        and current_cells.table_no = report_pairs.table_no
    left join cells as previous_cells
        on previous_cells.report_id = report_pairs.previous_report_id
        and previous_cells.table_no = report_pairs.table_no
        and previous_cells.cell_key = current_cells.cell_key
    where {{ in_rebuild_scope('report_pairs.report_id') }}

)

select * from final
order by agency_id, table_no, year, report_id, previous_report_id, cell_key
