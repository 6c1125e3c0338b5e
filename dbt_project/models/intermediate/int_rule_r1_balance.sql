-- R1 收支平衡 balance, each applicant column of table 三 (the template states it itself):
--   new_received + carried_over  (expected)  =  total_processed + carried_forward  (actual).
-- Only reports that print table 三 at all are assessed; a cell not read from the print (its row not
-- found, blank, unplaced, uncertain, inferred) makes the column not assessable.

with

cells as (

    -- a rule within one report: on an incremental build only the reports being rebuilt are read
    select * from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope('report_id') }}

),

applicant_types as (

    select applicant_type from {{ ref('ref_applicant_types') }}

),

reports_with_table as (

    select distinct report_id from cells

),

printed_rows as (

    select distinct report_id, row_code from cells

),

terms as (

    select *
    from (
        values
            ('new_received', 'expected', 1),
            ('carried_over', 'expected', 2),
            ('total_processed', 'actual', 3),
            ('carried_forward', 'actual', 4)
    ) as t (row_code, side, cell_order)

),

cell_keys as (

    -- the four terms of every applicant column of every report that prints table 三
    select
        reports_with_table.report_id,
        applicant_types.applicant_type as subject,
        terms.side,
        terms.cell_order,
        terms.row_code || '.' || applicant_types.applicant_type as cell_label,
        terms.row_code,
        printed_rows.row_code is not null as is_printed,
        applicant_types.applicant_type

    from reports_with_table
    cross join applicant_types
    cross join terms
    left join printed_rows
        on printed_rows.report_id = reports_with_table.report_id
        and printed_rows.row_code = terms.row_code

),

needed_cells as (

    {{ needed_cells('cell_keys', 'cells', ['row_code', 'applicant_type'],
        "case when not cell_keys.is_printed then 'row ' || cell_keys.row_code end") }}

),

assessed as (

    {{ assess_sum_rule(
        'needed_cells', 'R1', 'balance', 'column',
        'new_received + carried_over', 'total_processed + carried_forward'
    ) }}

),

final as (

    select * from assessed

)

select * from final
where {{ in_rebuild_scope('report_id') }}
