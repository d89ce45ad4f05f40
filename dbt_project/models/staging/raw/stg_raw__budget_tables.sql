with

source as (

    select * from {{ source('raw', 'budget_table') }}

),

renamed as (

    select
        title,
        table_name,
        cast(fiscal_year as integer) as fiscal_year,
        budget_scope,
        cast(page as integer) as page,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
