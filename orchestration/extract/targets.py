"""Indicator values as printed ("=336.00(个)", "≥90.00(%)", "有效") into operator, number, unit.

One parser for every document kind: targets (年度指标值 / 指标值 / 指标目标值) and actuals
(实际完成值). Its conventions (sign spellings, units allowed without a sign) are the dbt seeds
the SQL parser int_indicator_values reads, and dbt's test value_parsed_alike holds the two
parsers to the same result on every raw row.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from ..settings import DBT_PROJECT_DIR
from .common import NUMBER

# The conventions are data, read by this parser and by the dbt model int_indicator_values (the
# second, SQL parser that cross-checks this one): one list for both. A change to them changes
# warehouse.store.extractor_version(), so every document is extracted again.
#   indicator_value_operators.csv: how a sign is spelled (spelling, operator, position):
#     leading - printed before the number: the canonical signs and their ASCII and full-width
#       spellings (">=" and "≧" are "≥");
#     trailing - words printed after the value instead of a sign before it ("98%以上" is "≥98%").
#   indicator_units_without_sign.csv: units that make a bare "number + word" a quantity even
#     without a sign ("300万张", "30天"); any other word after an unsigned number is a sentence
#     ("2个工作日内").
SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
CONVENTION_FILES = (SEEDS_DIR / "indicator_value_operators.csv",
                    SEEDS_DIR / "indicator_units_without_sign.csv",
                    SEEDS_DIR / "indicator_levels.csv")  # fmt: skip


@dataclass(frozen=True)
class Conventions:
    aliases: dict[str, str]  # leading spelling -> canonical sign (a canonical sign to itself)
    trailing: tuple[tuple[str, str], ...]  # (word, sign), longest first
    trailing_words: tuple[str, ...]
    units_without_sign: frozenset[str]
    value: re.Pattern[str]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def level_parents() -> dict[str, str]:
    """二级 indicator label -> its 一级 (seed indicator_levels)."""
    return {r["label"]: r["parent_label"] for r in _rows(CONVENTION_FILES[2])
            if r["level"] == "2" and r["parent_label"]}


def level_labels(level: str) -> frozenset[str]:
    """The 一级 ("1") or 二级 ("2") indicator labels of the seed indicator_levels."""
    return frozenset(r["label"] for r in _rows(CONVENTION_FILES[2]) if r["level"] == level)


@cache
def conventions() -> Conventions:
    """The seeds, read once. Longest spellings first, so ">=" is not read as ">" with "=" left
    before the number, nor "及以上" as "以上" with "及" left in the unit."""
    operators, units = (_rows(path) for path in CONVENTION_FILES[:2])
    by_length = sorted(operators, key=lambda r: -len(r["spelling"]))
    aliases = {r["spelling"]: r["operator"] for r in by_length if r["position"] == "leading"}
    trailing = tuple((r["spelling"], r["operator"]) for r in by_length
                     if r["position"] == "trailing")  # fmt: skip
    signs = "|".join(re.escape(spelling) for spelling in aliases)
    value = re.compile(
        rf"^(?P<op>{signs})?"
        rf"(?P<num>{NUMBER.pattern.removeprefix('^').removesuffix('$')})"
        r"(?:[(（](?P<unit>[^()（）]*)[)）]|(?P<pct>[%％])|(?P<bare>[^\d()（）,.]{1,4}))?$"
    )
    return Conventions(aliases, trailing, tuple(word for word, _ in trailing),
                       frozenset(r["unit"] for r in units), value)


# The same printed values ("≥95.00(%)", "100%") recur across forms and documents: four calls in
# five find their answer here. The result is a pure function of the text (Decimal is immutable).
PARSED_VALUES_KEPT = 1 << 14


@lru_cache(maxsize=PARSED_VALUES_KEPT)
def parse_value(raw: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """(operator, number, unit) of a printed value; (None, None, None) for a qualitative one.

    "=336.00(个)" -> ("=", 336.00, "个"); "90.00(%)" -> (None, 90.00, "%") (a number printed
    without its sign, as actuals are); "98%以上" -> ("≥", 98, "%"); "有效", "2个工作日内" ->
    (None, None, None). The unit is the text in parentheses, a bare "%", or a short bare word:
    after a sign any word ("≤30天"), without one only a unit of indicator_units_without_sign
    ("300万张"), since an unsigned number followed by other words is a sentence, not a quantity.
    """
    if raw is None:
        return None, None, None
    c = conventions()
    text = "".join(raw.split())
    trailing = None
    if text.endswith(c.trailing_words):  # one endswith for the lot, then which one
        for word, sign in c.trailing:
            if text.endswith(word) and len(text) > len(word):
                text, trailing = text.removesuffix(word), sign
                break
    m = c.value.match(text)
    if not m:
        return None, None, None
    op, num, unit, pct, bare = m.groups()  # the pattern's groups, in order
    op = c.aliases[op] if op else None
    if trailing and op and op != trailing:  # "<98%以上" contradicts itself
        return None, None, None
    if bare and not op and bare not in c.units_without_sign:
        return None, None, None
    op = op or trailing
    unit = unit or pct or bare or None
    if unit == "％":
        unit = "%"
    return op, Decimal(num.replace(",", "")), unit
