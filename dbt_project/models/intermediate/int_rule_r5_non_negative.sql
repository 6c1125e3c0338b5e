-- R5 非负整数 non-negative integers, each count cell of tables 二, 三 and 四:
--   a printed number must be an integer >= 0. Table 二's signed `change` (本年增/减) and the amounts
--   `procurement_amount` / `fee_amount` (may be fractional) are not counts and are left out.
-- expected = the nearest non-negative integer at or below the value (greatest(floor(value), 0)),
-- actual = the value, delta = actual - expected (the fractional part, or the negative amount).
-- A cell printed as text (e.g. 若干), or whose value was inferred by arithmetic (not printed: a negative
-- one would only say that the printed numbers around it do not add up), is not assessable; blank,
-- not-applicable, unplaced and uncertain cells carry nothing to check (they surface as not assessable in
-- R1-R4 instead).

with

table2 as (

    select
        report_id,
        'table2:' || item || '.' || category || '.' || metric as subject,
        item || '.' || category || '.' || metric as cell_label,
        value, value_kind, raw_value, inferred, page, source_ref
    from {{ ref('stg_administrative_action_cells') }}
    where metric not in ('change', 'procurement_amount', 'fee_amount')

),

table3 as (

    select
        report_id,
        'table3:' || row_code || '.' || applicant_type as subject,
        row_code || '.' || applicant_type as cell_label,
        value, value_kind, raw_value, inferred, page, source_ref
    from {{ ref('stg_disclosure_request_cells') }}

),

table4 as (

    select
        report_id,
        'table4:' || proceeding || '.' || outcome as subject,
        proceeding || '.' || outcome as cell_label,
        value, value_kind, raw_value, inferred, page, source_ref
    from {{ ref('stg_appeal_cells') }}

),

count_cells as (

    select * from table2
    union all
    select * from table3
    union all
    select * from table4

),

printed_cells as (

    select
        *,
        value_kind = 'number' and value is not null as is_number,
        value_kind = 'number' and value is not null and not coalesce(inferred, false) as is_printed_number
    from count_cells
    where value is not null or value_kind in ('number', 'text')

),

assessed as (

    select
        report_id,
        'R5' as rule_id,
        'non_negative_integer' as rule_name,
        'cell' as scope,
        'error' as severity,
        subject,
        case
            when not is_printed_number then 'not_assessable'
            when value >= 0 and value = floor(value) then 'passed'
            else 'failed'
        end as outcome,
        case when is_printed_number then greatest(floor(value), 0) end as expected,
        case when is_printed_number then value end as actual,
        case when is_printed_number then value - greatest(floor(value), 0) end as delta,
        cell_label || '=' || {{ format_cell('true', 'value', 'value_kind', 'raw_value', 'inferred') }}
            as cells_involved,
        case
            when not is_printed_number
                then cell_label || ' ' || {{ format_missing_cell('true', 'value', 'value_kind', 'raw_value', 'inferred') }}
        end as missing_cells,
        coalesce(inferred, false) as involves_inferred,
        cast(page as varchar) as pages,
        case when source_ref is not null then cell_label || ' @ ' || source_ref end as source_refs,
        'R5 non_negative_integer [' || subject || ']: ' || case
            when is_number and not is_printed_number
                then 'not assessable, ' || {{ format_number('value') }} || ' was inferred by arithmetic, not printed'
            when not is_number
                then 'not assessable, printed ' || coalesce(value_kind, 'unknown')
                    || ' "' || coalesce(raw_value, '') || '" instead of a number'
            when value < 0 and value <> floor(value)
                then {{ format_number('value') }} || ' is negative and not an integer'
            when value < 0 then {{ format_number('value') }} || ' is negative'
            when value <> floor(value) then {{ format_number('value') }} || ' is not an integer'
            else {{ format_number('value') }} || ' is a non-negative integer'
        end as message

    from printed_cells

),

final as (

    select * from assessed

)

select * from final
where {{ in_rebuild_scope('report_id') }}
