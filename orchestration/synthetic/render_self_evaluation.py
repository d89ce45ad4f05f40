"""A 绩效自评表 form as the PDF-to-text tool prints it (see raw/documents/000_* and 003_*).

What the tool does to the table, reproduced here: merged level cells come out as two-character
fragments ("可持" / "续影" / "响指" / "标"), long names wrap at the name cell's width (14
characters), a target with a compound unit wraps inside its parentheses ("≤0.63(元/千" / "瓦时)"),
a long word target wraps over several short lines, 部分达成 actuals wrap, deviation notes are
printed under the row's scores, and page numbers fall between rows.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .forms import SelfEvaluationForm

TITLE = "财政项目支出绩效自评表"
NAME_CELL = 14  # characters per line of the 三级指标 cell
NOTE_CELL = 9  # characters per line of the 偏差原因分析 cell
GOAL_CELL = 24  # characters per line of a 年度总体目标 cell


def fragments(label: str) -> list[str]:
    """A merged level cell as printed: two characters a line ("满意", "度指", "标")."""
    return [label[k:k + 2] for k in range(0, len(label), 2)]


def wrap(text: str, width: int, min_last: int = 1) -> list[str]:
    """Fixed-width lines; a last line shorter than min_last joins the line above."""
    lines = [text[k:k + width] for k in range(0, len(text), width)]
    if len(lines) > 1 and len(lines[-1]) < min_last:
        lines[-2:] = [lines[-2] + lines[-1]]
    return lines


def amount(x: Decimal) -> str:
    return f"{x:,.2f}"


def page_number(rng: random.Random, page: int) -> str:
    return rng.choice((f"- {page} -", f"第 {page} 页", f"{page}/{page + 3}"))


class _Printer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.out: list[str] = []

    def line(self, text: str = "") -> None:
        self.out.append(text)

    def para(self, text: str) -> None:
        """A line followed by the blank line the tool puts after most lines."""
        self.out.append(text)
        if self.rng.random() < 0.8:
            self.out.append("")


def render(form: SelfEvaluationForm, rng: random.Random, page: int) -> list[str]:
    p = _Printer(rng)
    p.line()
    p.line(TITLE)
    p.line()
    p.line(f"（{form.year}年度）")
    p.line()
    p.line(f"项目名称 {form.project}")
    p.line()
    p.line(f"主管部门 {form.department} 实施单位 {form.unit}")
    p.line()
    p.line("项目资金")
    p.line()
    p.line("（万元）")
    p.line()
    budget = rng.choice(("全年预算数", "全年预算数", "调整后预算数"))
    weight = rng.choice(("分数", "分值"))
    rate = rng.choice(("执行率(%)", "执行率(%)", "执行率（%）"))
    p.line(f"年初预算数 {budget} 全年执行数 {weight} {rate} 得分")
    p.line()
    for row in form.funding:
        w = "-" if row.weight is None else f"{row.weight:.2f}"
        s = "-" if row.score is None else f"{row.score:.2f}"
        values = f"{amount(row.initial)} {amount(row.full_year)} {amount(row.executed)} {w} " \
                 f"{row.rate:.2f} {s}"
        if row.source == "appropriation" and rng.random() < 0.7:
            p.line(row.label[:-2])  # "其中：当年财政" / "拨款" on the next line, then values
            p.line()
            p.line(row.label[-2:])
            p.line(values)
        else:
            p.line(f"{row.label} {values}")
        p.line()
    for word in ("年度", "总体", "目标"):
        p.line(word)
        p.line()
    p.line("预期目标 实际完成情况")
    p.line()
    for text in (form.goal_expected, form.goal_actual):
        for piece in wrap(text, GOAL_CELL, min_last=2):
            p.para(piece)
    p.line("一级")
    p.line()
    p.line("指标")
    p.line()
    p.line("二级")
    p.line()
    p.line("指标")
    p.line("三级指标 年度指标值 实际完成值 分值 得分")
    p.line()
    p.line("偏差原因分析")
    p.line()
    p.line("及改进措施")
    p.line()
    _table(p, form, rng, page)
    p.line(f"总分 {form.total_weight:.2f} {form.total_score:.2f}")
    p.line()
    p.line(f"评分等级 {form.grade}")
    p.line()
    p.line()
    return p.out


def _table(p: _Printer, form: SelfEvaluationForm, rng: random.Random, page: int) -> None:
    level1 = level2 = None
    breaks = {rng.randrange(1, len(form.indicators))} if rng.random() < 0.4 else set()
    for k, ind in enumerate(form.indicators):
        if k in breaks:
            p.line()
            p.line(page_number(rng, page + 1))
            p.line()
            p.line()
        if ind.level1 != level1:
            for piece in fragments(ind.level1):
                p.para(piece)
        if ind.level1 != level1 or ind.level2 != level2:
            for piece in fragments(ind.level2):
                p.para(piece)
            level1, level2 = ind.level1, ind.level2
        scores = f"{ind.weight:.2f} {ind.score:.2f}"
        name_lines = wrap(ind.name, NAME_CELL) if len(ind.name) > NAME_CELL + 1 else [ind.name]
        if len(name_lines) > 1:  # the name wraps; its values follow on their own line
            for piece in name_lines:
                p.line(piece)
            p.line(f"{ind.target} {ind.actual} {scores}")
        elif ind.kind == "reverse" and "/" in ind.target and rng.random() < 0.6:
            p.line(ind.name)
            for value in (ind.target, ind.actual or ""):
                cut = value.index("/") + 2
                p.line(value[:cut])
                p.line(value[cut:])
                p.line()
            p.line(scores)
        elif ind.kind == "quality" and len(ind.target) > 8:
            p.line(ind.name)
            p.line()
            for piece in wrap(ind.target, 5, min_last=2):
                p.para(piece)
            p.line(f"{ind.actual} {scores}")
        elif ind.actual and ind.actual.startswith("部分达成"):
            p.line(f"{ind.name} {ind.target}")
            for piece in wrap(ind.actual, 5, min_last=3):
                p.line(piece)
            p.line()
            p.line(scores)
        else:
            p.line(f"{ind.name} {ind.target} {ind.actual} {scores}")
        if ind.note:
            for piece in wrap(ind.note, NOTE_CELL, min_last=5):
                p.line(piece)
        p.line()
