-- Grain: one printed item of a 收入支出决算总表 / 财政拨款收入支出决算总表, per side.
with

items as (

    select * from {{ ref('stg_raw__final_summary') }}

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
        amount_yuan,
        general_budget_yuan,
        gov_fund_yuan,
        state_capital_yuan,
        unit_printed,
        page,
        table_no,
        row_no,
        source_file,
        line_start,
        line_end,
        seq
    from items

)

select * from final
