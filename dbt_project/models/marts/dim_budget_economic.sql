-- 部门预算支出经济分类科目: 类/款 codes with names and parents (seed budget_economic_codes).
with

codes as (

    select * from {{ ref('budget_economic_codes') }}

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
