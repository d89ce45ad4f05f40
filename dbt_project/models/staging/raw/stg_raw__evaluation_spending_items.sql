with

source as (

    select * from {{ source('raw', 'evaluation_spending_item') }}

),

renamed as (

    select
        project_name,
        cast(fiscal_year as integer) as fiscal_year,
        item_name,
        amount_yuan,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
