-- Every project form of every document kind, with the key that makes it one project:
-- the unit and the project name with all whitespace removed (see dim_project).
with

self_evaluations as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}

),

declarations as (

    select * from {{ ref('stg_raw__declaration_projects') }}

),

evaluation_reports as (

    select * from {{ ref('stg_raw__evaluation_reports') }}

),

unioned as (

    select
        project_name, department_name, unit_name, fiscal_year,
        'self_evaluation' as document_kind, source_file, line_start, line_end
    from self_evaluations

    union all

    select
        project_name, department_name, unit_name, fiscal_year,
        'target_declaration' as document_kind, source_file, line_start, line_end
    from declarations

    union all

    select
        project_name, department_name, unit_name, fiscal_year,
        'evaluation_report' as document_kind, source_file, line_start, line_end
    from evaluation_reports

),

keyed as (

    -- A report that names no 主管部门 takes the one its unit's other forms print.
    select
        {{ project_key('unit_name', 'project_name') }} as project_key,
        {{ strip_whitespace('project_name') }} as project_name_key,
        project_name,
        unit_name,
        fiscal_year,
        document_kind,
        source_file,
        line_start,
        line_end,
        coalesce(department_name, max(department_name) over (partition by unit_name))
            as department_name
    from unioned

)

select * from keyed
