-- 人工更正日志: every line of the corrections log, typed, with whether it is live. A line is live when it
-- can be applied (no problem), is not withdrawn by a later withdraw line, and is the latest live line for
-- its cell (or rule result): a later correction of the same cell supersedes the earlier one.

with

source as (

    {{ optional_source('corrections', {
        'correction_id': 'varchar', 'action': 'varchar', 'report_id': 'varchar', 'table_code': 'varchar',
        'row_key': 'varchar', 'column_key': 'varchar', 'value': 'varchar', 'rule_id': 'varchar',
        'subject': 'varchar', 'target_id': 'varchar', 'reason': 'varchar', 'reviewed_by': 'varchar',
        'recorded_at': 'varchar', 'line_no': 'varchar', 'problem': 'varchar'}) }}

),

renamed as (

    select
        cast(correction_id as varchar) as correction_id,
        cast(action as varchar) as action,
        nullif(cast(report_id as varchar), '') as report_id,
        nullif(cast(table_code as varchar), '') as table_code,
        nullif(cast(row_key as varchar), '') as row_key,
        nullif(cast(column_key as varchar), '') as column_key,
        try_cast(nullif(value, '') as double) as corrected_value,
        nullif(cast(rule_id as varchar), '') as rule_id,
        nullif(cast(subject as varchar), '') as subject,
        nullif(cast(target_id as varchar), '') as target_id,
        nullif(cast(reason as varchar), '') as reason,
        nullif(cast(reviewed_by as varchar), '') as reviewed_by,
        try_cast(nullif(recorded_at, '') as timestamptz) as recorded_at,
        cast(line_no as integer) as line_no,
        nullif(cast(problem as varchar), '') as problem
    from source

),

withdrawn as (

    select target_id as correction_id, min(line_no) as withdrawn_at_line
    from renamed
    where action = 'withdraw' and problem is null
    group by target_id

),

flagged as (

    select
        renamed.*,
        withdrawn.correction_id is not null as is_withdrawn,
        renamed.problem is null and withdrawn.correction_id is null and renamed.action <> 'withdraw' as is_usable
    from renamed
    left join withdrawn on withdrawn.correction_id = renamed.correction_id

),

final as (

    select
        *,
        is_usable and row_number() over (
            partition by is_usable, report_id, action = 'confirm_rule',
                case when action = 'confirm_rule' then rule_id else table_code end,
                case when action = 'confirm_rule' then subject else row_key end,
                case when action = 'confirm_rule' then '' else column_key end
            order by line_no desc
        ) = 1 as is_live
    from flagged

)

select * from final
