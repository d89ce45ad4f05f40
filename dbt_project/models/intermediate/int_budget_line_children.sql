-- Each budget line (类, 款, 合计) beside the sum of its children (款, 项, 类), per amount column.
with

lines as (

    select * from {{ ref('fct_budget_line') }}

),

amounts as (

    unpivot lines
    on total_yuan, appropriation_yuan, business_income_yuan, operating_income_yuan,
       other_income_yuan, basic_yuan, project_yuan, personnel_yuan, public_yuan
    into name amount_column value amount

),

children as (

    select
        department_name,
        fiscal_year,
        table_name,
        amount_column,
        coalesce(parent_code, 'TOTAL') as parent_code,
        sum(amount) as children_sum,
        count(*) as n_children
    from amounts
    where code <> 'TOTAL'
        and (parent_code is not null or level = '类')
    group by all

),

compared as (

    select
        parents.department_name,
        parents.fiscal_year,
        parents.table_name,
        parents.code,
        parents.name,
        parents.amount_column,
        parents.amount as printed,
        children.children_sum,
        parents.amount - children.children_sum as difference,
        children.n_children,
        parents.source_file,
        parents.line_start,
        parents.line_end
    from amounts as parents
    inner join children
        on parents.department_name = children.department_name
        and parents.fiscal_year = children.fiscal_year
        and parents.table_name = children.table_name
        and parents.amount_column = children.amount_column
        and parents.code = children.parent_code

)

select * from compared
