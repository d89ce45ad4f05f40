"""Indicator values as printed ("=336.00(个)", "≥90.00(%)", "有效") into operator, number, unit."""

from __future__ import annotations

import re
from decimal import Decimal

# ASCII spellings some bodies print for the comparison signs.
OPERATOR_ALIASES = {">=": "≥", "<=": "≤", "＝": "=", "＞": ">", "＜": "<", "≧": "≥", "≦": "≤"}

_VALUE = re.compile(
    r"^(?P<op>>=|<=|[=≥≤<>＝＞＜≧≦])?\s*"
    r"(?P<num>[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?)\s*"
    r"(?:[(（](?P<unit>[^)）]*)[)）]|(?P<bare>%|[^\d\s()（）]{1,4}))?$"
)


def parse_value(raw: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """(operator, number, unit) of a quantitative value; (None, None, None) for qualitative text.

    A value without an operator ("100.00(%)", an actual) gets operator None. The unit is the
    text in parentheses, or a short bare suffix ("100%", "30天").
    """
    if raw is None:
        return None, None, None
    text = raw.strip().replace(" ", "")
    m = _VALUE.match(text)
    if not m:
        return None, None, None
    op = m.group("op")
    op = OPERATOR_ALIASES.get(op, op) if op else None
    unit = m.group("unit") if m.group("unit") is not None else m.group("bare")
    return op, Decimal(m.group("num").replace(",", "")), (unit or None)
