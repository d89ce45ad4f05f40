"""The frames the document checks read (SQL over the build file), one per GX suite.

Decimals travel as their printed text (pandas would make them float64): equality is compared
on the text, order on a double copy (`*_num`), which keeps the order of two-decimal values.
The rules that judge each frame's rows are in the catalogue, rules.py.
"""

from __future__ import annotations

PROJECT_FRAME = """
select
    project_name, unit_name, fiscal_year, source_file, line_start, line_end,
    budget_line_start, budget_line_end,
    cast(execution_rate_reported as varchar) as execution_rate_reported,
    cast(execution_rate_derived as varchar) as execution_rate_derived,
    -- A rate another rounding convention gives is a note (SE-RATE-ROUNDING), not SE-RATE.
    cast(case when execution_rate_rounding_other is null then execution_rate_derived
              else execution_rate_reported end as varchar) as execution_rate_checked,
    execution_rate_rounding, execution_rate_rounding_other, budget_score_rounding,
    cast(budget_score_reported as varchar) as budget_score_reported,
    cast(budget_score_derived as varchar) as budget_score_derived,
    cast(total_weight as varchar) as total_weight,
    cast(indicator_weight_sum + budget_weight as varchar) as weight_sum,
    cast(total_score_reported as varchar) as total_score_reported,
    cast(indicator_score_sum_reported + budget_score_reported as varchar) as score_sum_reported,
    cast(total_score_derived as varchar) as total_score_derived,
    cast(total_score_derived_low as varchar) as total_score_derived_low,
    cast(score_gap as varchar) as score_gap,
    grade_reported,
    grade_of_reported_total,
    cast(total_score_reported as double) as total_score_reported_num,
    cast(full_year_budget_wan as varchar) as full_year_budget_wan,
    cast(executed_wan as varchar) as executed_wan,
    cast(full_year_budget_wan as double) as full_year_budget_num,
    cast(executed_wan as double) as executed_num,
    cast(full_year_budget_yuan as varchar) as full_year_budget_yuan,
    cast(executed_yuan as varchar) as executed_yuan,
    -- The form's page (a PDF's; null for a text document): the findings' page column.
    page
from main.fct_project_year
where document_kind = 'self_evaluation'
order by source_file, line_start
"""

# One row per form and amount column: the 年度资金总额 figure beside the sum of its sources.
FUNDING_FRAME = """
with funding as (
    select * from staging.stg_raw__self_evaluation_funding
),
forms as (
    select source_file, project_name, line_start, line_end
    from staging.stg_raw__self_evaluation_projects
),
per_column as (
    unpivot (
        select
            forms.source_file, forms.project_name, forms.line_start as form_line,
            funding.funding_source, funding.line_start, funding.line_end, funding.page,
            funding.initial_budget_wan, funding.full_year_budget_wan, funding.executed_wan
        from funding
        inner join forms
            on funding.source_file = forms.source_file
            and funding.line_start between forms.line_start and forms.line_end
    )
    on initial_budget_wan, full_year_budget_wan, executed_wan
    into name amount_column value amount
)
select
    source_file, project_name, amount_column,
    min(line_start) as line_start, max(line_end) as line_end, min(page) as page,
    cast(sum(amount) filter (where funding_source = 'total') as varchar) as total,
    cast(sum(amount) filter (where funding_source <> 'total') as varchar) as sources_sum
from per_column
group by source_file, project_name, form_line, amount_column
order by source_file, form_line, amount_column
"""

INDICATOR_FRAME = """
select
    project_name, indicator_name, source_file, line_start, line_end,
    cast(weight as double) as weight_num,
    cast(score_reported as double) as score_reported_num,
    cast(weight as varchar) as weight,
    cast(score_reported as varchar) as score_reported,
    cast(score_derived_low as varchar) as score_derived_low,
    cast(score_derived_high as varchar) as score_derived_high,
    cast(score_gap as varchar) as score_gap,
    target_raw, actual_raw, achieved,
    -- Missed (by the rule, or scored below its weight) and no 偏差原因 printed beside it.
    case
        when (achieved = 'no' or score_reported < weight)
            and coalesce(trim(deviation_note), '') = ''
            then 'missing'
    end as deviation_reason,
    page
from main.fct_indicator
where document_kind = 'self_evaluation'
order by source_file, seq
"""


# Every figure the report's prose quotes beside the same figure in its tables or key figures,
# both in the base unit (万元 -> 元, 万张 -> 张 by the unit_conversions seed), as text.
EVALUATION_QUOTE_FRAME = """
with quotes as (
    select * from staging.stg_raw__evaluation_quotes
),
reports as (
    select * from staging.stg_raw__evaluation_reports
),
scores as (
    select * from staging.stg_raw__evaluation_scores
),
conversions as (
    select * from reference.unit_conversions
),
aliases as (
    select * from reference.indicator_name_aliases
),
-- A quote the extractor could not pair with a code: its subject, or the name the aliases
-- seed gives it, is an indicator name of the report's scored table.
resolved as (
    select
        quotes.*,
        coalesce(quotes.code, (
            select min(named.code) from scores as named
            where named.source_file = quotes.source_file
              and replace(named.indicator_name, ' ', '') = coalesce(aliases.indicator_name,
                                                                    quotes.subject)
        )) as resolved_code
    from quotes
    left join aliases on quotes.subject = aliases.alias
),
report_figures as (
    unpivot (
        select
            source_file,
            cast(approved_budget_yuan as decimal(24, 4)) as approved_budget_yuan,
            cast(adjusted_budget_yuan as decimal(24, 4)) as adjusted_budget_yuan,
            cast(actual_spending_yuan as decimal(24, 4)) as actual_spending_yuan,
            cast(execution_rate_pct as decimal(24, 4)) as execution_rate_pct,
            cast(completion_rate_pct as decimal(24, 4)) as completion_rate_pct,
            cast(total_score as decimal(24, 4)) as total_score,
            cast(planned_quantity as decimal(24, 4)) as planned_quantity,
            cast(actual_quantity as decimal(24, 4)) as actual_quantity
        from reports
    )
    on approved_budget_yuan, adjusted_budget_yuan, actual_spending_yuan, execution_rate_pct,
       completion_rate_pct, total_score, planned_quantity, actual_quantity
    into name figure value reference
)
select
    quotes.source_file, reports.project_name, quotes.line_start, quotes.line_end,
    quotes.figure || coalesce(' ' || quotes.resolved_code, '') as quoted_figure,
    quotes.subject as indicator_name,
    quotes.value_text,
    cast(cast(coalesce(report_figures.reference, case quotes.figure
        when 'indicator_score' then scores.score
        when 'module_score' then scores.score
        when 'indicator_weight' then scores.weight
        when 'module_weight' then scores.weight
    end) as decimal(24, 2)) as varchar) as table_value,
    cast(cast(quotes.value * coalesce(conversions.factor, 1) as decimal(24, 2)) as varchar)
        as quoted_value
from resolved as quotes
inner join reports on quotes.source_file = reports.source_file
left join conversions on quotes.unit = conversions.unit
left join report_figures
    on quotes.source_file = report_figures.source_file and quotes.figure = report_figures.figure
left join scores
    on quotes.source_file = scores.source_file and quotes.resolved_code = scores.code
where quotes.value is not null
order by quotes.source_file, quotes.line_start, quotes.seq
"""

# Quotes of an indicator's or module's score or weight whose name is neither in the report's
# scored table nor in the aliases seed: one row per report and name, never dropped silently.
EVALUATION_UNRESOLVED_FRAME = """
with quotes as (
    select * from staging.stg_raw__evaluation_quotes
),
reports as (
    select * from staging.stg_raw__evaluation_reports
),
scores as (
    select * from staging.stg_raw__evaluation_scores
),
aliases as (
    select * from reference.indicator_name_aliases
),
named as (
    select
        quotes.*,
        coalesce(quotes.code, (
            select min(s.code) from scores as s
            where s.source_file = quotes.source_file
              and replace(s.indicator_name, ' ', '') = coalesce(aliases.indicator_name,
                                                                quotes.subject)
        )) as resolved_code
    from quotes
    left join aliases on quotes.subject = aliases.alias
    where quotes.figure in ('indicator_score', 'indicator_weight', 'module_score',
                            'module_weight')
)
select
    named.source_file, reports.project_name, named.subject as indicator_name,
    min(named.line_start) as line_start, max(named.line_end) as line_end,
    cast(count(*) as varchar) as n_quotes,
    string_agg(named.figure || ' ' || named.value_text, ', ' order by named.seq) as quoted,
    cast(count(named.resolved_code) as varchar) as n_resolved
from named
inner join reports on named.source_file = reports.source_file
group by named.source_file, reports.project_name, named.subject
order by named.source_file, min(named.line_start)
"""

# Each parent row of a report's scored table beside the sum of its children: weights over
# direct children (a weight the scored table leaves out is taken from the 综合评价表); scores
# of a module over its level-3 rows, of the total over the modules.
EVALUATION_SCORE_FRAME = """
with scores as (
    select * from staging.stg_raw__evaluation_scores
)
select
    parents.source_file, parents.project_name, parents.code,
    parents.indicator_name, parents.line_start, parents.line_end,
    cast(parents.weight as varchar) as weight_printed,
    cast((select sum(coalesce(c.weight, c.reference_weight)) from scores c
          where c.source_file = parents.source_file and c.parent_code = parents.code)
         as varchar) as weight_sum,
    cast(parents.score as varchar) as score_printed,
    cast((select sum(c.score) from scores c where c.source_file = parents.source_file
          and ((parents.level = 0 and c.level = 1)
               or (parents.level = 1 and c.level = 3 and c.code like parents.code || '%')))
         as varchar) as score_sum
from scores as parents
where parents.level in (0, 1, 2)
order by parents.source_file, parents.seq
"""


DECLARATION_FRAME = """
select
    project_name, unit_name, fiscal_year, source_file, line_start, line_end,
    cast(year_request_yuan as varchar) as year_request_yuan,
    cast(coalesce(year_appropriation_yuan, 0) + coalesce(year_carryover_yuan, 0)
         + coalesce(year_other_yuan, 0) as varchar) as sources_sum,
    cast(fiscal_year as varchar) as fiscal_year_text,
    cast(year(planned_start) as varchar) as planned_start_year,
    cast(year(planned_end) as varchar) as planned_end_year,
    cast(planned_start as varchar) as planned_start,
    cast(planned_end as varchar) as planned_end
from staging.stg_raw__declaration_projects
order by source_file, line_start
"""


# A report's key figures: its rate from its own numerator and denominator, its grade from its
# score, its spending from its components (raw.evaluation_spending_item).
EVALUATION_FIGURES_FRAME = """
with reports as (
    select * from main.fct_project_year where document_kind = 'evaluation_report'
),
spending as (
    select source_file, sum(amount_yuan) as items_sum
    from raw.evaluation_spending_item
    group by source_file
)
select
    reports.project_name, reports.source_file, reports.line_start, reports.line_end,
    reports.budget_line_start, reports.budget_line_end,
    cast(reports.execution_rate_reported as varchar) as execution_rate_reported,
    cast(reports.execution_rate_derived as varchar) as execution_rate_derived,
    cast(case when reports.execution_rate_rounding_other is null
              then reports.execution_rate_derived
              else reports.execution_rate_reported end as varchar) as execution_rate_checked,
    reports.execution_rate_rounding, reports.execution_rate_rounding_other,
    cast(reports.executed_yuan as varchar) as executed_yuan,
    cast(reports.full_year_budget_yuan as varchar) as full_year_budget_yuan,
    cast(spending.items_sum as varchar) as spending_items_sum,
    reports.grade_reported,
    reports.grade_of_reported_total,
    cast(reports.total_score_reported as varchar) as total_score_reported
from reports
left join spending on reports.source_file = spending.source_file
order by reports.source_file
"""


# The page a budget figure is printed on (a PDF's; null for a text document), by the line the
# intermediate models keep: the findings' page column.
_BUDGET_PAGES = """
pages as (
    select source_file, line_start, min(page) as page
    from (
        select source_file, line_start, page from main.fct_budget_line
        union all
        select source_file, line_start, page from main.fct_budget_summary
    )
    where page is not null
    group by all
)"""

BUDGET_LINE_FRAME = f"""
with {_BUDGET_PAGES}
select
    children.source_file, children.department_name, children.table_name, children.code,
    children.name, children.amount_column, children.line_start, children.line_end, pages.page,
    cast(children.printed as varchar) as printed,
    cast(children.children_sum as varchar) as children_sum
from intermediate.int_budget_line_children as children
left join pages
    on children.source_file = pages.source_file and children.line_start = pages.line_start
order by children.source_file, children.table_name, children.code, children.amount_column
"""

# Per department budget: the split columns beside their totals, the 三公 parts beside the 三公
# total, and 机关运行经费 beside the 公用经费 of the basic-expenditure economic table.
BUDGET_TOTALS_FRAME = """
with lines as (
    select * from main.fct_budget_line
),
three_public as (
    select * from raw.budget_three_public
),
splits as (
    select
        source_file, department_name, table_name, code, name, line_start, line_end, page,
        cast(total_yuan as varchar) as total,
        -- 单位预留机动经费, where printed, is a third part of 合计 (江苏).
        cast(case when basic_yuan is not null and project_yuan is not null
                  then basic_yuan + project_yuan + coalesce(reserve_yuan, 0) end as varchar)
            as basic_plus_project,
        cast(case when personnel_yuan is not null and public_yuan is not null
                  then personnel_yuan + public_yuan end as varchar) as personnel_plus_public
    from lines
),
three_public_sums as (
    select
        parent.source_file, parent.item_name, parent.line_start, parent.line_end, parent.page,
        cast(parent.amount_wan as varchar) as three_public_printed,
        cast(sum(child.amount_wan) as varchar) as three_public_parts
    from three_public as parent
    inner join three_public as child
        on parent.source_file = child.source_file and child.parent_item = parent.item
    group by all
),
running_cost as (
    select
        running.source_file, running.item_name, running.line_start, running.line_end,
        running.page,
        -- The 三公 table prints 万元 to two places: a figure stands for anything within
        -- 0.005 万元 (50 元) of it, so only an excess beyond that is a finding.
        cast(running.amount_wan * 10000 - 50 as double) as running_cost_num,
        cast(running.amount_wan * 10000 as varchar) as running_cost_yuan,
        cast(economic.public_yuan as double) as public_num,
        cast(economic.public_yuan as varchar) as public_yuan
    from three_public as running
    inner join lines as economic
        on running.source_file = economic.source_file
        and economic.classification = 'economic' and economic.code = 'TOTAL'
    where running.item = 'office_operation'
)
select * from splits
union all by name select * from three_public_sums
union all by name select * from running_cost
"""


# 收入总计 beside 支出总计 of each 收支总表.
BUDGET_BALANCE_FRAME = """
with summary as (
    select * from main.fct_budget_summary
),
income as (
    select source_file, table_name, amount_yuan, line_start, line_end, page
    from summary where is_total and side = 'income'
),
expenditure as (
    select source_file, table_name, amount_yuan, line_start, line_end, page
    from summary where is_total and side = 'expenditure'
)
select
    income.source_file, income.table_name, expenditure.page,
    least(income.line_start, expenditure.line_start) as line_start,
    greatest(income.line_end, expenditure.line_end) as line_end,
    cast(income.amount_yuan as varchar) as income_total,
    cast(expenditure.amount_yuan as varchar) as expenditure_total
from income
inner join expenditure
    on income.source_file = expenditure.source_file
    and income.table_name = expenditure.table_name
order by income.source_file, income.line_start
"""

BUDGET_CROSS_TABLE_FRAME = f"""
with {_BUDGET_PAGES}
select
    cross_table.source_file, cross_table.department_name, cross_table.measure,
    cross_table.code, cross_table.name, cross_table.table_name,
    cross_table.reference_table_name, cross_table.line_start, cross_table.line_end,
    pages.page, cross_table.reference_line_start,
    cast(cross_table.amount as varchar) as amount,
    cast(cross_table.reference_amount as varchar) as reference_amount
from intermediate.int_budget_cross_table as cross_table
left join pages
    on cross_table.source_file = pages.source_file
    and cross_table.line_start = pages.line_start
order by cross_table.source_file, cross_table.measure, cross_table.code, cross_table.table_name
"""

# A project's 年度资金申请总额 (declaration) beside the 年初预算数 of its self-evaluation of the
# same fiscal year (dim_project's key). Other years are other budgets: not compared.
PROJECT_AMOUNT_CHANGE_FRAME = """
with projects as (
    select * from main.fct_project_year
),
declared as (
    select * from projects where document_kind = 'target_declaration'
),
evaluated as (
    select * from projects where document_kind = 'self_evaluation'
)
select
    evaluated.project_name, evaluated.unit_name, evaluated.fiscal_year,
    evaluated.source_file, evaluated.budget_line_start, evaluated.budget_line_end,
    declared.source_file as declared_source_file,
    declared.line_start as declared_line_start,
    cast(declared.declared_amount_yuan as varchar) as declared_amount_yuan,
    cast(evaluated.initial_budget_yuan as varchar) as initial_budget_yuan
from evaluated
inner join declared
    on evaluated.project_key = declared.project_key
    and evaluated.fiscal_year = declared.fiscal_year
order by evaluated.source_file, evaluated.line_start
"""

# Indicators declared with one target and self-evaluated later with a lower one
# (fct_indicator_target_change: a smaller number for a >= / = target, larger for <= / <).
TARGET_CHANGE_FRAME = """
select
    project_name, indicator_name, later_source_file as source_file,
    later_line_start as line_start, later_line_start as line_end,
    declared_source_file, declared_line_start, declared_fiscal_year, later_fiscal_year,
    declared_target_raw, later_target_raw, actual_raw, achieved, target_change
from main.fct_indicator_target_change
order by later_source_file, later_line_start
"""

