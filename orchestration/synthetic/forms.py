"""The content of one synthetic form, with every derived figure computed by the documents' rules.

Rules (README "Rules the derived figures follow", dbt seeds scoring_rules / grade_bands):
执行率 = 执行数 / 预算数 x 100 cut to two decimals; 预算执行率得分 = 执行率 x 分值 / 100 half-up,
capped at 分值; an indicator met earns its weight, a missed one weight x actual / target
(reverse: target / actual) half-up, capped; 部分达成 earns 60-80 % of the weight; 总分 is the
sum; the grade is the band of the total.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from . import vocab

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
GRADE_BANDS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))
PARTIAL_ACTUAL = "部分达成指标并具有一定效果"
MET_ACTUAL = "达成指标"


def truncate(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_DOWN)


def half_up(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def execution_rate(executed: Decimal, budget: Decimal) -> Decimal:
    return truncate(executed * HUNDRED / budget) if budget else Decimal("0.00")


def budget_score(rate: Decimal, weight: Decimal) -> Decimal:
    return min(half_up(rate * weight / HUNDRED), weight)


def grade(total: Decimal) -> str:
    return next(label for low, label in GRADE_BANDS if total >= low)


@dataclass
class FundingRow:
    source: str  # total | appropriation | carryover | other
    label: str  # as printed, e.g. "其中：当年财政拨款"
    initial: Decimal
    full_year: Decimal
    executed: Decimal
    rate: Decimal
    weight: Decimal | None = None  # only the total row has 分值 and 得分
    score: Decimal | None = None


@dataclass
class Indicator:
    level1: str
    level2: str
    name: str
    kind: str  # vocab kinds: rate, count, reverse, zero, quality
    target: str  # as printed
    actual: str | None  # as printed; None when the declaration has no actual
    weight: Decimal = Decimal("0.00")
    score: Decimal = Decimal("0.00")
    note: str | None = None  # 偏差原因分析 for a missed target


@dataclass
class SelfEvaluationForm:
    year: int
    project: str
    department: str
    unit: str
    funding: list[FundingRow]
    goal_expected: str
    goal_actual: str
    indicators: list[Indicator]
    total_weight: Decimal
    total_score: Decimal
    grade: str
    layout: dict = field(default_factory=dict)  # printing choices (labels, wraps, breaks)

    @property
    def total_row(self) -> FundingRow:
        return self.funding[0]


@dataclass
class DeclarationForm:
    year: int
    project: str
    department: str
    unit: str
    nature: str
    category: str
    planned_start: str
    planned_end: str
    year_request: Decimal  # 元
    appropriation: Decimal
    carryover: Decimal
    other: Decimal
    annual_goal: str
    indicators: list[Indicator]
    layout: dict = field(default_factory=dict)


# --- Drawing forms ------------------------------------------------------------------------------


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    """An amount in 万元 with two decimals, log-uniform between low and high."""
    return Decimal(round(low * (high / low) ** rng.random(), 2)).quantize(CENT)


def _split(rng: random.Random, total: Decimal, shares: tuple[float, float]) -> list[Decimal]:
    """total = appropriation + carryover + other, the two smaller parts by their shares."""
    carry = half_up(total * Decimal(str(shares[0])))
    other = half_up(total * Decimal(str(shares[1])))
    return [total - carry - other, carry, other]


def funding_rows(rng: random.Random, weight: Decimal) -> list[FundingRow]:
    full_year = _money(rng, 3, 6000)
    initial = full_year
    if rng.random() < 0.2:  # adjusted during the year
        initial = half_up(full_year * Decimal(rng.uniform(0.8, 1.4)))
    share = rng.random()
    executed = full_year if share < 0.2 else half_up(full_year * Decimal(0.6 + 0.4 * share))
    shares = (0.0, 0.0)
    if rng.random() < 0.25:
        shares = (round(rng.uniform(0.05, 0.3), 2), 0.0 if rng.random() < 0.6 else 0.05)
    columns = [_split(rng, amount, shares) for amount in (initial, full_year, executed)]
    appropriation = rng.choice(("其中：当年财政拨款", "其中：本年财政拨款", "其中：财政拨款"))
    labels = (appropriation, "上年结转资金", "其他资金")
    rate = execution_rate(executed, full_year)
    rows = [FundingRow("total", "年度资金总额：", initial, full_year, executed, rate,
                       weight, budget_score(rate, weight))]
    for k, (source, label) in enumerate(zip(("appropriation", "carryover", "other"), labels,
                                            strict=True)):
        i, f, e = (col[k] for col in columns)
        rows.append(FundingRow(source, label, i, f, e, execution_rate(e, f)))
    return rows


def _number(value: Decimal, rng: random.Random) -> str:
    """As the forms print targets: mostly two decimals, sometimes none ("=100(%)")."""
    if value == value.to_integral_value() and rng.random() < 0.3:
        return str(int(value))
    return f"{value:.2f}"


def draw_indicator(rng: random.Random, level1: str, level2: str, spec: tuple,
                   weight: Decimal, miss: bool) -> Indicator:
    """One indicator with its target, actual and the score the rule gives."""
    name, kind, unit, op = spec
    if kind == "quality":
        if miss:
            score = half_up(weight * Decimal(rng.choice(("0.65", "0.7", "0.75"))))
            return Indicator(level1, level2, name, kind, unit, PARTIAL_ACTUAL, weight, score,
                             rng.choice(vocab.REASONS) + "。")
        return Indicator(level1, level2, name, kind, unit, MET_ACTUAL, weight, weight)
    if kind == "rate":
        target = Decimal(100) if op == "=" else Decimal(rng.choice((85, 90, 95, 98, 99)))
    elif kind == "count":
        target = Decimal(rng.randint(2, 900))
    elif kind == "reverse":
        target = Decimal(rng.randint(20, 9000)) / 100
    else:  # zero: "=0", met by an actual at or below it
        target, miss = Decimal(0), False
    if miss and kind == "reverse":
        actual = half_up(target * Decimal(rng.uniform(1.02, 1.4)))
        score = min(half_up(weight * target / actual), weight)
    elif miss:
        actual = half_up(target * Decimal(rng.uniform(0.7, 0.98)))
        score = min(half_up(weight * actual / target), weight)
    else:
        if kind in ("rate", "count"):
            top = Decimal(100) if kind == "rate" else target * Decimal("1.1")
            actual = target if rng.random() < 0.7 else half_up(
                target + (top - target) * Decimal(rng.random()))
        elif kind == "reverse":
            below = half_up(target * Decimal(rng.uniform(0.8, 1)))
            actual = target if rng.random() < 0.5 else below
        else:
            actual = Decimal("0.00")
        score = weight
    printed_target = f"{op}{_number(target, rng)}({unit})"
    note = rng.choice(vocab.REASONS) + "。" if miss else None
    return Indicator(level1, level2, name, kind, printed_target, f"{actual:.2f}({unit})",
                     weight, score, note)


def draw_indicators(rng: random.Random, total: Decimal, miss_rate: float) -> list[Indicator]:
    """About 15 indicators (6 to 24) whose weights add up to `total`, in taxonomy order."""
    groups = list(vocab.INDICATORS)
    chosen: list[tuple[str, str, tuple]] = []
    n = rng.randint(6, 24)
    required = [("产出指标", "数量指标"), ("满意度指标", "服务对象满意度指标")]
    picks = required + [rng.choice(groups) for _ in range(n - len(required))]
    for group in groups:  # taxonomy order, names unique within the form
        specs = list(vocab.INDICATORS[group])
        rng.shuffle(specs)
        count = min(picks.count(group), len(specs))
        chosen.extend((group[0], group[1], spec) for spec in specs[:count])
    weights = _weights(rng, len(chosen), total)
    return [draw_indicator(rng, l1, l2, spec, w, rng.random() < miss_rate and w > 0)
            for (l1, l2, spec), w in zip(chosen, weights, strict=True)]


def _weights(rng: random.Random, n: int, total: Decimal) -> list[Decimal]:
    """n weights adding up to total: whole or half points, now and then a 0.00 row."""
    zero = {k for k in range(n) if rng.random() < 0.04}
    if len(zero) == n:
        zero.clear()
    live = [k for k in range(n) if k not in zero]
    halves = int(total * 2)
    base, extra = divmod(halves, len(live))
    out = [Decimal(0)] * n
    for j, k in enumerate(live):
        out[k] = Decimal(base + (1 if j < extra else 0)) / 2
    # Move a few half points between rows so weights are not all equal.
    for _ in range(len(live)):
        a, b = rng.choice(live), rng.choice(live)
        if out[a] > 1:
            out[a] -= Decimal("0.5")
            out[b] += Decimal("0.5")
    return [w.quantize(CENT) for w in out]
