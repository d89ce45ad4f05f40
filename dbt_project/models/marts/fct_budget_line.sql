-- Grain: department x year x table x classification code (合计 rows have code 'TOTAL').
-- The name is the code's in the document's year (seed classification_code_names; an economic
-- code it does not list: budget_economic_codes), else the printed one, kept beside it too.
with

lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

code_names as (

    select * from {{ ref('classification_code_names') }}

),

economic_codes as (

    select * from {{ ref('dim_budget_economic') }}

),

named as (

    {{ code_name_in_force('lines', 'code_names', 'economic_codes') }}

),

final as (

    select
        department_name,
        fiscal_year,
        table_name,
        classification,
        coalesce(code, 'TOTAL') as code,
        case when code is null then '合计' else coalesce(name_official, name_printed) end
            as name,
        name_printed,
        case when code is null then '合计' else level end as level,
        parent_code,
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
        budget_scope,
        unit_printed,
        page,
        table_no,
        row_no,
        source_file,
        line_start,
        line_end,
        seq
    from named

)

select * from final
