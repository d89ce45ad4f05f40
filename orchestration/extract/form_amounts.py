"""Amounts a performance form prints outside the records of its kind, one row an amount.

The 项目支出绩效目标表 of 广州 prints a 合计 and a subtotal per 资金使用单位 above their project
rows; the 部门整体预算绩效目标申报表 prints 部门预算支出, 收入来源, 按预算级次划分 and the money
of each 年度重点工作任务; an evaluation report's 项目支出情况表 prints 预算批复 / 预算到位 /
实际执行 / 执行率 / 指标结余 per item. Each printed figure is kept with its row, column and
page, so the sums the forms imply can be checked (rules PT-SUBTOTAL, ER-TABLE-SUM, ER-TABLE-RATE).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .common import Record, fast_init


@fast_init
@dataclass(frozen=True, kw_only=True)
class FormAmount(Record):
    department_name: str | None
    unit_name: str | None  # the 资金使用单位 a row belongs to (None: the form's own total)
    fiscal_year: int | None
    table_name: str  # the form's title as printed
    block: str  # total | unit | project | expenditure | income | level | development | task
    # | group | item  (see the staging model's YAML)
    item_no: str | None  # 序号 as printed (一, 1), when the table numbers its rows
    row_label: str
    parent_label: str | None  # the unit (project rows) or group (items) the row falls under
    column_label: str  # the column's header words (总计, 财政拨款, 执行率 …)
    value: Decimal = field(metadata={"sql": "DECIMAL(20,4)"})
    unit_printed: str  # 万元 | 元 | %
    amount_yuan: Decimal | None  # money in 元 (value × 10,000 for 万元); None for a rate
    page: int
    table_no: int
    row_no: int


TABLES: dict[str, type[Record]] = {"form_amount": FormAmount}
