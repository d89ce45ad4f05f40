with

source as (

    select * from {{ source('raw', 'budget_project_target') }}

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

)

select * from renamed
