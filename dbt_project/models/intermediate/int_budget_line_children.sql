-- Each budget line (类, 款, 合计) beside the sum of its children (款, 项, 类), per amount column.
with

lines as (

    select * from {{ ref('fct_budget_line') }}

),

amounts as (

    -- One row per line and amount column the table prints (a null amount is not printed).
    select
        lines.department_name,
        lines.fiscal_year,
        lines.table_name,
        lines.code,
        lines.name,
        lines.level,
        lines.parent_code,
        lines.source_file,
        lines.line_start,
        lines.line_end,
        by_column.amount_column,
        by_column.amount
    from lines
    cross join lateral (
        values
            ('total_yuan', lines.total_yuan),
            ('appropriation_yuan', lines.appropriation_yuan),
            ('business_income_yuan', lines.business_income_yuan),
            ('operating_income_yuan', lines.operating_income_yuan),
            ('other_income_yuan', lines.other_income_yuan),
            ('basic_yuan', lines.basic_yuan),
            ('project_yuan', lines.project_yuan),
            ('personnel_yuan', lines.personnel_yuan),
            ('public_yuan', lines.public_yuan)
    ) as by_column (amount_column, amount)
    where by_column.amount is not null

),

children as (

    select
        source_file,
        table_name,
        amount_column,
        coalesce(parent_code, 'TOTAL') as parent_code,
        sum(amount) as children_sum,
        count(*) as n_children
    from amounts
    where code <> 'TOTAL'
        and (parent_code is not null or level = '类')
    -- Per document: a department's 部门预算 and a unit's 单位预算 print the same tables.
    group by
        source_file, table_name, amount_column, coalesce(parent_code, 'TOTAL')

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
        on parents.source_file = children.source_file
        and parents.table_name = children.table_name
        and parents.amount_column = children.amount_column
        and parents.code = children.parent_code

)

select * from compared
