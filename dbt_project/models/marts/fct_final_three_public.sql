-- Grain: department x year x stage (预算数 / 决算数) x 三公 item, 万元 as printed.
with

items as (

    select * from {{ ref('stg_raw__final_three_public') }}

),

final as (

    select
        department_name,
        fiscal_year,
        table_name,
        stage,
        item,
        item_name,
        parent_item,
        amount_wan,
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
