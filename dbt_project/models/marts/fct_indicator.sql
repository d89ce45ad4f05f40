-- Grain: one indicator row of one document. Reported score beside the rule's derived range.
with

scored as (

    select * from {{ ref('int_self_evaluation_indicators_scored') }}

),

projects as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}

),

rules as (

    select * from {{ ref('scoring_rules') }}

),

tolerance as (

    select cast(value as decimal(18, 2)) as score_tolerance
    from rules
    where rule_id = 'score_tolerance'

),

final as (

    select
        md5(projects.unit_name || '|' || replace(projects.project_name, ' ', '')) as project_key,
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
        scored.line_end
    from scored
    inner join projects
        on scored.source_file = projects.source_file
        and scored.project_name = projects.project_name
        and scored.line_start between projects.line_start and projects.line_end
    cross join tolerance

)

select * from final
