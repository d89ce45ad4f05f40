-- Grain: one printed item of a department budget's 收支总表 (income or expenditure side).
-- Expenditure items are 类 of the functional classification: function_code is the 类 whose
-- official name (seed budget_function_codes) is the item's name; the totals get 'TOTAL'.
with

items as (

    select * from {{ ref('stg_raw__budget_summary') }}

),

function_codes as (

    select * from {{ ref('dim_budget_function') }}

),

coded as (

    select
        items.*,
        case
            when items.is_total then 'TOTAL'
            when items.side = 'expenditure' then function_codes.code
        end as function_code
    from items
    left join function_codes
        on items.side = 'expenditure'
        and function_codes.level = '类'
        and items.item_name = function_codes.name

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
