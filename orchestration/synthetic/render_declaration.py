"""A 绩效目标申报表 form as tab-separated text (see raw/documents/001_*).

Each table row is one line, cells separated by tabs; a cell that wrapped keeps its pieces on
the line joined by spaces ("项目 绩效 目标", "委托第三方机构审计、 核查工作完成率"). Merged level
cells are printed on their group's first row only; a page break repeats the table header under
a page number.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .forms import DeclarationForm

TITLE = "财政项目支出绩效目标申报表"
TABLE_HEADER = "绩效指标\t一级指标\t二级指标\t三级指标\t年度(/项目)指标值\t"
WRAP_CELL = 10  # a name longer than this wraps in its cell


def yuan(x: Decimal) -> str:
    return f"{x:,.2f}"


def wrapped(text: str, rng: random.Random) -> str:
    """A cell's text with the space its wrapping leaves, for long texts now and then."""
    if len(text) > WRAP_CELL and rng.random() < 0.6:
        return f"{text[:WRAP_CELL]} {text[WRAP_CELL:]}"
    return text


def render(form: DeclarationForm, rng: random.Random, page: int) -> list[str]:
    y = form.year
    period = f"({y} 年-{y} 年)" if rng.random() < 0.5 else f"({y}年-{y}年)"
    row_label = rng.choice(("项目 绩效 目标", "项目绩效目标"))
    appropriation = rng.choice(("其中：当年财政拨款", "其中：本年财政拨款"))
    out = [
        "",
        TITLE,
        "",
        f"({y}年度)",
        "",
        f"项目名称\t{wrapped(form.project, rng)}\t项目性质\t{form.nature}\t项目类别\t"
        f"{form.category}",
        f"主管部门\t{form.department}\t实施单位\t{form.unit}\t\t",
        f"计划开始日期\t{form.planned_start}\t计划完成日期\t{form.planned_end}\t\t",
        f"项目资金 (元)\t项目资金总额\t\t年度资金申请总额\t{yuan(form.year_request)}\t",
        f"\t其中：财政资金\t\t{appropriation}\t{yuan(form.appropriation)}\t",
        f"\t\t\t上年结转资金\t{yuan(form.carryover)}\t",
        f"\t其他资金\t\t其他资金\t{yuan(form.other)}\t",
        f"{row_label}\t项目总体目标 {period}\t\t年度总体目标\t\t",
        f"\t\t\t{form.annual_goal}\t\t",
        TABLE_HEADER.replace("绩效指标", rng.choice(("绩效 指标", "绩效指标")), 1),
    ]
    level1 = level2 = None
    breaks = {rng.randrange(1, len(form.indicators))} if rng.random() < 0.3 else set()
    for k, ind in enumerate(form.indicators):
        if k in breaks:
            out += ["", rng.choice((f"- {page + 1} -", f"第{page + 1}页", str(page + 1))), "",
                    TABLE_HEADER]
        name = wrapped(ind.name, rng)
        if ind.level1 != level1:
            # The last group's label sometimes starts in the row-label column (001's 满意度).
            lead = "" if ind.level1 != "满意度指标" or rng.random() < 0.5 else None
            cells = [ind.level1, ind.level2, name, ind.target]
            row = "\t".join(cells)
            out.append(row + "\t\t" if lead is None else "\t" + row + "\t")
        elif ind.level2 != level2:
            out.append(f"\t\t{ind.level2}\t{name}\t{ind.target}\t")
        else:
            out.append(f"\t\t\t{name}\t{ind.target}\t")
        level1, level2 = ind.level1, ind.level2
    out.append("")
    return out
