with

source as (

    select * from {{ source('raw', 'budget_line') }}

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
        total_yuan,
        appropriation_yuan,
        business_income_yuan,
        operating_income_yuan,
        other_income_yuan,
        basic_yuan,
        project_yuan,
        personnel_yuan,
        public_yuan,
        reserve_yuan,
        placement,
        coalesce(budget_scope, 'department') as budget_scope,
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
