with

source as (

    select * from {{ source('raw', 'form_amount') }}

),

renamed as (

    select
        document_kind,
        department_name,
        unit_name,
        cast(fiscal_year as integer) as fiscal_year,
        table_name,
        block,
        item_no,
        row_label,
        parent_label,
        column_label,
        value,
        unit_printed,
        amount_yuan,
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
