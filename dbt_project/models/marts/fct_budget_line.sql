-- Grain: department x year x table x classification code (合计 rows have code 'TOTAL').
-- The name comes from the classification seed; the name the document prints is kept beside it.
with

lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

function_codes as (

    select * from {{ ref('dim_budget_function') }}

),

economic_codes as (

    select * from {{ ref('dim_budget_economic') }}

),

named as (

    select
        lines.*,
        coalesce(function_codes.name, economic_codes.name) as name_official
    from lines
    left join function_codes
        on lines.classification = 'function' and lines.code = function_codes.code
    left join economic_codes
        on lines.classification = 'economic' and lines.code = economic_codes.code

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
