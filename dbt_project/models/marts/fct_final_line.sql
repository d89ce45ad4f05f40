-- Grain: department x year x table x classification code (合计 rows have code 'TOTAL'; the
-- 基本支出决算表's block totals 'TOTAL:人员经费合计' …). Hierarchy as fct_budget_line keeps it.
with

lines as (

    select * from {{ ref('stg_raw__final_lines') }}

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
        case
            when code is not null then code
            when classification = 'economic' then 'TOTAL:' || name_printed
            else 'TOTAL'
        end as code,
        case when code is null then name_printed else coalesce(name_official, name_printed) end
            as name,
        name_printed,
        case when code is null then '合计' else level end as level,
        parent_code,
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
