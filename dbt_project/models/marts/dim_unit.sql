with

documents as (

    select * from {{ ref('int_project_documents') }}

),

units as (

    select distinct unit_name, department_name from documents

),

final as (

    select
        md5(unit_name) as unit_key,
        unit_name,
        md5(department_name) as department_key,
        department_name
    from units

)

select * from final
