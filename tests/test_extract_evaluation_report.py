"""财政支出绩效评价报告 extraction: golden rows, variations of the report, and arbitrary text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.extract import evaluation_report
from orchestration.extract.common import ExtractionError, SourceDocument

RAW = Path(__file__).parents[1] / "raw" / "documents"
GOLDEN = Path(__file__).parent / "golden"
SAMPLE = "002_4c5fe3dc1ed34f84.txt"
PROVENANCE_ONLY = {"source_sha256", "source_file", "document_kind"}
TEXT = (RAW / SAMPLE).read_bytes().decode("utf-8")


def doc_of(text: str | None = None, name: str = SAMPLE) -> SourceDocument:
    data = (RAW / SAMPLE).read_bytes() if text is None else text.encode("utf-8")
    return SourceDocument.from_bytes(name, data)


def as_golden(extraction) -> dict[str, list[dict]]:
    return {
        table: [
            {k: (str(v) if isinstance(v, Decimal | dt.date) else v)
             for k, v in dataclasses.asdict(r).items() if k not in PROVENANCE_ONLY}
            for r in rows
        ]
        for table, rows in extraction.tables.items()
    }  # fmt: skip


def extract_text(text: str):
    return evaluation_report.extract(doc_of(text))


def values_only(golden: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Rows without line numbers: a variation may move lines but not change values."""
    return {
        t: [{k: v for k, v in r.items() if k not in {"line_start", "line_end"}
             and not k.endswith("_line")} for r in rows]
        for t, rows in golden.items()
    }  # fmt: skip


REFERENCE = as_golden(evaluation_report.extract(doc_of()))


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# --- Golden rows -------------------------------------------------------------------------------


def test_golden_rows():
    """Every field of every row equals the hand-checked golden file."""
    expected = json.loads((GOLDEN / SAMPLE.replace(".txt", ".json")).read_text())
    ex = evaluation_report.extract(doc_of())
    got = as_golden(ex)
    assert set(got) == set(expected)
    for table in expected:
        assert len(got[table]) == len(expected[table]), table
        for g, e in zip(got[table], expected[table], strict=True):
            assert g == e, (table, e.get("code") or e.get("figure"), e["seq"])
    # Decimals as Decimals too: the printed scale must survive ("30501000.00", not 30501000).
    for table, rows in ex.tables.items():
        for row, e in zip(rows, expected[table], strict=True):
            for k, v in dataclasses.asdict(row).items():
                if isinstance(v, Decimal):
                    assert v == Decimal(e[k]) and str(v) == e[k], (table, k)


def test_rows_carry_provenance():
    ex = evaluation_report.extract(doc_of())
    lines = TEXT.split("\n")
    for table, rows in ex.tables.items():
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1)), table
        for r in rows:
            assert r.source_file == SAMPLE
            assert r.source_sha256 == hashlib.sha256(TEXT.encode()).hexdigest()
            assert r.document_kind == "evaluation_report"
            assert 1 <= r.line_start <= r.line_end <= len(lines)


def _printed(number: Decimal) -> re.Pattern[str]:
    """The number as it may be printed: with or without thousands separators."""
    digits = str(number)
    whole, _, frac = digits.partition(".")
    grouped = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return re.compile(rf"(?<![\d.,])(?:{re.escape(digits)}|{re.escape(grouped)})(?![\d,]|\.\d)")


def test_every_line_column_points_at_its_value():
    """An auditor following a *_line number finds the figure printed on that line."""
    ex = evaluation_report.extract(doc_of())
    lines = TEXT.split("\n")
    (report,) = ex.tables["evaluation_report"]
    assert report.report_date_text == lines[report.report_date_line - 1].strip()
    assert "评价时段" in lines[report.evaluation_period_line - 1]
    for f in dataclasses.fields(report):
        if not f.name.endswith("_line") or f.name in {
                "title_line", "unit_name_line", "report_date_line", "evaluation_period_line"}:
            continue
        value = getattr(report, f.name.removesuffix("_line"))
        line = getattr(report, f.name)
        if value is None:
            assert line is None, f.name
        elif f.name == "planned_quantity_line":
            assert "300万张" in lines[line - 1]  # printed in 万张, stored in 张
        elif isinstance(value, Decimal):
            assert _printed(value).search(lines[line - 1]), f.name
        else:
            assert value in lines[line - 1], f.name
    assert report.unit_name in lines[report.unit_name_line - 1]
    for row in ex.tables["evaluation_score"]:
        if row.weight is not None:
            assert _printed(row.weight).search(lines[row.weight_line - 1]), row.code
        if row.score is not None:
            assert _printed(row.score).search(lines[row.score_line - 1]), row.code
        if row.reference_line is not None:
            assert lines[row.reference_line - 1].replace(" ", "").startswith(
                (row.code + row.reference_name) if row.level else row.reference_name)


def test_score_tree_adds_up():
    """Completeness: printed 三级 weights and scores add up to the module and grand totals."""
    rows = evaluation_report.extract(doc_of()).tables["evaluation_score"]
    by_code = {r.code: r for r in rows}
    assert len(by_code) == len(rows)
    for r in rows:
        if r.parent_code is not None:
            assert r.parent_code in by_code, r.code
    for parent in (r for r in rows if r.level in (1, 2)):
        leaves = [r for r in rows if r.level == 3 and r.code.startswith(parent.code)]
        weight = parent.weight if parent.weight is not None else parent.reference_weight
        assert sum(r.weight for r in leaves) == weight, parent.code
        if parent.level == 1:
            assert sum(r.score for r in leaves) == parent.score, parent.code
    total = by_code["TOTAL"]
    assert sum(r.score for r in rows if r.level == 1) == total.score == Decimal(82)
    assert sum(r.weight for r in rows if r.level == 1) == total.weight == Decimal(100)


def test_spending_items_add_up_to_the_spending():
    ex = evaluation_report.extract(doc_of())
    (report,) = ex.tables["evaluation_report"]
    items = ex.tables["evaluation_spending_item"]
    assert sum(i.amount_yuan for i in items) == report.actual_spending_yuan


# --- Variations a real corpus has ------------------------------------------------------------


def test_crlf_line_ends_give_the_same_rows_and_lines():
    assert as_golden(extract_text(TEXT.replace("\n", "\r\n"))) == REFERENCE


def test_label_aliases():
    text = replace_once(TEXT, "绩效评价指标得分汇总表", "绩效评价指标评分汇总表")
    text = replace_once(text, "合计 10  10  100  100 82", "总分 10  10  100  100 82")
    text = replace_once(text, "项目预算经费批复为 30,501,000.00 元",
                        "项目年初预算数为 30,501,000.00 元")
    text = replace_once(text, "绩效分值为 82分，项目绩效情况良", "综合得分为 82分，评价等级为“良”")
    got = values_only(as_golden(extract_text(text)))
    ref = values_only(REFERENCE)
    assert got["evaluation_report"] == ref["evaluation_report"]
    assert got["evaluation_spending_item"] == ref["evaluation_spending_item"]
    total = got["evaluation_score"][-1]
    assert (total["code"], total["indicator_name"], total["score"]) == ("TOTAL", "总分", "82")
    assert got["evaluation_score"][:-1] == ref["evaluation_score"][:-1]


def test_thousands_separators_and_wan_units():
    text = replace_once(TEXT, "计划数量为 300万张，实际制作 2412871张",
                        "计划数量为 3,000,000张，实际制作 2,412,871张")
    text = replace_once(text, "调减至 20,501,000.00元", "调减至 2,050.10万元")
    text = replace_once(text, "决算金额为 17,284,860.71 元", "决算金额为 17284860.71 元")
    (report,) = extract_text(text).tables["evaluation_report"]
    assert report.planned_quantity == Decimal(3000000) and report.planned_quantity_unit == "张"
    assert report.actual_quantity == Decimal(2412871)
    assert str(report.adjusted_budget_yuan) == "20501000.00"
    assert str(report.actual_spending_yuan) == "17284860.71"


def test_page_breaks_and_blank_lines_moved():
    """A page number between a phrase and its value; the scored table without blank lines and
    with its vertical level names broken one character a line."""
    text = replace_once(TEXT, "项目预算经费批复为 30,501,000.00 元",
                        "项目预算经费批复为\n\n 3 \n\n30,501,000.00 元")
    start = text.index("社会保障卡制作费绩效评价指标得分汇总表")
    end = text.index("合计 10  10  100  100 82")
    table = re.sub(r"\n\s*\n", "\n", text[start:end])
    table = replace_once(table, "项目\n决策", "项\n目\n决\n策")
    table = replace_once(table, "C24相关政府职能部门满\n意率", "C24相关政府职能部门满意率")
    moved = text[:start] + table + text[end:]
    assert moved != TEXT
    got = as_golden(extract_text(moved))
    # A quote's text is the prose with its line breaks taken out, so the moved value is glued on.
    k = next(k for k, q in enumerate(got["evaluation_quote"])
             if q["figure"] == "approved_budget_yuan")
    assert got["evaluation_quote"][k]["text"] == "预算经费批复为30,501,000.00 元"
    got["evaluation_quote"][k]["text"] = REFERENCE["evaluation_quote"][k]["text"]
    assert values_only(got) == values_only(REFERENCE)
    (report,) = got["evaluation_report"]
    assert report["approved_budget_yuan_line"] == 51  # moved by the four inserted lines


def test_absent_figure_is_none():
    text = replace_once(TEXT, "该项目绩效分值为 82分，项目绩效情况良", "该项目绩效较好")
    (report,) = extract_text(text).tables["evaluation_report"]
    assert report.total_score is None and report.total_score_line is None
    assert report.grade is None and report.grade_line is None
    assert report.execution_rate_pct == Decimal("84.31")


def test_without_the_framework_table_codes_come_from_the_scored_table():
    start = TEXT.index(" 2018年度社会保障卡制作费项目综合评价表")
    end = TEXT.index(" （三）数据采集方法及过程")
    text = TEXT[:start] + TEXT[end:]
    # The scored table's misprinted second "A11" cannot be resolved without the framework.
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert "A11" in err.value.message and "twice" in err.value.message
    fixed = replace_once(text, "A11项目立项规范性", "A13项目立项规范性")
    rows = extract_text(fixed).tables["evaluation_score"]
    assert [r.code for r in rows] == [r["code"] for r in REFERENCE["evaluation_score"]]
    assert all(r.reference_weight is None for r in rows)
    assert rows[-1].score == Decimal(82)


@pytest.mark.parametrize(("cut_at", "expected"), [
    ("C11制卡数量完成率  ", "合计"),  # inside the scored table
    (" （三）数据采集方法及过程", "scored indicator table"),  # before its title
    ("B2财务管理 13 10", "framework"),  # inside the framework table
])  # fmt: skip
def test_truncated_copy_names_a_line(cut_at, expected):
    cut = TEXT[:TEXT.index(cut_at)]
    n_lines = len(cut.split("\n"))
    with pytest.raises(ExtractionError) as err:
        extract_text(cut)
    assert err.value.source_file == SAMPLE
    assert 1 <= err.value.line <= n_lines
    assert expected in err.value.message


def test_missing_scored_table_is_an_error():
    text = replace_once(TEXT, "绩效评价指标得分汇总表", "绩效评价指标")
    with pytest.raises(ExtractionError, match="scored indicator table"):
        extract_text(text)


def test_row_without_its_score_names_the_line():
    text = replace_once(TEXT, "10 \n\n \n\n9 \n\nC24", "10 \n\n \n\nC24")
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert "C23" in err.value.message and "得分" in err.value.message
    assert err.value.line == 1212


def test_level_names_that_do_not_fit_the_codes_are_an_error():
    text = replace_once(TEXT, "财\n\n务 \n\n管\n\n理 \n B21", " B21")
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert "B21" in err.value.message and "B2" in err.value.message


# --- The 绩效目标 table and the other quoted figures -------------------------------------------


def _targets(text: str) -> list[dict]:
    return values_only(as_golden(extract_text(text)))["evaluation_target"]


def test_target_table_with_a_page_break_and_no_blank_lines():
    start = TEXT.index("二级指标 三级指标 指标目标值")
    end = TEXT.index("二、绩效评价工作情况")
    table = re.sub(r"\n\s*\n", "\n", TEXT[start:end])
    table = replace_once(table, "执行管理 \n", "执行管理 \n 6 \n")  # a page number
    moved = TEXT[:start] + table + TEXT[end:]
    assert _targets(moved) == values_only(REFERENCE)["evaluation_target"]
    got = extract_text(moved).tables["evaluation_target"]
    lines = moved.split("\n")
    for row in got:  # each row's lines still hold its name and target
        printed = "".join(lines[row.line_start - 1:row.line_end]).replace(" ", "")
        assert row.indicator_name[:4] in printed
        if row.target_text:
            assert row.target_text[-4:] in printed


def test_target_spellings_are_parsed_alike():
    text = replace_once(TEXT, "产品一次合格率 98%以上", "产品一次合格率 ≥98%")
    text = replace_once(text, "社会保障卡制作数量 300万张", "社会保障卡制作数量 3,000,000张")
    text = replace_once(text, "相关政府职能部门满意率 99%以上", "相关政府职能部门满意率 99％及以上")
    rows = {r["indicator_name"]: r for r in _targets(text)}
    quality = rows["产品一次合格率"]
    assert (quality["target_text"], quality["target_operator"], quality["target_value"],
            quality["target_unit"]) == ("≥98%", "≥", "98", "%")
    count = rows["社会保障卡制作数量"]
    assert (count["target_operator"], count["target_value"], count["target_unit"]) == (
        None, "3000000", "张")
    sat = rows["相关政府职能部门满意率"]
    assert (sat["target_operator"], sat["target_value"], sat["target_unit"]) == ("≥", "99", "%")


def test_report_without_a_target_table_has_no_target_rows():
    start = TEXT.index("一\n\n级\n\n指\n\n标 \n\n二级指标 三级指标 指标目标值")
    end = TEXT.index("二、绩效评价工作情况")
    got = values_only(as_golden(extract_text(TEXT[:start] + TEXT[end:])))
    assert "evaluation_target" not in got
    ref = values_only(REFERENCE)
    assert got["evaluation_score"] == ref["evaluation_score"]
    assert got["evaluation_report"] == ref["evaluation_report"]


def test_period_and_closing_date_spellings():
    text = replace_once(TEXT, "2018年 1月 1日至 2018年 12月 31日", "2018年1月1日—2018年12月31日")
    text = replace_once(text, "                                             2019年 6月 ",
                        "2019 年 6 月 28 日")
    (report,) = extract_text(text).tables["evaluation_report"]
    assert (report.evaluation_period_start, report.evaluation_period_end) == (
        dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert (report.report_year, report.report_month, report.report_day) == (2019, 6, 28)
    bad = replace_once(TEXT, "2018年 12月 31日", "2018年 2月 31日")
    with pytest.raises(ExtractionError, match="no such date"):
        extract_text(bad)


def test_rates_quoted_with_thousands_separators_and_full_width_percent():
    text = replace_once(TEXT, "共计发放 1000份", "共计发放 1,000份")
    text = replace_once(text, "总体满意率为 98.47%", "总体满意率为 98.47％")
    quotes = {q.figure + (q.subject or ""): q
              for q in extract_text(text).tables["evaluation_quote"]}
    assert quotes["survey_issued"].value == Decimal(1000)
    assert quotes["survey_issued"].value_text == "1,000"
    assert quotes["quoted_rate_pct总体满意率"].value == Decimal("98.47")
    assert quotes["quoted_rate_pct总体满意率"].unit == "％"
    # A scoring rule's percentage is not a quote of the project's rate.
    assert not any("及以上" in q.text for q in quotes.values())
