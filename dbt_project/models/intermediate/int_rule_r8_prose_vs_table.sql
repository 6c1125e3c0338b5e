-- R8 正文与表格一致 prose vs table (a WARNING: prose often counts differently), each figure the prose
-- of a report states, each statement on its own (a figure stated twice is assessed twice):
--   requests_received      共收到政府信息公开申请 N 件  vs  table 三 new_received.total
--   reconsideration_total  行政复议 N 件               vs  table 四 reconsideration.total
--   litigation_total       行政诉讼 N 件               vs  table 四 litigation_direct.total
--                                                          + litigation_after_reconsideration.total
-- expected = the table's value, actual = the figure the prose states, delta = prose - table.
-- A table cell the report does not print, or prints blank, makes the statement not assessable.

with

figures as (

    select
        *,
        row_number() over (
            partition by report_id, figure
            order by page nulls last, "top" nulls last, line nulls last, source_table nulls last,
                source_row nulls last, source_col nulls last, stated_text, value
        ) as statement_no,
        count(*) over (partition by report_id, figure) as n_statements
    from {{ ref('stg_prose_figures') }}

),

statements as (

    select
        *,
        figure || case when n_statements > 1 then ' #' || statement_no else '' end as subject
    from figures

),

table_cells as (

    select
        report_id,
        row_code || '.' || applicant_type as cell_key,
        value, value_kind, raw_value, inferred, page, source_ref
    from {{ ref('stg_disclosure_request_cells') }}
    where row_code = 'new_received' and applicant_type = 'total'

    union all

    select
        report_id,
        proceeding || '.' || outcome as cell_key,
        value, value_kind, raw_value, inferred, page, source_ref
    from {{ ref('stg_appeal_cells') }}
    where outcome = 'total'

),

figure_cells as (

    -- the table cells each figure is compared with
    select *
    from (
        values
            ('requests_received', 'new_received.total', 1),
            ('reconsideration_total', 'reconsideration.total', 1),
            ('litigation_total', 'litigation_direct.total', 1),
            ('litigation_total', 'litigation_after_reconsideration.total', 2)
    ) as t (figure, cell_key, cell_order)

),

table_side as (

    select
        statements.report_id,
        statements.figure,
        statements.subject,
        'expected' as side,
        figure_cells.cell_order,
        figure_cells.cell_key as cell_label,
        table_cells.report_id is not null as is_present,
        cast(null as varchar) as absent_group,
        table_cells.value,
        table_cells.value_kind,
        table_cells.raw_value,
        table_cells.inferred,
        table_cells.page,
        table_cells.source_ref

    from statements
    inner join figure_cells on figure_cells.figure = statements.figure
    left join table_cells
        on table_cells.report_id = statements.report_id
        and table_cells.cell_key = figure_cells.cell_key

),

prose_side as (

    select
        report_id,
        figure,
        subject,
        'actual' as side,
        100 as cell_order,
        'prose "' || coalesce(stated_text, figure) || '"' as cell_label,
        true as is_present,
        cast(null as varchar) as absent_group,
        value,
        case when value is null then 'blank' else 'number' end as value_kind,
        stated_text as raw_value,
        false as inferred,
        page,
        source_ref

    from statements

),

needed_cells as (

    select * from table_side
    union all
    select * from prose_side

),

requests_received as (

    {{ assess_sum_rule(
        "(select * from needed_cells where figure = 'requests_received')", 'R8', 'prose_vs_table', 'figure',
        'table 三 new_received.total', 'the prose',
        severity='warning'
    ) }}

),

reconsideration_total as (

    {{ assess_sum_rule(
        "(select * from needed_cells where figure = 'reconsideration_total')", 'R8', 'prose_vs_table', 'figure',
        'table 四 reconsideration.total', 'the prose',
        severity='warning'
    ) }}

),

litigation_total as (

    {{ assess_sum_rule(
        "(select * from needed_cells where figure = 'litigation_total')", 'R8', 'prose_vs_table', 'figure',
        'table 四 litigation_direct.total + litigation_after_reconsideration.total', 'the prose',
        severity='warning'
    ) }}

),

final as (

    select * from requests_received
    union all
    select * from reconsideration_total
    union all
    select * from litigation_total

)

select * from final
where {{ in_rebuild_scope('report_id') }}
