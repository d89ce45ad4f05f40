-- Each amount a department-budget table prints for a classification code beside the amount
-- the reference table of the same measure prints for that code (seed budget_table_measures:
-- the lowest-ranked table printing the code). Empty cells take no part.
with

lines as (

    select * from {{ ref('fct_budget_line') }}

),

summary as (

    select * from {{ ref('fct_budget_summary') }}

),

measures as (

    select * from {{ ref('budget_table_measures') }}

),

line_amounts as (

    select
        lines.source_file,
        lines.department_name,
        lines.fiscal_year,
        measures.measure,
        measures.rank,
        lines.table_name,
        measures.amount_column,
        lines.code,
        lines.name,
        case measures.amount_column
            when 'total_yuan' then lines.total_yuan
            when 'appropriation_yuan' then lines.appropriation_yuan
            when 'business_income_yuan' then lines.business_income_yuan
            when 'operating_income_yuan' then lines.operating_income_yuan
            when 'other_income_yuan' then lines.other_income_yuan
            when 'basic_yuan' then lines.basic_yuan
            when 'project_yuan' then lines.project_yuan
            when 'personnel_yuan' then lines.personnel_yuan
            when 'public_yuan' then lines.public_yuan
        end as amount,
        lines.line_start,
        lines.line_end
    from lines
    inner join measures
        on lines.table_name = measures.table_name
        and coalesce(measures.side, '') = ''

),

summary_amounts as (

    select
        summary.source_file,
        summary.department_name,
        summary.fiscal_year,
        measures.measure,
        measures.rank,
        summary.table_name,
        measures.amount_column,
        summary.function_code as code,
        summary.item_name as name,
        case measures.amount_column
            when 'amount_yuan' then summary.amount_yuan
            when 'general_budget_yuan' then summary.general_budget_yuan
            when 'gov_fund_yuan' then summary.gov_fund_yuan
        end as amount,
        summary.line_start,
        summary.line_end
    from summary
    inner join measures
        on summary.table_name = measures.table_name
        and summary.side = measures.side
    where summary.function_code is not null

),

amounts as (

    select * from line_amounts
    union all
    select * from summary_amounts

),

printed as (

    select * from amounts where amount is not null

),

referenced as (

    select
        printed.*,
        first_value(table_name) over by_code as reference_table_name,
        first_value(amount) over by_code as reference_amount,
        first_value(line_start) over by_code as reference_line_start,
        first_value(rank) over by_code as reference_rank
    from printed
    window by_code as (partition by source_file, measure, code order by rank)

),

final as (

    select
        source_file,
        department_name,
        fiscal_year,
        measure,
        code,
        name,
        table_name,
        amount_column,
        -- Scales pinned: PostgreSQL types a case over numeric columns without one.
        cast(amount as decimal(18, 2)) as amount,
        reference_table_name,
        cast(reference_amount as decimal(18, 2)) as reference_amount,
        cast(amount - reference_amount as decimal(19, 2)) as difference,
        line_start,
        line_end,
        reference_line_start
    from referenced
    where rank <> reference_rank

)

select * from final
