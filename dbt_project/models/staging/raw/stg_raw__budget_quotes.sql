with

source as (

    select * from {{ source('raw', 'budget_quote') }}

),

renamed as (

    select
        cast(fiscal_year as integer) as fiscal_year,
        department_name,
        section,
        subsection,
        label,
        value_kind,
        unit,
        value,
        value_text,
        value_line,
        label_line,
        cast(page as integer) as page,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
