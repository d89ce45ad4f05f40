-- 支出功能分类科目: every function code of the seed classification_code_names, with the name
-- in force now (its open row, else its latest), its level by length (类 3 digits, 款 5, 项 7)
-- and its parent by leading digits.
with

code_names as (

    select * from {{ ref('classification_code_names') }}

),

latest as (

    select
        code,
        name,
        row_number() over (
            partition by code order by coalesce(valid_to, 9999) desc
        ) as recency
    from code_names
    where classification = 'function'

),

final as (

    select
        code,
        name,
        case length(code) when 3 then '类' when 5 then '款' when 7 then '项' end as level,
        case length(code)
            when 5 then left(code, 3)
            when 7 then left(code, 5)
        end as parent_code
    from latest
    where recency = 1

)

select * from final
