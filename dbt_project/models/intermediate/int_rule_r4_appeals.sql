-- R4 复议诉讼 appeals, each proceeding of table 四:
--   upheld + corrected + other_outcome + pending  (expected)  =  total  (actual).
-- Only reports that print table 四 at all are assessed; a cell not read from the print (its proceeding
-- not found, blank, not applicable, uncertain, inferred) makes the proceeding not assessable.

with

cells as (

    -- a rule within one report: on an incremental build only the reports being rebuilt are read
    select * from {{ ref('stg_appeal_cells') }}
    where {{ in_rebuild_scope('report_id') }}

),

proceedings as (

    select proceeding from {{ ref('ref_appeal_proceedings') }}

),

outcomes as (

    select outcome, sort_order, is_total from {{ ref('ref_appeal_outcomes') }}

),

reports_with_table as (

    select distinct report_id from cells

),

printed_proceedings as (

    select distinct report_id, proceeding from cells

),

cell_keys as (

    -- the five outcomes of every proceeding of every report that prints table 四
    select
        reports_with_table.report_id,
        proceedings.proceeding as subject,
        case when outcomes.is_total then 'actual' else 'expected' end as side,
        outcomes.sort_order as cell_order,
        proceedings.proceeding || '.' || outcomes.outcome as cell_label,
        proceedings.proceeding,
        printed_proceedings.proceeding is not null as is_printed,
        outcomes.outcome

    from reports_with_table
    cross join proceedings
    cross join outcomes
    left join printed_proceedings
        on printed_proceedings.report_id = reports_with_table.report_id
        and printed_proceedings.proceeding = proceedings.proceeding

),

needed_cells as (

    {{ needed_cells('cell_keys', 'cells', ['proceeding', 'outcome'],
        "case when not cell_keys.is_printed then 'proceeding ' || cell_keys.proceeding end") }}

),

assessed as (

    {{ assess_sum_rule(
        'needed_cells', 'R4', 'appeals', 'proceeding',
        'upheld + corrected + other_outcome + pending', 'total'
    ) }}

),

final as (

    select * from assessed

)

select * from final
where {{ in_rebuild_scope('report_id') }}
