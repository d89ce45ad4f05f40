-- Grain: department (主管部门) x fiscal year. What its project forms report, summed and scored,
-- beside what the rules derive; its 部门预算 total where one is loaded; the night's findings
-- by severity (built after the quality step: tag after_findings).
with

project_years as (

    select * from {{ ref('fct_project_year') }}

),

budget_summary as (

    select * from {{ ref('fct_budget_summary') }}

),

final_summary as (

    select * from {{ ref('fct_final_summary') }}

),

final_lines as (

    select * from {{ ref('fct_final_line') }}

),

final_three_public as (

    select * from {{ ref('fct_final_three_public') }}

),

form_amounts as (

    select * from {{ ref('fct_form_amount') }}

),

rule_values as (

    select * from {{ ref('int_scoring_rules') }}

),

department_findings as (

    select * from {{ ref('int_department_findings') }}

),

forms as (

    select * from {{ ref('stg_raw__self_evaluation_projects') }}

),

scoped as (

    -- A 部门整体绩效自评表 is the department's own form, not one of its projects.
    select
        project_years.*,
        coalesce(forms.form_scope, 'project') as form_scope
    from project_years
    left join forms
        on project_years.source_file = forms.source_file
        and project_years.line_start = forms.line_start
        and project_years.document_kind = 'self_evaluation'

),

self_evaluations as (

    select * from scoped
    where document_kind = 'self_evaluation' and department_name is not null
        and form_scope = 'project'

),

department_forms as (

    -- Its 部门整体 self-evaluation: the score printed beside the one the rules derive.
    select
        department_name,
        fiscal_year,
        count(*) as n_department_forms,
        max(total_score_reported) as department_form_score_reported,
        max(total_score_derived) as department_form_score_derived,
        max(execution_rate_reported) as department_form_rate_reported,
        max(execution_rate_derived) as department_form_rate_derived
    from scoped
    where document_kind = 'self_evaluation' and department_name is not null
        and form_scope = 'department'
    group by department_name, fiscal_year

),

evaluated as (

    -- Amounts summed, never rates averaged: the department's rate is derived from the totals.
    select
        department_name,
        fiscal_year,
        count(*) as n_self_evaluation_forms,
        count(distinct project_key) as n_projects_evaluated,
        sum(initial_budget_yuan) as initial_budget_yuan,
        sum(full_year_budget_yuan) as full_year_budget_yuan,
        sum(executed_yuan) as executed_yuan,
        -- The department's documents' own rounding when they agree, else the default.
        case
            when min(execution_rate_rounding) = max(execution_rate_rounding)
                then min(execution_rate_rounding)
        end as documents_rounding,
        count(total_score_reported) as n_scored_reported,
        sum(total_score_reported) as total_score_reported_sum,
        min(total_score_reported) as total_score_reported_min,
        count(total_score_derived) as n_scored_derived,
        sum(total_score_derived) as total_score_derived_sum,
        min(total_score_derived) as total_score_derived_min,
        count(*) filter (where grade_reported = '优') as n_excellent_reported,
        count(*) filter (where grade_reported = '良') as n_good_reported,
        count(*) filter (where grade_reported = '中') as n_fair_reported,
        count(*) filter (where grade_reported = '差') as n_poor_reported,
        count(*) filter (where grade_derived = '优') as n_excellent_derived,
        count(*) filter (where grade_derived = '良') as n_good_derived,
        count(*) filter (where grade_derived = '中') as n_fair_derived,
        count(*) filter (where grade_derived = '差') as n_poor_derived,
        count(score_gap) as n_score_gaps,
        sum(abs(score_gap)) as score_gap_abs_sum
    from self_evaluations
    group by department_name, fiscal_year

),

declared as (

    -- Project declarations; the 部门整体 form (read as the project 部门整体, the extractor's
    -- DEPARTMENT_FORM_NAME) is the department's own, in department_targets below.
    select
        department_name,
        fiscal_year,
        count(*) as n_declaration_forms,
        sum(declared_amount_yuan) as declared_amount_yuan
    from project_years
    where document_kind = 'target_declaration' and department_name is not null
        and project_name is distinct from '部门整体'
    group by department_name, fiscal_year

),

department_targets as (

    -- Its 部门整体预算绩效目标申报表: 部门预算支出 (基本, 项目), 收入来源, and the money its
    -- 年度重点工作任务 plan to use, in 元 as printed.
    select
        department_name,
        fiscal_year,
        count(distinct source_file) as n_department_target_forms,
        cast(sum(amount_yuan) filter (where block = 'expenditure' and row_label = '基本支出')
            as decimal(20, 2)) as target_basic_yuan,
        cast(sum(amount_yuan) filter (where block = 'expenditure' and row_label = '项目支出')
            as decimal(20, 2)) as target_project_yuan,
        cast(sum(amount_yuan) filter (where block = 'income') as decimal(20, 2))
            as target_income_yuan,
        count(*) filter (where block = 'task') as n_target_tasks,
        cast(sum(amount_yuan) filter (where block = 'task') as decimal(20, 2))
            as target_tasks_yuan
    from form_amounts
    where document_kind = 'target_declaration' and table_name like '%部门整体%'
        and department_name is not null
    group by department_name, fiscal_year

),

reported as (

    select
        department_name,
        fiscal_year,
        count(*) as n_evaluation_reports
    from project_years
    where document_kind = 'evaluation_report' and department_name is not null
    group by department_name, fiscal_year

),

budgeted as (

    -- 支出总计 of the 部门预算's 收支总表 (not the 财政拨款 one). The department's own 部门预算
    -- (budget_scope department) when loaded; else the largest of its units' 单位预算, which
    -- print the same table family.
    select
        department_name,
        fiscal_year,
        -- Scale pinned: PostgreSQL keeps the scale of the unit test's literal (9000.0).
        cast(
            coalesce(
                max(amount_yuan) filter (where budget_scope = 'department'), max(amount_yuan)
            ) as decimal(20, 2)
        ) as budget_expenditure_total_yuan
    from budget_summary
    where side = 'expenditure'
        and is_total
        and table_name like '%收支%总表%'
        and table_name not like '%财政拨款%'
        and department_name is not null
    group by department_name, fiscal_year

),

final_totals as (

    -- The 部门决算's 收入支出决算总表 (not the 财政拨款 one): 本年收入合计, 本年支出合计 and the
    -- carry-overs at both ends of the year, as printed.
    select
        department_name,
        fiscal_year,
        cast(max(amount_yuan) filter (where side = 'income' and item_name = '本年收入合计')
            as decimal(20, 2)) as final_income_yuan,
        cast(max(amount_yuan) filter (where side = 'expenditure' and item_name = '本年支出合计')
            as decimal(20, 2)) as final_expenditure_yuan,
        cast(max(amount_yuan) filter (
            where side = 'income' and item_name like '年初%结转和结余'
        ) as decimal(20, 2)) as final_carryover_start_yuan,
        cast(max(amount_yuan) filter (
            where side = 'expenditure' and item_name like '年末%结转和结余'
        ) as decimal(20, 2)) as final_carryover_end_yuan
    from final_summary
    where table_name like '%收入支出决算总表%'
        and table_name not like '%财政拨款%'
        and department_name is not null
    group by department_name, fiscal_year

),

final_spending as (

    -- 基本支出 and 项目支出 of the 支出决算表's 合计 row (all funds, not only 财政拨款).
    select
        department_name,
        fiscal_year,
        cast(max(basic_yuan) as decimal(20, 2)) as final_basic_yuan,
        cast(max(project_yuan) as decimal(20, 2)) as final_project_yuan
    from final_lines
    where table_name = '支出决算表' and code = 'TOTAL' and department_name is not null
    group by department_name, fiscal_year

),

final_three_public_totals as (

    -- "三公"经费合计 as the 决算 prints it: its 预算数 and 决算数, 万元.
    select
        department_name,
        fiscal_year,
        cast(max(amount_wan) filter (where stage = 'budget') as decimal(20, 2))
            as three_public_budget_wan,
        cast(max(amount_wan) filter (where stage = 'final') as decimal(20, 2))
            as three_public_final_wan
    from final_three_public
    where item = 'total' and department_name is not null
    group by department_name, fiscal_year

),

department_years as (

    select department_name, fiscal_year from evaluated
    union
    select department_name, fiscal_year from department_forms
    union
    select department_name, fiscal_year from declared
    union
    select department_name, fiscal_year from department_targets
    union
    select department_name, fiscal_year from reported
    union
    select department_name, fiscal_year from budgeted
    union
    select department_name, fiscal_year from final_totals
    union
    select department_name, fiscal_year from final_spending
    union
    select department_name, fiscal_year from final_three_public_totals

),

joined as (

    select
        department_years.department_name,
        department_years.fiscal_year,
        coalesce(evaluated.n_projects_evaluated, 0) as n_projects_evaluated,
        coalesce(evaluated.n_self_evaluation_forms, 0) as n_self_evaluation_forms,
        coalesce(declared.n_declaration_forms, 0) as n_declaration_forms,
        coalesce(reported.n_evaluation_reports, 0) as n_evaluation_reports,
        evaluated.initial_budget_yuan,
        evaluated.full_year_budget_yuan,
        evaluated.executed_yuan,
        coalesce(evaluated.documents_rounding, rule_values.rate_rounding)
            as execution_rate_rounding,
        evaluated.n_scored_reported,
        evaluated.total_score_reported_sum,
        evaluated.total_score_reported_min,
        evaluated.n_scored_derived,
        evaluated.total_score_derived_sum,
        evaluated.total_score_derived_min,
        evaluated.n_excellent_reported,
        evaluated.n_good_reported,
        evaluated.n_fair_reported,
        evaluated.n_poor_reported,
        evaluated.n_excellent_derived,
        evaluated.n_good_derived,
        evaluated.n_fair_derived,
        evaluated.n_poor_derived,
        evaluated.n_score_gaps,
        evaluated.score_gap_abs_sum,
        declared.declared_amount_yuan,
        budgeted.budget_expenditure_total_yuan,
        final_totals.final_income_yuan,
        final_totals.final_expenditure_yuan,
        final_totals.final_carryover_start_yuan,
        final_totals.final_carryover_end_yuan,
        final_spending.final_basic_yuan,
        final_spending.final_project_yuan,
        final_three_public_totals.three_public_budget_wan,
        final_three_public_totals.three_public_final_wan,
        coalesce(department_targets.n_department_target_forms, 0) as n_department_target_forms,
        department_targets.target_basic_yuan,
        department_targets.target_project_yuan,
        department_targets.target_income_yuan,
        department_targets.n_target_tasks,
        department_targets.target_tasks_yuan,
        coalesce(department_forms.n_department_forms, 0) as n_department_forms,
        department_forms.department_form_score_reported,
        department_forms.department_form_score_derived,
        department_forms.department_form_rate_reported,
        department_forms.department_form_rate_derived,
        coalesce(department_findings.n_error_findings, 0) as n_error_findings,
        coalesce(department_findings.n_warning_findings, 0) as n_warning_findings,
        coalesce(department_findings.n_rounding_findings, 0) as n_rounding_findings,
        coalesce(department_findings.n_dismissed_findings, 0) as n_dismissed_findings
    from department_years
    left join evaluated
        on department_years.department_name = evaluated.department_name
        and department_years.fiscal_year = evaluated.fiscal_year
    left join declared
        on department_years.department_name = declared.department_name
        and department_years.fiscal_year = declared.fiscal_year
    left join reported
        on department_years.department_name = reported.department_name
        and department_years.fiscal_year = reported.fiscal_year
    left join budgeted
        on department_years.department_name = budgeted.department_name
        and department_years.fiscal_year = budgeted.fiscal_year
    left join department_forms
        on department_years.department_name = department_forms.department_name
        and department_years.fiscal_year = department_forms.fiscal_year
    left join department_targets
        on department_years.department_name = department_targets.department_name
        and department_years.fiscal_year = department_targets.fiscal_year
    left join final_totals
        on department_years.department_name = final_totals.department_name
        and department_years.fiscal_year = final_totals.fiscal_year
    left join final_spending
        on department_years.department_name = final_spending.department_name
        and department_years.fiscal_year = final_spending.fiscal_year
    left join final_three_public_totals
        on department_years.department_name = final_three_public_totals.department_name
        and department_years.fiscal_year = final_three_public_totals.fiscal_year
    left join department_findings
        on department_years.department_name = department_findings.department_name
        and department_years.fiscal_year = department_findings.fiscal_year
    cross join rule_values

),

derived as (

    -- Means half-up to two decimals, on integers (exact_ratio): sum x 1 / count.
    select
        *,
        {{ exact_ratio('executed_yuan', 'full_year_budget_yuan', 100, 2,
                       'execution_rate_rounding') }} as execution_rate_derived,
        {{ exact_ratio('total_score_reported_sum', 'n_scored_reported', 1, 2, "'half_up'") }}
            as total_score_reported_mean,
        {{ exact_ratio('total_score_derived_sum', 'n_scored_derived', 1, 2, "'half_up'") }}
            as total_score_derived_mean
    from joined

),

final as (

    select
        md5(department_name) as department_key,
        department_name,
        fiscal_year,
        n_projects_evaluated,
        n_self_evaluation_forms,
        n_declaration_forms,
        n_evaluation_reports,
        initial_budget_yuan,
        full_year_budget_yuan,
        executed_yuan,
        execution_rate_derived,
        execution_rate_rounding,
        total_score_reported_mean,
        total_score_derived_mean,
        total_score_reported_mean - total_score_derived_mean as score_mean_gap,
        total_score_reported_min,
        total_score_derived_min,
        n_excellent_reported,
        n_good_reported,
        n_fair_reported,
        n_poor_reported,
        n_excellent_derived,
        n_good_derived,
        n_fair_derived,
        n_poor_derived,
        n_score_gaps,
        score_gap_abs_sum,
        declared_amount_yuan,
        budget_expenditure_total_yuan,
        final_income_yuan,
        final_expenditure_yuan,
        final_carryover_start_yuan,
        final_carryover_end_yuan,
        final_basic_yuan,
        final_project_yuan,
        three_public_budget_wan,
        three_public_final_wan,
        n_department_target_forms,
        target_basic_yuan,
        target_project_yuan,
        target_income_yuan,
        n_target_tasks,
        target_tasks_yuan,
        n_department_forms,
        department_form_score_reported,
        department_form_score_derived,
        department_form_rate_reported,
        department_form_rate_derived,
        n_error_findings,
        n_warning_findings,
        n_rounding_findings,
        n_dismissed_findings
    from derived

)

select * from final
