with

source as (

    select * from {{ source('raw', 'self_evaluation_indicator') }}

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
        actual_raw,
        actual_value,
        actual_unit,
        weight,
        score_reported,
        deviation_note,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq,
        page,
        table_no,
        row_no

    from source

)

select * from renamed
