with

source as (

    select * from {{ source('raw', 'budget_project') }}

),

renamed as (

    select
        cast(fiscal_year as integer) as fiscal_year,
        department_name,
        project_name,
        project_name_line,
        amount,
        amount_unit,
        amount_line,
        overall_target_text as overall_target,
        annual_target_text as annual_target,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
