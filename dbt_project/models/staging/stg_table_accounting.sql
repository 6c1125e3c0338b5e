-- 数字核算: per report and template table (二, 三, 四), what became of the numbers printed in its value
-- cells (ingestion/model.py TableAccounting): printed = placed + unplaced + uncertain; inferred counts
-- cells filled by arithmetic (not printed). Written by the parser; a raw schema written before the
-- loader created raw.table_accounting (or reports parsed before it existed) has no rows.

with

source as (

    {{ optional_source('table_accounting', {
        'report_id': 'varchar', 'table_code': 'varchar', 'printed': 'integer', 'placed': 'integer',
        'inferred': 'integer', 'unplaced': 'integer', 'uncertain': 'integer',
        'first_unplaced_page': 'integer', 'first_unplaced_x0': 'double', 'first_unplaced_top': 'double',
        'first_unplaced_x1': 'double', 'first_unplaced_bottom': 'double', 'first_unplaced_line': 'integer',
        'first_unplaced_source_table': 'integer', 'first_unplaced_source_row': 'integer',
        'first_unplaced_source_col': 'integer', 'first_unplaced_source_ref': 'varchar'
    }) }}

),

renamed as (

    select
        cast(report_id as varchar) as report_id,
        cast(table_code as varchar) as table_code,
        cast(printed as integer) as printed,
        cast(placed as integer) as placed,
        cast(inferred as integer) as inferred,
        cast(unplaced as integer) as unplaced,
        cast(uncertain as integer) as uncertain,
        cast(first_unplaced_page as integer) as first_unplaced_page,
        cast(first_unplaced_x0 as double) as first_unplaced_x0,
        cast(first_unplaced_top as double) as first_unplaced_top,
        cast(first_unplaced_x1 as double) as first_unplaced_x1,
        cast(first_unplaced_bottom as double) as first_unplaced_bottom,
        cast(first_unplaced_line as integer) as first_unplaced_line,
        cast(first_unplaced_source_table as integer) as first_unplaced_source_table,
        cast(first_unplaced_source_row as integer) as first_unplaced_source_row,
        cast(first_unplaced_source_col as integer) as first_unplaced_source_col,
        cast(first_unplaced_source_ref as varchar) as first_unplaced_source_ref

    from source

),

final as (

    select * from renamed

)

select * from final
