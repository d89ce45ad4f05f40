-- One row per project of a unit. A project is matched across years and document kinds by
-- its unit and its name with spaces removed (see the model's description).
with

projects as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}

),

keyed as (

    select
        md5(unit_name || '|' || replace(project_name, ' ', '')) as project_key,
        replace(project_name, ' ', '') as project_name,
        unit_name,
        department_name,
        fiscal_year
    from projects

),

final as (

    select
        project_key,
        any_value(project_name) as project_name,
        any_value(unit_name) as unit_name,
        md5(any_value(unit_name)) as unit_key,
        any_value(department_name) as department_name,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year
    from keyed
    group by project_key

)

select * from final
