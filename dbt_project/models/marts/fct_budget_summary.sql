-- Grain: one printed item of a department budget's 收支总表 (income or expenditure side).
-- Expenditure items are 类 of the functional classification: function_code is the 类 the
-- item's name names in the document's year (seed classification_code_names, macro
-- function_class_code: its name of the year, else of another year); the totals get 'TOTAL'.
with

items as (

    select * from {{ ref('stg_raw__budget_summary') }}

),

code_names as (

    select * from {{ ref('classification_code_names') }}

),

coded as (

    select
        items.*,
        case
            when items.is_total then 'TOTAL'
            when items.side = 'expenditure'
                then {{ function_class_code('items.item_name', 'items.fiscal_year', 'code_names') }}
        end as function_code
    from items

),

final as (

    select
        department_name,
        fiscal_year,
        table_name,
        side,
        item_no,
        item_name,
        parent_item,
        is_total,
        function_code,
        amount_yuan,
        general_budget_yuan,
        gov_fund_yuan,
        state_capital_yuan,
        basic_yuan,
        personnel_yuan,
        public_yuan,
        project_yuan,
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
    from coded

)

select * from final
