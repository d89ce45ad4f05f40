-- Grain: department x year x measure x function code (x budget document, x final document):
-- what the 部门预算 budgeted against what the 部门决算 spent. A code on one side only is
-- kept, with the other side null.
with

budget_lines as (

    select * from {{ ref('fct_budget_line') }}

),

final_lines as (

    select * from {{ ref('fct_final_line') }}

),

pairs as (

    select * from {{ ref('budget_final_tables') }}

),

budgeted as (

    select
        budget_lines.department_name,
        budget_lines.fiscal_year,
        pairs.measure,
        budget_lines.code,
        budget_lines.name,
        budget_lines.level,
        budget_lines.total_yuan as budgeted_yuan,
        budget_lines.source_file as budget_source_file,
        budget_lines.page as budget_page
    from budget_lines
    inner join pairs on budget_lines.table_name = pairs.budget_table_name
    where budget_lines.classification = 'function'

),

spent as (

    select
        final_lines.department_name,
        final_lines.fiscal_year,
        pairs.measure,
        final_lines.code,
        final_lines.name,
        final_lines.level,
        final_lines.expenditure_yuan as final_yuan,
        final_lines.source_file as final_source_file,
        final_lines.page as final_page
    from final_lines
    inner join pairs on final_lines.table_name = pairs.final_table_name
    where final_lines.classification = 'function'

),

joined as (

    select
        coalesce(budgeted.department_name, spent.department_name) as department_name,
        coalesce(budgeted.fiscal_year, spent.fiscal_year) as fiscal_year,
        coalesce(budgeted.measure, spent.measure) as measure,
        coalesce(budgeted.code, spent.code) as code,
        coalesce(budgeted.name, spent.name) as name,
        coalesce(budgeted.level, spent.level) as level,
        budgeted.budgeted_yuan,
        spent.final_yuan,
        case
            when budgeted.code is null then 'final_only'
            when spent.code is null then 'budget_only'
            else 'both'
        end as matched,
        budgeted.budget_source_file,
        budgeted.budget_page,
        spent.final_source_file,
        spent.final_page
    from budgeted
    full outer join spent
        on budgeted.department_name = spent.department_name
        and budgeted.fiscal_year = spent.fiscal_year
        and budgeted.measure = spent.measure
        and budgeted.code = spent.code

),

final as (

    select
        department_name,
        fiscal_year,
        measure,
        code,
        name,
        level,
        budgeted_yuan,
        final_yuan,
        -- Scale pinned: PostgreSQL gives the difference of two numerics the scale it likes.
        cast(coalesce(final_yuan, 0) - coalesce(budgeted_yuan, 0) as decimal(20, 2))
            as difference_yuan,
        -- 决算数 / 预算数 × 100 on exact integers (fen), half-up to two decimals.
        {{ exact_ratio('final_yuan', 'budgeted_yuan', 100, 2, "'half_up'") }} as final_rate,
        matched,
        budget_source_file,
        budget_page,
        final_source_file,
        final_page
    from joined

)

select * from final
