"""绩效目标申报表 extraction: golden rows, the target parser, variations of the form, bad text."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.extract import declaration
from orchestration.extract.common import ExtractionError, SourceDocument
from orchestration.extract.declaration import parse_target

RAW = Path(__file__).parents[1] / "raw" / "documents"
GOLDEN = Path(__file__).parent / "golden"
SAMPLE = "001_6e0e86b4a42f7fa4.txt"
PROVENANCE_ONLY = {"source_sha256", "source_file", "document_kind"}


def doc_of(text: str | None = None, name: str = SAMPLE) -> SourceDocument:
    data = (RAW / SAMPLE).read_bytes() if text is None else text.encode("utf-8")
    return SourceDocument.from_bytes(name, data)


def sample_text() -> str:
    return (RAW / SAMPLE).read_text(encoding="utf-8")


def _plain(v):
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


def as_golden(extraction) -> dict[str, list[dict]]:
    return {
        table: [{k: _plain(v) for k, v in dataclasses.asdict(r).items()
                 if k not in PROVENANCE_ONLY} for r in rows]
        for table, rows in extraction.tables.items()
    }  # fmt: skip


def values_only(golden: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Rows without line numbers: a variation may move lines but not change values."""
    drop = {"line_start", "line_end"}
    return {t: [{k: v for k, v in r.items() if k not in drop} for r in rows]
            for t, rows in golden.items()}


def extract_text(text: str):
    return declaration.extract(doc_of(text))


REFERENCE = as_golden(declaration.extract(doc_of()))


# --- Golden rows -----------------------------------------------------------------------------


def test_golden_rows():
    """Every field of every row equals the hand-checked golden file."""
    expected = json.loads((GOLDEN / SAMPLE.replace(".txt", ".json")).read_text(encoding="utf-8"))
    got = as_golden(declaration.extract(doc_of()))
    assert set(got) == set(expected)
    for table in expected:
        assert len(got[table]) == len(expected[table]), table
        for g, e in zip(got[table], expected[table], strict=True):
            assert g == e, (table, e.get("project_name"), e.get("indicator_name"))


def test_decimals_compare_as_decimals_and_keep_their_printed_scale():
    expected = json.loads((GOLDEN / SAMPLE.replace(".txt", ".json")).read_text(encoding="utf-8"))
    ex = declaration.extract(doc_of())
    for table, rows in ex.tables.items():
        for row, exp in zip(rows, expected[table], strict=True):
            for f in dataclasses.fields(row):
                value = getattr(row, f.name)
                if isinstance(value, Decimal):
                    assert value == Decimal(exp[f.name])
                    assert str(value) == exp[f.name]  # "100" and "100.00" differ


def test_rows_carry_provenance():
    data = (RAW / SAMPLE).read_bytes()
    ex = declaration.extract(doc_of())
    assert ex.document_kind == "target_declaration"
    lines = data.decode().split("\n")
    for table, rows in ex.tables.items():
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1)), table
        for r in rows:
            assert r.source_file == SAMPLE
            assert r.source_sha256 == hashlib.sha256(data).hexdigest()
            assert r.document_kind == "target_declaration"
            assert 1 <= r.line_start <= r.line_end <= len(lines)
    for r in ex.tables["declaration_indicator"]:
        cells = [c.strip() for c in lines[r.line_start - 1].split("\t")]
        assert r.indicator_name in cells and r.target_raw in cells
    for p in ex.tables["declaration_project"]:
        assert "绩效目标申报表" in lines[p.line_start - 1]
        assert p.project_name in "".join(lines[p.line_start - 1:p.line_end])


def test_year_funding_parts_add_up_to_the_request():
    for p in declaration.extract(doc_of()).tables["declaration_project"]:
        parts = (p.year_appropriation_yuan, p.year_carryover_yuan, p.year_other_yuan)
        assert sum(x for x in parts if x is not None) == p.year_request_yuan


def test_every_form_is_read_and_every_indicator_row_too():
    """Completeness: as many projects as titles, as many indicators as rows under the headers."""
    text = sample_text()
    ex = declaration.extract(doc_of())
    assert len(ex.tables["declaration_project"]) == text.count("绩效目标申报表") == 7
    assert len(ex.tables["declaration_indicator"]) == 6 + 10 + 13 + 8 + 12 + 10 + 11


# --- parse_target ----------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("=336.00(个)", ("=", "336.00", "个")),
    ("≥20.00(位)", ("≥", "20.00", "位")),
    ("≤0.63(元/千瓦时)", ("≤", "0.63", "元/千瓦时")),
    ("<24(小时)", ("<", "24", "小时")),
    ("有效", (None, None, None)),
    ("2个工作日内", (None, None, None)),
    ("1,000(万张)", (None, "1000", "万张")),
    # more spellings other bodies print
    ("=100(%)", ("=", "100", "%")),
    ("90.00(%)", (None, "90.00", "%")),
    (">=95%", ("≥", "95", "%")),
    ("＞5（个）", (">", "5", "个")),
    ("≤ 30 (天)", ("≤", "30", "天")),
    ("≤30天", ("≤", "30", "天")),
    ("=5.00()", ("=", "5.00", None)),
    ("2023年12月", (None, None, None)),
    ("保障337个网点申领、补换卡工作正常开展", (None, None, None)),
    ("", (None, None, None)),
])  # fmt: skip
def test_parse_target(raw, expected):
    op, value, unit = parse_target(raw)
    assert (op, None if value is None else str(value), unit) == expected
    if value is not None:
        assert isinstance(value, Decimal)


# --- Variations a real corpus has ------------------------------------------------------------


def test_crlf_line_ends_give_the_same_rows_and_lines():
    assert as_golden(extract_text(sample_text().replace("\n", "\r\n"))) == REFERENCE


def test_benyear_appropriation_alias():
    text = sample_text().replace("其中：当年财政拨款", "其中：本年财政拨款")
    assert text != sample_text()
    assert as_golden(extract_text(text)) == REFERENCE


def test_header_label_aliases():
    text = sample_text().replace("主管部门\t", "主管单位\t").replace("计划完成日期", "计划完成时间")
    assert as_golden(extract_text(text)) == REFERENCE


def test_amounts_with_and_without_thousands_separators():
    text = sample_text().replace("446,048.00", "446048.00").replace("7,929,000.00", "7929000.00")
    assert as_golden(extract_text(text)) == REFERENCE
    big = sample_text().replace("其中：财政资金\t\t", "其中：财政资金\t1,234,567.89\t", 1)
    p = extract_text(big).tables["declaration_project"][0]
    assert str(p.total_fiscal_yuan) == "1234567.89"
    assert p.year_appropriation_yuan == Decimal("446048.00")


def test_project_side_amounts_land_on_the_project_side():
    """其他资金 is printed on both sides; the column of 年度资金申请总额 tells them apart."""
    text = sample_text().replace("项目资金总额\t\t", "项目资金总额\t500,000.00\t", 1)
    text = text.replace("\t其他资金\t\t其他资金\t0.00", "\t其他资金\t53,952.00\t其他资金\t0.00", 1)
    p = extract_text(text).tables["declaration_project"][0]
    assert p.total_amount_yuan == Decimal("500000.00")
    assert p.total_other_yuan == Decimal("53952.00")
    assert p.year_other_yuan == Decimal("0.00")
    assert p.year_request_yuan == Decimal("446048.00")


def test_target_in_fourth_or_fifth_column():
    """Move every 指标值 one column right (and back): the rows do not change."""
    lines = sample_text().split("\n")
    right = [re.sub(r"\t([=≥≤<>]?\d[^\t]*|稳定|健全|有效)\t$", r"\t\t\1", ln) for ln in lines]
    left = [re.sub(r"\t\t([^\t]+)$", r"\t\1\t", ln) if ln.startswith("\t") else ln
            for ln in lines]
    assert right != lines and left != lines
    assert as_golden(extract_text("\n".join(right))) == REFERENCE
    assert as_golden(extract_text("\n".join(left))) == REFERENCE


def test_level_cells_wrapped_with_spaces_are_normalised():
    text = sample_text().replace("\t满意度指标\t服务对象满意度指标",
                                 "\t满意度 指标\t服务对象 满意度指标")
    got = extract_text(text).tables["declaration_indicator"]
    assert {r.level1 for r in got} == {"产出指标", "效益指标", "满意度指标"}
    assert "服务对象满意度指标" in {r.level2 for r in got}
    assert values_only(as_golden(extract_text(text))) == values_only(REFERENCE)


def test_page_break_moved_inside_the_indicator_table():
    """Blank lines, a page number and the repeated table header where another body breaks."""
    text = sample_text()
    header = "绩效指标\t一级指标\t二级指标\t三级指标\t年度(/项目)指标值\t"
    moved = text.replace("\n\t\t\t敬老卡制作人员到位数",
                         f"\n\n\n- 2 -\n\n{header}\n\t\t\t敬老卡制作人员到位数", 1)
    assert "- 2 -" in moved
    moved = moved.replace("\n\n财政项目支出绩效目标申报表\n\n", "\n财政项目支出绩效目标申报表\n")
    assert moved != text
    assert values_only(as_golden(extract_text(moved))) == values_only(REFERENCE)


def test_goal_text_wrapped_over_two_rows_is_joined_without_spaces():
    goal = "通过项目实施，为卡中心系统运行所需用电提供保障。"
    text = sample_text().replace(f"\t\t\t{goal}\t\t",
                                 f"\t\t\t{goal[:8]}\t\t\n\t\t\t{goal[8:]}\t\t", 1)
    assert extract_text(text).tables["declaration_project"][0].annual_goal == goal


def test_title_with_the_year_on_one_line():
    text = sample_text().replace("财政项目支出绩效目标申报表\n\n(2023年度)",
                                 "财政项目支出绩效目标申报表（2023年度）")
    assert values_only(as_golden(extract_text(text))) == values_only(REFERENCE)


# --- Text that cannot be understood ----------------------------------------------------------


def test_truncated_inside_an_indicator_table_names_the_line():
    lines = sample_text().split("\n")
    with pytest.raises(ExtractionError) as err:
        extract_text("\n".join(lines[:145]))  # form 6 stops before its 满意度指标 rows
    assert err.value.source_file == SAMPLE
    assert err.value.line == 145
    assert "满意度指标" in err.value.message


def test_truncated_mid_row_names_the_line():
    text = sample_text()
    cut = text[: text.index("市民满意度", text.index("相关政府职能部门满意率")) + 3]
    with pytest.raises(ExtractionError) as err:
        extract_text(cut)
    assert err.value.line == 47
    assert "指标值" in err.value.message


def test_truncated_inside_a_header_names_the_line():
    lines = sample_text().split("\n")
    with pytest.raises(ExtractionError) as err:
        extract_text("\n".join(lines[:157]))  # the last form stops after 主管部门
    assert err.value.line == 157
    assert "funding block" in err.value.message


def test_amounts_in_wan_are_refused_not_guessed():
    text = sample_text().replace("项目资金 (元)", "项目资金 (万元)", 1)
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert err.value.line == 10
    assert "万元" in err.value.message


def test_unknown_funding_label_is_an_error_with_its_line():
    text = sample_text().replace("上年结转资金\t0.00", "神秘资金\t0.00", 1)
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert err.value.line == 12
    assert "神秘资金" in err.value.message


def test_amount_that_does_not_parse_is_an_error_with_its_line():
    text = sample_text().replace("3,353,000.00", "3,353,000.0O", 1)
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert err.value.line == 31


def test_bad_date_is_an_error_with_its_line():
    text = sample_text().replace("2023-12-31", "2023-13-31", 1)
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert err.value.line == 9


def test_missing_header_label_is_an_error():
    text = sample_text().replace("实施单位", "单位", 1)
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert err.value.line == 10
    assert "unit_name" in err.value.message


def test_not_a_declaration():
    with pytest.raises(ExtractionError) as err:
        extract_text("项目支出绩效自评表\n")
    assert err.value.line == 1
