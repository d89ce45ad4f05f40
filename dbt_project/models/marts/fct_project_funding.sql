-- Grain: project x fiscal year x document kind x funding source (年度资金总额 and its sources).
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_documents() }}") }}
-- depends_on: {{ source('raw', 'changed_documents') }}
with

funding as (

    select * from {{ ref('stg_raw__self_evaluation_funding') }}
    {{ where_document_changed() }}

),

projects as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}
    {{ where_document_changed() }}

),

declarations as (

    select * from {{ ref('stg_raw__declaration_projects') }}
    {{ where_document_changed() }}

),

self_evaluated as (

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
        cast(null as decimal(18, 2)) as declared_yuan,
        funding.source_file,
        funding.line_start,
        funding.line_end,
        funding.page,
        funding.table_no,
        funding.row_no
    from funding
    inner join projects
        on funding.source_file = projects.source_file
        and funding.project_name = projects.project_name
        and funding.line_start between projects.line_start and projects.line_end

),

declared as (

    -- 绩效目标申报表: the year's request (年度资金申请总额) and its sources, in 元.
    select
        {{ project_key('unit_name', 'project_name') }} as project_key,
        project_name,
        unit_name,
        fiscal_year,
        'target_declaration' as document_kind,
        funding_source,
        source_label,
        declared_yuan,
        source_file,
        line_start,
        line_end
    from declarations
    cross join lateral (
        values
            ('total', '年度资金申请总额', year_request_yuan),
            ('current_appropriation', '当年财政拨款', year_appropriation_yuan),
            ('prior_year_carryover', '上年结转资金', year_carryover_yuan),
            ('other', '其他资金', year_other_yuan)
    ) as sources (funding_source, source_label, declared_yuan)

),

final as (

    -- Columns a declaration does not have are null (named, in the order of self_evaluated).
    select * from self_evaluated

    union all

    select
        project_key,
        project_name,
        unit_name,
        fiscal_year,
        document_kind,
        funding_source,
        source_label,
        null as initial_budget_wan,
        null as full_year_budget_wan,
        null as executed_wan,
        null as initial_budget_yuan,
        null as full_year_budget_yuan,
        null as executed_yuan,
        null as execution_rate_reported,
        declared_yuan,
        source_file,
        line_start,
        line_end,
        null as page,
        null as table_no,
        null as row_no
    from declared

)

select * from final
