-- Each amount a 部门决算 table prints for a function code (or its 合计) beside the amount the
-- reference table of the same measure prints for that code (seed final_table_measures: the
-- lowest-ranked table printing the code). The summaries' 类 items are coded by the name the
-- document's tables print for a 类 (else the 类 the name names in the document's year, macro
-- function_class_code), their 本年收入合计 / 本年支出合计 are the tables' 合计 (TOTAL). Empty
-- cells take no part. The pairing is the macro cross_table_ctes, shared with
-- int_budget_cross_table.
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

{{ cross_table_ctes(
    lines='lines',
    line_columns=[
        'income_yuan', 'appropriation_yuan', 'expenditure_yuan', 'basic_yuan', 'project_yuan',
    ],
    line_filter="lines.classification = 'function'",
    summary='coded_summary',
    summary_code='code',
    summary_columns=['amount_yuan', 'general_budget_yuan', 'gov_fund_yuan', 'state_capital_yuan'],
    measure_columns=['relation'],
    with_page=true,
) }}

select * from final
