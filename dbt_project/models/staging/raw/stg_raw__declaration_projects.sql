with

source as (

    select * from {{ source('raw', 'declaration_project') }}

),

renamed as (

    select
        project_name,
        department_name,
        unit_name,
        cast(fiscal_year as integer) as fiscal_year,
        project_nature,
        project_category,
        planned_start,
        planned_end,
        total_amount_yuan,
        year_request_yuan,
        year_fiscal_yuan,
        year_appropriation_yuan,
        year_carryover_yuan,
        year_other_yuan,
        long_term_period,
        long_term_goal,
        annual_goal,
        source_file,
        source_sha256,
        line_start,
        line_end,
        seq

    from source

)

select * from renamed
