-- 预决算对照 Budget against actual for one unit: every function code (and TOTAL) of the unit's
-- 部门预算 against its 部门决算 of the same year, per measure (all funds; 一般公共预算财政拨款),
-- with the difference, the rate and the page of each side. A code printed on one side only is
-- listed (matched = budget_only / final_only), never dropped. The unit: the one with the most
-- codes on both sides (ties by name); replace the `unit` CTE with a name to ask for another.
with

compared as (

    select * from main.fct_budget_vs_final

),

unit as (

    select department_name
    from compared
    group by department_name
    order by count(*) filter (where matched = 'both') desc, department_name
    limit 1

),

final as (

    select
        compared.department_name,
        compared.fiscal_year,
        compared.measure,
        compared.code,
        compared.name,
        compared.level,
        compared.budgeted_yuan,
        compared.final_yuan,
        compared.difference_yuan,
        compared.final_rate,
        compared.matched,
        compared.budget_source_file,
        compared.budget_page,
        compared.final_source_file,
        compared.final_page
    from compared
    inner join unit on compared.department_name = unit.department_name

)

select * from final
order by fiscal_year, measure, code
