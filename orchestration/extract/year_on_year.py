"""比上年: the sentences of a 部门预算's narrative that compare a figure with a year before.

"财政拨款收入15621.11万元，比2023年预算减少876.75万元" is kept as data: the figure and its clause
(the label the narrative figure of the same number carries, budget_quote), the year and the basis
compared with (预算, 年初预算数, 预算执行数 as printed, and what it is: seed-like words in
budget_conventions), the direction as printed with its sign, the change, and the figure compared
with where the sentence prints it ("比2025年年初预算数44021.20万元增加148.16万元"), with the page
and lines. Pure: a layout page in, records out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import budget_conventions as conv
from .common import Record, SourceDocument, fast_init
from .layout import Page
from .narrative import clause, line_at, page_text

# A figure's sentence part: the comparison takes the last amount after these.
_PART_END = "。；;"
_AMOUNT_UNITS = ("亿元", "万元", "元")


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetYearOnYear(Record):
    """One comparison of a narrative figure with a year before."""

    fiscal_year: int
    department_name: str | None
    label: str | None  # the figure's clause, its number as □ ("财政拨款收入□万元")
    value: Decimal | None = field(metadata={"sql": "DECIMAL(24,6)"})
    value_text: str | None
    unit: str | None
    compared_year: int
    basis: str  # as printed between the year and the direction ("预算", "年初预算数")
    compared_with: str | None  # budget | execution | final (YEAR_ON_YEAR_BASES); None: unsaid
    direction: str  # 增加 | 减少 | 增长 | 下降 | 持平, as printed
    sign: int  # 1, -1 or 0 (持平)
    change: Decimal | None = field(metadata={"sql": "DECIMAL(24,6)"})
    change_text: str | None
    change_unit: str | None  # 万元 … or %
    previous_value: Decimal | None = field(metadata={"sql": "DECIMAL(24,6)"})
    previous_text: str | None
    previous_unit: str | None
    percent_text: str | None  # a rate printed after the change ("增长0.34%")
    page: int | None


def _number(text: str | None) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text else None


def compared_with(basis: str) -> str | None:
    return next((kind for ending, kind in conv.YEAR_ON_YEAR_BASES if basis.endswith(ending)),
                None)


def statements(doc: SourceDocument, year: int, department: str | None, page: Page,
               kind: str) -> list[BudgetYearOnYear]:
    """Every comparison with a year before on the page, with the figure it speaks of: the last
    amount printed before it in its sentence part, or in the sentence before for a sentence
    that opens with it (None if there is none)."""
    text, starts = page_text(page)
    figures = [m for m in conv.NARRATIVE_NUMBER.finditer(text)
               if m.group("unit") in _AMOUNT_UNITS]
    out = []
    for m in conv.YEAR_ON_YEAR.finditer(text):
        part = max(text.rfind(d, 0, m.start()) for d in _PART_END) + 1
        # A sentence that opens with the comparison ("公务接待费1.35万元。比2023年预算持平")
        # speaks of the sentence before's last figure.
        since = part if m.start() > part else max(
            text.rfind(d, 0, part - 1) for d in _PART_END) + 1
        subject = next((f for f in reversed(figures) if since <= f.start() and f.end()
                        <= m.start()), None)
        first = subject.start("num") if subject else m.start()
        basis = m.group("basis")
        out.append(BudgetYearOnYear(
            fiscal_year=year, department_name=department,
            label=(clause(text, subject.start("num")) + "□" + subject.group("unit")
                   if subject else None),
            value=_number(subject.group("num")) if subject else None,
            value_text=subject.group("num") if subject else None,
            unit=subject.group("unit") if subject else None,
            compared_year=int(m.group("year")) if m.group("year") else year - 1,
            basis=basis, compared_with=compared_with(basis), direction=m.group("direction"),
            sign=conv.YEAR_ON_YEAR_SIGNS[m.group("direction")],
            change=_number(m.group("change")), change_text=m.group("change"),
            change_unit=m.group("change_unit"),
            previous_value=_number(m.group("previous")), previous_text=m.group("previous"),
            previous_unit=m.group("previous_unit"), percent_text=m.group("percent"),
            page=page.number, source_file=doc.source_file, source_sha256=doc.sha256,
            document_kind=kind, line_start=line_at(starts, first),
            line_end=line_at(starts, m.end() - 1), seq=0))  # fmt: skip
    return out
