-- Each amount a 部门决算 table prints for a function code (or its 合计) beside the amount the
-- reference table of the same measure prints for that code (seed final_table_measures: the
-- lowest-ranked table printing the code). The summaries' 类 items are coded by the name the
-- document's tables print for a 类 (else the 类 the name names in the document's year, macro
-- function_class_code), their 本年收入合计 / 本年支出合计 are the tables' 合计 (TOTAL). Empty
-- cells take no part.
with

lines as (

    select * from {{ ref('fct_final_line') }}

),

summary as (

    select * from {{ ref('fct_final_summary') }}

),

code_names as (

    select * from {{ ref('classification_code_names') }}

),

measures as (

    select * from {{ ref('final_table_measures') }}

),

line_amounts as (

    select
        lines.source_file,
        lines.department_name,
        lines.fiscal_year,
        measures.measure,
        measures.relation,
        measures.rank,
        lines.table_name,
        measures.amount_column,
        lines.code,
        lines.name,
        case measures.amount_column
            when 'income_yuan' then lines.income_yuan
            when 'appropriation_yuan' then lines.appropriation_yuan
            when 'expenditure_yuan' then lines.expenditure_yuan
            when 'basic_yuan' then lines.basic_yuan
            when 'project_yuan' then lines.project_yuan
        end as amount,
        lines.page,
        lines.line_start,
        lines.line_end
    from lines
    inner join measures
        on lines.table_name = measures.table_name
        and coalesce(measures.side, '') = ''
    where lines.classification = 'function'

),

printed_classes as (

    select distinct source_file, code, name_printed
    from lines
    where classification = 'function' and level = '类' and name_printed is not null

),

coded_summary as (

    select
        summary.*,
        case
            when summary.item_name in ('本年收入合计', '本年支出合计') then 'TOTAL'
            when summary.side = 'expenditure' and not summary.is_total
                then coalesce(
                    printed_classes.code,
                    {{ function_class_code('summary.item_name', 'summary.fiscal_year', 'code_names') }}
                )
        end as code
    from summary
    -- The 类 the document's own tables print under that name (a body may print a name the
    -- seed does not know), else the one the name names in the document's year.
    left join printed_classes
        on summary.source_file = printed_classes.source_file
        and summary.item_name = printed_classes.name_printed

),

summary_amounts as (

    select
        coded_summary.source_file,
        coded_summary.department_name,
        coded_summary.fiscal_year,
        measures.measure,
        measures.relation,
        measures.rank,
        coded_summary.table_name,
        measures.amount_column,
        coded_summary.code,
        coded_summary.item_name as name,
        case measures.amount_column
            when 'amount_yuan' then coded_summary.amount_yuan
            when 'general_budget_yuan' then coded_summary.general_budget_yuan
            when 'gov_fund_yuan' then coded_summary.gov_fund_yuan
            when 'state_capital_yuan' then coded_summary.state_capital_yuan
        end as amount,
        coded_summary.page,
        coded_summary.line_start,
        coded_summary.line_end
    from coded_summary
    inner join measures
        on coded_summary.table_name = measures.table_name
        and coded_summary.side = measures.side
    where coded_summary.code is not null

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
        first_value(page) over by_code as reference_page,
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
        relation,
        code,
        name,
        table_name,
        amount_column,
        -- Scales pinned: PostgreSQL types a case over numeric columns without one.
        cast(amount as decimal(18, 2)) as amount,
        reference_table_name,
        cast(reference_amount as decimal(18, 2)) as reference_amount,
        cast(amount - reference_amount as decimal(19, 2)) as difference,
        cast(page as integer) as page,
        line_start,
        line_end,
        cast(reference_page as integer) as reference_page,
        reference_line_start
    from referenced
    where rank <> reference_rank

)

select * from final
