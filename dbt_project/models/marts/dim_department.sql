with

projects as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}

),

departments as (

    select distinct department_name from projects

),

final as (

    select
        md5(department_name) as department_key,
        department_name
    from departments

)

select * from final
