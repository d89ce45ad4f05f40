-- Departments (主管部门) named by project forms, department budgets or final accounts (编制部门).
with

documents as (

    select * from {{ ref('int_project_documents') }}

),

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

budget_summary as (

    select * from {{ ref('stg_raw__budget_summary') }}

),

final_summary as (

    select * from {{ ref('stg_raw__final_summary') }}

),

final_lines as (

    select * from {{ ref('stg_raw__final_lines') }}

),

final_three_public as (

    select * from {{ ref('stg_raw__final_three_public') }}

),

departments as (

    select department_name from documents
    union
    select department_name from budget_lines
    union
    select department_name from budget_summary
    union
    select department_name from final_summary
    union
    select department_name from final_lines
    union
    select department_name from final_three_public

),

final as (

    select
        md5(department_name) as department_key,
        department_name
    from departments
    where department_name is not null

)

select * from final
