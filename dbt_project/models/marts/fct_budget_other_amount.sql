-- Grain: one amount printed in a department-budget table of no modelled kind (政府采购预算表,
-- 机关运行经费支出预算表 …), with the row and column it is printed in and its page.
with

amounts as (

    select * from {{ ref('stg_raw__budget_other_amounts') }}

),

final as (

    select
        department_name,
        fiscal_year,
        table_name,
        row_label,
        column_label,
        amount_yuan,
        unit_printed,
        page,
        table_no,
        row_no,
        source_file,
        line_start,
        line_end,
        seq
    from amounts

)

select * from final
