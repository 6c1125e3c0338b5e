-- R6 结转衔接 carry-over, across the reports of one agency, each applicant column of table 三:
--   carried_forward of year Y-1  (expected)  =  carried_over of year Y  (actual).
-- Assessed for every agency_id × year Y × applicant column where the agency has a report for Y and one
-- for Y-1 that were read (status parsed / partial) and print table 三, canonical reports only (one copy per
-- agency and year, int_report_copies). The result belongs to the later year's report; a cell not read from
-- the print (row not found, blank, unplaced, uncertain, inferred) makes it not assessable.

with

agencies as (

    -- an agency's reports are all in the rebuild scope or none is: on an incremental build, only the scope is read
    select * from {{ ref('int_report_copies') }}
    where {{ in_rebuild_scope('report_id') }}

),

cells as (

    select * from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope('report_id') }}

),

applicant_types as (

    select applicant_type, sort_order from {{ ref('ref_applicant_types') }}

),

eligible_reports as (

    select report_id, agency_id, report_year, source_file
    from agencies
    where agency_id is not null
        and report_year is not null
        and is_readable
        and is_canonical
        and has_table3

),

pairs as (

    {{ consecutive_year_pairs('eligible_reports') }}

),

pair_subjects as (

    select
        pairs.*,
        applicant_types.applicant_type,
        applicant_types.sort_order,
        {{ pair_subject('applicant_types.applicant_type', 'pairs') }} as subject
    from pairs
    cross join applicant_types

),

previous_cells as (

    select
        pair_subjects.report_id,
        pair_subjects.subject,
        'expected' as side,
        1 as cell_order,
        pair_subjects.previous_year || ' carried_forward.' || pair_subjects.applicant_type as cell_label,
        pair_subjects.previous_year as cell_year,
        cells.report_id is not null as is_present,
        pair_subjects.previous_year || ' row carried_forward' as absent_group,
        cells.value,
        cells.value_kind,
        cells.raw_value,
        cells.inferred,
        cells.page,
        cells.source_ref

    from pair_subjects
    left join cells
        on cells.report_id = pair_subjects.previous_report_id
        and cells.row_code = 'carried_forward'
        and cells.applicant_type = pair_subjects.applicant_type

),

current_cells as (

    select
        pair_subjects.report_id,
        pair_subjects.subject,
        'actual' as side,
        2 as cell_order,
        pair_subjects.report_year || ' carried_over.' || pair_subjects.applicant_type as cell_label,
        pair_subjects.report_year as cell_year,
        cells.report_id is not null as is_present,
        pair_subjects.report_year || ' row carried_over' as absent_group,
        cells.value,
        cells.value_kind,
        cells.raw_value,
        cells.inferred,
        cells.page,
        cells.source_ref

    from pair_subjects
    left join cells
        on cells.report_id = pair_subjects.report_id
        and cells.row_code = 'carried_over'
        and cells.applicant_type = pair_subjects.applicant_type

),

needed_cells as (

    select * from previous_cells
    union all
    select * from current_cells

),

assessed as (

    {{ assess_sum_rule(
        'needed_cells', 'R6', 'carry_over', 'column',
        'carried_forward of year Y-1', 'carried_over of year Y',
        page_prefix='cell_year'
    ) }}

),

final as (

    select
        assessed.* replace (assessed.message || coalesce(pair_subjects.pair_note, '') as message),
        pair_subjects.previous_report_id

    from assessed
    inner join pair_subjects
        on pair_subjects.report_id = assessed.report_id
        and pair_subjects.subject = assessed.subject

)

select * from final
where {{ in_rebuild_scope('report_id') }}
