-- 数字核算: one row per report × template table (二, 三, 四) the parser accounted for: how many numbers the
-- table printed and what became of them — placed in a template cell, unplaced (left out, never guessed),
-- uncertain (OCR) — how many cells were inferred by arithmetic (not printed), and where the first unplaced
-- number was printed. Every report, copies included (like dim_reports: it describes how each file was
-- read; is_canonical says which copy the facts count). cells_placed counts the table's cells holding a
-- printed number in the warehouse, to compare with placed.

with

accounting as (

    select * from {{ ref('stg_table_accounting') }}
    where {{ in_rebuild_scope() }}

),

copies as (

    select report_id, is_canonical, duplicate_of from {{ ref('int_report_copies') }}

),

cells as (

    select report_id, '二' as table_code, value_kind, value, inferred from {{ ref('stg_administrative_action_cells') }}
    where {{ in_rebuild_scope() }}
    union all
    select report_id, '三' as table_code, value_kind, value, inferred from {{ ref('stg_disclosure_request_cells') }}
    where {{ in_rebuild_scope() }}
    union all
    select report_id, '四' as table_code, value_kind, value, inferred from {{ ref('stg_appeal_cells') }}
    where {{ in_rebuild_scope() }}

),

cell_counts as (

    select
        report_id,
        table_code,
        count(*) filter (where value_kind = 'number' and value is not null and not inferred) as cells_placed
    from cells
    group by report_id, table_code

),

final as (

    select
        accounting.report_id,
        accounting.table_code,
        accounting.printed,
        accounting.placed,
        accounting.inferred,
        accounting.unplaced,
        accounting.uncertain,
        coalesce(cell_counts.cells_placed, 0) as cells_placed,
        coalesce(copies.is_canonical, true) as is_canonical,
        copies.duplicate_of,
        accounting.first_unplaced_page,
        accounting.first_unplaced_x0,
        accounting.first_unplaced_top,
        accounting.first_unplaced_x1,
        accounting.first_unplaced_bottom,
        accounting.first_unplaced_line,
        accounting.first_unplaced_source_table,
        accounting.first_unplaced_source_row,
        accounting.first_unplaced_source_col,
        accounting.first_unplaced_source_ref

    from accounting
    left join copies on copies.report_id = accounting.report_id
    left join cell_counts
        on cell_counts.report_id = accounting.report_id
        and cell_counts.table_code = accounting.table_code

)

select * from final
order by report_id, table_code
