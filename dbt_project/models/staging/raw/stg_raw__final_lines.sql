with

source as (

    select * from {{ source('raw', 'final_line') }}

),

renamed as (

    select
        department_name,
        cast(fiscal_year as integer) as fiscal_year,
        table_name,
        classification,
        code,
        level,
        parent_code,
        name as name_printed,
        carryover_start_yuan,
        income_yuan,
        appropriation_yuan,
        upper_grant_yuan,
        business_income_yuan,
        operating_income_yuan,
        affiliated_income_yuan,
        other_income_yuan,
        expenditure_yuan,
        basic_yuan,
        project_yuan,
        to_upper_yuan,
        operating_expenditure_yuan,
        affiliated_subsidy_yuan,
        carryover_end_yuan,
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
