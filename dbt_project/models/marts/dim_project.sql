-- One row per project of a unit, across years and document kinds: forms are matched by
-- unit and whitespace-free project name (int_project_documents).
with

documents as (

    select * from {{ ref('int_project_documents') }}

),

final as (

    select
        project_key,
        -- The whitespace-free name and the unit are part of the key: one value per project.
        min(project_name_key) as project_name,
        min(unit_name) as unit_name,
        md5(min(unit_name)) as unit_key,
        min(department_name) as department_name,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year,
        count(*) as n_documents,
        string_agg(distinct document_kind, ',' order by document_kind) as document_kinds
    from documents
    group by project_key

)

select * from final
