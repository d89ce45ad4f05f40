"""Words of the performance-target forms (绩效目标表, 部门整体绩效目标申报表) and of evaluation
reports' spending tables, as data: a new body's template is taught here."""

from __future__ import annotations

import re

# 项目支出绩效目标表（含转移支付项目）: header words -> field.
PROJECT_TABLE_COLUMNS = {
    "项目名称": "name",
    "总计": "total",
    "财政拨款": "appropriation",
    "财政专户拨款": "special_account",
    "其他资金": "other",
    "绩效目标": "goal",
    "绩效指标": "indicators",
}
# The amount columns of that table, in the order printed.
PROJECT_AMOUNT_COLUMNS = ("total", "appropriation", "special_account", "other")
# Header words naming them, as stored in form_amount.column_label.
COLUMN_WORDS = {"total": "总计", "appropriation": "财政拨款", "special_account": "财政专户拨款",
                "other": "其他资金"}
TOTAL_LABELS = ("合计", "总计")
# A piece of a header word wrapped over lines in a rendering ("项目名称（资金使", "户拨款") is
# at most this long; a longer cell under the header is a row's.
HEADER_PIECE_LENGTH = 8
# Words only the 绩效指标 cell prints: a rendering's goal holding them lost the cells' edge.
INDICATOR_VALUE_WORDS = ("实施周期指标值", "年度指标值")
DEPARTMENT_PREFIX = re.compile(r"^部门名称[：:]\s*(?P<name>\S+)")
UNIT_LABEL = re.compile(r"单位[：:]\s*(?P<unit>万元|元)")

# One indicator inside a 绩效指标 cell: "6、2-效益指标；22-社会效益；话务接通率；
# 实施周期指标值:≥93%；年度指标值:≥93%。" (广州市政务服务和数据管理局),
# "2、2－效益指标，22－社会效益，环保信访投诉办结率；实施周期指标值：≥90%，
# 年度指标值：≥90%;" (广州市生态环境局). Text squashed (no whitespace).
INDICATOR_IN_CELL = re.compile(
    r"\d[-－—](?P<level1>[^；;，,、]+?指标)[；;，,]\d{2}[-－—](?P<level2>[^；;，,]+?)[；;，,]"
    r"(?P<name>.+?)[；;，,]实施周期指标值[:：](?P<period>.*?)[；;，,。]?年度指标值[:：]"
    r"(?P<annual>.*?)(?=[；;。，,]?\d+[、.．]\d[-－—]|[；;。，,]?$)")

# 部门整体预算绩效目标申报表: blocks of (label, amount) column pairs, by their header word.
DEPARTMENT_BLOCKS = {
    "部门预算支出": "expenditure",
    "收入来源": "income",
    "事业发展性支出": "development",
    "按预算级次划分": "level",
}
DEPARTMENT_FORM_LABEL = "部门名称"
GOAL_LABELS = ("总体绩效目标", "年度总体目标")
TASK_COLUMNS = {
    "名称": "name",
    "主要实施内容": "content",
    "拟投入的资金": "amount",
    "期望达到的目标": "target",
}
TASK_AMOUNT_WORD = "拟投入的资金"
# The indicator block's 实施周期 values, beside the 年度 ones (a rendering's column, not read).
PERIOD_COLUMN = {"实施周期指标值": "period"}
# Labels of the department-wide form's outer column, printed at the left margin of a rendering.
OUTER_LABELS = ("预算整体情况", "年度重点工作任务")
TASK_END = ("其他需完成的任务", "绩效指标")
# The name a department-wide form's record carries in declaration_project (it declares the
# department's whole budget, not a project).
DEPARTMENT_FORM_NAME = "部门整体"

# Evaluation reports: the 项目支出情况表 (长沙 2020).
SPENDING_TABLE_COLUMNS = {
    "序号": "no",
    "项目名称": "name",
    "预算批复": "approved",
    "预算到位": "allocated",
    "实际执行": "executed",
    "执行率": "rate",
    "指标结余": "balance",
    "超支或结余资金原因及处理": "reason",
}
SPENDING_AMOUNT_COLUMNS = ("approved", "allocated", "executed", "rate", "balance")
SPENDING_TABLE_NAME = "项目支出情况表"
GROUP_NO = re.compile(r"^[一二三四五六七八九十]+$")
ITEM_NO = re.compile(r"^\d+$")

# A form that does not print its year is dated by the year its text names most as 年度
# ("2026年度广州12345热线平台运营项目"), else as 年.
YEAR_OF_FORM = re.compile(r"(20\d{2})\s*年度")
YEAR_NAMED = re.compile(r"(20\d{2})\s*年")

# 财政项目支出绩效目标填报表 / 申报表 (上海 template, one form a page, bound in a budget): label
# cells with the value in the cell to their right.
FORM_START = "项目名称"
FORM_FIELDS = {
    "项目名称": "project_name",
    "项目性质": "project_nature",
    "项目类别": "project_category",
    "主管部门": "department_name",
    "实施单位": "unit_name",
    "计划开始日期": "planned_start",
    "计划完成日期": "planned_end",
}
# Funding labels -> the record's field stem; the side (project total or the year's request) is
# told by position: at or right of the 年度资金申请总额 label is the year's side.
FORM_FUNDING = {
    "项目资金总额": ("total_amount_yuan", "year_request_yuan"),
    "年度资金申请总额": ("total_amount_yuan", "year_request_yuan"),
    "财政资金": ("total_fiscal_yuan", "year_fiscal_yuan"),
    "当年财政拨款": ("total_appropriation_yuan", "year_appropriation_yuan"),
    "上年结转资金": ("total_carryover_yuan", "year_carryover_yuan"),
    "其他资金": ("total_other_yuan", "year_other_yuan"),
}
YEAR_SIDE_LABEL = "年度资金申请总额"
FUNDING_UNIT = re.compile(r"项目资金[（(](?P<unit>万元|元)[)）]")
FORM_GOALS = {"项目总目标": "long_term_goal", "年度总体目标": "annual_goal"}
FORM_YEAR = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[)）]")

# Why a rendering's 填报表 page is set aside (target_form_text says where and what).
FORM_TEXT_REFUSED = "a 财政项目支出绩效目标填报表 rendering not read"
# A 填报表's blocks' outer labels, printed down their left margin in a rendering.
FORM_GOALS_LABEL = "项目绩效目标"
FORM_INDICATORS_LABEL = "绩效指标"
