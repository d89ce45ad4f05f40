"""One inconsistency in one form, and the audit check that must find it.

Each injection breaks exactly the figures its checks compare and keeps every other rule true
(the grade follows a changed total, a changed budget keeps its sources adding up), so the
check ids it returns are the only findings its document may give.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .forms import (
    CENT,
    DeclarationForm,
    SelfEvaluationForm,
    budget_score,
    execution_rate,
    grade,
    half_up,
)

SELF_EVALUATION = ("execution_rate", "funding_sum", "total_off", "grade", "overspend",
                   "budget_score", "weights")
DECLARATION = ("declaration_funding_sum", "planned_date")


def _points(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 2))).quantize(CENT)


def inject_self_evaluation(form: SelfEvaluationForm, kind: str, rng: random.Random) -> list[str]:
    total = form.total_row
    if kind == "execution_rate":
        # 0.01 more than the truncated rate is what rounding up (or half-up) prints: a rounding
        # note, not a wrong rate.
        delta = max(_points(rng, 0.01, 2.5), Decimal("0.02"))
        total.rate = total.rate + delta if total.rate < 50 else total.rate - delta
        return ["SE-RATE"]
    if kind == "funding_sum":
        row = form.funding[1]
        column = rng.choice(("initial", "full_year", "executed"))
        setattr(row, column, getattr(row, column) + _points(rng, 0.01, 50))
        return ["SE-FUNDING-SUM"]
    if kind == "total_off":
        # Beyond the slack the 部分达成 ranges leave below the printed total (60 % floor).
        slack = sum((i.score - half_up(i.weight * Decimal("0.6")) for i in form.indicators
                     if i.actual and i.actual.startswith("部分达成")), Decimal(0))
        form.total_score = max(form.total_score - slack - _points(rng, 0.5, 4), Decimal(0))
        form.grade = grade(form.total_score)
        return ["SE-TOTAL-SUM", "SE-TOTAL-RULE"]
    if kind == "grade":
        form.grade = rng.choice([g for g in ("优", "良", "中", "差") if g != form.grade])
        return ["SE-GRADE"]
    if kind == "overspend":
        extra = half_up(total.full_year * Decimal(str(rng.uniform(0.01, 0.1)))) + CENT
        total.executed += extra
        form.funding[1].executed += extra  # the sources still add up
        for row in form.funding:
            row.rate = execution_rate(row.executed, row.full_year)
        old = total.score
        total.score = budget_score(total.rate, total.weight)
        form.total_score += total.score - old
        form.grade = grade(form.total_score)
        return ["SE-OVERSPEND"]
    if kind == "budget_score":
        delta = _points(rng, 0.05, 1.5)
        total.score = total.score - delta if total.score > delta else total.score + delta
        return ["SE-BUDGET-SCORE", "SE-TOTAL-SUM"]
    if kind == "weights":
        form.total_weight -= Decimal(rng.choice((5, 10)))
        return ["SE-WEIGHTS"]
    raise ValueError(f"unknown self-evaluation injection {kind!r}")


def inject_declaration(form: DeclarationForm, kind: str, rng: random.Random) -> list[str]:
    if kind == "declaration_funding_sum":
        form.year_request += Decimal(rng.randint(1, 500) * 100)
        return ["DC-FUNDING-SUM"]
    if kind == "planned_date":
        form.planned_end = f"{form.year + 1}-{rng.randint(1, 6):02d}-28"
        return ["DC-DATE-END"]
    raise ValueError(f"unknown declaration injection {kind!r}")
