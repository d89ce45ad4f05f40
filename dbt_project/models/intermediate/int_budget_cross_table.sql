-- Each amount a department-budget table prints for a classification code beside the amount
-- the reference table of the same measure prints for that code (seed budget_table_measures:
-- the lowest-ranked table printing the code). Empty cells take no part. The pairing is the
-- macro cross_table_ctes, shared with int_final_cross_table.
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

{{ cross_table_ctes(
    lines='lines',
    line_columns=[
        'total_yuan', 'appropriation_yuan', 'business_income_yuan', 'operating_income_yuan',
        'other_income_yuan', 'basic_yuan', 'project_yuan', 'personnel_yuan', 'public_yuan',
    ],
    summary='summary',
    summary_code='function_code',
    summary_columns=['amount_yuan', 'general_budget_yuan', 'gov_fund_yuan'],
) }}

select * from final
