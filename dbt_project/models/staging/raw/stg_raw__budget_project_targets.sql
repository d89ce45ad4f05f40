with

source as (

    select * from {{ source('raw', 'budget_project_target') }}

),

operators as (

    select * from {{ ref('indicator_value_operators') }}

),

renamed as (

    select
        cast(fiscal_year as integer) as fiscal_year,
        project_name,
        indicator_name,
        target_text_printed as target_raw,
        target_number_text as target_number_raw,
        target_number_line,
        target_operator as target_op,
        target_value,
        target_unit,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

),

-- The sign target_raw starts with (the longest spelling), which the number layer's number
-- follows.
signed as (

    select
        renamed.*,
        (
            select operators.spelling
            from operators
            where operators.position = 'leading'
                and left(renamed.target_raw, length(operators.spelling)) = operators.spelling
            order by length(operators.spelling) desc
            limit 1
        ) as target_sign

    from renamed

),

composed as (

    select
        fiscal_year,
        project_name,
        indicator_name,
        target_raw,
        target_number_raw,
        target_number_line,
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
        source_sha256,
        line_start,
        line_end,
        seq

    from signed

)

select * from composed
