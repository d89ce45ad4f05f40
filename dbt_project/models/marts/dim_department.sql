-- Departments (主管部门) named by project forms or by department budgets (编制部门).
with

documents as (

    select * from {{ ref('int_project_documents') }}

),

budget_lines as (

    select * from {{ ref('stg_raw__budget_lines') }}

),

departments as (

    select department_name from documents
    union
    select department_name from budget_lines

),

final as (

    select
        md5(department_name) as department_key,
        department_name
    from departments

)

select * from final
