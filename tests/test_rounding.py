"""Rounding as the document's own: each document's convention told from its printed rates,
derived with, and a rate another convention explains is a note, not a wrong figure.

The half-up and round-up forms are copies of sample 000 with every printed 执行率 recomputed
from its own amounts under that convention (as those bodies' systems print them); each copy
names its own unit, so its project-years are its own beside the samples'.
"""

from __future__ import annotations

import re
import shutil
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, Decimal

import duckdb
import pytest

from .conftest import RAW

S000 = "000_83445982ba865ebb.txt"
S003 = "003_3e0fce185d0163d8.txt"
UNIT_000, UNIT_003 = "上海市社会保障卡服务中心", "上海市社会保险事业管理中心"
MODES = {"truncate": ROUND_DOWN, "half_up": ROUND_HALF_UP, "up": ROUND_CEILING}
# A funding row: 年初预算数 全年预算数 全年执行数 分值|- 执行率 得分|- at the end of a line.
FUNDING_ROW = re.compile(
    r"([\d,]+\.\d\d) ([\d,]+\.\d\d) ([\d,]+\.\d\d) (\S+) ([\d,]+\.\d\d) (\S+)$", re.M)


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def rate(executed: Decimal, budget: Decimal, mode: str) -> Decimal:
    return (executed * 100 / budget).quantize(Decimal("0.01"), MODES[mode])


def reprinted(text: str, mode: str) -> tuple[str, int]:
    """The text with every funding row's 执行率 as `mode` gives it; how many rates changed."""
    changed = 0

    def one(m: re.Match[str]) -> str:
        nonlocal changed
        budget, executed = _amount(m[2]), _amount(m[3])
        if not budget:
            return m[0]
        new = f"{rate(executed, budget, mode):.2f}"
        changed += new != m[5]
        return f"{m[1]} {m[2]} {m[3]} {m[4]} {new} {m[6]}"

    return FUNDING_ROW.sub(one, text), changed


def rescored(text: str, mode: str) -> tuple[str, int]:
    """The text with every funding row's 预算执行率得分 as `mode` gives it from the printed
    执行率 and 分值; how many scores changed."""
    changed = 0

    def one(m: re.Match[str]) -> str:
        nonlocal changed
        if m[4] == "-" or m[6] == "-":
            return m[0]
        score = (_amount(m[5]) * _amount(m[4]) / 100).quantize(Decimal("0.01"), MODES[mode])
        changed += f"{score:.2f}" != m[6]
        return f"{m[1]} {m[2]} {m[3]} {m[4]} {m[5]} {score:.2f}"

    return FUNDING_ROW.sub(one, text), changed


@pytest.fixture(scope="module")
def rounding_load(tmp_path_factory, run_nightly):
    base = tmp_path_factory.mktemp("rounding")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    sample = (RAW / S000).read_text()
    for mode in ("half_up", "up"):
        text, changed = reprinted(sample, mode)
        assert changed >= 3, mode  # the copy prints other rates than the sample
        (raw / f"000_{mode}.txt").write_text(text.replace(UNIT_000, UNIT_000 + mode))
    # Rounded up, and one rate no convention gives (44.60 / 44.60 printed 99.99).
    text, _ = reprinted(sample, "up")
    old = "年度资金总额： 44.60 44.60 44.60 10.00 100.00 10.00"
    assert text.count(old) == 1
    (raw / "000_up_wrong.txt").write_text(
        text.replace(old, "年度资金总额： 44.60 44.60 44.60 10.00 99.99 10.00")
        .replace(UNIT_000, UNIT_000 + "wrong"))
    # 003 truncates; one of its forms printed half-up (the last test).
    text = (RAW / S003).read_text()
    old = "379.00 376.00 372.80 10.00 99.14"
    assert text.count(old) == 1
    (raw / "003_one_half_up.txt").write_text(
        text.replace(old, "379.00 376.00 372.80 10.00 99.15").replace(UNIT_003, UNIT_003 + "x"))
    # 003 with its budget scores truncated (9.555 printed 9.55), and a copy with one wrong.
    text, changed = rescored((RAW / S003).read_text(), "truncate")
    assert changed >= 3
    (raw / "003_score_truncate.txt").write_text(text.replace(UNIT_003, UNIT_003 + "t"))
    old = "1,321.18 10.00 95.55 9.55"
    assert text.count(old) == 1
    (raw / "003_score_truncate_wrong.txt").write_text(
        text.replace(old, "1,321.18 10.00 95.55 9.45").replace(UNIT_003, UNIT_003 + "w"))
    load = run_nightly(raw, base / "perf.duckdb")
    assert load.result.success
    return load


def _rows(warehouse, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_each_documents_rounding_is_in_the_warehouse(rounding_load):
    got = dict(_rows(rounding_load.warehouse,
                     "select source_file, rounding_detected from fct_document_rounding"))
    assert got == {
        # The samples: both self-evaluations truncate (17/17 forms); the report's one rate and
        # the declaration and budget without rates cannot tell.
        S000: "truncate", S003: "truncate",
        "001_6e0e86b4a42f7fa4.txt": "undetermined", "002_4c5fe3dc1ed34f84.txt": "undetermined",
        "004_cacdc5d703bf78c7.txt": "undetermined",
        "000_half_up.txt": "half_up", "000_up.txt": "up", "000_up_wrong.txt": "up",
        "003_one_half_up.txt": "truncate",
        "003_score_truncate.txt": "truncate", "003_score_truncate_wrong.txt": "truncate",
    }


def _findings(load, check_ids: tuple[str, ...]) -> list[tuple]:
    ids = ", ".join(f"'{c}'" for c in check_ids)
    return _rows(load.warehouse, f"""
        select source_file, project_name, check_id, severity, expected, actual
        from audit_findings where check_id in ({ids}) order by source_file, line_start""")


def test_half_up_and_round_up_forms_have_no_rate_warning(rounding_load):
    rates = _findings(rounding_load, ("SE-RATE", "SE-RATE-ROUNDING"))
    files = {r[0] for r in rates}
    assert not files & {"000_half_up.txt", "000_up.txt", S000, S003}
    # Derived as the document rounds: every form's rate as printed.
    rows = _rows(rounding_load.warehouse, """
        select source_file, count(*), count(*) filter (
            where execution_rate_derived = execution_rate_reported)
        from fct_project_year where source_file in ('000_half_up.txt', '000_up.txt')
        group by source_file order by source_file""")
    assert rows == [("000_half_up.txt", 8, 8), ("000_up.txt", 8, 8)]


def test_a_wrong_rate_still_warns(rounding_load):
    wrong = [r for r in _findings(rounding_load, ("SE-RATE", "SE-RATE-ROUNDING"))
             if r[0] == "000_up_wrong.txt"]
    assert wrong == [("000_up_wrong.txt", "交换平台运行费", "SE-RATE", "error", "100.00", "99.99")]


def test_a_rate_another_convention_explains_is_a_rounding_note(rounding_load):
    # 372.80 / 376.00 = 99.148...: truncated 99.14, half-up 99.15, in a truncating document.
    assert rate(Decimal("372.80"), Decimal("376.00"), "half_up") == Decimal("99.15")
    got = [r for r in _findings(rounding_load, ("SE-RATE", "SE-RATE-ROUNDING"))
           if r[0] == "003_one_half_up.txt"]
    assert [(r[2], r[3], r[4], r[5]) for r in got] == [
        ("SE-RATE-ROUNDING", "rounding", "99.14", "99.15")]


def test_scores_rounded_as_the_document_rounds_them(rounding_load):
    """003 prints its budget scores half-up; its copy truncating them gets no SE-BUDGET-SCORE
    (before, derived half-up, each of its telling scores was one), and a wrong score in a
    truncating copy still fires."""
    got = dict(((f, (d, r)) for f, d, r in _rows(rounding_load.warehouse, """
        select source_file, score_rounding_detected, score_rounding
        from fct_document_rounding""")))
    assert got[S003] == ("half_up", "half_up")
    assert got["003_score_truncate.txt"] == ("truncate", "truncate")
    assert got[S000] == ("undetermined", "truncate")  # its scores cannot tell: the rate's
    scores = [r for r in _findings(rounding_load, ("SE-BUDGET-SCORE",))
              if r[0].startswith("003_score")]
    assert scores == [("003_score_truncate_wrong.txt", "社会保险服务费", "SE-BUDGET-SCORE",
                       "error", "9.55", "9.45")]
