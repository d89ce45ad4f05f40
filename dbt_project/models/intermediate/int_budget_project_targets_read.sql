-- 部门预算 project targets beside the value the extractor read (target_read_raw). The text layer
-- prints the sign and unit, the number layer the number; the extractor reads the sign, the
-- number, then the rest of the text ("≥ 万张" and "500" read "≥500万张"). int_indicator_values
-- parses that value again in SQL, and value_parsed_alike holds the extracted operator, number
-- and unit to it.
with

budget_project_targets as (

    select * from {{ ref('stg_raw__budget_project_targets') }}

),

operators as (

    select * from {{ ref('indicator_value_operators') }}

),

-- The sign target_raw starts with (the longest spelling), which the number follows.
signed as (

    select
        budget_project_targets.*,
        (
            select operators.spelling
            from operators
            where operators.position = 'leading'
                and left(budget_project_targets.target_raw, length(operators.spelling))
                = operators.spelling
            order by length(operators.spelling) desc
            limit 1
        ) as target_sign

    from budget_project_targets

),

composed as (

    select
        fiscal_year,
        project_name,
        indicator_name,
        target_raw,
        target_number_raw,
        case
            when target_number_raw is null then target_raw
            else coalesce(target_sign, '')
                || target_number_raw
                || coalesce(substr(target_raw, coalesce(length(target_sign), 0) + 1), '')
        end as target_read_raw,
        target_op,
        target_value,
        target_unit,
        source_file,
        line_start,
        seq

    from signed

)

select * from composed
