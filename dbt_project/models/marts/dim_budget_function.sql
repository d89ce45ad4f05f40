-- 支出功能分类科目: 类/款/项 codes with names and parents (seed budget_function_codes).
with

codes as (

    select * from {{ ref('budget_function_codes') }}

),

final as (

    select
        code,
        name,
        level,
        parent_code
    from codes

)

select * from final
