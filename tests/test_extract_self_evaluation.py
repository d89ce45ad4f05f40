"""绩效自评表 extraction: golden rows, variations of the forms, and arbitrary text."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from decimal import Decimal

import pytest

from orchestration.extract import self_evaluation
from orchestration.extract.common import ExtractionError, SourceDocument

from .conftest import GOLDEN, RAW

SAMPLES = ["000_83445982ba865ebb.txt", "003_3e0fce185d0163d8.txt"]
PROVENANCE_ONLY = {"source_sha256", "source_file", "document_kind"}


def doc_of(name: str, text: str | None = None) -> SourceDocument:
    data = (RAW / name).read_bytes() if text is None else text.encode("utf-8")
    return SourceDocument.from_bytes(name, data)


def as_golden(extraction) -> dict[str, list[dict]]:
    out = {}
    for table, rows in extraction.tables.items():
        out[table] = [
            {k: (str(v) if isinstance(v, Decimal) else v)
             for k, v in dataclasses.asdict(r).items() if k not in PROVENANCE_ONLY}
            for r in rows
        ]  # fmt: skip
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_golden_rows(name):
    """Every field of every row equals the hand-checked golden file (Decimals by printed text)."""
    expected = json.loads((GOLDEN / name.replace(".txt", ".json")).read_text())
    got = as_golden(self_evaluation.extract(doc_of(name)))
    assert set(got) == set(expected)
    for table in expected:
        assert len(got[table]) == len(expected[table]), table
        for g, e in zip(got[table], expected[table], strict=True):
            assert g == e, (table, e.get("project_name"), e.get("indicator_name"))


@pytest.mark.parametrize("name", SAMPLES)
def test_rows_carry_provenance(name):
    data = (RAW / name).read_bytes()
    ex = self_evaluation.extract(doc_of(name))
    lines = data.decode().split("\n")
    for rows in ex.tables.values():
        for r in rows:
            assert r.source_file == name
            assert r.source_sha256 == hashlib.sha256(data).hexdigest()
            assert r.document_kind == "self_evaluation"
            assert 1 <= r.line_start <= r.line_end <= len(lines)
    for r in ex.tables["self_evaluation_indicator"]:
        # The row's name is printed on its first line (possibly wrapped to the next).
        assert r.indicator_name[:4] in "".join(lines[r.line_start - 1:r.line_end]).replace(" ", "")


@pytest.mark.parametrize("name", SAMPLES)
def test_weights_and_scores_add_up_to_the_printed_total(name):
    """A structural check of completeness: indicator rows + budget row = 总分 column."""
    ex = self_evaluation.extract(doc_of(name))
    for project in ex.tables["self_evaluation_project"]:
        inds = [i for i in ex.tables["self_evaluation_indicator"]
                if project.line_start <= i.line_start <= project.line_end]
        (budget,) = [f for f in ex.tables["self_evaluation_funding"]
                     if project.line_start <= f.line_start <= project.line_end
                     and f.funding_source == "total"]
        assert sum(i.weight for i in inds) + budget.weight == project.total_weight
        assert sum(i.score_reported for i in inds) + budget.score == project.total_score_reported


# --- Variations a real corpus has ----------------------------------------------------------

def _extract_text(text: str):
    return self_evaluation.extract(doc_of(SAMPLES[1], text))


def _reference():
    return as_golden(self_evaluation.extract(doc_of(SAMPLES[1])))


def _values_only(golden):
    """Rows without line numbers: a variation may move lines but not change values."""
    drop = {"line_start", "line_end"}
    return {t: [{k: v for k, v in r.items() if k not in drop} for r in rows]
            for t, rows in golden.items()}


def test_crlf_line_ends_give_the_same_rows_and_lines():
    text = (RAW / SAMPLES[1]).read_text()
    assert as_golden(_extract_text(text.replace("\n", "\r\n"))) == _reference()


def test_benyear_appropriation_alias():
    text = (RAW / SAMPLES[1]).read_text().replace("其中：当年财政", "其中：本年财政")
    got = as_golden(_extract_text(text))
    assert _values_only(got)["self_evaluation_indicator"] == \
        _values_only(_reference())["self_evaluation_indicator"]
    labels = {r["source_label"] for r in got["self_evaluation_funding"]}
    assert "本年财政拨款" in labels
    assert {r["funding_source"] for r in got["self_evaluation_funding"]} == \
        {"total", "current_appropriation", "prior_year_carryover", "other"}


def test_fenzhi_column_alias_and_thousands_separators():
    text = (RAW / SAMPLES[0]).read_text()
    text = text.replace("全年执行数 分数 执行率", "全年执行数 分值 执行率")
    text = text.replace("年度资金总额： 542.00 542.00 459.30",
                        "年度资金总额： 1,542.00 1,542.00 1,459.30")
    ex = self_evaluation.extract(doc_of(SAMPLES[0], text))
    totals = [f for f in ex.tables["self_evaluation_funding"] if f.funding_source == "total"]
    assert totals[1].full_year_budget_wan == Decimal("1542.00")
    assert totals[1].executed_wan == Decimal("1459.30")
    assert str(totals[1].executed_wan) == "1459.30"


def test_missing_grade_is_none_not_an_error():
    text = (RAW / SAMPLES[0]).read_text().replace("评分等级 优", "", 1)
    ex = self_evaluation.extract(doc_of(SAMPLES[0], text))
    grades = [p.grade_reported for p in ex.tables["self_evaluation_project"]]
    assert grades[0] is None and grades[1:] == ["优"] * 7


def test_page_break_moved_inside_the_indicator_table():
    """Blank lines and a page-number line where another body's page would break."""
    text = (RAW / SAMPLES[1]).read_text()
    moved = text.replace("数字化外包检验合格率 ≥99(%)",
                         "\n\n\n- 2 -\n\n\n数字化外包检验合格率 ≥99(%)")
    moved = moved.replace("\n\n\n\n指标 数字化外包工作完成时点", "\n指标 数字化外包工作完成时点")
    assert moved != text
    assert _values_only(as_golden(_extract_text(moved))) == _values_only(_reference())


def test_zero_weight_rows_are_rows():
    ex = self_evaluation.extract(doc_of(SAMPLES[1]))
    zero = [i for i in ex.tables["self_evaluation_indicator"] if i.weight == 0]
    assert len(zero) == 6
    assert {i.indicator_name for i in zero} >= {"社保精准扩面宣传材料打印套封率",
                                                 "社保精准扩面宣传材料印发及时率"}


def test_truncated_form_names_the_line():
    text = (RAW / SAMPLES[0]).read_text()
    cut = "\n".join(text.split("\n")[:120])  # stops inside the first indicator table
    with pytest.raises(ExtractionError) as err:
        self_evaluation.extract(doc_of(SAMPLES[0], cut))
    assert err.value.source_file == SAMPLES[0]
    assert 1 <= err.value.line <= 120
    assert "总分" in err.value.message


def test_unknown_funding_source_is_an_error_with_its_line():
    text = (RAW / SAMPLES[0]).read_text().replace("上年结转资金 0.00", "神秘资金 0.00", 1)
    with pytest.raises(ExtractionError) as err:
        self_evaluation.extract(doc_of(SAMPLES[0], text))
    assert err.value.line == 23
    assert "神秘资金" in err.value.message
