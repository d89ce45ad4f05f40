with

source as (

    select * from {{ source('raw', 'final_three_public') }}

),

renamed as (

    select
        department_name,
        cast(fiscal_year as integer) as fiscal_year,
        table_name,
        stage,
        item,
        item_name,
        parent_item,
        amount_wan,
        unit as unit_printed,
        cast(page as integer) as page,
        cast(table_no as integer) as table_no,
        cast(row_no as integer) as row_no,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
