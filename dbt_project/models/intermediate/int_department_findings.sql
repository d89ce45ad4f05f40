-- Grain: department x fiscal year. The night's audit findings counted by severity. Each
-- finding counts once, under its form's department-year (same file and project name) when it
-- names a form, else under its document's: the department-year most of the document's
-- extracted rows belong to (ties: by name, then year). Dismissed findings are counted apart.
with

findings as (

    select * from {{ ref('stg_findings__audit_findings') }}

),

project_years as (

    select * from {{ ref('fct_project_year') }}

),

budget_summary as (

    select * from {{ ref('fct_budget_summary') }}

),

budget_lines as (

    select * from {{ ref('fct_budget_line') }}

),

final_summary as (

    select * from {{ ref('fct_final_summary') }}

),

final_lines as (

    select * from {{ ref('fct_final_line') }}

),

form_amounts as (

    select * from {{ ref('fct_form_amount') }}

),

document_rows as (

    select source_file, department_name, fiscal_year from project_years
    union all
    select source_file, department_name, fiscal_year from budget_summary
    union all
    select source_file, department_name, fiscal_year from budget_lines
    union all
    select source_file, department_name, fiscal_year from final_summary
    union all
    select source_file, department_name, fiscal_year from final_lines
    union all
    select source_file, department_name, fiscal_year from form_amounts

),

document_department_years as (

    select
        source_file,
        department_name,
        fiscal_year,
        count(*) as n_rows,
        row_number() over (
            partition by source_file
            order by count(*) desc, department_name, fiscal_year
        ) as rank_in_document
    from document_rows
    where department_name is not null and fiscal_year is not null
    group by source_file, department_name, fiscal_year

),

document_main as (

    select source_file, department_name, fiscal_year
    from document_department_years
    where rank_in_document = 1

),

form_department_years as (

    select
        source_file,
        project_name,
        department_name,
        fiscal_year,
        row_number() over (
            partition by source_file, project_name
            order by department_name, fiscal_year
        ) as rank_in_form
    from project_years
    where department_name is not null and fiscal_year is not null
        and project_name is not null

),

form_main as (

    select source_file, project_name, department_name, fiscal_year
    from form_department_years
    where rank_in_form = 1

),

attributed as (

    select
        findings.finding_id,
        findings.severity,
        findings.review_status,
        case
            when form_main.source_file is not null then form_main.department_name
            else document_main.department_name
        end as department_name,
        case
            when form_main.source_file is not null then form_main.fiscal_year
            else document_main.fiscal_year
        end as fiscal_year
    from findings
    left join form_main
        on findings.source_file = form_main.source_file
        and findings.project_name = form_main.project_name
    left join document_main
        on findings.source_file = document_main.source_file

),

counted as (

    select
        department_name,
        fiscal_year,
        count(*) filter (
            where severity = 'error' and review_status is distinct from 'dismissed'
        ) as n_error_findings,
        count(*) filter (
            where severity = 'warning' and review_status is distinct from 'dismissed'
        ) as n_warning_findings,
        count(*) filter (
            where severity = 'rounding' and review_status is distinct from 'dismissed'
        ) as n_rounding_findings,
        count(*) filter (where review_status = 'dismissed') as n_dismissed_findings,
        count(*) filter (where review_status = 'confirmed') as n_confirmed_findings
    from attributed
    where department_name is not null
    group by department_name, fiscal_year

)

select * from counted
