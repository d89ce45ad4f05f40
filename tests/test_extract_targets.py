"""The one value parser shared by every document kind: spellings the evaluation reports add."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import yaml

from orchestration.extract.targets import CONVENTION_FILES, conventions, parse_value
from orchestration.settings import DBT_PROJECT_DIR


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
    ("≧80(％)", ("≥", "80", "%")),  # full-width sign and percent
    ("= 336 (个)", ("=", "336", "个")),  # whitespace anywhere
    ("≥\u300090％", ("≥", "90", "%")),  # the ideographic space too
    ("1,23", (None, None, None)),  # thousands commas group three digits
    ("12()", (None, "12", None)),
])  # fmt: skip
def test_parse_value(raw, expected):
    op, value, unit = parse_value(raw)
    assert (op, None if value is None else str(value), unit) == expected
    if value is not None:
        assert isinstance(value, Decimal)


def _sql_parser_cases() -> list[tuple[str, tuple[str | None, str | None, str | None]]]:
    """The expected rows of int_indicator_values' dbt unit tests (the SQL parser's cases)."""
    spec = yaml.safe_load((DBT_PROJECT_DIR / "models" / "intermediate"
                           / "int_indicator_values.yml").read_text(encoding="utf-8"))
    return [
        (row["value_raw"], (row["value_op"], None if row["value_number"] is None
                            else str(Decimal(str(row["value_number"]))), row["value_unit"]))
        for test in spec["unit_tests"] for row in test["expect"]["rows"]
    ]


@pytest.mark.parametrize(("raw", "expected"), _sql_parser_cases())
def test_parse_value_agrees_with_the_sql_parser_cases(raw, expected):
    """The SQL parser's unit-test cases hold for this parser too (numbers compared as numbers)."""
    op, value, unit = parse_value(raw)
    got = (op, None if value is None else value, unit)
    want = (expected[0], None if expected[1] is None else Decimal(expected[1]), expected[2])
    assert got == want


def test_budget_text_signs_are_the_seeds_leading_spellings():
    """stg_raw__budget_project_targets puts the number layer's number after the sign the seed
    finds at the start of the printed text, as budget_text._SIGN does."""
    from orchestration.extract.budget_text import _SIGN

    leading = set(conventions().aliases)
    assert all(_SIGN.match(s + "1") and _SIGN.match(s + "1").group(0) == s for s in leading)
    singles = set(re.search(r"\[([^]]*)\]", _SIGN.pattern).group(1))
    assert singles == {s for s in leading if len(s) == 1}


def test_extractor_version_covers_the_conventions(tmp_path, monkeypatch):
    """A changed seed changes the extractor version, so every document is extracted again."""
    from orchestration.warehouse import store

    before = store.extractor_version()
    copies = []
    for path in CONVENTION_FILES:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(store, "CONVENTION_FILES", tuple(copies))
    assert store.extractor_version() == before
    copies[-1].write_text(copies[-1].read_text(encoding="utf-8") + "公里,km\n", encoding="utf-8")
    assert store.extractor_version() != before
