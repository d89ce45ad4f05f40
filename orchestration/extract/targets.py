"""Indicator values as printed ("=336.00(个)", "≥90.00(%)", "有效") into operator, number, unit.

One parser for every document kind: targets (年度指标值 / 指标值) and actuals (实际完成值).
"""

from __future__ import annotations

import re
from decimal import Decimal

# ASCII and full-width spellings some bodies print for the comparison signs.
OPERATOR_ALIASES = {">=": "≥", "<=": "≤", "＝": "=", "＞": ">", "＜": "<", "≧": "≥", "≦": "≤"}

_VALUE = re.compile(
    r"^(?P<op>>=|<=|[=≥≤<>＝＞＜≧≦])?"
    r"(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:[(（](?P<unit>[^()（）]*)[)）]|(?P<pct>[%％])|(?P<bare>[^\d()（）,.]{1,4}))?$"
)


def parse_value(raw: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """(operator, number, unit) of a printed value; (None, None, None) for a qualitative one.

    "=336.00(个)" -> ("=", 336.00, "个"); "90.00(%)" -> (None, 90.00, "%") (a number printed
    without its sign, as actuals are); "有效", "2个工作日内" -> (None, None, None). The unit is
    the text in parentheses, a bare "%", or a short bare word after a sign ("≤30天"): without a
    sign a number followed by words is a sentence ("2个工作日内"), not a quantity.
    """
    if raw is None:
        return None, None, None
    m = _VALUE.match("".join(raw.split()))
    if not m or (m.group("bare") and not m.group("op")):
        return None, None, None
    op = m.group("op")
    op = OPERATOR_ALIASES.get(op, op) if op else None
    unit = m.group("unit") or m.group("pct") or m.group("bare") or None
    if unit == "％":
        unit = "%"
    return op, Decimal(m.group("num").replace(",", "")), unit
