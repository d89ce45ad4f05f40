with

source as (

    select * from {{ source('raw', 'evaluation_target') }}

),

renamed as (

    select
        project_name,
        cast(fiscal_year as integer) as fiscal_year,
        level1_name as level1,
        level2_name as level2,
        indicator_name,
        target_text as target_raw,
        target_operator as target_op,
        target_value,
        target_unit,
        explanation_text as explanation,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
