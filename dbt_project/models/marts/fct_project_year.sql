-- Grain: project x fiscal year x document kind. Reported figures beside derived ones.
with

budgets as (

    select * from {{ ref('int_self_evaluation_budget') }}

),

declarations as (

    select * from {{ ref('stg_raw__declaration_projects') }}

),

evaluation_reports as (

    select * from {{ ref('stg_raw__evaluation_reports') }}

),

project_documents as (

    select * from {{ ref('int_project_documents') }}

),

rule_values as (

    select * from {{ ref('int_scoring_rules') }}

),

indicator_totals as (

    select * from {{ ref('int_self_evaluation_indicator_totals') }}

),

grade_bands as (

    select * from {{ ref('grade_bands') }}

),

document_rounding as (

    select * from {{ ref('int_document_rounding') }}

),

tolerance as (

    select score_tolerance from {{ ref('int_scoring_rules') }}

),

self_evaluations as (

    select
        {{ project_key('budgets.unit_name', 'budgets.project_name') }} as project_key,
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
        cast(null as decimal(20, 2)) as declared_amount_yuan,
        budgets.source_file,
        budgets.source_sha256,
        budgets.line_start,
        budgets.line_end,
        budgets.budget_line_start,
        budgets.budget_line_end,
        budgets.rate_rounding as execution_rate_rounding,
        budgets.execution_rate_rounding_other,
        budgets.score_rounding as budget_score_rounding,
        budgets.page,
        budgets.table_no,
        budgets.row_no,
        budgets.budget_page
    from budgets
    inner join indicator_totals
        on budgets.source_file = indicator_totals.source_file
        and budgets.project_name = indicator_totals.project_name
        and budgets.line_start = indicator_totals.line_start

),

target_declarations as (

    -- 绩效目标申报表: the amount requested for the year (年度资金申请总额, 元); no execution yet.
    select
        {{ project_key('unit_name', 'project_name') }} as project_key,
        project_name,
        department_name,
        unit_name,
        fiscal_year,
        'target_declaration' as document_kind,
        year_request_yuan as declared_amount_yuan,
        source_file,
        source_sha256,
        line_start,
        line_end
    from declarations

),

reported_evaluations as (

    -- 绩效评价报告: 批复 budget as the initial, 调整后 as the full-year budget, 实际支出 as
    -- executed (all 元); the rate derived by the same rule as for self-evaluations.
    select
        {{ project_key('evaluation_reports.unit_name', 'evaluation_reports.project_name') }}
            as project_key,
        evaluation_reports.project_name,
        project_documents.department_name,
        evaluation_reports.unit_name,
        evaluation_reports.fiscal_year,
        'evaluation_report' as document_kind,
        evaluation_reports.approved_budget_yuan as initial_budget_yuan,
        evaluation_reports.adjusted_budget_yuan as full_year_budget_yuan,
        evaluation_reports.actual_spending_yuan as executed_yuan,
        evaluation_reports.execution_rate_pct as execution_rate_reported,
        {{ exact_ratio('evaluation_reports.actual_spending_yuan',
                       'evaluation_reports.adjusted_budget_yuan', 100, 2,
                       'coalesce(document_rounding.rate_rounding, rule_values.rate_rounding)') }}
            as execution_rate_derived,
        evaluation_reports.total_score as total_score_reported,
        evaluation_reports.grade as grade_reported,
        evaluation_reports.source_file,
        evaluation_reports.source_sha256,
        evaluation_reports.line_start,
        evaluation_reports.line_end,
        evaluation_reports.adjusted_budget_yuan_line as budget_line_start,
        evaluation_reports.execution_rate_pct_line as budget_line_end,
        coalesce(document_rounding.rate_rounding, rule_values.rate_rounding)
            as execution_rate_rounding
    from evaluation_reports
    inner join project_documents
        on evaluation_reports.source_file = project_documents.source_file
        and project_documents.document_kind = 'evaluation_report'
    left join document_rounding
        on evaluation_reports.source_file = document_rounding.source_file
    cross join rule_values

),

reported_evaluations_noted as (

    -- The other convention that gives the printed rate, when the document's own does not.
        select
        *,
        case
            when execution_rate_reported = execution_rate_derived then null
            when execution_rate_reported
                = {{ exact_ratio('executed_yuan', 'full_year_budget_yuan', 100, 2, "'truncate'") }}
                then 'truncate'
            when execution_rate_reported
                = {{ exact_ratio('executed_yuan', 'full_year_budget_yuan', 100, 2, "'half_up'") }}
                then 'half_up'
            when execution_rate_reported
                = {{ exact_ratio('executed_yuan', 'full_year_budget_yuan', 100, 2, "'up'") }}
                then 'up'
        end as execution_rate_rounding_other
    from reported_evaluations

),

all_documents as (

    -- Columns a kind does not have are null (named, in the order of self_evaluations).
    select * from self_evaluations

    union all

    select
        project_key,
        project_name,
        department_name,
        unit_name,
        fiscal_year,
        document_kind,
        null as initial_budget_wan,
        null as full_year_budget_wan,
        null as executed_wan,
        null as initial_budget_yuan,
        null as full_year_budget_yuan,
        null as executed_yuan,
        null as execution_rate_reported,
        null as execution_rate_derived,
        null as budget_weight,
        null as budget_score_reported,
        null as budget_score_derived,
        null as n_indicators,
        null as indicator_weight_sum,
        null as indicator_score_sum_reported,
        null as indicator_score_sum_derived_low,
        null as indicator_score_sum_derived,
        null as total_score_derived_low,
        null as total_score_derived,
        null as total_weight,
        null as total_score_reported,
        null as grade_reported,
        declared_amount_yuan,
        source_file,
        source_sha256,
        line_start,
        line_end,
        null as budget_line_start,
        null as budget_line_end,
        null as execution_rate_rounding,
        null as execution_rate_rounding_other,
        null as budget_score_rounding,
        null as page,
        null as table_no,
        null as row_no,
        null as budget_page
    from target_declarations

    union all

    select
        project_key,
        project_name,
        department_name,
        unit_name,
        fiscal_year,
        document_kind,
        null as initial_budget_wan,
        null as full_year_budget_wan,
        null as executed_wan,
        initial_budget_yuan,
        full_year_budget_yuan,
        executed_yuan,
        execution_rate_reported,
        execution_rate_derived,
        null as budget_weight,
        null as budget_score_reported,
        null as budget_score_derived,
        null as n_indicators,
        null as indicator_weight_sum,
        null as indicator_score_sum_reported,
        null as indicator_score_sum_derived_low,
        null as indicator_score_sum_derived,
        null as total_score_derived_low,
        null as total_score_derived,
        null as total_weight,
        total_score_reported,
        grade_reported,
        null as declared_amount_yuan,
        source_file,
        source_sha256,
        line_start,
        line_end,
        budget_line_start,
        budget_line_end,
        execution_rate_rounding,
        execution_rate_rounding_other,
        null as budget_score_rounding,
        null as page,
        null as table_no,
        null as row_no,
        null as budget_page
    from reported_evaluations_noted

),

graded as (

    select
        all_documents.*,
        {{ grade_band('all_documents.total_score_reported') }} as grade_of_reported_total,
        {{ grade_band('all_documents.total_score_derived') }} as grade_derived
    from all_documents

),

final as (

    select
        graded.*,
        graded.execution_rate_derived - graded.execution_rate_reported
            as execution_rate_gap,
        -- Reported 总分 outside the derived range (widened by the tolerance): by how much.
        case
            when graded.total_score_reported
                < graded.total_score_derived_low - tolerance.score_tolerance
                then graded.total_score_reported - graded.total_score_derived_low
            when graded.total_score_reported
                > graded.total_score_derived + tolerance.score_tolerance
                then graded.total_score_reported - graded.total_score_derived
        end as score_gap
    from graded
    cross join tolerance

)

select * from final
