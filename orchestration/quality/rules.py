"""The catalogue: every check of the warehouse, one row per check id, in one place.

A row (`catalogue.Rule`) gives the id, severity, the frame it reads (and so its scope, the
document kind it speaks of), a sentence for auditors, the message template of one finding and
the test that judges the frame's rows. Rules sharing a frame make one GX suite, in the order
listed here; `make suites` writes the suites into expectations/gx/ and the README's list of
checks from these rows.

Severities: error, a document contradicts itself or the rule it is scored by; warning, for the
auditor to look at, no document being wrong by itself (a budget other than the request, a
target lowered between two documents); rounding, explained by rounding; blocking, a pipeline
invariant (nothing is published). Tolerance "exact" compares the printed decimals as text.

A check is added by adding a row here and its test: a changed copy of a real document on which
it fires (tests/test_rules.py, tests/test_quality.py), and silence on the documents that
reconcile.
"""

from __future__ import annotations

from . import frames as f
from . import rule_frames as rf
from .catalogue import (
    VERDICT_TOLERANCE,
    Between,
    Equal,
    Frame,
    InSet,
    IsNull,
    NotAbove,
    NotInSet,
    NotNull,
    RowCount,
    Rule,
)
from .invariants import invariants_frame

SE, DC, ER, DB, FA = ("self_evaluation", "target_declaration", "evaluation_report",
                      "department_budget", "final_accounts")

# --- the frames (one GX suite each) -------------------------------------------------------------
PROJECTS = Frame("self_evaluation_reconciliation", f.PROJECT_FRAME, SE)
FUNDING = Frame("self_evaluation_funding", f.FUNDING_FRAME, SE)
INDICATORS = Frame("self_evaluation_indicators", f.INDICATOR_FRAME, SE)
DECLARATIONS = Frame("declaration_reconciliation", f.DECLARATION_FRAME, DC)
QUOTES = Frame("evaluation_report_reconciliation", f.EVALUATION_QUOTE_FRAME, ER)
REPORT_FIGURES = Frame("evaluation_report_figures", f.EVALUATION_FIGURES_FRAME, ER)
REPORT_SCORES = Frame("evaluation_report_scores", f.EVALUATION_SCORE_FRAME, ER)
BUDGET_LINES = Frame("department_budget_lines", f.BUDGET_LINE_FRAME, DB)
BUDGET_TOTALS = Frame("department_budget_totals", f.BUDGET_TOTALS_FRAME, DB)
UNRESOLVED = Frame("evaluation_report_unresolved_quotes", f.EVALUATION_UNRESOLVED_FRAME, ER)
BUDGET_BALANCE = Frame("department_budget_balance", f.BUDGET_BALANCE_FRAME, DB)
BUDGET_CROSS = Frame("department_budget_cross_table", f.BUDGET_CROSS_TABLE_FRAME, DB)
AMOUNT_CHANGES = Frame("project_amount_changes", f.PROJECT_AMOUNT_CHANGE_FRAME, SE,
                       per_document=False)
TARGET_CHANGES = Frame("indicator_target_changes", f.TARGET_CHANGE_FRAME, SE,
                       per_document=False)
SE_INVARIANTS = Frame("self_evaluation_pipeline_invariants", f.PROJECT_FRAME, SE)


def _rule_frame(rule_id: str, query: str, scope: str) -> Frame:
    """A disclosure rule's own frame (and suite, rule_<id>)."""
    return Frame(f"rule_{rule_id.lower().replace('-', '_')}", query, scope)


# Rules sharing it: a missing table (error) and a budget without any of its tables (warning).
_DB_TABLES = _rule_frame("DB-REQUIRED-TABLES", rf.DB_REQUIRED_TABLES, DB)


def _rounding_note(check_id: str, label: str, frame: Frame) -> Rule:
    """A printed rate that the document's rounding does not give but another convention does:
    a note (the body rounds otherwise there), not a wrong figure."""
    return Rule(
        check_id, "rounding",
        f"{label} printed follows the document's own rounding (fct_document_rounding); "
        "one another convention explains is a rounding note.",
        f"{{project_name}}: {label} printed {{actual}}% is rounded "
        "{execution_rate_rounding_other}; the document's other rates are rounded "
        "{execution_rate_rounding}, which gives {expected}%.",
        frame, IsNull("execution_rate_rounding_other"),
        "execution_rate_derived", "execution_rate_reported", lines="budget_line",
        tolerance="another rounding convention")


def _pipeline_flows(kind: str, prefix: str) -> tuple[Rule, ...]:
    """Per document, every raw row reaches its mart, keys hold, no amount is lost."""
    frame = Frame(f"{kind}_pipeline_flows", invariants_frame(kind), kind)
    return (
        Rule(f"PI-{prefix}-DOC-ROWS", "blocking",
             "Every row raw holds of each document reaches its mart, and no more.", "",
             frame, Equal("raw_rows", "mart_rows"), "raw_rows", "mart_rows"),
        Rule(f"PI-{prefix}-KEYS", "blocking", "The marts' keys are not null and unique.", "",
             frame, InSet("bad_keys", (0,)), "", "bad_keys"),
        Rule(f"PI-{prefix}-AMOUNTS", "blocking",
             "No amount extracted into raw is null in its mart row.", "",
             frame, InSet("amounts_lost", (0,)), "", "amounts_lost"),
    )


_CODE_NAME_TOLERANCE = "exact (whitespace and bracket widths aside)"


def _code_name_year(check_id: str, lines: str, summary: str, kind: str) -> Rule:
    """A code printed with its own name of another year's 科目 (医疗卫生与计划生育支出 for 210
    in 2024): the code is right and no other code is meant, so a warning, not an error."""
    return Rule(
        check_id, "warning",
        "A classification code printed with the name it bears in other years only (seed "
        "classification_code_names: 210 医疗卫生与计划生育支出 until 2018, 卫生健康支出 from "
        "2019) names the right code by an out-of-date (or not yet valid) name: a warning; so "
        "does a summary table's expenditure item (a 类 printed by name). A name another code "
        "bears in the year is the error *-CODE-NAME instead; a year between a code's rows is "
        "not judged.",
        "p{page} {subject} is printed with the name {actual}, its name {name_years}; in "
        "{fiscal_year} it is named {expected}.",
        _rule_frame(check_id, rf.code_name_frame(lines, judged="year", summary=summary), kind),
        tolerance=_CODE_NAME_TOLERANCE)

RULES: tuple[Rule, ...] = (
    # --- 绩效自评表 ------------------------------------------------------------------------------
    Rule("SE-RATE", "error",
         "全年执行数 / 全年预算数 x 100, to two decimals as the document rounds "
         "(truncate, half-up or up: fct_document_rounding), or as another of those "
         "conventions gives it, equals the printed 执行率.",
         "{project_name}: 执行率 printed {actual}%, but 全年执行数 {executed_wan} / "
         "全年预算数 {full_year_budget_wan} gives {expected}% "
         "({execution_rate_rounding}), and no rounding gives the printed figure.",
         PROJECTS, Equal("execution_rate_checked", "execution_rate_reported"),
         "execution_rate_checked", "execution_rate_reported", lines="budget_line"),
    _rounding_note("SE-RATE-ROUNDING", "执行率", PROJECTS),
    Rule("SE-BUDGET-SCORE", "error",
         "预算执行率得分 = 执行率 x 分值 / 100, rounded as the document rounds its scores "
         "(fct_document_rounding), capped at 分值.",
         "{project_name}: budget score printed {actual}, the rule gives {expected} "
         "({budget_score_rounding}).",
         PROJECTS, Equal("budget_score_derived", "budget_score_reported"),
         "budget_score_derived", "budget_score_reported", lines="budget_line"),
    # A form whose 总分 row prints the score alone (宁德's 部门整体 form) has no 总分 weight.
    Rule("SE-WEIGHTS", "error",
         "Indicator weights plus the budget weight equal the 总分 column (100).",
         "{project_name}: weights add up to {actual}, the 总分 column says {expected}.",
         PROJECTS, Equal("total_weight", "weight_sum", skip_missing=True),
         "total_weight", "weight_sum"),
    Rule("SE-TOTAL-SUM", "error",
         "Indicator scores plus the budget score equal the printed 总分.",
         "{project_name}: 总分 printed {actual}, its scores add up to {expected}.",
         PROJECTS, Equal("score_sum_reported", "total_score_reported"),
         "score_sum_reported", "total_score_reported"),
    Rule("SE-GRADE", "error",
         "评分等级 is the band of the printed 总分 (优 >= 90, 良 >= 80, 中 >= 60).",
         "{project_name}: grade printed {actual}, 总分 {total_score_reported} is band "
         "{expected}.",
         PROJECTS, Equal("grade_of_reported_total", "grade_reported", skip_missing=True),
         "grade_of_reported_total", "grade_reported"),
    Rule("SE-TOTAL-RULE", "error",
         "The printed 总分 lies within what the national scoring rule gives "
         "(财预〔2020〕10号), within 0.01.",
         "{project_name}: 总分 printed {actual}, the scoring rule gives "
         "{total_score_derived_low}..{expected} (gap {score_gap}).",
         PROJECTS, IsNull("score_gap"), "total_score_derived", "total_score_reported",
         tolerance="0.01 (score_gap is null within it)"),
    Rule("SE-OVERSPEND", "error", "全年执行数 does not exceed 全年预算数.",
         "{project_name}: executed {actual} 万元 exceeds the budget {expected} 万元.",
         PROJECTS, NotAbove("full_year_budget_num", "executed_num"),
         "full_year_budget_wan", "executed_wan", lines="budget_line"),
    Rule("SE-TOTAL-RANGE", "error", "总分 lies between 0 and 100.",
         "{project_name}: 总分 {actual} is outside 0..100.",
         PROJECTS, Between("total_score_reported_num", 0, 100), "", "total_score_reported"),
    Rule("SE-FUNDING-SUM", "error",
         "财政拨款 + 上年结转 + 其他资金 = 年度资金总额, in every amount column.",
         "{project_name}: 年度资金总额 {amount_column} printed {actual}, its sources add up "
         "to {expected}.",
         FUNDING, Equal("sources_sum", "total"), "sources_sum", "total"),
    Rule("SE-SCORE-WEIGHT", "error", "No indicator scores above its weight.",
         "{project_name} / {indicator_name}: score {actual} above its weight {expected}.",
         INDICATORS, NotAbove("weight_num", "score_reported_num"), "weight", "score_reported"),
    Rule("SE-DEVIATION-REASON", "warning",
         "An indicator missed (the rule says so, or it scores below its weight) "
         "states its 偏差原因 (财预〔2020〕10号: deviations are explained).",
         "{project_name} / {indicator_name}: target {target_raw}, actual "
         "{actual_raw}, score {actual} of {weight}, and no 偏差原因 given.",
         INDICATORS, IsNull("deviation_reason"), "", "score_reported"),
    Rule("SE-INDICATOR-RULE", "error",
         "An indicator's printed 得分 lies within what the national rule gives "
         "(met: the weight; missed: weight x actual / target), within 0.01.",
         "{project_name} / {indicator_name}: target {target_raw}, actual "
         "{actual_raw}: score printed {actual}, the rule gives "
         "{score_derived_low}..{score_derived_high}.",
         INDICATORS, IsNull("score_gap"), "score_derived_high", "score_reported",
         tolerance="0.01 (score_gap is null within it)"),
    # --- 绩效目标申报表 --------------------------------------------------------------------------
    Rule("DC-FUNDING-SUM", "error",
         "当年财政拨款 + 上年结转资金 + 其他资金 = 年度资金申请总额.",
         "{project_name}: 年度资金申请总额 printed {actual} 元, its sources add up to "
         "{expected} 元.",
         DECLARATIONS, Equal("sources_sum", "year_request_yuan", skip_missing=True),
         "sources_sum", "year_request_yuan"),
    *(
        Rule(f"DC-DATE-{end.upper()}", "error", f"计划{label}日期 lies inside the declared year.",
             f"{{project_name}}: 计划{label}日期 {{actual}} is outside the declared year "
             "{expected}.",
             DECLARATIONS, Equal("fiscal_year_text", f"planned_{end}_year", skip_missing=True),
             "fiscal_year_text", f"planned_{end}")
        for end, label in (("start", "开始"), ("end", "完成"))
    ),
    # --- 绩效评价报告 ----------------------------------------------------------------------------
    Rule("ER-QUOTE", "error",
         "Every figure the report's prose quotes equals the same figure in its "
         "tables and key figures.",
         "{project_name}: the text quotes {quoted_figure} {indicator_name} as "
         "{actual} ('{value_text}'); its tables and key figures say {expected}.",
         QUOTES, Equal("table_value", "quoted_value", skip_missing=True),
         "table_value", "quoted_value"),
    _rounding_note("ER-RATE-ROUNDING", "预算执行率", REPORT_FIGURES),
    Rule("ER-RATE", "error",
         "预算执行率 = 实际支出 / 调整后预算 x 100, to two decimals as the document "
         "rounds (or as another rounding convention gives it).",
         "{project_name}: 预算执行率 quoted {actual}%, but {executed_yuan} / "
         "{full_year_budget_yuan} 元 gives {expected}%.",
         REPORT_FIGURES, Equal("execution_rate_checked", "execution_rate_reported",
                               skip_missing=True),
         "execution_rate_checked", "execution_rate_reported", lines="budget_line"),
    Rule("ER-SPENDING-SUM", "error", "The spending components add up to the actual spending.",
         "{project_name}: actual spending quoted {actual} 元, its components add up to "
         "{expected} 元.",
         REPORT_FIGURES, Equal("spending_items_sum", "executed_yuan", skip_missing=True),
         "spending_items_sum", "executed_yuan"),
    Rule("ER-GRADE", "error",
         "评价等级 is the band of the total score (优 >= 90, 良 >= 80, 中 >= 60).",
         "{project_name}: grade {actual}, but 总分 {total_score_reported} is band {expected}.",
         REPORT_FIGURES, Equal("grade_of_reported_total", "grade_reported", skip_missing=True),
         "grade_of_reported_total", "grade_reported"),
    Rule("ER-WEIGHT-SUM", "error",
         "Each module's and indicator group's weight is the sum of its parts.",
         "{project_name}: {code} {indicator_name} weight printed {actual}, its parts add up "
         "to {expected}.",
         REPORT_SCORES, Equal("weight_sum", "weight_printed", skip_missing=True),
         "weight_sum", "weight_printed"),
    Rule("ER-SCORE-SUM", "error",
         "Module scores are the sum of their indicators; the total the sum of the modules.",
         "{project_name}: {code} {indicator_name} score printed {actual}, its parts add up "
         "to {expected}.",
         REPORT_SCORES, Equal("score_sum", "score_printed", skip_missing=True),
         "score_sum", "score_printed"),
    # --- 部门预算 --------------------------------------------------------------------------------
    Rule("DB-CHILDREN-SUM", "error",
         "项 add up to 款, 款 to 类, 类 to 合计, in every column of every table.",
         "{table_name} {code} {name} {amount_column}: printed {actual} 元, its lines add up "
         "to {expected} 元.",
         BUDGET_LINES, Equal("children_sum", "printed"), "children_sum", "printed"),
    Rule("DB-BASIC-PROJECT", "error", "基本支出 + 项目支出 = 合计 on every line.",
         "{table_name} {code}: 合计 {actual} 元, 基本 + 项目 = {expected} 元.",
         BUDGET_TOTALS, Equal("basic_plus_project", "total", skip_missing=True),
         "basic_plus_project", "total"),
    Rule("DB-PERSONNEL-PUBLIC", "error", "人员经费 + 公用经费 = 合计 on every line.",
         "{table_name} {code}: 合计 {actual} 元, 人员 + 公用 = {expected} 元.",
         BUDGET_TOTALS, Equal("personnel_plus_public", "total", skip_missing=True),
         "personnel_plus_public", "total"),
    Rule("DB-THREE-PUBLIC", "error", "The 三公经费 parts add up to their totals.",
         "{item_name}: printed {actual} 万元, its parts add up to {expected} 万元.",
         BUDGET_TOTALS, Equal("three_public_parts", "three_public_printed", skip_missing=True),
         "three_public_parts", "three_public_printed"),
    Rule("DB-RUNNING-COST", "error",
         "机关运行经费 is part of the basic expenditure's 公用经费, so not above it.",
         "{item_name} {actual} 元 exceeds all 公用经费 of the basic-expenditure economic "
         "table, {expected} 元, by more than its 万元 rounding (50 元).",
         BUDGET_TOTALS, NotAbove("public_num", "running_cost_num", skip_missing=True),
         "public_yuan", "running_cost_yuan",
         tolerance="50 元: the 三公 table's 万元 printed to two places"),
    Rule("ER-QUOTE-UNRESOLVED", "error",
         "Every indicator or module the prose quotes a score or weight of is named in the "
         "report's scored table (or in the seed indicator_name_aliases), so that ER-QUOTE can "
         "compare it.",
         "{project_name}: the text quotes {indicator_name} ({quoted}), a name its scored "
         "table does not print: {actual} of {expected} quotes could be compared.",
         UNRESOLVED, Equal("n_quotes", "n_resolved"), "n_quotes", "n_resolved",
         tolerance="exact (every quote resolved)"),
    Rule("DB-BALANCE", "error", "收入总计 = 支出总计 in every 收支总表.",
         "{table_name}: 支出总计 {actual} 元, 收入总计 {expected} 元.",
         BUDGET_BALANCE, Equal("income_total", "expenditure_total", skip_missing=True),
         "income_total", "expenditure_total", tolerance="exact (元)"),
    Rule("DB-CROSS-TABLE", "error",
         "The same classification code carries the same amount in every table that repeats "
         "it (the measures of seed budget_table_measures: all funds, 财政拨款, 一般公共预算, "
         "政府性基金, 一般公共预算基本支出); empty cells take no part.",
         "{code} {name} ({measure}): {table_name} prints {actual} 元, "
         "{reference_table_name} (line {reference_line_start}) {expected} 元.",
         BUDGET_CROSS, Equal("reference_amount", "amount"), "reference_amount", "amount",
         tolerance="exact (元)"),
    # --- across documents ------------------------------------------------------------------------
    Rule("XD-AMOUNT", "warning",
         "A project's 年初预算数 (self-evaluation) equals the 年度资金申请总额 its "
         "绩效目标申报表 declared for the same fiscal year (projects matched by dim_project's "
         "key). Severity warning: a budget approved above or below the request is for the "
         "auditor to look at, not an error of either document.",
         "{project_name} {fiscal_year}: 年初预算数 {actual} 元, but {declared_source_file} "
         "line {declared_line_start} declared {expected} 元.",
         AMOUNT_CHANGES, Equal("declared_amount_yuan", "initial_budget_yuan",
                               skip_missing=True),
         "declared_amount_yuan", "initial_budget_yuan", lines="budget_line",
         tolerance="exact (元)"),
    Rule("XD-TARGET-LOWERED", "warning",
         "An indicator's target in a later 绩效自评表 is not lower than the target its "
         "绩效目标申报表 declared (fct_indicator_target_change: a smaller number for a >= / = "
         "target, a larger one for <= / <; same unit). Severity warning: a lowered target is "
         "for the auditor to look at (was it lowered so that it is met?), not an error of "
         "either document.",
         "{project_name} / {indicator_name}: target {actual} in {later_fiscal_year}, "
         "lowered from {expected} declared for {declared_fiscal_year} "
         "({declared_source_file} line {declared_line_start}); actual {actual_raw}, met: "
         "{achieved}.",
         TARGET_CHANGES, NotInSet("target_change", ("lowered",)),
         "declared_target_raw", "later_target_raw", tolerance="exact (any lower number)"),
    # --- pipeline invariants (blocking) ----------------------------------------------------------
    *(rule for kind, prefix in ((SE, "SE"), (DC, "DC"), (ER, "ER"), (DB, "DB"), (FA, "FA"))
      for rule in _pipeline_flows(kind, prefix)),
    Rule("PI-SE-ROWS", "blocking",
         "Every self-evaluation form extracted into raw reaches fct_project_year.", "",
         SE_INVARIANTS, RowCount("raw_self_evaluation_forms")),
    *(
        Rule(f"PI-SE-NOTNULL-{col}", "blocking", f"No {col} is lost on the way.", "",
             SE_INVARIANTS, NotNull(col))
        for col in ("full_year_budget_yuan", "executed_yuan", "execution_rate_reported",
                    "total_score_reported")
    ),
    # --- disclosure rules: 部门决算, 部门预算 (verdict frames, rule_frames.py) -----------------
    Rule("FA-REQUIRED-TABLES", "error",
         "A 部门决算 prints every table of its public set (seed required_tables: 收支总表, "
         "收入, 支出, 财政拨款收支总表, 一般公共预算 functional and basic, 政府性基金, "
         "国有资本经营预算, 三公), with or without figures.",
         "p{page} {subject}: the 决算 (from this page on) prints no such table.",
         _rule_frame("FA-REQUIRED-TABLES", rf.FA_REQUIRED_TABLES, FA),
         tolerance="exact (title as printed, or containing the seed's words)"),
    Rule("FA-BALANCE", "error",
         "收入总计 = 支出总计 in every 收入支出决算总表 and 财政拨款收入支出决算总表.",
         "p{page} {subject}: 支出 side {actual} 元, 收入 side {expected} 元.",
         _rule_frame("FA-BALANCE", rf.FA_BALANCE, FA), tolerance=VERDICT_TOLERANCE),
    Rule("FA-TOTALS", "error",
         "本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 = 总计 = 本年支出合计 + 结余分配 + "
         "年末结转和结余, on each side of each 决算 summary.",
         "p{page} {subject}: printed {actual} 元, its 本年 and 结转 items give {expected} 元.",
         _rule_frame("FA-TOTALS", rf.FA_TOTALS, FA), tolerance=VERDICT_TOLERANCE),
    Rule("FA-SUMMARY-PARTS", "error",
         "The numbered items of each side add up to its 本年收入合计 / 本年支出合计.",
         "p{page} {subject}: printed {actual} 元, the items above add up to {expected} 元.",
         _rule_frame("FA-SUMMARY-PARTS", rf.FA_SUMMARY_PARTS, FA),
         tolerance=VERDICT_TOLERANCE),
    Rule("FA-CHILDREN-SUM", "error",
         "项 add up to 款, 款 to 类, 类 to 合计, in every column of every coded 决算 table.",
         "p{page} {subject}: printed {actual} 元, its lines add up to {expected} 元.",
         _rule_frame("FA-CHILDREN-SUM", rf.FA_CHILDREN_SUM, FA), tolerance=VERDICT_TOLERANCE),
    Rule("FA-BASIC-PROJECT", "error",
         "基本支出 + 项目支出 = 本年支出 on every line of the 决算's expenditure tables.",
         "p{page} {subject}: 本年支出 {actual} 元, 基本 + 项目 = {expected} 元.",
         _rule_frame("FA-BASIC-PROJECT", rf.FA_BASIC_PROJECT, FA),
         tolerance=VERDICT_TOLERANCE),
    Rule("FA-PERSONNEL-PUBLIC", "error",
         "人员经费合计 + 公用经费合计 of the 基本支出决算表 = the 基本支出 合计 of the "
         "一般公共预算财政拨款支出决算表.",
         "p{page} {subject}: {actual} 元, 人员经费 + 公用经费 = {expected} 元.",
         _rule_frame("FA-PERSONNEL-PUBLIC", rf.FA_PERSONNEL_PUBLIC, FA),
         tolerance=VERDICT_TOLERANCE),
    Rule("FA-THREE-PUBLIC", "error",
         "三公 = 因公出国（境） + 公务用车购置及运行维护 + 公务接待, and 公务用车 = 购置 + "
         "运行维护, for the 预算数 and the 决算数.",
         "p{page} {subject}: printed {actual} 万元, its parts add up to {expected} 万元.",
         _rule_frame("FA-THREE-PUBLIC", rf.FA_THREE_PUBLIC, FA), tolerance=VERDICT_TOLERANCE),
    Rule("FA-NARRATIVE", "error",
         "Each figure the 决算's narrative quotes for a summary item (收、支总计, 本年收入合计, "
         "本年支出合计, 财政拨款支出; seed final_narrative_measures) equals the table's.",
         "p{page} {subject}: the text quotes {actual} 元, the table prints {expected} 元.",
         _rule_frame("FA-NARRATIVE", rf.FA_NARRATIVE, FA), tolerance=VERDICT_TOLERANCE),
    Rule("FA-UNIT", "error",
         "No figure a 部门决算 prints twice is 10,000 times the other (万元 printed for 元, or "
         "the reverse): its narrative figures against its summary tables, and each table "
         "against the reference table of the same code and measure (seed "
         "final_table_measures: the summaries' totals and 类 against the 收入 / 支出决算表, a "
         "code's 本年支出 in the 支出决算表 and the 一般公共预算财政拨款支出决算表 …).",
         "p{page} {subject}: {actual} 元 is {expected} 元 in the wrong unit (万元 / 元).",
         _rule_frame("FA-UNIT", rf.FA_UNIT, FA), tolerance="a ratio of 10,000, within 0.1 %"),
    Rule("FA-RUNNING-COST", "error",
         "The 机关运行经费 a 决算's narrative says was spent (seed running_cost_labels) lies "
         "within the 公用经费合计 of its 基本支出决算表, which holds it (as DB-RUNNING-COST for "
         "a budget's 三公 table).",
         "p{page} {subject}: the text's {actual} 元 exceeds all 公用经费, {expected} 元.",
         _rule_frame("FA-RUNNING-COST", rf.FA_RUNNING_COST, FA),
         tolerance="half the quote's last printed digit"),
    Rule("FA-CODE-NAME", "error",
         "No classification code is printed with the name another code of its level and "
         "parent bears in the document's year (function codes: seed "
         "classification_code_names by year; economic codes: the 2018 seed "
         "budget_economic_codes; a code neither knows: the name the documents of the year "
         "print most).",
         "p{page} {subject} is printed with the name {actual}, which is another code's in "
         "{fiscal_year}; the code is {expected}.",
         _rule_frame("FA-CODE-NAME", rf.code_name_frame("main.fct_final_line"), FA),
         tolerance=_CODE_NAME_TOLERANCE),
    _code_name_year("FA-CODE-NAME-YEAR", "main.fct_final_line", "main.fct_final_summary", FA),
    Rule("DB-REQUIRED-TABLES", "error",
         "A 部门预算 prints every table of its public set, with or without figures (seed "
         "required_tables, per template and scope: 上海's nine, 部门… or 预算单位… titled; "
         "江苏 2019's eight): the set of its scope and year it prints most titles of.",
         "p{page} {subject}: the budget (from this page on) prints no such table.",
         _DB_TABLES, tolerance="exact (title as printed, year dropped)"),
    Rule("DB-TABLES-ABSENT", "warning",
         "A 部门预算 printing no table of any set the seed required_tables knows is one "
         "finding, not one a table. Severity warning: a body may publish the tables as "
         "another attachment (北京 2026: the 情况说明 and the 报表 are two files), which "
         "the warehouse does not see; the auditor looks for it (or teaches the seed the "
         "body's titles).",
         "p{page} {subject}: the document prints no table of a 部门预算 set (seed "
         "required_tables); its tables may be published in another attachment.",
         _DB_TABLES, NotInSet("verdict", ("absent",)), "expected", "actual",
         tolerance="exact (no title of any set)"),
    *(
        Rule(f"{prefix}-PART-SET-ASIDE", "warning",
             f"A part of a {name} ({part}) that could not be read is set aside at its page "
             "while the document's other records load (raw.load_errors, document_loaded): "
             "one finding a part. Severity warning: nothing of the part is in the warehouse, "
             "so none of its checks ran; the auditor reads it in the document.",
             "p{page}: not read, set aside (the document loaded without it): {subject}",
             _rule_frame(f"{prefix}-PART-SET-ASIDE", rf.PART_SET_ASIDE.format(kind=kind), kind),
             NotInSet("verdict", ("set aside",)), "expected", "actual",
             tolerance="none (every part set aside)")
        for prefix, kind, name, part in (
            ("DB", DB, "部门预算", "its 财政项目支出绩效目标填报表 bound in it"),
            ("FA", FA, "部门决算", "its 项目支出绩效自评表 bound in it, or one of them"),
            ("SE", SE, "绩效自评表 document", "one of its forms, in a text rendering whose "
             "rows do not come apart"))
    ),
    Rule("DB-SUMMARY-PARTS", "error",
         "The numbered items of each side of a 部门预算 summary (收支总表, 财政拨款收支总表) "
         "add up to its 小计; with the side's unnumbered items (上年结转, 结转下年 …) to its "
         "合计 / 总计 (their sub-items left out).",
         "p{page} {subject}: printed {actual} 元, the items above add up to {expected} 元.",
         _rule_frame("DB-SUMMARY-PARTS", rf.DB_SUMMARY_PARTS, DB), tolerance=VERDICT_TOLERANCE),
    Rule("DB-NARRATIVE", "error",
         "Each total a 部门预算's narrative quotes (收入预算, 支出预算, 财政拨款收入, "
         "财政拨款支出预算; seed budget_narrative_measures) is the summary table's, rounded "
         "to the digits it prints; cut instead of rounded, it is a rounding note.",
         "p{page} {subject}: the text quotes {actual} 元, the table prints {expected} 元.",
         _rule_frame("DB-NARRATIVE", rf.DB_NARRATIVE, DB),
         tolerance="half the quote's last printed digit; within a whole digit: rounding"),
    Rule("DB-UNIT", "error",
         "No figure a 部门预算 prints twice is 10,000 times the other (a 元 figure under a 万元 "
         "label, or the reverse): its narrative totals against its summary tables, and each "
         "table against the reference table of the same code and measure.",
         "p{page} {subject}: {actual} 元 is {expected} 元 in the wrong unit (万元 / 元).",
         _rule_frame("DB-UNIT", rf.DB_UNIT, DB), tolerance="a ratio of 10,000, within 0.1 %"),
    Rule("DB-CODE-NAME", "error",
         "No classification code of a 部门预算 is printed with the name another code of its "
         "level and parent bears in the document's year (function codes: seed "
         "classification_code_names by year; economic codes: the 2018 seed "
         "budget_economic_codes; a code neither knows: the name the documents of the year "
         "print most).",
         "p{page} {subject} is printed with the name {actual}, which is another code's in "
         "{fiscal_year}; the code is {expected}.",
         _rule_frame("DB-CODE-NAME", rf.code_name_frame("main.fct_budget_line"), DB),
         tolerance=_CODE_NAME_TOLERANCE),
    _code_name_year("DB-CODE-NAME-YEAR", "main.fct_budget_line", "main.fct_budget_summary", DB),
    Rule("DB-YEAR-ON-YEAR", "warning",
         "A 部门预算's sentence comparing a total with the year before's budget (\"财政拨款收入"
         "15621.11万元，比2023年预算减少876.75万元\"; compared with 上年预算 or 年初预算数, not "
         "预算执行数, which no budget prints) agrees with that year's 部门预算 of the same unit "
         "and scope where the warehouse holds it: the change stated is this budget's summary "
         "total (seed budget_narrative_measures) or 三公 item (seed "
         "three_public_narrative_items) less that budget's, and the previous figure printed "
         "is that budget's. Severity warning: the two documents disagree, and the "
         "year before's budget may have been restated (调整预算) since it was published.",
         "p{page} {subject}: the text says {actual} 元 ({part}); {previous_file} "
         "p{previous_page} prints {previous_item} {previous_yuan} 元 and this budget "
         "p{current_page} {current_yuan} 元, which give {expected} 元.",
         Frame("rule_db_year_on_year", rf.DB_YEAR_ON_YEAR, DB, per_document=False),
         tolerance="half the last printed digit of the change (or previous figure); within a "
                   "whole digit (two rounded figures' difference): rounding"),
    # --- performance forms' tables (fct_form_amount) ------------------------------------------
    Rule("PT-SUBTOTAL", "error",
         "In a 项目支出绩效目标表 each 资金使用单位's subtotal equals the sum of its project rows, "
         "and the 合计 the sum of the subtotals, in every amount column.",
         "p{page} {subject}: printed {actual} 元, its rows add up to {expected} 元.",
         _rule_frame("PT-SUBTOTAL", rf.PT_SUBTOTAL, DC),
         tolerance="exact; within (n + 1) / 2 of the seed rounding_tails' tail for n parts: "
                   "reported as rounding"),
    Rule("ER-TABLE-SUM", "error",
         "In an evaluation report's 项目支出情况表 each group (一、二 …) equals the sum of "
         "its items and the 合计 the sum of the groups, in every amount column.",
         "p{page} {subject}: printed {actual} 元, its rows add up to {expected} 元.",
         _rule_frame("ER-TABLE-SUM", rf.ER_TABLE_SUM, ER),
         tolerance="exact; within (n + 1) / 2 of the seed rounding_tails' tail for n parts: "
                   "reported as rounding"),
    Rule("ER-TABLE-RATE", "error",
         "Each 执行率 of an evaluation report's 项目支出情况表 is its row's "
         "实际执行 / 预算批复 × 100, half-up to the printed decimals.",
         "p{page} {subject}: printed {actual}%, 实际执行 / 预算批复 gives {expected}%.",
         _rule_frame("ER-TABLE-RATE", rf.ER_TABLE_RATE, ER),
         tolerance="exact; the figure truncating or rounding up gives: reported as rounding"),
)

DISCLOSURE_RULES = tuple(r for r in RULES if r.frame.name.startswith("rule_"))
