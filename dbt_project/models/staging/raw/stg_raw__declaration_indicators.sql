with

source as (

    select * from {{ source('raw', 'declaration_indicator') }}

),

renamed as (

    select
        project_name,
        cast(fiscal_year as integer) as fiscal_year,
        level1,
        level2,
        indicator_name,
        target_raw,
        target_op,
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
