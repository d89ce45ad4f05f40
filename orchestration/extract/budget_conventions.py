"""How bodies print their budget tables: titles, column words, units (data, not code).

Every entry is a printed word or title fragment with what it means. Bodies word the same column
differently (预算数 / 金额 / 合计), wrap header cells (机关运行经费预算 + 数), and number or name
tables their own way; a new body's template is taught by adding its words here.
"""

from __future__ import annotations

import re

# A table title: the line naming a budget table (whitespace removed), year optional.
TABLE_TITLE = re.compile(
    r"^(?:(?P<year>(?:19|20)\d{2})年度?)?(?P<title>\S{0,30}?(?:预算|支出|决算)\S{0,24}?表)"
    r"(?:[（(][^）)]{1,12}[）)])?$"
)
# Title fragment -> kind of table; the first fragment found in the title wins.
TABLE_KINDS: tuple[tuple[str, str], ...] = (
    ("三公", "three_public"),
    ("政府采购", "other"),
    ("机关运行经费", "other"),
    ("政府购买服务", "other"),
    ("绩效目标", "other"),
    # 部门决算 tables (the same family, read with final_conventions' column words).
    ("基本支出决算表", "final_economic"),
    ("收入支出决算总表", "final_summary"),
    ("决算表", "final_line"),
    ("收支", "summary"),
    ("经济分类", "economic"),
    ("经济科目", "economic"),
    ("功能分类", "function"),
    ("功能科目", "function"),
    ("收入预算总表", "function"),
    ("支出预算总表", "function"),
)
# The name a table is kept under: the printed title with its year dropped and the unit-level
# prefix of 单位预算 read as the department's (the two publish the same table family).
TITLE_PREFIXES = (("预算单位", "部门"), ("单位", "部门"))
# Titles of other templates -> the Shanghai template's name of the same table.
TITLE_ALIASES = {
    "收支预算总表": "部门财务收支预算总表",
    "收入预算总表": "部门收入预算总表",
    "支出预算总表": "部门支出预算总表",
    "财政拨款收支预算总表": "部门财政拨款收支预算总表",
    "一般公共预算支出预算表（功能科目）": "部门一般公共预算支出功能分类预算表",
    "一般公共预算基本支出预算表（经济科目）": "部门一般公共预算基本支出部门预算经济分类预算表",
    "财政拨款政府性基金支出预算表": "部门政府性基金预算支出功能分类预算表",
}

# A 单位预算 (one unit's own budget) beside its department's 部门预算: the unit-level table
# titles, and its cover.
UNIT_SCOPE_PREFIXES = ("预算单位", "单位")
UNIT_SCOPE_COVER = "单位预算"
# The printed unit of a table ("单位：元", "单位:万元", "（万元）") -> yuan per printed unit.
UNIT = re.compile(r"单位[：:]\s*(?P<unit>万元|元)|[（(](?P<bracketed>万元|元)[）)]")
YUAN_PER_UNIT = {"元": 1, "万元": 10_000}
# The body that compiled the tables ("编制部门：…", "部门：…", a cover's "预算主管部门：…").
DEPARTMENT = re.compile(
    r"(?:编制部门|编制单位|预算主管部门|预算单位|^部门)[：:]\s*(?P<name>[^\s：:]+)")
# Marks printed after the name that say which tables these are, not who the body is: a
# department's consolidated 决算 is "西安市卫生健康委员会（汇总）", the body its forms name
# "西安市卫生健康委员会".
DEPARTMENT_NAME_MARKS = ("（汇总）", "(汇总)")

# Column words of the classification tables (功能 / 经济分类) -> field. Matched on the whole
# header cell, whitespace removed and a leading year dropped.
LINE_COLUMNS = {
    "合计": "total_yuan", "总计": "total_yuan", "金额": "total_yuan",
    "财政拨款收入": "appropriation_yuan", "财政拨款": "appropriation_yuan",
    "事业收入": "business_income_yuan",
    "事业单位经营收入": "operating_income_yuan", "经营收入": "operating_income_yuan",
    "其他收入": "other_income_yuan",
    "基本支出": "basic_yuan", "项目支出": "project_yuan",
    "人员经费": "personnel_yuan", "公用经费": "public_yuan", "日常公用经费": "public_yuan",
    # 江苏's 支出预算总表: 合计 = 基本支出 + 项目支出 + 单位预留机动经费.
    "单位预留机动经费": "reserve_yuan",
}  # fmt: skip
# Column words of the 收支总表 (both sides) -> field.
SUMMARY_COLUMNS = {
    "预算数": "amount_yuan", "金额": "amount_yuan", "合计": "amount_yuan",
    "一般公共预算": "general_budget_yuan",
    "政府性基金预算": "gov_fund_yuan", "政府性基金": "gov_fund_yuan",
    "国有资本经营预算": "state_capital_yuan",
    "基本支出": "basic_yuan", "人员经费": "personnel_yuan", "公用经费": "public_yuan",
    "项目支出": "project_yuan",
}  # fmt: skip
# A summary with a 支出用途 block lists expenditure by function and by use, side by side.
SUMMARY_USE_SIDE = "支出用途"
SUMMARY_SIDES = ("income", "expenditure", "use")
# 三公经费 table: column words -> item (a wrapped header cell's first line is listed too).
THREE_PUBLIC_COLUMNS = {
    "合计": "total",
    "因公出国(境)费": "overseas_travel", "因公出国": "overseas_travel",
    "公务接待费": "official_reception",
    "公务用车购置及运行费": "official_vehicles", "公务用车购置及运行维护费": "official_vehicles",
    "小计": "subtotal",
    "购置费": "vehicle_purchase", "公务用车购置费": "vehicle_purchase",
    "公务用车购置": "vehicle_purchase",
    "运行费": "vehicle_operation", "公务用车运行维护费": "vehicle_operation",
    "公务用车运行": "vehicle_operation",
    "机关运行经费预算数": "office_operation", "机关运行经费预算": "office_operation",
    "机关运行经费": "office_operation",
    "会议费": "meetings", "培训费": "training",
}  # fmt: skip
# Items and their parents. With 会议费 and 培训费 beside them, 合计 is the sum of all, and the
# 三公 total is the 小计 under “三公”经费.
THREE_PUBLIC_PARENTS = {
    "total": None, "overseas_travel": "total", "official_reception": "total",
    "official_vehicles": "total", "vehicle_purchase": "official_vehicles",
    "vehicle_operation": "official_vehicles", "office_operation": None,
    "grand_total": None, "meetings": "grand_total", "training": "grand_total",
}  # fmt: skip
# The name each item is kept under, whatever words the table prints for it.
THREE_PUBLIC_NAMES = {
    "total": "“三公”经费合计", "overseas_travel": "因公出国（境）费",
    "official_reception": "公务接待费", "official_vehicles": "公务用车购置及运行费",
    "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费",
    "office_operation": "机关运行经费", "grand_total": "“三公”经费、会议费、培训费合计",
    "meetings": "会议费", "training": "培训费",
}  # fmt: skip
# Header words that group other columns: not columns themselves when a child is printed.
GROUPS = {
    "basic_yuan": ("personnel_yuan", "public_yuan"),
    # 决算: 本年支出 heads 小计 / 合计, 基本支出 and 项目支出.
    "expenditure_group": ("expenditure_yuan", "basic_yuan", "project_yuan"),
    "official_vehicles": ("vehicle_purchase", "vehicle_operation"),
}

# Labels of total rows.
TOTAL_LABELS = re.compile(r"^(?:收入|支出|本年收入|本年支出|当年收入|当年支出)?(?:总计|合计|小计)$")
# A part's heading names the tables that follow, not one ("第三部分2022年度部门决算表").
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
# An item's printed number: 一、 / 1. / 1、 / （一）.
ITEM_MARKER = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]+)、|(?P<num>\d+)[.、．]|[（(](?P<par>[一二三四五六七八九十\d]+)[)）])\s*"
)

# Kinds of table whose rows open with a classification code.
CODED_KINDS = ("function", "economic", "final_line", "final_economic")
# A header row that numbers the columns (栏次 1 2 3 …) under the words: no data.
COLUMN_NUMBER_ROW = "栏次"
# …or prints the numbers alone (1 2 3 … 12), without the word.

# Code length -> level, per classification.
LEVELS = {3: "类", 5: "款", 7: "项"}

# Narrative figures: a number and its unit in a sentence.
NARRATIVE_UNITS = {"亿元": "amount", "万元": "amount", "元": "amount", "%": "percent"}
NARRATIVE_NUMBER = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|元|%)"
)
# A sentence comparing a figure with a year before ("比2023年预算减少876.75万元", "与2023年预算
# 持平", "比 2025 年年初预算数 44021.20 万元增加 148.16 万元，增长 0.34%", "比2022年（上一年度，
# 下同）预算增加"): the year (上年: the budget year's last), the basis, the figure compared with
# where printed, the direction and the change.
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
YEAR_ON_YEAR = re.compile(
    r"(?:比|较|与)(?:(?P<year>(?:19|20)\d{2})年|上一?年度?)(?:（[^）]{0,12}）)?"
    r"(?P<basis>[^，。；,;\d]{0,20}?)"
    rf"(?:(?P<previous>{_NUM})(?P<previous_unit>亿元|万元|元))?"
    r"(?P<direction>增加|减少|增长|下降|持平)"
    rf"(?:(?P<change>{_NUM})(?P<change_unit>亿元|万元|元|%))?"
    rf"(?:[，,](?:增长|下降|减少|增加)(?P<percent>{_NUM})%)?"
)
# The direction's sign (持平: no change).
YEAR_ON_YEAR_SIGNS = {"增加": 1, "增长": 1, "减少": -1, "下降": -1, "持平": 0}
# What a basis compares with, by how it ends (the first ending that fits): the year before's
# budget (预算, 年初预算数: a budget document holds it) or what it executed (not in a budget).
YEAR_ON_YEAR_BASES = (("执行数", "execution"), ("执行", "execution"), ("决算数", "final"),
                      ("决算", "final"), ("预算数", "budget"), ("预算", "budget"))
CLAUSE_DELIMITERS = "，。；：,;:！？"
# Words that leave a clause naming no item: the clause before names it.
GENERIC_CLAUSE = re.compile(r"(?:19|20)\d{2}年度?|预算数|预算|为|是|共|其中|合计|安排")
# Headings a narrative figure is filed under (the last one above it, on its page or before) ->
# the section it is kept under; figures before any heading go under NARRATIVE_OTHER.
NARRATIVE_HEADINGS = re.compile(
    r"(部门预算编制说明|单位预算编制说明|预算编制说明|预算情况说明|其他相关情况说明|项目经费情况说明|"
    r"经费情况说明|“三公”经费预算情况说明|政府采购预算说明|其他情况说明)"
)
NARRATIVE_SECTIONS = (
    ("项目经费情况说明", "项目经费情况说明"), ("经费情况说明", "项目经费情况说明"),
    ("其他", "其他相关情况说明"), ("三公", "其他相关情况说明"), ("政府采购", "其他相关情况说明"),
    ("", "部门预算编制说明"),
)
NARRATIVE_OTHER = "其他说明"
SUBSECTION = re.compile(r"^[（(]?[一二三四五六七八九十]+[)）、]")
# The note a table prints under its last row ("注：本表反映部门本年度的总收支…"): outside a
# PDF's grid, on a line of its own in a text rendering, no row of the table.
TABLE_NOTE = re.compile(r"^注[：:]")
