-- Grain: one indicator row of one document. Reported score beside the rule's derived range.
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_changed_documents() }}") }}
-- depends_on: {{ source('raw', 'changed_documents') }}
with

scored as (

    select * from {{ ref('int_self_evaluation_indicators_scored') }}
    {{ where_document_changed() }}

),

projects as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}
    {{ where_document_changed() }}

),

declared_indicators as (

    select * from {{ ref('stg_raw__declaration_indicators') }}
    {{ where_document_changed() }}

),

declarations as (

    select * from {{ ref('stg_raw__declaration_projects') }}
    {{ where_document_changed() }}

),

tolerance as (

    select score_tolerance from {{ ref('int_scoring_rules') }}

),

self_evaluated as (

    select
        {{ project_key('projects.unit_name', 'projects.project_name') }} as project_key,
        scored.project_name,
        projects.unit_name,
        projects.department_name,
        scored.fiscal_year,
        'self_evaluation' as document_kind,
        scored.seq,
        scored.level1,
        scored.level2,
        scored.indicator_name,
        scored.indicator_type,
        scored.direction,
        scored.target_raw,
        scored.target_op,
        scored.target_value,
        scored.target_unit,
        scored.actual_raw,
        scored.actual_value,
        scored.actual_unit,
        scored.achieved,
        scored.weight,
        scored.score_reported,
        scored.score_derived_low,
        scored.score_derived_high,
        case
            when scored.score_reported < scored.score_derived_low - tolerance.score_tolerance
                then scored.score_reported - scored.score_derived_low
            when scored.score_reported > scored.score_derived_high + tolerance.score_tolerance
                then scored.score_reported - scored.score_derived_high
        end as score_gap,
        scored.deviation_note,
        scored.source_file,
        scored.source_sha256,
        scored.line_start,
        scored.line_end,
        scored.page,
        scored.table_no,
        scored.row_no
    from scored
    inner join projects
        on scored.source_file = projects.source_file
        and scored.project_name = projects.project_name
        and scored.line_start between projects.line_start and projects.line_end
    cross join tolerance

),

declared as (

    -- 绩效目标申报表 rows: a target only; nothing achieved or scored yet.
    select
        {{ project_key('declarations.unit_name', 'declarations.project_name') }} as project_key,
        declared_indicators.project_name,
        declarations.unit_name,
        declarations.department_name,
        declared_indicators.fiscal_year,
        'target_declaration' as document_kind,
        declared_indicators.seq,
        declared_indicators.level1,
        declared_indicators.level2,
        declared_indicators.indicator_name,
        case when declared_indicators.target_op is null then 'qualitative' else 'quantitative' end
            as indicator_type,
        case
            when declared_indicators.target_op in ('≤', '<') then 'reverse'
            when declared_indicators.target_op is not null then 'positive'
        end as direction,
        declared_indicators.target_raw,
        declared_indicators.target_op,
        declared_indicators.target_value,
        declared_indicators.target_unit,
        'unknown' as achieved,
        declared_indicators.source_file,
        declared_indicators.source_sha256,
        declared_indicators.line_start,
        declared_indicators.line_end
    from declared_indicators
    -- A document may print one project name under several units (广州's 项目支出绩效目标表:
    -- 机构运行辅助经费 in each unit): an indicator belongs to the project of its name printed
    -- last at or above it.
    inner join declarations
        on declared_indicators.source_file = declarations.source_file
        and declared_indicators.project_name = declarations.project_name
        and declared_indicators.fiscal_year = declarations.fiscal_year
        and declarations.line_start <= declared_indicators.line_start
    where not exists (
        select 1 from declarations as later
        where later.source_file = declarations.source_file
          and later.project_name = declarations.project_name
          and later.fiscal_year = declarations.fiscal_year
          and later.line_start > declarations.line_start
          and later.line_start <= declared_indicators.line_start
    )

),

final as (

    -- Columns a declaration does not have are null (named, in the order of self_evaluated).
    select * from self_evaluated

    union all

    select
        project_key,
        project_name,
        unit_name,
        department_name,
        fiscal_year,
        document_kind,
        seq,
        level1,
        level2,
        indicator_name,
        indicator_type,
        direction,
        target_raw,
        target_op,
        target_value,
        target_unit,
        null as actual_raw,
        null as actual_value,
        null as actual_unit,
        achieved,
        null as weight,
        null as score_reported,
        null as score_derived_low,
        null as score_derived_high,
        null as score_gap,
        null as deviation_note,
        source_file,
        source_sha256,
        line_start,
        line_end,
        null as page,
        null as table_no,
        null as row_no
    from declared

)

select * from final
