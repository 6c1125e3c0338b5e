-- R7 现行有效件数衔接 documents in force, across the reports of one agency, table 二 item 20.1
-- (regulations 规章, normative_documents 规范性文件), 2021 template in both years:
--   in_force(Y-1) + issued(Y) - repealed(Y)  (expected)  =  in_force(Y)  (actual).
-- Assessed for every agency_id × year Y × category where the agency has a report for Y and one for Y-1
-- that were read (status parsed / partial) and print table 二 in the 2021 template, canonical reports only
-- (int_report_copies). The result belongs to the later year's report; a cell not read from the print
-- (missing, blank, not applicable, inferred) makes it not assessable.

with

agencies as (

    -- an agency's reports are all in the rebuild scope or none is: on an incremental build, only the scope is read
    select * from {{ ref('int_report_copies') }}
    where {{ in_rebuild_scope('report_id') }}

),

cells as (

    select * from {{ ref('stg_administrative_action_cells') }}
    where item = '20.1' and {{ in_rebuild_scope('report_id') }}

),

categories as (

    select *
    from (
        values
            ('regulations', 1),
            ('normative_documents', 2)
    ) as t (category, sort_order)

),

terms as (

    -- which report (previous / current), metric, side, sign, order in the formula
    select *
    from (
        values
            ('previous', 'in_force', 'expected', 1, 1),
            ('current', 'issued', 'expected', 1, 2),
            ('current', 'repealed', 'expected', -1, 3),
            ('current', 'in_force', 'actual', 1, 4)
    ) as t (which_report, metric, side, sign, cell_order)

),

eligible_reports as (

    select report_id, agency_id, report_year, source_file
    from agencies
    where agency_id is not null
        and report_year is not null
        and is_readable
        and is_canonical
        and has_table2
        and coalesce(table2_template, template_version) = '2021'

),

pairs as (

    {{ consecutive_year_pairs('eligible_reports') }}

),

pair_subjects as (

    select
        pairs.*,
        categories.category,
        {{ pair_subject('categories.category', 'pairs') }} as subject
    from pairs
    cross join categories

),

needed_cells as (

    select
        pair_subjects.report_id,
        pair_subjects.subject,
        terms.side,
        terms.sign,
        terms.cell_order,
        case when terms.which_report = 'previous' then pair_subjects.previous_year else pair_subjects.report_year end
            || ' 20.1.' || pair_subjects.category || '.' || terms.metric as cell_label,
        case
            when terms.which_report = 'previous' then pair_subjects.previous_year else pair_subjects.report_year
        end as cell_year,
        cells.report_id is not null as is_present,
        cast(null as varchar) as absent_group,
        cells.value,
        cells.value_kind,
        cells.raw_value,
        cells.inferred,
        cells.page,
        cells.source_ref

    from pair_subjects
    cross join terms
    left join cells
        on cells.report_id = case
            when terms.which_report = 'previous' then pair_subjects.previous_report_id else pair_subjects.report_id
        end
        and cells.category = pair_subjects.category
        and cells.metric = terms.metric

),

assessed as (

    {{ assess_sum_rule(
        'needed_cells', 'R7', 'documents_in_force', 'category',
        'in_force(Y-1) + issued(Y) - repealed(Y)', 'in_force(Y)',
        signed=true, page_prefix='cell_year'
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
