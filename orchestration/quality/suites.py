"""The expectation suites, as code; written into the file-backed context in `expectations/`.

Each expectation carries `meta`: a check id, a sentence for auditors, which frame columns hold
the expected and the actual value, and a message template for one failing row.
A suite is "blocking" (the pipeline broke: nothing is published) or "finding" (a source
document's own numbers disagree: every failing row becomes a row of `audit_findings`).
"""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx
import great_expectations.expectations as gxe

from .invariants import invariants_frame
from .rules import rule_suites


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    query: str  # the frame the suite validates, read from the warehouse
    severity: str  # blocking | finding
    document_kind: str
    expectations: tuple[gxe.Expectation, ...]
    # False when a finding of one document can come from another document (the cross-document
    # checks): such a suite is always run over every document, even on an incremental night.
    per_document: bool = True

    @property
    def check_ids(self) -> set[str]:
        return {e.meta["check_id"] for e in self.expectations if e.meta}


# Finding severities: "error", a document contradicts itself or the rule it is scored by;
# "warning", something for the auditor to look at that no document gets wrong by itself (a
# budget other than the request, a target lowered between two documents). Blocking checks
# have severity "blocking". Tolerance: "exact" compares the printed decimals as text.
def _meta(check_id: str, description: str, expected: str = "", actual: str = "",
          message: str = "", lines: str = "line", severity: str = "error",
          tolerance: str = "exact") -> dict:
    """`lines` names the frame's columns <lines>_start / <lines>_end that locate a finding."""
    return {"check_id": check_id, "description": description, "expected": expected,
            "actual": actual, "message": message, "lines": lines, "severity": severity,
            "tolerance": tolerance}


def _pair_equal(expected: str, actual: str, check_id: str, description: str, message: str,
                ignore_missing: bool = False, **meta) -> gxe.Expectation:
    """Column `actual` equals column `expected` on every row (the commonest check here)."""
    extra = {"ignore_row_if": "either_value_is_missing"} if ignore_missing else {}
    return gxe.ExpectColumnPairValuesToBeEqual(
        column_A=expected, column_B=actual, **extra,
        meta=_meta(check_id, description, expected, actual, message, **meta),
    )


def _rounding_note(check_id: str, label: str) -> gxe.Expectation:
    """A printed rate that the document's rounding does not give but another convention does:
    a note (the body rounds otherwise there), not a wrong figure."""
    return gxe.ExpectColumnValuesToBeNull(
        column="execution_rate_rounding_other",
        meta=_meta(
            check_id,
            f"{label} printed follows the document's own rounding (fct_document_rounding); "
            "one another convention explains is a rounding note.",
            "execution_rate_derived", "execution_rate_reported",
            f"{{project_name}}: {label} printed {{actual}}% is rounded "
            "{execution_rate_rounding_other}; the document's other rates are rounded "
            "{execution_rate_rounding}, which gives {expected}%.",
            lines="budget_line", severity="rounding", tolerance="another rounding convention",
        ),
    )


# Decimals travel as their printed text (pandas would make them float64): equality is compared
# on the text, order on a double copy (`*_num`), which keeps the order of two-decimal values.
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
    cast(executed_yuan as varchar) as executed_yuan
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
            funding.funding_source, funding.line_start, funding.line_end,
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
    min(line_start) as line_start, max(line_end) as line_end,
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
    end as deviation_reason
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


BUDGET_LINE_FRAME = """
select
    source_file, department_name, table_name, code, name, amount_column,
    line_start, line_end,
    cast(printed as varchar) as printed,
    cast(children_sum as varchar) as children_sum
from intermediate.int_budget_line_children
order by source_file, table_name, code, amount_column
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
        source_file, department_name, table_name, code, name, line_start, line_end,
        cast(total_yuan as varchar) as total,
        cast(case when basic_yuan is not null and project_yuan is not null
                  then basic_yuan + project_yuan end as varchar) as basic_plus_project,
        cast(case when personnel_yuan is not null and public_yuan is not null
                  then personnel_yuan + public_yuan end as varchar) as personnel_plus_public
    from lines
),
three_public_sums as (
    select
        parent.source_file, parent.item_name, parent.line_start, parent.line_end,
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
    select source_file, table_name, amount_yuan, line_start, line_end
    from summary where is_total and side = 'income'
),
expenditure as (
    select source_file, table_name, amount_yuan, line_start, line_end
    from summary where is_total and side = 'expenditure'
)
select
    income.source_file, income.table_name,
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

BUDGET_CROSS_TABLE_FRAME = """
select
    source_file, department_name, measure, code, name, table_name, reference_table_name,
    line_start, line_end, reference_line_start,
    cast(amount as varchar) as amount,
    cast(reference_amount as varchar) as reference_amount
from intermediate.int_budget_cross_table
order by source_file, measure, code, table_name
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


def suite_specs() -> tuple[SuiteSpec, ...]:
    return (
        SuiteSpec(
            name="self_evaluation_reconciliation",
            query=PROJECT_FRAME,
            severity="finding",
            document_kind="self_evaluation",
            expectations=(
                _pair_equal(
                    "execution_rate_checked", "execution_rate_reported", "SE-RATE",
                    "全年执行数 / 全年预算数 x 100, to two decimals as the document rounds "
                    "(truncate, half-up or up: fct_document_rounding), or as another of those "
                    "conventions gives it, equals the printed 执行率.",
                    "{project_name}: 执行率 printed {actual}%, but 全年执行数 {executed_wan} / "
                    "全年预算数 {full_year_budget_wan} gives {expected}% "
                    "({execution_rate_rounding}), and no rounding gives the printed figure.",
                    lines="budget_line",
                ),
                _rounding_note("SE-RATE-ROUNDING", "执行率"),
                _pair_equal(
                    "budget_score_derived", "budget_score_reported", "SE-BUDGET-SCORE",
                    "预算执行率得分 = 执行率 x 分值 / 100, rounded as the document rounds its "
                    "scores (fct_document_rounding), capped at 分值.",
                    "{project_name}: budget score printed {actual}, the rule gives {expected} "
                    "({budget_score_rounding}).",
                    lines="budget_line",
                ),
                _pair_equal(
                    "total_weight", "weight_sum", "SE-WEIGHTS",
                    "Indicator weights plus the budget weight equal the 总分 column (100).",
                    "{project_name}: weights add up to {actual}, the 总分 column says "
                    "{expected}.",
                    # A form whose 总分 row prints the score alone (宁德's 部门整体 form) has
                    # no 总分 weight to compare.
                    ignore_missing=True,
                ),
                _pair_equal(
                    "score_sum_reported", "total_score_reported", "SE-TOTAL-SUM",
                    "Indicator scores plus the budget score equal the printed 总分.",
                    "{project_name}: 总分 printed {actual}, its scores add up to {expected}.",
                ),
                _pair_equal(
                    "grade_of_reported_total", "grade_reported", "SE-GRADE",
                    "评分等级 is the band of the printed 总分 (优 >= 90, 良 >= 80, 中 >= 60).",
                    "{project_name}: grade printed {actual}, 总分 {total_score_reported} is "
                    "band {expected}.",
                    ignore_missing=True,
                ),
                gxe.ExpectColumnValuesToBeNull(
                    column="score_gap",
                    meta=_meta(
                        "SE-TOTAL-RULE",
                        "The printed 总分 lies within what the national scoring rule gives "
                        "(财预〔2020〕10号), within 0.01.",
                        "total_score_derived", "total_score_reported",
                        "{project_name}: 总分 printed {actual}, the scoring rule gives "
                        "{total_score_derived_low}..{expected} (gap {score_gap}).",
                        tolerance="0.01 (score_gap is null within it)",
                    ),
                ),
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="full_year_budget_num", column_B="executed_num", or_equal=True,
                    meta=_meta(
                        "SE-OVERSPEND",
                        "全年执行数 does not exceed 全年预算数.",
                        "full_year_budget_wan", "executed_wan",
                        "{project_name}: executed {actual} 万元 exceeds the budget "
                        "{expected} 万元.",
                        lines="budget_line",
                    ),
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="total_score_reported_num", min_value=0, max_value=100,
                    meta=_meta(
                        "SE-TOTAL-RANGE", "总分 lies between 0 and 100.",
                        "", "total_score_reported",
                        "{project_name}: 总分 {actual} is outside 0..100.",
                    ),
                ),
            ),
        ),
        SuiteSpec(
            name="self_evaluation_funding",
            query=FUNDING_FRAME,
            severity="finding",
            document_kind="self_evaluation",
            expectations=(
                _pair_equal(
                    "sources_sum", "total", "SE-FUNDING-SUM",
                    "财政拨款 + 上年结转 + 其他资金 = 年度资金总额, in every amount column.",
                    "{project_name}: 年度资金总额 {amount_column} printed {actual}, its "
                    "sources add up to {expected}.",
                ),
            ),
        ),
        SuiteSpec(
            name="self_evaluation_indicators",
            query=INDICATOR_FRAME,
            severity="finding",
            document_kind="self_evaluation",
            expectations=(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="weight_num", column_B="score_reported_num", or_equal=True,
                    meta=_meta(
                        "SE-SCORE-WEIGHT", "No indicator scores above its weight.",
                        "weight", "score_reported",
                        "{project_name} / {indicator_name}: score {actual} above its weight "
                        "{expected}.",
                    ),
                ),
                gxe.ExpectColumnValuesToBeNull(
                    column="deviation_reason",
                    meta=_meta(
                        "SE-DEVIATION-REASON",
                        "An indicator missed (the rule says so, or it scores below its weight) "
                        "states its 偏差原因 (财预〔2020〕10号: deviations are explained).",
                        "", "score_reported",
                        "{project_name} / {indicator_name}: target {target_raw}, actual "
                        "{actual_raw}, score {actual} of {weight}, and no 偏差原因 given.",
                        severity="warning",
                    ),
                ),
                gxe.ExpectColumnValuesToBeNull(
                    column="score_gap",
                    meta=_meta(
                        "SE-INDICATOR-RULE",
                        "An indicator's printed 得分 lies within what the national rule gives "
                        "(met: the weight; missed: weight x actual / target), within 0.01.",
                        "score_derived_high", "score_reported",
                        "{project_name} / {indicator_name}: target {target_raw}, actual "
                        "{actual_raw}: score printed {actual}, the rule gives "
                        "{score_derived_low}..{score_derived_high}.",
                        tolerance="0.01 (score_gap is null within it)",
                    ),
                ),
            ),
        ),
        SuiteSpec(
            name="declaration_reconciliation",
            query=DECLARATION_FRAME,
            severity="finding",
            document_kind="target_declaration",
            expectations=(
                _pair_equal(
                    "sources_sum", "year_request_yuan", "DC-FUNDING-SUM",
                    "当年财政拨款 + 上年结转资金 + 其他资金 = 年度资金申请总额.",
                    "{project_name}: 年度资金申请总额 printed {actual} 元, its sources add up "
                    "to {expected} 元.",
                    ignore_missing=True,
                ),
                *(
                    gxe.ExpectColumnPairValuesToBeEqual(
                        column_A="fiscal_year_text", column_B=f"planned_{end}_year",
                        ignore_row_if="either_value_is_missing",
                        meta=_meta(
                            f"DC-DATE-{end.upper()}",
                            f"计划{label}日期 lies inside the declared year.",
                            "fiscal_year_text", f"planned_{end}",
                            f"{{project_name}}: 计划{label}日期 {{actual}} is outside the "
                            "declared year {expected}.",
                        ),
                    )
                    for end, label in (("start", "开始"), ("end", "完成"))
                ),
            ),
        ),
        SuiteSpec(
            name="evaluation_report_reconciliation",
            query=EVALUATION_QUOTE_FRAME,
            severity="finding",
            document_kind="evaluation_report",
            expectations=(
                _pair_equal(
                    "table_value", "quoted_value", "ER-QUOTE",
                    "Every figure the report's prose quotes equals the same figure in its "
                    "tables and key figures.",
                    "{project_name}: the text quotes {quoted_figure} {indicator_name} as "
                    "{actual} ('{value_text}'); its tables and key figures say {expected}.",
                    ignore_missing=True,
                ),
            ),
        ),
        SuiteSpec(
            name="evaluation_report_figures",
            query=EVALUATION_FIGURES_FRAME,
            severity="finding",
            document_kind="evaluation_report",
            expectations=(
                _rounding_note("ER-RATE-ROUNDING", "预算执行率"),
                _pair_equal(
                    "execution_rate_checked", "execution_rate_reported", "ER-RATE",
                    "预算执行率 = 实际支出 / 调整后预算 x 100, to two decimals as the document "
                    "rounds (or as another rounding convention gives it).",
                    "{project_name}: 预算执行率 quoted {actual}%, but {executed_yuan} / "
                    "{full_year_budget_yuan} 元 gives {expected}%.",
                    lines="budget_line",
                    ignore_missing=True,
                ),
                _pair_equal(
                    "spending_items_sum", "executed_yuan", "ER-SPENDING-SUM",
                    "The spending components add up to the actual spending.",
                    "{project_name}: actual spending quoted {actual} 元, its components "
                    "add up to {expected} 元.",
                    ignore_missing=True,
                ),
                _pair_equal(
                    "grade_of_reported_total", "grade_reported", "ER-GRADE",
                    "评价等级 is the band of the total score (优 >= 90, 良 >= 80, 中 >= 60).",
                    "{project_name}: grade {actual}, but 总分 {total_score_reported} is "
                    "band {expected}.",
                    ignore_missing=True,
                ),
            ),
        ),
        SuiteSpec(
            name="evaluation_report_scores",
            query=EVALUATION_SCORE_FRAME,
            severity="finding",
            document_kind="evaluation_report",
            expectations=(
                _pair_equal(
                    "weight_sum", "weight_printed", "ER-WEIGHT-SUM",
                    "Each module's and indicator group's weight is the sum of its parts.",
                    "{project_name}: {code} {indicator_name} weight printed {actual}, its "
                    "parts add up to {expected}.",
                    ignore_missing=True,
                ),
                _pair_equal(
                    "score_sum", "score_printed", "ER-SCORE-SUM",
                    "Module scores are the sum of their indicators; the total the sum of "
                    "the modules.",
                    "{project_name}: {code} {indicator_name} score printed {actual}, its "
                    "parts add up to {expected}.",
                    ignore_missing=True,
                ),
            ),
        ),
        SuiteSpec(
            name="department_budget_lines",
            query=BUDGET_LINE_FRAME,
            severity="finding",
            document_kind="department_budget",
            expectations=(
                _pair_equal(
                    "children_sum", "printed", "DB-CHILDREN-SUM",
                    "项 add up to 款, 款 to 类, 类 to 合计, in every column of every table.",
                    "{table_name} {code} {name} {amount_column}: printed {actual} 元, its "
                    "lines add up to {expected} 元.",
                ),
            ),
        ),
        SuiteSpec(
            name="department_budget_totals",
            query=BUDGET_TOTALS_FRAME,
            severity="finding",
            document_kind="department_budget",
            expectations=(
                gxe.ExpectColumnPairValuesToBeEqual(
                    column_A="basic_plus_project", column_B="total",
                    ignore_row_if="either_value_is_missing",
                    meta=_meta(
                        "DB-BASIC-PROJECT", "基本支出 + 项目支出 = 合计 on every line.",
                        "basic_plus_project", "total",
                        "{table_name} {code}: 合计 {actual} 元, 基本 + 项目 = {expected} 元.",
                    ),
                ),
                gxe.ExpectColumnPairValuesToBeEqual(
                    column_A="personnel_plus_public", column_B="total",
                    ignore_row_if="either_value_is_missing",
                    meta=_meta(
                        "DB-PERSONNEL-PUBLIC", "人员经费 + 公用经费 = 合计 on every line.",
                        "personnel_plus_public", "total",
                        "{table_name} {code}: 合计 {actual} 元, 人员 + 公用 = {expected} 元.",
                    ),
                ),
                gxe.ExpectColumnPairValuesToBeEqual(
                    column_A="three_public_parts", column_B="three_public_printed",
                    ignore_row_if="either_value_is_missing",
                    meta=_meta(
                        "DB-THREE-PUBLIC", "The 三公经费 parts add up to their totals.",
                        "three_public_parts", "three_public_printed",
                        "{item_name}: printed {actual} 万元, its parts add up to {expected} 万元.",
                    ),
                ),
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="public_num", column_B="running_cost_num", or_equal=True,
                    ignore_row_if="either_value_is_missing",
                    meta=_meta(
                        "DB-RUNNING-COST",
                        "机关运行经费 is part of the basic expenditure's 公用经费, so not "
                        "above it.",
                        "public_yuan", "running_cost_yuan",
                        "{item_name} {actual} 元 exceeds all 公用经费 of the basic-expenditure "
                        "economic table, {expected} 元, by more than its 万元 rounding (50 元).",
                        tolerance="50 元: the 三公 table's 万元 printed to two places",
                    ),
                ),
            ),
        ),
        SuiteSpec(
            name="evaluation_report_unresolved_quotes",
            query=EVALUATION_UNRESOLVED_FRAME,
            severity="finding",
            document_kind="evaluation_report",
            expectations=(
                _pair_equal(
                    "n_quotes", "n_resolved", "ER-QUOTE-UNRESOLVED",
                    "Every indicator or module the prose quotes a score or weight of is "
                    "named in the report's scored table (or in the seed "
                    "indicator_name_aliases), so that ER-QUOTE can compare it.",
                    "{project_name}: the text quotes {indicator_name} ({quoted}), a name "
                    "its scored table does not print: {actual} of {expected} quotes "
                    "could be compared.",
                    severity="error", tolerance="exact (every quote resolved)",
                ),
            ),
        ),
        SuiteSpec(
            name="department_budget_balance",
            query=BUDGET_BALANCE_FRAME,
            severity="finding",
            document_kind="department_budget",
            expectations=(
                gxe.ExpectColumnPairValuesToBeEqual(
                    column_A="income_total", column_B="expenditure_total",
                    ignore_row_if="either_value_is_missing",
                    meta=_meta(
                        "DB-BALANCE", "收入总计 = 支出总计 in every 收支总表.",
                        "income_total", "expenditure_total",
                        "{table_name}: 支出总计 {actual} 元, 收入总计 {expected} 元.",
                        severity="error", tolerance="exact (元)",
                    ),
                ),
            ),
        ),
        SuiteSpec(
            name="department_budget_cross_table",
            query=BUDGET_CROSS_TABLE_FRAME,
            severity="finding",
            document_kind="department_budget",
            expectations=(
                _pair_equal(
                    "reference_amount", "amount", "DB-CROSS-TABLE",
                    "The same classification code carries the same amount in every table "
                    "that repeats it (the measures of seed budget_table_measures: all "
                    "funds, 财政拨款, 一般公共预算, 政府性基金, 一般公共预算基本支出); "
                    "empty cells take no part.",
                    "{code} {name} ({measure}): {table_name} prints {actual} 元, "
                    "{reference_table_name} (line {reference_line_start}) {expected} 元.",
                    severity="error", tolerance="exact (元)",
                ),
            ),
        ),
        SuiteSpec(
            name="project_amount_changes",
            query=PROJECT_AMOUNT_CHANGE_FRAME,
            severity="finding",
            document_kind="self_evaluation",
            per_document=False,
            expectations=(
                _pair_equal(
                    "declared_amount_yuan", "initial_budget_yuan", "XD-AMOUNT",
                    "A project's 年初预算数 (self-evaluation) equals the 年度资金申请总额 "
                    "its 绩效目标申报表 declared for the same fiscal year (projects matched "
                    "by dim_project's key). Severity warning: a budget approved above or "
                    "below the request is for the auditor to look at, not an error of "
                    "either document.",
                    "{project_name} {fiscal_year}: 年初预算数 {actual} 元, but "
                    "{declared_source_file} line {declared_line_start} declared "
                    "{expected} 元.",
                    lines="budget_line", severity="warning", tolerance="exact (元)",
                    ignore_missing=True,
                ),
            ),
        ),
        SuiteSpec(
            name="indicator_target_changes",
            query=TARGET_CHANGE_FRAME,
            severity="finding",
            document_kind="self_evaluation",
            per_document=False,
            expectations=(
                gxe.ExpectColumnValuesToNotBeInSet(
                    column="target_change", value_set=["lowered"],
                    meta=_meta(
                        "XD-TARGET-LOWERED",
                        "An indicator's target in a later 绩效自评表 is not lower than the "
                        "target its 绩效目标申报表 declared (fct_indicator_target_change: a "
                        "smaller number for a >= / = target, a larger one for <= / <; same "
                        "unit). Severity warning: a lowered target is for the auditor to look "
                        "at (was it lowered so that it is met?), not an error of either "
                        "document.",
                        "declared_target_raw", "later_target_raw",
                        "{project_name} / {indicator_name}: target {actual} in "
                        "{later_fiscal_year}, lowered from {expected} declared for "
                        "{declared_fiscal_year} ({declared_source_file} line "
                        "{declared_line_start}); actual {actual_raw}, met: {achieved}.",
                        severity="warning", tolerance="exact (any lower number)",
                    ),
                ),
            ),
        ),
        *(
            SuiteSpec(
                name=f"{kind}_pipeline_flows",
                query=invariants_frame(kind),
                severity="blocking",
                document_kind=kind,
                expectations=(
                    gxe.ExpectColumnPairValuesToBeEqual(
                        column_A="raw_rows", column_B="mart_rows",
                        meta=_meta(
                            f"PI-{prefix}-DOC-ROWS",
                            "Every row raw holds of each document reaches its mart, and no "
                            "more.", "raw_rows", "mart_rows", severity="blocking",
                        ),
                    ),
                    gxe.ExpectColumnValuesToBeInSet(
                        column="bad_keys", value_set=[0],
                        meta=_meta(
                            f"PI-{prefix}-KEYS",
                            "The marts' keys are not null and unique.", "", "bad_keys",
                            severity="blocking",
                        ),
                    ),
                    gxe.ExpectColumnValuesToBeInSet(
                        column="amounts_lost", value_set=[0],
                        meta=_meta(
                            f"PI-{prefix}-AMOUNTS",
                            "No amount extracted into raw is null in its mart row.", "",
                            "amounts_lost", severity="blocking",
                        ),
                    ),
                ),
            )
            for kind, prefix in (("self_evaluation", "SE"), ("target_declaration", "DC"),
                                 ("evaluation_report", "ER"), ("department_budget", "DB"),
                                 ("final_accounts", "FA"))
        ),
        SuiteSpec(
            name="self_evaluation_pipeline_invariants",
            query=PROJECT_FRAME,
            severity="blocking",
            document_kind="self_evaluation",
            expectations=(
                gxe.ExpectTableRowCountToEqual(
                    value={"$PARAMETER": "raw_self_evaluation_forms"},
                    meta=_meta(
                        "PI-SE-ROWS",
                        "Every self-evaluation form extracted into raw reaches fct_project_year.",
                        severity="blocking",
                    ),
                ),
                *(
                    gxe.ExpectColumnValuesToNotBeNull(
                        column=col,
                        meta=_meta(f"PI-SE-NOTNULL-{col}", f"No {col} is lost on the way.",
                                   severity="blocking"),
                    )
                    for col in (
                        "full_year_budget_yuan", "executed_yuan",
                        "execution_rate_reported", "total_score_reported",
                    )
                ),
            ),
        ),
        *rule_suites(SuiteSpec),  # the disclosure rule catalogue (rules.py)
    )  # fmt: skip


def expectation_suite_for(spec: SuiteSpec) -> gx.ExpectationSuite:
    severity = "critical" if spec.severity == "blocking" else "warning"
    suite = gx.ExpectationSuite(name=spec.name, meta={"severity": spec.severity})
    for expectation in spec.expectations:
        expectation.severity = severity
        suite.add_expectation(expectation)
    return suite


def file_context(root: str):
    """The file-backed GX context in `root` (the project's expectations/ folder)."""
    return gx.get_context(mode="file", project_root_dir=root)


def expectation_signature(expectations) -> list[tuple]:
    """What a suite asserts (type, arguments, meta), without GX's generated ids."""
    return [(e.expectation_type, dict(e.configuration.kwargs), e.meta) for e in expectations]


def write_suites(root: str) -> list[str]:
    """Rewrite the stored suites that differ from this module (`make suites`); review, commit."""
    context = file_context(root)
    stored = {s.name: s for s in context.suites.all()}
    written = []
    for spec in suite_specs():
        if spec.name in stored:
            if expectation_signature(stored[spec.name].expectations) == \
                    expectation_signature(spec.expectations):
                continue
            context.suites.delete(spec.name)
        context.suites.add(expectation_suite_for(spec))
        written.append(spec.name)
    return written


if __name__ == "__main__":
    from ..settings import EXPECTATIONS_DIR

    print("rewrote:", ", ".join(write_suites(str(EXPECTATIONS_DIR))) or "nothing (all in step)")
