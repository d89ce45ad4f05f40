with

source as (

    select * from {{ source('raw', 'final_quote') }}

),

renamed as (

    select
        department_name,
        cast(fiscal_year as integer) as fiscal_year,
        section,
        subsection,
        label,
        value_kind,
        unit,
        value,
        value_text,
        cast(page as integer) as page,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
