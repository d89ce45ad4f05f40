"""Indicator values as printed ("=336.00(个)", "≥90.00(%)", "有效") into operator, number, unit.

One parser for every document kind: targets (年度指标值 / 指标值 / 指标目标值) and actuals
(实际完成值).
"""

from __future__ import annotations

import re
from decimal import Decimal

# ASCII and full-width spellings some bodies print for the comparison signs.
OPERATOR_ALIASES = {">=": "≥", "<=": "≤", "＝": "=", "＞": ">", "＜": "<", "≧": "≥", "≦": "≤"}

# Words printed after the value instead of a sign before it ("98%以上" is "≥98%"). Longest
# first, so "及以上" is not read as "以上" with "及" left in the unit.
TRAILING_OPERATORS = (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"),
                      ("以内", "≤"))  # fmt: skip
_TRAILING_WORDS = tuple(word for word, _ in TRAILING_OPERATORS)  # one endswith for the lot

# Units that make a bare "number + word" a quantity even without a sign ("300万张", "30天");
# any other word after an unsigned number is a sentence ("2个工作日内").
UNITS_WITHOUT_SIGN = frozenset({"张", "万张", "天", "个", "份", "项", "次", "人次", "家", "户",
                                "小时", "元", "万元"})  # fmt: skip

_VALUE = re.compile(
    r"^(?P<op>>=|<=|[=≥≤<>＝＞＜≧≦])?"
    r"(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
    r"(?:[(（](?P<unit>[^()（）]*)[)）]|(?P<pct>[%％])|(?P<bare>[^\d()（）,.]{1,4}))?$"
)


def parse_value(raw: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """(operator, number, unit) of a printed value; (None, None, None) for a qualitative one.

    "=336.00(个)" -> ("=", 336.00, "个"); "90.00(%)" -> (None, 90.00, "%") (a number printed
    without its sign, as actuals are); "98%以上" -> ("≥", 98, "%"); "有效", "2个工作日内" ->
    (None, None, None). The unit is the text in parentheses, a bare "%", or a short bare word:
    after a sign any word ("≤30天"), without one only a unit of UNITS_WITHOUT_SIGN ("300万张"),
    since an unsigned number followed by other words is a sentence, not a quantity.
    """
    if raw is None:
        return None, None, None
    text = "".join(raw.split())
    trailing = None
    if text.endswith(_TRAILING_WORDS):
        for word, sign in TRAILING_OPERATORS:
            if text.endswith(word) and len(text) > len(word):
                text, trailing = text.removesuffix(word), sign
                break
    m = _VALUE.match(text)
    if not m:
        return None, None, None
    op, num, unit, pct, bare = m.groups()  # _VALUE's groups, in order
    op = OPERATOR_ALIASES.get(op, op) if op else None
    if trailing and op and op != trailing:  # "<98%以上" contradicts itself
        return None, None, None
    if bare and not op and bare not in UNITS_WITHOUT_SIGN:
        return None, None, None
    op = op or trailing
    unit = unit or pct or bare or None
    if unit == "％":
        unit = "%"
    return op, Decimal(num.replace(",", "")), unit
