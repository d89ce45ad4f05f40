-- Grain: project x fiscal year x document kind. Reported figures beside derived ones.
with

budgets as (

    select * from {{ ref('int_self_evaluation_budget') }}

),

indicator_totals as (

    select * from {{ ref('int_self_evaluation_indicator_totals') }}

),

grade_bands as (

    select * from {{ ref('grade_bands') }}

),

rules as (

    select * from {{ ref('scoring_rules') }}

),

tolerance as (

    select cast(value as decimal(18, 2)) as score_tolerance
    from rules
    where rule_id = 'score_tolerance'

),

self_evaluations as (

    select
        md5(budgets.unit_name || '|' || replace(budgets.project_name, ' ', '')) as project_key,
        budgets.project_name,
        budgets.department_name,
        budgets.unit_name,
        budgets.fiscal_year,
        'self_evaluation' as document_kind,
        budgets.initial_budget_wan,
        budgets.full_year_budget_wan,
        budgets.executed_wan,
        cast(budgets.initial_budget_wan * 10000 as decimal(20, 2)) as initial_budget_yuan,
        cast(budgets.full_year_budget_wan * 10000 as decimal(20, 2)) as full_year_budget_yuan,
        cast(budgets.executed_wan * 10000 as decimal(20, 2)) as executed_yuan,
        budgets.execution_rate_reported,
        budgets.execution_rate_derived,
        budgets.budget_weight,
        budgets.budget_score_reported,
        budgets.budget_score_derived,
        indicator_totals.n_indicators,
        indicator_totals.indicator_weight_sum,
        indicator_totals.indicator_score_sum_reported,
        indicator_totals.indicator_score_sum_derived_low,
        indicator_totals.indicator_score_sum_derived,
        budgets.budget_score_derived + indicator_totals.indicator_score_sum_derived_low
            as total_score_derived_low,
        budgets.budget_score_derived + indicator_totals.indicator_score_sum_derived
            as total_score_derived,
        budgets.total_weight,
        budgets.total_score_reported,
        budgets.grade_reported,
        budgets.source_file,
        budgets.source_sha256,
        budgets.line_start,
        budgets.line_end,
        budgets.budget_line_start,
        budgets.budget_line_end
    from budgets
    inner join indicator_totals
        on budgets.source_file = indicator_totals.source_file
        and budgets.project_name = indicator_totals.project_name
        and budgets.line_start = indicator_totals.line_start

),

reported_grade as (

    select
        self_evaluations.*,
        grade_bands.grade as grade_of_reported_total
    from self_evaluations
    left join grade_bands
        on self_evaluations.total_score_reported >= grade_bands.min_score
        and (
            grade_bands.max_score_exclusive is null
            or self_evaluations.total_score_reported < grade_bands.max_score_exclusive
        )

),

derived_grade as (

    select
        reported_grade.*,
        grade_bands.grade as grade_derived
    from reported_grade
    left join grade_bands
        on reported_grade.total_score_derived >= grade_bands.min_score
        and (
            grade_bands.max_score_exclusive is null
            or reported_grade.total_score_derived < grade_bands.max_score_exclusive
        )

),

final as (

    select
        derived_grade.*,
        derived_grade.execution_rate_derived - derived_grade.execution_rate_reported
            as execution_rate_gap,
        -- Reported 总分 outside the derived range (widened by the tolerance): by how much.
        case
            when derived_grade.total_score_reported
                < derived_grade.total_score_derived_low - tolerance.score_tolerance
                then derived_grade.total_score_reported - derived_grade.total_score_derived_low
            when derived_grade.total_score_reported
                > derived_grade.total_score_derived + tolerance.score_tolerance
                then derived_grade.total_score_reported - derived_grade.total_score_derived
        end as score_gap
    from derived_grade
    cross join tolerance

)

select * from final
