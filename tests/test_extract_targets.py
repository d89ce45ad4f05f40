"""The one value parser shared by every document kind: spellings the evaluation reports add."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orchestration.extract.targets import parse_value


@pytest.mark.parametrize(("raw", "expected"), [
    ("98%以上", ("≥", "98", "%")),
    ("99％及以上", ("≥", "99", "%")),
    ("5%以下", ("≤", "5", "%")),
    ("30天以内", ("≤", "30", "天")),
    ("≥98%以上", ("≥", "98", "%")),  # said twice, the same way
    ("<98%以上", (None, None, None)),  # contradicts itself
    ("300万张", (None, "300", "万张")),
    ("3,000,000张", (None, "3000000", "张")),
    ("30天", (None, "30", "天")),
    ("2个工作日内", (None, None, None)),  # a sentence, not a unit
    ("5公里", (None, None, None)),  # a word not in UNITS_WITHOUT_SIGN needs a sign
    ("≤5公里", ("≤", "5", "公里")),
    ("以上", (None, None, None)),
    ("制度完善", (None, None, None)),
])  # fmt: skip
def test_parse_value(raw, expected):
    op, value, unit = parse_value(raw)
    assert (op, None if value is None else str(value), unit) == expected
    if value is not None:
        assert isinstance(value, Decimal)
