-- Grain: one item of a department budget's 三公经费和机关运行经费 table. The table prints 万元;
-- amount_yuan = amount_wan x 10,000 (exact, DECIMAL).
with

items as (

    select * from {{ ref('stg_raw__budget_three_public') }}

),

final as (

    select
        department_name,
        fiscal_year,
        table_name,
        item,
        item_name,
        parent_item,
        amount_wan,
        cast(amount_wan * 10000 as decimal(20, 2)) as amount_yuan,
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
