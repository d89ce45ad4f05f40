"""How bodies print their 部门决算 / 单位决算 tables (data, not code).

The 决算 is the 预算's table family (titles and units are read by `budget_conventions`); its
columns say what became of the money: 年初结转和结余, 本年收入 by source, 本年支出 (基本 /
项目), 年末结转和结余. A new body's wording is taught here.
"""

from __future__ import annotations

import re

# Column words of the coded 决算 tables (收入决算表, 支出决算表, 财政拨款支出决算表, 政府性基金
# and 国有资本经营预算 tables) -> field. 本年支出 is the group over 小计 / 基本 / 项目.
LINE_COLUMNS = {
    "年初结转和结余": "carryover_start_yuan",
    "本年收入合计": "income_yuan", "本年收入": "income_yuan",
    "财政拨款收入": "appropriation_yuan",
    "上级补助收入": "upper_grant_yuan",
    "事业收入": "business_income_yuan",
    "经营收入": "operating_income_yuan",
    "附属单位上缴收入": "affiliated_income_yuan",
    "其他收入": "other_income_yuan",
    "本年支出": "expenditure_group",
    "本年支出合计": "expenditure_yuan", "小计": "expenditure_yuan", "合计": "expenditure_yuan",
    "决算数": "expenditure_yuan",
    "基本支出": "basic_yuan", "项目支出": "project_yuan",
    "上缴上级支出": "to_upper_yuan",
    "经营支出": "operating_expenditure_yuan",
    "对附属单位补助支出": "affiliated_subsidy_yuan",
    "年末结转和结余": "carryover_end_yuan",
}  # fmt: skip
# The 基本支出决算表 prints code / name / 决算数 three times side by side (人员经费, 公用经费).
ECONOMIC_COLUMNS = {"决算数": "expenditure_yuan"}
# 收入支出决算总表 and 财政拨款收入支出决算总表 (both sides).
SUMMARY_COLUMNS = {
    "金额": "amount_yuan", "决算数": "amount_yuan", "合计": "amount_yuan",
    "一般公共预算财政拨款": "general_budget_yuan",
    "政府性基金预算财政拨款": "gov_fund_yuan",
    "国有资本经营预算财政拨款": "state_capital_yuan",
}  # fmt: skip
COLUMN_WORDS: dict[str, dict[str, str]] = {
    "final_line": LINE_COLUMNS,
    "final_economic": ECONOMIC_COLUMNS,
    "final_summary": SUMMARY_COLUMNS,
}
# The amount fields of a 决算 line, in the order the tables print them.
LINE_AMOUNTS = (
    "carryover_start_yuan", "income_yuan", "appropriation_yuan", "upper_grant_yuan",
    "business_income_yuan", "operating_income_yuan", "affiliated_income_yuan",
    "other_income_yuan", "expenditure_yuan", "basic_yuan", "project_yuan", "to_upper_yuan",
    "operating_expenditure_yuan", "affiliated_subsidy_yuan", "carryover_end_yuan",
)
# The 三公 决算 table prints the year's 预算数 beside the 决算数: as column groups (国家信访局)
# or as rows (西安). The word -> stage.
STAGES = {"预算数": "budget", "决算数": "final"}
# Totals of the 基本支出决算表's blocks, printed without a code.
ECONOMIC_TOTALS = re.compile(r"^(?:人员经费|公用经费)?(?:合计|小计)$")
# A 决算 narrative prints scores and rates beside amounts ("项目自评得分为88.5分").
NARRATIVE_UNITS = {"亿元": "amount", "万元": "amount", "元": "amount", "%": "percent",
                   "％": "percent", "分": "score"}
NARRATIVE_NUMBER = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿元|万元|元|%|％|分(?![钟之类项配值别]))"
)
