-- Grain: project x fiscal year x document kind x funding source (年度资金总额 and its sources).
with

funding as (

    select * from {{ ref('stg_raw__self_evaluation_funding') }}

),

projects as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}

),

final as (

    select
        {{ project_key('projects.unit_name', 'projects.project_name') }} as project_key,
        funding.project_name,
        projects.unit_name,
        funding.fiscal_year,
        'self_evaluation' as document_kind,
        funding.funding_source,
        funding.source_label,
        funding.initial_budget_wan,
        funding.full_year_budget_wan,
        funding.executed_wan,
        cast(funding.initial_budget_wan * 10000 as decimal(20, 2)) as initial_budget_yuan,
        cast(funding.full_year_budget_wan * 10000 as decimal(20, 2)) as full_year_budget_yuan,
        cast(funding.executed_wan * 10000 as decimal(20, 2)) as executed_yuan,
        funding.execution_rate_reported,
        funding.source_file,
        funding.line_start,
        funding.line_end
    from funding
    inner join projects
        on funding.source_file = projects.source_file
        and funding.project_name = projects.project_name
        and funding.line_start between projects.line_start and projects.line_end

)

select * from final
