with

source as (

    select * from {{ source('raw', 'budget_year_on_year') }}

),

renamed as (

    select
        cast(fiscal_year as integer) as fiscal_year,
        department_name,
        label,
        value,
        value_text,
        unit,
        cast(compared_year as integer) as compared_year,
        basis,
        compared_with,
        direction,
        cast(sign as integer) as sign,
        change,
        change_text,
        change_unit,
        previous_value,
        previous_text,
        previous_unit,
        percent_text,
        cast(page as integer) as page,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
