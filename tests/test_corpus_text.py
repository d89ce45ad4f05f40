"""Text renderings (pdftotext -layout) of the corpus performance forms against their PDFs.

宁德's 部门整体绩效自评表 is read from its rendering: its lines are grouped into the PDF's rows
(layout.band_rows), its 一级 / 二级 labels placed by tiling, and every figure the PDF gives is
given by the rendering, in the row it belongs to. So do the other forms' renderings (广州's 目标表
and 申报表, 长沙's 评价报告, 上海's 填报表 bound in 万里街道's 2023 budget) and 国家信访局's 决算;
a rendering whose cells do not come apart is set aside with its page and reason (see each
test). Unit tests of the grouping functions follow (target_form_text's: test_target_form_text).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from orchestration.extract import registry
from orchestration.extract.common import ExtractionError, SourceDocument
from orchestration.extract.layout import (
    Cell,
    Row,
    band_rows,
    from_layout_text,
    is_spaced,
    join_letter_spaced,
    join_spaced,
    row_cells,
    split_cjk_gaps,
    strip_margin,
)
from orchestration.extract.self_evaluation_layout import (
    FUNDING_WORDS,
    INDICATOR_COLUMNS,
    TOTAL_REQUIRED,
    _Columns,
    _columns,
    _Form,
    _goal_head,
    _goals,
    _header_pieces,
    _indicator_columns,
    _joined_label,
    _labels,
    _match,
    _narrow,
    _parted_at_edge,
    _printed_end,
    _regrouped,
    _task_block,
    _tile,
    _total_cell,
    _total_cells,
    _wrapped_words,
)
from orchestration.extract.target_table_text import project_rows

from .corpus_figures import CORPUS

STHJ_RENDERING = "gz_sthj_2026_project_targets.pdftotext-layout.txt"

FUNDING_FIELDS = ("funding_source", "source_label", "initial_budget_wan", "full_year_budget_wan",
                  "executed_wan", "weight", "execution_rate_pct", "score", "adjustment_wan",
                  "balance_wan", "balance_rate_pct")
INDICATOR_FIGURES = ("target_raw", "actual_raw", "weight", "score_reported", "deviation_note")
PROJECT_FIELDS = ("project_name", "department_name", "unit_name", "fiscal_year", "total_weight",
                  "total_score_reported", "grade_reported", "goal_expected", "goal_actual",
                  "form_scope")


def extract(path: Path):
    return registry.extract(SourceDocument.from_bytes(path.name, path.read_bytes()))


@cache
def extract_pdf(path: Path):
    """A corpus PDF's extraction, read once for the module (西安's 171 pages take a while)."""
    return extract(path)


def _flat(value):
    """Prose compared without its spaces: the rendering keeps the space pdftotext prints
    between a figure and its words ("目标 1：", "综合班次 4 期"), the PDF reader does not."""
    return "".join(value.split()) if isinstance(value, str) else value


# rendering, its PDF, the PDF's page of the rendering's first page, the forms, indicators.
RENDERED_FORMS = (
    ("ningde_zfb_2024_dept_selfeval.pdftotext-layout.txt",
     "1_self_eval/ningde_zfb_2024_dept_selfeval.pdf", 1, 1, 17),
    ("gjxfj_2024_dept_final.p30-36.pdftotext-layout.txt", "5_final/gjxfj_2024_dept_final.pdf",
     30, 4, 37),
    # 西安's forms: cells printed letter-spaced ("保 障 临 床 用 血 ，"), 一级 labels with their
    # weight under them ("产出指标 / （50分）"), funding rows printing no figure.
    ("xian_wjw_2022_final_with_selfeval.p60-64.pdftotext-layout.txt",
     "1_self_eval/xian_wjw_2022_final_with_selfeval.pdf", 60, 5, 35),
    # Tight pages: the cells of a row's wrapped lines one space apart, not prose.
    ("xian_wjw_2022_final_with_selfeval.p66-70.pdftotext-layout.txt",
     "1_self_eval/xian_wjw_2022_final_with_selfeval.pdf", 66, 5, 37),
)


@pytest.mark.parametrize(("name", "pdf_name", "first_page", "n_forms", "n_indicators"),
                         RENDERED_FORMS)
def test_a_rendering_gives_the_pdfs_figures(name, pdf_name, first_page, n_forms,
                                            n_indicators, capsys):
    """Every record the PDF gives (its forms' pages) is given by the rendering, on the same
    page: each form's fields, each funding row's amounts, rate and score, each indicator's
    name, 一级 / 二级 labels, 指标值, 实际完成值, 分值, 得分 and 偏差 note."""
    pdf = extract_pdf(CORPUS / pdf_name)
    text = extract(CORPUS / "text" / name)
    # The PDF's pages the rendering holds (each of its pages ends in a form feed).
    last_page = first_page - 1 + (CORPUS / "text" / name).read_text(encoding="utf-8").count("\f")
    checks, counts = _records_found(pdf, text, first_page, last_page)
    missed = [label for label, ok in checks if not ok]
    with capsys.disabled():
        print(f"\n{name}: {len(checks) - len(missed)}/{len(checks)} of the PDF's records found"
              f" (missed: {missed})")
    assert not missed
    assert counts["self_evaluation_project"] == (n_forms, n_forms)
    assert counts["self_evaluation_funding"][0] == counts["self_evaluation_funding"][1]
    assert counts["self_evaluation_indicator"] == (n_indicators, n_indicators)


XIAN = "1_self_eval/xian_wjw_2022_final_with_selfeval.pdf"
# 西安 2022's form section, rendered whole (pdftotext -layout -f 30 -l 144): the 部门整体
# form (pp. 30-31), a 项目支出绩效自评表 a page (pp. 55-141) and the 专项资金 form (p. 143);
# pp. 32-54, 142 and 144 are prose.
XIAN_SECTION = "xian_wjw_2022_final_with_selfeval.p30-144.pdftotext-layout.txt"
XIAN_FORMS = ((30, 31), *((p, p) for p in range(55, 142)), (143, 143))
# The forms a rendering still sets aside (README, "Inputs"): a 分值 / 得分 or funding figure
# not one figure of its column.
XIAN_ROWS_NOT_APART = (30,)
SET_ASIDE_REASON = r"its wrapped cells and columns cannot be told apart"


def test_the_pdf_reader_keeps_a_line_run_past_its_rule_and_a_goal_block_cut_over_rows():
    """A line printed past its cell's rule is its cell's, not the next cell's: 西安 p. 114's
    指标值 (pdfplumber's cells read "2022年5月1日-2022" and set "年12月31日" into the 实际完成值),
    宁德's merged labels, printed over the next cell's words ("一般性支出情况", "服务对象满意度":
    read "一般性支出情" / "况一般性支出情", and "度" glued to the next indicator's name). A
    年度总体目标 block whose label is cut over two rows ("年度" / "总体目标") gives its goals."""
    xian = extract_pdf(CORPUS / XIAN)
    period = next(r for r in xian.rows("self_evaluation_indicator")
                  if r.page == 114 and r.indicator_name == "设备购置周期")
    assert (period.target_raw, period.actual_raw) == (
        "2022年5月1日-2022年12月31日",
        "该项目在2022年12月26日完成本年度最后一批设备首付款（根据合同规定95%）。")
    goals = {r.page: (r.goal_expected, r.goal_actual)
             for r in xian.rows("self_evaluation_project")}
    assert goals[99] == (
        "提高西安市儿童医院医疗卫生服务能力，大力改善医疗卫生服务功能，使医疗条件和就医环境符合"
        "三级甲等儿童医院的基础设施标准。",
        "项目已用于经开院区土地出让金缴纳，整体建设项目尚未完成，未运营；完工运营后将提升西安市儿童"
        "医院医疗卫生服务能力，大力改善医疗卫生服务功能，满足周边患儿就诊需要。")
    assert goals[138] == ("全年实际完成情况", "基本达成预期指标")
    # Its 一级 labels without their share of the score, bracketed or bare ("产出指标50分",
    # "满意度指标10"), as the rendering reads them: the template's labels.
    from orchestration.extract.targets import level_labels
    assert {r.level1 for r in xian.rows("self_evaluation_indicator")} <= level_labels("1")
    assert all(goals[p][0] and goals[p][1] for p in (*range(98, 105), *range(138, 142)))
    ningde = extract_pdf(CORPUS / "1_self_eval/ningde_zfb_2024_dept_selfeval.pdf")
    levels = {r.indicator_name: (r.level1, r.level2)
              for r in ningde.rows("self_evaluation_indicator")}
    assert levels["“三公”经费违规使用次数"] == ("一般性支出情况", "一般性支出情况")
    assert levels["“三公”经费控制率"] == ("一般性支出情况", "一般性支出情况")
    assert levels["12345平台座席满意率"] == ("满意度指标", "服务对象满意度")
    # 国家信访局's labels printed once in the middle of a merged cell whose rules pdfplumber
    # does not close (a hole in its grid): each given to the rows of its hole it stands
    # nearest, where the reader carried the label above ("成本指标" over 数量指标's rows).
    final = extract_pdf(CORPUS / "5_final/gjxfj_2024_dept_final.pdf")
    levels = {(r.project_name, r.indicator_name): (r.level1, r.level2)
              for r in final.rows("self_evaluation_indicator")}
    assert levels["信访研究宣传立法专项", "形成的研究成果数"] == ("产出指标", "数量指标")
    assert levels["信访研究宣传立法专项", "舆情报告报送量（期）"] == ("产出指标", "数量指标")
    assert levels["信访研究宣传立法专项", "每本刊物印刷成本"] == ("成本指标", "经济成本指标")
    assert levels["信访干部培训专项", "信访工作质量"] == ("效益指标", "社会效益指标")
    assert levels["信息化运行维护", "数据中心设备维护量"] == ("产出指标", "数量指标")
    assert levels["信息化运行维护", "前端运维问题响应时间"] == ("产出指标", "质量指标")
    assert levels["信息化运行维护", "设备完好率"] == ("产出指标", "质量指标")


def test_xians_form_section_rendering_form_by_form(capsys):
    """Each form of 西安's form section, its pages cut from the whole rendering, gives the
    PDF's records on the same pages (k/n printed), or is set aside naming its page and
    reason; never a record missed or misread."""
    pdf = extract_pdf(CORPUS / XIAN)
    pages = (CORPUS / "text" / XIAN_SECTION).read_text(encoding="utf-8").split("\f")
    aside = set(XIAN_ROWS_NOT_APART)
    found = total = forms = 0
    problems = []
    for first, last in XIAN_FORMS:
        name = XIAN_SECTION.replace("p30-144", f"p{first}-{last}")
        text = "\f".join(pages[first - 30:last - 29]) + "\f"
        doc = SourceDocument.from_bytes(name, text.encode())
        if first in aside:
            with pytest.raises(ExtractionError, match=SET_ASIDE_REASON) as err:
                registry.extract(doc)
            assert "page 1:" in str(err.value)
            continue
        text = registry.extract(doc)
        checks, counts = _records_found(pdf, text, first, last)
        found += sum(ok for _, ok in checks)
        total += len(checks)
        forms += 1
        problems += [label for label, ok in checks if not ok]
        problems += [f"p{first} {table}: {got} records, the PDF {want}"
                     for table, (got, want) in counts.items() if got != want]
    with capsys.disabled():
        print(f"\n{XIAN_SECTION}: {forms} forms read, {found}/{total} of the PDF's records "
              f"found (missed: {problems}); {len(aside)} set aside")
    assert not problems
    assert forms + len(aside) == len(XIAN_FORMS)
    # The forms of pp. 60-80 read as one document: the letter-spaced cells holding a figure
    # (p. 65), the 绩效指标 margin label one character in, labels wrapped past two lines,
    # headers drifting from their columns (pp. 71-80).
    text = "\f".join(pages[60 - 30:80 - 29]) + "\f"
    name = XIAN_SECTION.replace("p30-144", "p60-80")
    checks, counts = _records_found(
        pdf, registry.extract(SourceDocument.from_bytes(name, text.encode())), 60, 80)
    missed = [label for label, ok in checks if not ok]
    with capsys.disabled():
        print(f"{name}: {len(checks) - len(missed)}/{len(checks)} of the PDF's records found "
              f"(missed: {missed})")
    assert not missed
    assert all(got == want for got, want in counts.values())
    assert counts["self_evaluation_project"] == (21, 21)


def test_xians_form_section_rendering_as_one_document():
    """西安's form section rendered whole and loaded as one document: each form set aside
    page by page is set aside alone, at its page and for the same reason, and every other
    form reads (p. 143's 专项资金 form, on its page alone too: the PDF's records)."""
    pdf = extract_pdf(CORPUS / XIAN)
    got = extract(CORPUS / "text" / XIAN_SECTION)
    shift = 30 - 1
    aside = sorted(XIAN_ROWS_NOT_APART)
    assert [e.page + shift for e in got.set_aside] == aside
    for e in got.set_aside:
        assert re.search(SET_ASIDE_REASON, e.message)
    read = [r.page + shift for r in got.rows("self_evaluation_project")]
    assert read == [first for first, _ in XIAN_FORMS if first not in aside]
    checks, counts = _records_found(pdf, got, 30, 144, pages={143})
    assert checks and all(ok for _, ok in checks)
    assert all(n == want for n, want in counts.values())


def test_xians_special_fund_form_is_told_and_read_from_its_page_alone():
    """p. 143, the 专项资金 form: its only figures wider than a digit are its amounts, so its
    page alone was taken for a text without layout ("unknown kind of document"); its rows'
    分值 and 得分 tell it. Its 执行率 header is printed over three lines beside 分值: the total
    row's 10 is the 分值, 98.93% the 执行率, 9.00 the 得分, as the PDF reads them."""
    pages = (CORPUS / "text" / XIAN_SECTION).read_text(encoding="utf-8").split("\f")
    doc = SourceDocument.from_bytes(XIAN_SECTION.replace("p30-144", "p143-143"),
                                    (pages[143 - 30] + "\f").encode())
    assert registry.classify(doc) == "self_evaluation"
    total = next(r for r in registry.extract(doc).rows("self_evaluation_funding")
                 if r.funding_source == "total")
    assert (total.full_year_budget_wan, total.executed_wan, total.weight,
            total.execution_rate_pct, total.score) == (
        Decimal("52110"), Decimal("51552.90"), Decimal("10"), Decimal("98.93"), Decimal("9.00"))


def _records_found(pdf, text, first_page: int, last_page: int,
                   pages: set[int] | None = None):
    """Each record the PDF gives on pages first_page..last_page (of those, on `pages` only,
    if given), and whether the rendering (whose page 1 is first_page) gives it on the same
    page; and per table the count of the rendering's records against the PDF's."""
    shift = first_page - 1
    pages = pages or set(range(first_page, last_page + 1))
    checks: list[tuple[str, bool]] = []
    counts: dict[str, tuple[int, int]] = {}

    def rows(extraction, table: str, fields: tuple[str, ...], moved: int) -> list[tuple]:
        return [(r.page + moved, *(_flat(getattr(r, f)) for f in fields))
                for r in extraction.rows(table) if r.page + moved in pages]

    for table, fields in (("self_evaluation_project", PROJECT_FIELDS),
                          ("self_evaluation_funding", ("project_name", *FUNDING_FIELDS))):
        got = rows(text, table, fields, shift)
        want = rows(pdf, table, fields, 0)
        checks += [(f"{table} p{r[0]} {r[1]} {r[2]}", r in got) for r in want]
        counts[table] = (len(got), len(want))
    fields = ("indicator_name", "project_name", "level1", "level2", *INDICATOR_FIGURES)
    got = [(r.page + shift, *(getattr(r, f) for f in fields))
           for r in text.rows("self_evaluation_indicator") if r.page + shift in pages]
    pdf_indicators = [r for r in pdf.rows("self_evaluation_indicator") if r.page in pages]
    for r in pdf_indicators:
        want = (r.page, *(getattr(r, f) for f in fields))
        checks.append((f"indicator p{r.page} {r.indicator_name}", want in got))
    counts["self_evaluation_indicator"] = (len(got), len(pdf_indicators))
    return checks, counts


def test_a_rendering_places_the_merged_level_cells():
    """Each 一级 / 二级 label, printed at the middle of its merged cell, holds for the rows of
    its cell: 宁德's "一般性支出情况";
    国家信访局's 效益指标 of 信访工作质量 and 信访系统干部整体素质, a cell running over the page
    break, and 质量指标 printed between 前端运维问题响应时间 and 设备完好率, over both (the PDF
    reader finds them in the holes of its grid:
    test_the_pdf_reader_keeps_a_line_run_past_its_rule_and_a_goal_block_cut_over_rows)."""
    text = extract(CORPUS / "text" / "ningde_zfb_2024_dept_selfeval.pdftotext-layout.txt")
    levels = {r.indicator_name: (r.level1, r.level2)
              for r in text.rows("self_evaluation_indicator")}
    assert levels["“三公”经费违规使用次数"] == ("一般性支出情况", "一般性支出情况")
    assert levels["会议费、差旅费超标准使用次数"] == ("一般性支出情况", "一般性支出情况")
    assert levels["项目经费投入成本"] == ("成本指标", "经济成本指标")
    assert levels["全年保险车辆数"] == ("产出指标", "数量指标")
    assert levels["物业考评合格率"] == ("产出指标", "质量指标")
    assert levels["项目整体完成时限"] == ("产出指标", "时效指标")
    text = extract(CORPUS / "text" / "gjxfj_2024_dept_final.p30-36.pdftotext-layout.txt")
    levels = {(r.project_name, r.indicator_name): (r.level1, r.level2)
              for r in text.rows("self_evaluation_indicator")}
    assert levels["信访干部培训专项", "信访工作质量"] == ("效益指标", "社会效益指标")
    assert levels["信访干部培训专项", "信访系统干部整体素质"] == ("效益指标", "社会效益指标")
    assert levels["信访干部培训专项", "受训学员满意率"] == ("满意度指标", "服务对象满意度指标")
    assert levels["信息化运行维护", "数据中心设备维护量"] == ("产出指标", "数量指标")
    assert levels["信息化运行维护", "设备完好率"] == ("产出指标", "质量指标")
    assert levels["信息化运行维护", "使用部门满意率"] == ("满意度指标", "服务对象满意度指标")
    # 西安: "产出指标" over "（50分）", one label of the four rows 数量 … 成本指标 (the PDF
    # reader's too); "社会效益指 / 标" beside a letter-spaced row.
    name = "xian_wjw_2022_final_with_selfeval.p60-64.pdftotext-layout.txt"
    text = extract(CORPUS / "text" / name)
    levels = {(r.project_name, r.indicator_name): (r.level1, r.level2)
              for r in text.rows("self_evaluation_indicator")}
    assert levels["采供血人员经费项目", "项目完成成本"] == ("产出指标", "成本指标")
    assert levels["采供血人员经费项目", "保障临床用血，推动采供血工作可持续性发展"] == (
        "效益指标", "社会效益指标")
    assert levels["采供血专用材料费项目", "项目完成成本"] == ("产出指标", "成本指标")
    # A form's first label stands below its first row: no row above it is left unlabelled
    # (p. 67); a weight printed three lines under its label ("满意度 / 指标 / … / （10分）")
    # is no label of its own (p. 70).
    text = extract(CORPUS / "text" / name.replace("p60-64", "p66-70"))
    levels = {(r.project_name, r.indicator_name): (r.level1, r.level2)
              for r in text.rows("self_evaluation_indicator")}
    assert levels["新业务和培训综合楼阶梯教室设备项目", "项目完成成本"] == ("产出指标", "成本指标")
    assert levels["中职免学费补助（市级资金）", "政策发挥效应年限"] == (
        "效益指标", "可持续影响指标")


def test_a_rendering_whose_rows_do_not_come_apart_is_set_aside_whole(tmp_path):
    """A form whose rows do not come apart into one figure a column (here 宁德's form with a
    分值 left out: which column its row's figures stand in cannot be told) is set aside whole,
    with its page, never half read."""
    path = CORPUS / "text" / "ningde_zfb_2024_dept_selfeval.pdftotext-layout.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count("20                    2         1.33") == 1
    broken = tmp_path / path.name
    broken.write_text(text.replace("20                    2         1.33",
                                   "20                              1.33"), encoding="utf-8")
    with pytest.raises(ExtractionError, match=r"page 1: a self-evaluation form is not read"):
        extract(broken)


@pytest.mark.parametrize(("printed", "broken"), [
    # An 一级 label that is none of the template's (its pieces not told apart).
    ("     产出指标\n", "     产出目标\n"),
    # A 指标值 left blank under a drifting header, its row's 实际完成值 kept.
    ("单位职工人数             346           346", "单位职工人数                           346"),
])
def test_a_project_forms_rendering_with_a_label_or_value_out_of_place_is_set_aside(
        tmp_path, printed, broken):
    """西安's forms: a tiled label that is not the template's, or an 实际完成值 with no 指标值
    beside it, is a cell read out of place: that form is set aside at its page, the others
    read."""
    _form_set_aside(_broken_xian(tmp_path, (printed, broken)), 1,
                    r"page 1: a self-evaluation form is not read .*not one of the template's, "
                    r"or a 实际完成值")


def test_the_department_target_forms_rendering_gives_the_pdfs_records(capsys):
    """广州's 部门整体预算绩效目标申报表 (two pages): the budget blocks' amounts (a label and the
    figure after it, the blocks in their order), each 年度重点工作任务 with its 拟投入的资金,
    the 总体绩效目标, and each indicator with its 一级 / 二级 labels and 年度指标值 (a value
    wrapped onto a line of its own joined to it) are the PDF's, record for record."""
    pdf = extract(CORPUS / "2_target" / "gz_zsj_2026_dept_targets.pdf")
    text = extract(CORPUS / "text" / "gz_zsj_2026_dept_targets.pdftotext-layout.txt")
    tables = {
        "declaration_project": ("project_name", "department_name", "unit_name", "fiscal_year",
                                "annual_goal"),
        "form_amount": ("page", "block", "row_label", "column_label", "amount_yuan",
                        "unit_printed", "department_name", "fiscal_year"),
        "declaration_indicator": ("project_name", "level1", "level2", "indicator_name",
                                  "target_raw", "target_op", "target_value", "target_unit"),
    }
    checks: list[tuple[str, bool]] = []
    for table, fields in tables.items():
        got = [tuple(getattr(r, f) for f in fields) for r in text.rows(table)]
        want = [tuple(getattr(r, f) for f in fields) for r in pdf.rows(table)]
        checks += [(f"{table} {w[1]} {w[2]}"[:60], w in got) for w in want]
        assert len(got) == len(want), table
    missed = [label for label, ok in checks if not ok]
    with capsys.disabled():
        print(f"\ngz_zsj_2026_dept_targets rendering: {len(checks) - len(missed)}/{len(checks)}"
              f" of the PDF's records found (missed: {missed})")
    assert not missed
    assert len(checks) == 1 + 13 + 21


def test_the_project_target_tables_rendering_gives_the_pdfs_records(capsys):
    """广州's 项目支出绩效目标表 (12 pages): the 合计, each 资金使用单位's subtotal and each
    project's amounts (总计, 财政拨款, placed under their headers), the projects' names (wrapped
    down their column, a blank line pdftotext leaves inside a tall cell bridged), units and
    绩效目标, and every indicator of the 绩效指标 cell with its 年度指标值 are the PDF's, record
    for record. The goal is compared without its spaces: pdftotext prints one between a figure
    and its words ("10 亿条") where the PDF reader prints none."""
    pdf = extract(CORPUS / "2_target" / "gz_zsj_2026_project_targets.pdf")
    text = extract(CORPUS / "text" / "gz_zsj_2026_project_targets.pdftotext-layout.txt")
    tables = {
        "declaration_project": ("project_name", "department_name", "unit_name", "fiscal_year",
                                "year_request_yuan", "year_appropriation_yuan",
                                "year_other_yuan", "annual_goal"),
        "form_amount": ("page", "block", "row_label", "parent_label", "unit_name",
                        "column_label", "value", "amount_yuan", "unit_printed",
                        "department_name", "fiscal_year", "table_name"),
        "declaration_indicator": ("project_name", "level1", "level2", "indicator_name",
                                  "target_raw", "target_op", "target_value", "target_unit"),
    }
    checks: list[tuple[str, bool]] = []
    for table, fields in tables.items():
        got = [tuple(_flat(getattr(r, f)) for f in fields) for r in text.rows(table)]
        want = [tuple(_flat(getattr(r, f)) for f in fields) for r in pdf.rows(table)]
        checks += [(f"{table} {w[:3]}"[:70], w in got) for w in want]
        assert len(got) == len(want), table
    missed = [label for label, ok in checks if not ok]
    with capsys.disabled():
        print(f"\ngz_zsj_2026_project_targets rendering: {len(checks) - len(missed)}/"
              f"{len(checks)} of the PDF's records found (missed: {missed})")
    assert not missed
    assert len(checks) == 70 + 150 + 404


TARGET_TABLE_FIELDS = {
    "declaration_project": ("project_name", "department_name", "unit_name", "fiscal_year",
                            "year_request_yuan", "year_appropriation_yuan", "year_other_yuan",
                            "annual_goal"),
    "form_amount": ("block", "row_label", "parent_label", "unit_name", "column_label", "value",
                    "amount_yuan", "unit_printed", "department_name", "fiscal_year",
                    "table_name"),
    "declaration_indicator": ("project_name", "level1", "level2", "indicator_name",
                              "target_raw", "target_op", "target_value", "target_unit"),
}


def _target_table_records(extraction) -> Counter:
    """A 目标表's records as (table, page, fields), prose without its spaces; a project's and
    an indicator's page is its row's (the page of the amounts printed on its line)."""
    page_of = {r.line_start: r.page for r in extraction.rows("form_amount")}
    return Counter((table, page_of[r.line_start], *(_flat(getattr(r, f)) for f in fields))
                   for table, fields in TARGET_TABLE_FIELDS.items()
                   for r in extraction.rows(table))


# The indicators printing "PM2.5" with its "2.5" as a subscript, below the line, by page (so
# does p. 37's goal): the PDF reader sets it on the line of the "M" it follows; pdftotext
# prints it in place, or once (p. 14) on a line of its own under the space it leaves, which
# the reader sets back.
SUBSCRIPT_PAGES = [14, 17, 21, 21, 47, 65, 92, 119, 126, 136]


def test_the_environment_bureaus_target_table_rendering_gives_the_pdfs_records(capsys):
    """广州市生态环境局 2026's 项目支出绩效目标表, 140 pages rendered whole: the 合计, each
    资金使用单位's subtotal, each project's amounts, name, unit and 绩效目标, and every
    indicator of its 绩效指标 cell are the PDF's, on the same page. Its rows whose every goal
    line runs one space from an indicator line (pp. 34, 73, 75, 120) are parted where the
    page's other rows show the 绩效指标 cell's edge; a goal line of narrow digits running past
    that edge stays the goal's (p. 75); a goal's figure one space from its words ("策划开展 4
    场生", p. 66) marks no edge; a subscript printed on a line of its own is set back in place
    (p. 14). No row crosses a page break: every page's first row prints
    its name and amounts, in the PDF as in the rendering. The "PM2.5" subscripts are read in
    place from both (SUBSCRIPT_PAGES), none lost or moved into another word."""
    pdf = _target_table_records(extract(CORPUS / "2_target" / "gz_sthj_2026_project_targets.pdf"))
    text = _target_table_records(extract(CORPUS / "text" / STHJ_RENDERING))
    missed = pdf - text
    with capsys.disabled():
        print(f"\n{STHJ_RENDERING}: {pdf.total() - missed.total()}/{pdf.total()} of the PDF's"
              f" records found (missed: {list(missed)[:5]})")
    tables = Counter(r[0] for r in pdf.elements())
    assert tables == {"declaration_project": 300, "form_amount": 695,
                      "declaration_indicator": 1761}
    assert not missed
    assert text == pdf
    # Every "PM" reads "PM2.5" (none lost, none moved into another word) but where p. 42's
    # goal prints the bare word; the indicators printing it are the ten whose "2.5" is a
    # subscript.
    assert [m for r in pdf.elements() for v in r if isinstance(v, str)
            for m in re.findall(r"..PM(?!2\.5)..", v)] == ["物（PM）等"]
    assert sorted(r[1] for r in pdf.elements() if r[0] == "declaration_indicator"
                  and "PM2.5" in "".join(map(str, r))) == SUBSCRIPT_PAGES


def test_a_project_target_table_rendering_with_lines_of_no_row_is_set_aside(tmp_path):
    """A run of a rendering's lines between two rows, as far from either, cannot be given to
    one: the document is set aside with the line, never half read."""
    path = CORPUS / "text" / "gz_zsj_2026_project_targets.pdftotext-layout.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    k = next(n for n, ln in enumerate(lines) if ln.startswith("合计"))
    # 合计 and the first subtotal stand one blank line apart; a line between them, with a
    # blank line on each side, belongs to neither.
    assert lines[k + 1] == "" and lines[k + 2].strip()
    broken = tmp_path / path.name
    broken.write_text("\n".join([*lines[:k + 1], "", " " * 50 + "说明", *lines[k + 1:]]),
                      encoding="utf-8")
    with pytest.raises(ExtractionError, match=r"page 1: a 绩效目标表 rendering not read \(line"):
        extract(broken)


def test_a_target_table_row_of_amounts_with_no_name_is_not_dropped(tmp_path):
    """A project row whose name is gone (its lines blanked: as a row continued from the page
    before would print it) but whose amounts stand is half a row: the document is set aside
    naming its page and line, the row never dropped in silence."""
    path = CORPUS / "text" / "gz_zsj_2026_project_targets.pdftotext-layout.txt"
    text = path.read_text(encoding="utf-8")
    start = text.index("1,391.47") - 400
    for line in (" 广州市政务服务\n", "和数据管理局数字\n", "政府运营中心穗智\n",
                 "管运营服务项目\n"):
        k = text.index(line, start)
        text = text[:k] + " " * (len(line) - 1) + "\n" + text[k + len(line):]
    broken = tmp_path / path.name
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ExtractionError, match=r":24: page 1: a row of the 绩效目标表 prints "
                                              r"amounts with no name \(1391.47, 1391.47\)"):
        extract(broken)


def test_the_evaluation_reports_rendering_gives_the_pdfs_records(capsys):
    """长沙's 财政项目支出绩效评价报告: the report row (cover, the 项目支出情况表's 合计, the
    综合评分 and 评价级次), every cell of the 项目支出情况表 on its page (names wrapped around
    their figures, item numbers printed against the names, a 指标结余 "-" run into the 原因
    words) and every figure the prose quotes are the PDF's. The quotes' lines are the
    document's own (the rendering's lines are not the PDF reader's), so they are left out."""
    pdf = extract(CORPUS / "3_eval_report" / "changsha_gzw_2020_eval_report.pdf")
    text = extract(CORPUS / "text" / "changsha_gzw_2020_eval_report.pdftotext-layout.txt")
    tables = {
        "evaluation_report": ("project_name", "fiscal_year", "unit_name", "department_name",
                              "approved_budget_yuan", "actual_spending_yuan",
                              "execution_rate_pct", "total_score", "grade", "report_date_text"),
        "form_amount": ("page", "block", "item_no", "row_label", "parent_label", "column_label",
                        "value", "unit_printed", "amount_yuan"),
        "evaluation_quote": ("figure", "subject", "value", "value_text", "unit", "text"),
    }
    checks: list[tuple[str, bool]] = []
    for table, fields in tables.items():
        got = [tuple(getattr(r, f) for f in fields) for r in text.rows(table)]
        want = [tuple(getattr(r, f) for f in fields) for r in pdf.rows(table)]
        checks += [(f"{table} {w[:4]}"[:70], w in got) for w in want]
        assert len(got) == len(want), table
    missed = [label for label, ok in checks if not ok]
    with capsys.disabled():
        print(f"\nchangsha_gzw_2020_eval_report rendering: {len(checks) - len(missed)}/"
              f"{len(checks)} of the PDF's records found (missed: {missed})")
    assert not missed
    assert len(checks) == 1 + 84 + 39


WANLI_RENDERING = CORPUS / "text" / "ptq_wanli_2023_dept_budget.pdftotext-layout.txt"
# Provenance differs between a PDF and its text (lines); the records must not.
FORM_PROVENANCE = {"source_file", "source_sha256", "line_start", "line_end", "seq"}


def _form_records(extraction, table: str) -> list[tuple]:
    return [tuple((k, v) for k, v in dataclasses.asdict(r).items() if k not in FORM_PROVENANCE)
            for r in extraction.rows(table)]


def test_the_project_forms_rendering_gives_the_pdfs_records(capsys):
    """上海's 财政项目支出绩效目标填报表, five bound at the end of 万里街道's 2023 budget (pp.
    31-35, one a page): each form's labels (项目名称 … 计划完成日期), its funding block's
    amounts on the project's side and the year's (in 元, the unit its outer label names), its
    two goals (printed side by side, a left line one space from a right one on p. 34), and
    every indicator with its 一级 / 二级 labels (printed at their merged cells' middles: p.
    34's 数量指标 over 15 rows, two of them below the line it stands on) and 年度指标值 are the
    PDF's, record for record."""
    pdf = extract(CORPUS / "4_budget" / "ptq_wanli_2023_dept_budget.pdf")
    text = extract(WANLI_RENDERING)
    checks: list[tuple[str, bool]] = []
    for table in ("declaration_project", "declaration_indicator"):
        got = _form_records(text, table)
        want = _form_records(pdf, table)
        checks += [(f"{table} {dict(w)['project_name']} {dict(w).get('indicator_name', '')}",
                    w in got) for w in want]
        assert len(got) == len(want), table
    missed = [label for label, ok in checks if not ok]
    with capsys.disabled():
        print(f"\n{WANLI_RENDERING.name}: {len(checks) - len(missed)}/{len(checks)} of the "
              f"PDF's 填报表 records found (missed: {missed})")
    assert not missed
    assert len(checks) == 5 + 65


def _form_pages_of(text: str):
    """The rendering's 填报表 pages read alone (in a budget, a form set aside leaves the
    budget's own records standing: the reason is the target forms' reader's)."""
    from orchestration.extract import declaration_layout, sections

    doc = SourceDocument.from_bytes(WANLI_RENDERING.name, text.encode())
    layout = registry.layout_of(doc)
    pages = [p for s in sections.sections(layout) if s.kind == "target_declaration"
             for p in s.pages]
    assert pages[:5] == [31, 32, 33, 34, 35]
    return declaration_layout.extract(doc, layout, pages)


@pytest.mark.parametrize(("printed", "broken", "reason"), [
    # p. 34's goals: a left line one space from a right one, the space taken out.
    ("坚持做到严防发生吸毒人员因吸 提升辖区", "坚持做到严防发生吸毒人员因吸提升辖区",
     r"page 34: .*cells run together"),
    # A 二级 label that is none of the template's.
    ("数量指标               基干民兵", "数量目标               基干民兵",
     r"page 34: .*'数量目标' under the 一级 / 二级 headers is no label"),
    # A 指标值 wrapped onto a second line: no indicator beside its second line.
    ("=5.00(万人次)\n", "=5.00(\n" + " " * 70 + "万人次)\n",
     r"page 34: .*a 指标值 with no indicator beside it"),
    # The funding block's outer label naming no unit.
    ("      项目资金\n               其中", "      项目经费\n               其中",
     r"page 31: .*unit label \('项目经费（元）'\)"),
])
def test_a_project_forms_rendering_out_of_place_is_set_aside(printed, broken, reason):
    """A 填报表 page whose cells do not come apart as the template's is set aside, naming its
    page and why, never half read: the document's forms are not read from the rendering."""
    text = WANLI_RENDERING.read_text(encoding="utf-8")
    assert text.count(printed) == 1
    broken_text = text.replace(printed, broken)
    with pytest.raises(ExtractionError, match=reason):
        _form_pages_of(broken_text)
    # Through the registry, the budget is read and its forms left out.
    doc = SourceDocument.from_bytes(WANLI_RENDERING.name, broken_text.encode())
    assert not registry.extract(doc).rows("declaration_project")


# --- the grouping functions --------------------------------------------------------------------

def _rows(text: str) -> tuple[Row, ...]:
    return from_layout_text(text).pages[0].tables[0].rows


def _has_figure(row: Row) -> bool:
    return any(c.text[:1].isdigit() for c in row.cells)


def test_from_layout_text_keeps_no_page_after_the_last_form_feed():
    """pdftotext ends its last page with a form feed ("\\f", no line end after it), as it parts
    the pages: no empty page follows (a form's section would end a page late)."""
    for text in ("一   1\n\f二   2\n\f", "一   1\n\f二   2\n\f\n"):
        assert [p.number for p in from_layout_text(text).pages] == [1, 2]


def test_band_rows_joins_a_cell_wrapped_above_and_below_its_figures():
    rows = _rows("名称         金额\n"
                 "\n"
                 "培养实践锻炼、跟\n"
                 "                 110\n"
                 "班学习干部人数\n"
                 "培训人数         300\n")
    got = band_rows(rows, lambda r: _has_figure(r) or r.cells[0].text == "名称")
    assert [[c.text for c in r.cells] for r in got] == [
        ["名称", "金额"], ["培养实践锻炼、跟班学习干部人数", "110"], ["培训人数", "300"]]
    assert [r.lines for r in got] == [(1, 1), (3, 5), (6, 6)]


def test_band_rows_gives_a_piece_to_the_row_its_cell_is_centred_on():
    """"标" is nearer the lower row, but the upper row's cell has its mirror ("成本指")."""
    rows = _rows("成本指  参加培训学员人均\n"
                 "                   20\n"
                 "标      培训费\n"
                 "                   30\n"
                 "        培训人数\n")
    got = band_rows(rows, _has_figure)
    assert [[c.text for c in r.cells] for r in got] == [
        ["成本指标", "参加培训学员人均培训费", "20"], ["培训人数", "30"]]


def test_band_rows_keeps_lines_past_a_blank_line_as_their_own_rows():
    rows = _rows("部门整体绩效自评表\n\n专项名称     127\n")
    got = band_rows(rows, _has_figure)
    assert [[c.text for c in r.cells] for r in got] == [["部门整体绩效自评表"], ["专项名称", "127"]]


def test_band_rows_without_anchors_keeps_the_lines():
    rows = _rows("一\n二\n")
    assert band_rows(rows, _has_figure) == rows


def test_split_cjk_gaps_parts_two_cells_printed_one_space_apart():
    row = Row((Cell("社会效益指标 每日实现热线服务小时数", 14, 32),
               Cell("1. 一般公共预算资金", 40, 51)), 1, 1)
    assert [(c.text, c.x0) for c in split_cjk_gaps(row).cells] == [
        ("社会效益指标", 14), ("每日实现热线服务小时数", 21), ("1. 一般公共预算资金", 40)]


def test_strip_margin_drops_an_outer_label_printed_down_the_margin():
    label = ["财政资", "金安排", "和使用", "情况"]
    rows = [Row((Cell(t, 0, len(t)), Cell("合计", 9, 11)), k, k) for k, t in enumerate(label, 1)]
    rows.append(Row((Cell("一级指标", 6, 10),), 5, 5))
    assert [[c.text for c in r.cells] for r in strip_margin(rows)] == [["合计"]] * 4 + [
        ["一级指标"]]
    # Two pieces at a continued page's edge are a column's own label ("满意度 / 指标").
    assert strip_margin(rows[2:]) == rows[2:]


def test_join_spaced_keeps_a_figure_with_its_words():
    row = Row((Cell("次年", 38, 40), Cell("2", 41, 42), Cell("月份前", 43, 46),
               Cell("10", 60, 62), Cell("9", 66, 67)), 1, 1)
    assert [c.text for c in join_spaced(row).cells] == ["次年 2 月份前", "10", "9"]


def test_tile_places_each_label_at_the_middle_of_its_block():
    spans = [(1, 1), (2, 2), (3, 3), (5, 5), (6, 6)]
    assert _tile(spans, [(2.0, "数量指标"), (5.5, "质量指标")], None) == [
        "数量指标"] * 3 + ["质量指标"] * 2
    # Rows above the page's first label keep the label carried over the page break.
    assert _tile(spans, [(5.5, "质量指标")], "效益指标") == ["效益指标"] * 3 + ["质量指标"] * 2
    assert _tile(spans, [], "效益指标") == ["效益指标"] * 5


def test_band_rows_parts_two_header_words_printed_down_one_column():
    """A squeezed header prints 得分 ("得" above, "分" below) over 分值's own column."""
    rows = _rows(" 得\n分值\n 分\n")
    words = {"分值", "得分"}
    got = band_rows(rows, lambda r: any(c.text == "分值" for c in r.cells), words.__contains__)
    assert [c.text for c in got[0].cells] == ["分值", "得分"]


def test_match_puts_figures_in_their_columns_in_order():
    columns = [(n, Cell(n, x, x + 4)) for n, x in (("approved", 10), ("allocated", 20),
                                                   ("executed", 30), ("rate", 40))]
    figures = [Cell("1.00", 10, 14), Cell("1.00", 29, 33), Cell("50%", 41, 44)]
    assert [n for n, _ in _match(figures, columns)] == ["approved", "executed", "rate"]
    # More figures than columns: none is placed, unless a far one may be left out.
    extra = [*figures, Cell("1", 5, 6), Cell("2", 70, 71)]
    assert _match(sorted(extra, key=lambda c: c.x0), columns[:3]) == []
    assert [n for n, _ in _match(sorted([*figures, Cell("2", 70, 71)], key=lambda c: c.x0),
                                 columns, skip=10)] == ["approved", "executed", "rate"]



def test_match_keeps_a_figure_to_the_columns_of_its_kind():
    """`fits` bars a pairing (a rate only in the rate column), `required` a column left blank:
    p. 100's total row "272.58 272.58 272.58 1000% 10" under a squeezed header whose 分值 sits
    over the third amount (its 全年预算数 and 全年执行数 required, its 分值 blank)."""
    columns = [(n, Cell(n, x0, x1)) for n, x0, x1 in (
        ("initial_budget_wan", 26, 31), ("full_year_budget_wan", 34, 42),
        ("executed_wan", 43, 50), ("weight", 51, 53), ("execution_rate_pct", 54, 62),
        ("score", 66, 68))]
    figures = [Cell("272.58", 27, 33), Cell("272.58", 37, 43), Cell("272.58", 49, 55),
               Cell("1000%", 65, 70), Cell("10", 81, 83)]
    by_place = [n for n, _ in _match(figures, columns)]
    assert "executed_wan" not in by_place  # nearest the 分值 header: the execution lost

    def fits(figure: Cell, name: str) -> bool:
        return not figure.text.endswith("%") or name == "execution_rate_pct"

    got = {n: c.text for n, c in _match(figures, columns, fits=fits, required=TOTAL_REQUIRED)}
    assert got == {"initial_budget_wan": "272.58", "full_year_budget_wan": "272.58",
                   "executed_wan": "272.58", "execution_rate_pct": "1000%", "score": "10"}
    # No pairing fits: nothing placed (the caller falls back to place alone).
    assert _match([Cell("5%", 1, 3)], columns[:2], fits=fits) == []


def test_funding_columns_learn_from_a_total_row_with_a_blank():
    """A project form's 年度资金总额 row leaving its 分值 blank shows where the other columns
    stand; a later row's amount printed off its column (p. 138's 其他资金 execution, nearer
    the 分值 header) goes to a column the total row filled."""
    header = Row(tuple(Cell(t, x0, x1) for t, x0, x1 in (
        ("年初预算数", 28, 33), ("全年预算数（A）", 40, 48), ("全年执行数（B）", 53, 61),
        ("分值", 75, 77), ("执行率（B/A）", 81, 89), ("得分", 98, 100))), 7, 1)
    cols = _columns(header, FUNDING_WORDS, text=True, learn=True)
    cols.required = TOTAL_REQUIRED

    def row(*cells: tuple[str, int, int]) -> Row:
        return Row(tuple(Cell(t, x0, x1) for t, x0, x1 in cells), 9, 2)

    total = cols.place(row(("7614.74", 29, 36), ("7614.74", 42, 49), ("7614.74", 57, 64),
                           ("1000%", 85, 90), ("10", 99, 101)))
    assert total == {"initial_budget_wan": "7614.74", "full_year_budget_wan": "7614.74",
                     "executed_wan": "7614.74", "execution_rate_pct": "1000%", "score": "10"}
    assert cols.filled == frozenset(total)
    other = cols.place(row(("2114.74", 29, 36), ("2114.74", 42, 49), ("2114.74", 65, 72),
                           ("—", 86, 87), ("—", 99, 100)))
    assert other["executed_wan"] == "2114.74" and "weight" not in other
    # A figure no filled column takes (a rate where the total row prints none) is placed by
    # where it stands, for the check to set aside.
    assert cols.place(row(("3", 29, 30), ("4", 42, 43), ("5", 57, 58), ("12", 75, 77),
                          ("7", 85, 86), ("8", 99, 100)))["weight"] == "12"



def test_band_rows_keeps_a_header_character_beside_a_figure_off_its_row():
    """"分 / 值" wrapped around a squeezed header's middle line (p. 104), "值" printed just
    right of the total row's third amount: a character beside a figure is not its cell's,
    it joins the header line above; a wider word beside a figure stays the row's."""
    text = ("                           全年预算数 全年执行数 分\n"
            "               年初预算数                          执行率（B/A）            得分\n"
            "                             （A）   （B）   值\n"
            "  年度资金总额           370       370      370          100%           10\n")
    # Each line but the third an anchor (the upper header line holds two header words).
    rows = band_rows(_rows(text), lambda r: r.cells[0].text != "（A）")
    header = next(r for r in rows if any(c.text == "年初预算数" for c in r.cells))
    assert "值" in [c.text for c in header.cells]
    total = next(r for r in rows if r.cells[0].text == "年度资金总额")
    assert [c.text for c in total.cells] == ["年度资金总额", "370", "370", "370", "100%", "10"]


def test_wrapped_header_words_are_joined_across_the_header_lines():
    """A header word wrapped from the upper line, a row of its own, into the lower ("执行率（"
    / "B/A）", "分" / "值"): read as one word over both pieces; whole words are left alone."""
    def row(*cells: tuple[str, int, int]) -> Row:
        return Row(tuple(Cell(t, x0, x1) for t, x0, x1 in cells), 1, 1)

    upper = row(("全年预算数", 44, 49), ("全年执行数", 50, 55), ("执行率（", 73, 77),
                ("分", 80, 81))
    lower = row(("年初预算数", 34, 39), ("（A）", 45, 48), ("分值", 67, 69), ("B/A）", 74, 78),
                ("值", 82, 83))
    got = _wrapped_words(upper, lower, FUNDING_WORDS)
    assert got == {"execution_rate_pct": Cell("执行率（B/A）", 73, 78),
                   "weight": Cell("分值", 80, 83)}
    # Pieces far apart are not one word.
    assert _wrapped_words(row(("分", 10, 11)), row(("值", 20, 21)), FUNDING_WORDS) == {}


def test_the_total_row_opens_after_a_level_labels_weight_joined_to_it():
    """"（10分）", the 满意度 label's last line printed over the blank line before the 总分
    row, is joined to it (p. 120): the row is still the 总分 row, its figures after the word."""
    def row(*texts: str) -> Row:
        return Row(tuple(Cell(t, 10 * k, 10 * k + len(t)) for k, t in enumerate(texts)), 1, 1)

    assert _total_cell(row("总分", "100", "100")) == 0
    assert _total_cell(row("（10分）", "总分", "100", "100")) == 1
    assert _total_cell(row("满意度", "总分", "100")) is None
    assert _total_cell(row("患者满意度", "≥95%", "10", "10")) is None



def test_a_funding_labels_last_line_beside_its_first_is_joined():
    """"上年结转资 / 金" (p. 98): the last line, pushed left of the first line's start, is a
    cell of its own beside it; joined, the row is the 上年结转资金 row. A piece that does
    not complete a label, or stands apart, is left alone."""
    def row(*cells: tuple[str, int, int]) -> Row:
        return Row(tuple(Cell(t, x0, x1) for t, x0, x1 in cells), 12, 5, (12, 13))

    got = _joined_label(row(("金", 13, 14), ("上年结转资", 16, 21), ("—", 75, 76)))
    assert [c.text for c in got.cells] == ["上年结转资金", "—"]
    assert (got.cells[0].x0, got.cells[0].x1, got.lines) == (13, 21, (12, 13))
    kept = row(("款", 13, 14), ("上年结转资", 16, 21))
    assert _joined_label(kept) == kept
    far = row(("金", 5, 6), ("上年结转资", 16, 21))
    assert _joined_label(far) == far



def test_a_figure_under_a_level_header_is_its_labels_weight():
    """p. 101 prints 产出指标's weight bare on a line of its own ("产出指标 / 50"), joined to the
    时效指标 row: under the 一级指标 header it is the label's words, not one of the row's
    figures (which would push 12月 out of the 实际完成值)."""
    header = Row(tuple(Cell(t, x0, x1) for t, x0, x1 in (
        ("一级指标", 7, 11), ("二级指标", 16, 20), ("三级指标", 29, 33), ("年度指标值", 39, 44),
        ("实际完成值", 52, 57), ("分值", 70, 72), ("得分", 86, 88))), 22, 1)
    cols = _columns(header, INDICATOR_COLUMNS, text=True)
    row = Row(tuple(Cell(t, x0, x1) for t, x0, x1 in (
        ("50", 9, 11), ("时效指标", 16, 20), ("项目实施时效", 28, 34), ("12月", 42, 45),
        ("12月", 57, 60), ("10", 70, 72), ("10", 86, 88))), 30, 2)
    assert cols.place(row) == {"level1": "50", "level2": "时效指标", "name": "项目实施时效",
                               "target": "12月", "actual": "12月", "weight": "10",
                               "score": "10"}



def test_a_short_goal_right_over_the_indicator_header_is_a_goal_row():
    """p. 105 prints its goals ("2022年完成设备采购", "完成") right over the indicator header's
    wrapped upper line, no blank line between: the goal line is a row of its own, the header
    pieces ("二级", "年度", …) the header's."""
    text = ("年度总体目标完     预期目标（年初设定）          实际完成情况\n"
            "\n"
            "                 2022年完成设备采购             完成\n"
            "      二级                年度      实际                偏差原因分析及改进措\n"
            "一级指标     三级指标                     分值    得分\n"
            "      指标                指标值    完成值               施\n"
            "\n"
            "产出指标 数量指标  购置设备数量    1         1        20      20\n")
    layout, _ = _regrouped(from_layout_text(text), [1])
    rows = layout.pages[0].tables[0].rows
    goal = next(r for r in rows if r.line == 3)
    assert [c.text for c in goal.cells] == ["2022年完成设备采购", "完成"]
    header = next(r for r in rows if r.line == 5)
    assert {"二级指标", "年度指标值", "实际完成值"} <= {c.text for c in header.cells}
    assert _header_pieces(rows[0]) is False
    assert _header_pieces(Row((Cell("二级", 0, 2), Cell("偏差原因分析及改进措", 9, 19)), 1, 1))




def _printed_at(pieces: list[tuple[int, str]]) -> str:
    """A rendering's line: each piece starting at its character column (a CJK character one
    column, as pdftotext -layout counts)."""
    line = ""
    for x, text in pieces:
        line += " " * (x - len(line)) + text
    return line

def test_band_rows_joins_a_header_piece_touching_the_one_it_mirrors():
    """p. 111: "实际", two lines over the header's anchor line, is printed a character right of
    "完成值" under it (touching, not overlapping): it mirrors that piece across the anchor
    and joins the header ("实际完成值"), not the goal line right above it."""
    lines = [[(1, "情况"), (22, "保障疫情防控物资充足"), (63, "有效保障疫情防控")],
             [(16, "二级"), (42, "年度"), (55, "实际")],
             [(77, "偏差原因分析及改进")],
             [(7, "一级指标"), (27, "三级指标"), (63, "分值"), (70, "得分")],
             [(16, "指标"), (40, "指标值"), (52, "完成值"), (81, "措施")]]
    text = "".join(_printed_at(line) + "\n" for line in lines)
    rows = band_rows(_rows(text), lambda r: r.line in (1, 4), lambda t: t in INDICATOR_COLUMNS)
    assert [c.text for c in rows[0].cells] == ["情况", "保障疫情防控物资充足", "有效保障疫情防控"]
    assert "实际完成值" in [c.text for c in rows[1].cells]



def test_band_rows_reaches_an_anchor_across_a_margin_labels_line():
    """p. 116: a name's first line, a blank line above it and the 绩效指标 label's "绩效指"
    (left out of the rows) below it, would be a row of its own; the label's line is printed,
    so the piece reaches the row below. Without `printed` it stays loose."""
    text = ("成本指标  设备购置金额        1120万   10   10\n"
            "\n"
            "      能在超声检查中提供\n"
            "绩效指\n"
            "经济效益  的检查结果          完成     10   8\n")
    rows = [r for r in _rows(text) if r.line != 4]

    def anchor(r: Row) -> bool:
        return _has_figure(r)

    joined = band_rows(rows, anchor, printed={1, 3, 4, 5})
    assert [c.text for c in joined[-1].cells][:2] == ["经济效益", "能在超声检查中提供的检查结果"]
    assert joined[-1].lines == (3, 5)
    alone = band_rows(rows, anchor)
    assert [c.text for c in alone[1].cells] == ["能在超声检查中提供"]



def test_a_value_parted_at_an_ideograph_gap_is_joined_under_its_column():
    """p. 119's 指标值 "项目实施质量 建筑标准符合国家质量标准", pushed left of its header: the
    part under no header, one space from the part under 年度指标值, joins it (else the
    row's figures would take it and its 分值 be lost); parts under two headers stay two."""
    header = Row(tuple(Cell(t, x0, x1) for t, x0, x1 in (
        ("一级指标", 7, 11), ("二级指标", 19, 21), ("三级指标", 38, 42), ("年度指标值", 66, 69),
        ("实际完成值", 88, 91), ("分值", 99, 101), ("得分", 108, 110))), 19, 1)
    cols = _columns(header, INDICATOR_COLUMNS, text=True)
    row = Row(tuple(Cell(t, x0, x1) for t, x0, x1 in (
        ("质量指标", 18, 22), ("项目实施质量", 31, 37), ("项目实施质量", 56, 62),
        ("建筑标准符合国家质量标准", 63, 75), ("已完成", 88, 91), ("12.5", 99, 103),
        ("12.5", 108, 112))), 25, 2)
    placed = cols.place(row)
    assert placed["target"] == "项目实施质量建筑标准符合国家质量标准"
    assert (placed["actual"], placed["weight"], placed["score"]) == ("已完成", "12.5", "12.5")
    two = [Cell("≤396万元", 62, 68), Cell("达到", 69, 71)]
    assert cols._rejoined(two) == two  # the left part under a header itself: kept apart


def _target_rows(body: list[str]):
    """A page of the 目标表's rendering: its own header lines over `body`."""
    path = CORPUS / "text" / "gz_zsj_2026_project_targets.pdftotext-layout.txt"
    header = path.read_text(encoding="utf-8").split("\n")[4:7]
    layout = from_layout_text("\n".join([*header, "", *body]))
    return project_rows(layout.pages[0].tables[0].rows, layout.text.split("\n"), None)[1]


GOAL = " " * 45
INDICATORS = " " * 71


def test_project_rows_parts_a_goal_line_printed_one_space_from_an_indicator_line():
    """The 绩效指标 cell starts at the leftmost piece right of the 绩效目标 header's middle; a
    goal line running up to it is parted at the space nearest that edge, and a line of the
    goal's own words past a blank line inside the cell stays the row's."""
    rows = _target_rows([
        INDICATORS + "1、1-产出指标；11-数量指标；培训人数；实施周期",
        GOAL + "通过开展本项目，提升服务效能 指标值:≥10人；年度指标值:≥5人。",
        " 培训项目     12.50     12.50",
        "",
        GOAL + "保障工作开展。",
    ])
    assert len(rows) == 1
    row, cells = rows[0]
    assert (cells["name"], cells["total"], cells["appropriation"]) == ("培训项目", "12.50",
                                                                       "12.50")
    assert cells["goal"] == "通过开展本项目，提升服务效能保障工作开展。"
    assert cells["indicators"] == ("1、1-产出指标；11-数量指标；培训人数；实施周期"
                                   "指标值:≥10人；年度指标值:≥5人。")
    assert row.lines == (row.line - 2, row.line + 2)


def test_project_rows_sets_aside_a_row_continued_from_the_page_before():
    with pytest.raises(ValueError, match="a row continued from the page before"):
        _target_rows([GOAL + "保障工作开展。", "", "", "", " 培训项目     12.50     12.50"])


def test_project_rows_sets_aside_a_goal_run_into_its_indicators():
    """No piece stands right of the 绩效目标 header's middle: the cells' edge is not found,
    and the goal would hold the indicators' words."""
    with pytest.raises(ValueError, match="run together"):
        _target_rows([GOAL + "提升服务效能1、1-产出指标；11-数量指标；实施周期指标值:≥10人",
                      " 培训项目     12.50     12.50"])


def _goal_row(name_and_amounts: str, goal: str) -> str:
    """A row's anchor line: its name and amounts, then a goal line at the goal's column."""
    return f"{name_and_amounts:<45}{goal}"


def test_project_rows_parts_a_row_run_into_its_indicators_at_the_pages_edge():
    """A row whose every goal line runs one space from an indicator line shows no edge of its
    own: it is parted where the page's other row shows the 绩效指标 cell starting (column
    71), at the space nearest it (the goal lines fill their cell up to column 70; a goal's own
    space further off stays the goal's)."""
    rows = _target_rows([
        INDICATORS + "1、1-产出指标；11-数量指标；培训人数；实施周期",
        _goal_row(" 培训项目     12.50     12.50", "保障工作开展。"),
        "",
        GOAL + "通过开展本项目，提升全市服务效能，营造良好的社会氛 指标值:≥10人；年度指标值:≥5人。",
        _goal_row(" 宣传项目      3.00      3.00",
                  "围，全年开展 VOCs 环保宣传活动共十场，覆盖盖 1、1-产出指标；11-数量指标；"),
        GOAL + "全市各区。 活动场次；实施周期指标值:10场；年度指标值:10场。",
    ])
    cells = rows[1][1]
    assert cells["goal"] == ("通过开展本项目，提升全市服务效能，营造良好的社会氛围，"
                             "全年开展 VOCs 环保宣传活动共十场，覆盖盖全市各区。")
    assert cells["indicators"] == ("指标值:≥10人；年度指标值:≥5人。1、1-产出指标；11-数量指标；"
                                   "活动场次；实施周期指标值:10场；年度指标值:10场。")


def test_project_rows_sets_aside_a_page_whose_rows_all_run_into_their_indicators():
    """With no row of the page showing the 绩效指标 cell's edge, the goal would hold the
    indicators' words: not guessed."""
    with pytest.raises(ValueError, match="run together"):
        _target_rows([
            GOAL + "通过开展本项目，提升服务效能，营造良好的社会氛 指标值:≥10人；年度指标值:≥5人。",
            _goal_row(" 宣传项目      3.00      3.00", "围。 1、1-产出指标；")])


def test_project_rows_takes_no_edge_from_a_goals_figure():
    """pdftotext prints a goal's figure one space from its words ("策划开展 4 场生"): that
    figure, right of the 绩效目标 header's middle, is the goal's, not the 绩效指标 cell's
    start (column 71, shown two spaces or more from the piece before it)."""
    rows = _target_rows([
        INDICATORS + "1、1-产出指标；11-数量指标；",
        GOAL + "策划开展生态环境保护宣传活动，全年合共计 4 场生 活动场次；实施周期",
        _goal_row(" 宣传项目      3.00      3.00",
                  f"{'态主题活动。':<26}指标值:4场；年度指标值:4场。"),
    ])
    cells = rows[0][1]
    assert cells["goal"] == "策划开展生态环境保护宣传活动，全年合共计 4 场生态主题活动。"
    assert cells["indicators"] == ("1、1-产出指标；11-数量指标；活动场次；实施周期指标值:4场；"
                                   "年度指标值:4场。")


def test_project_rows_sets_a_subscript_printed_on_a_line_of_its_own_back_in_place():
    """pdftotext may print "PM2.5"'s subscript on a line of its own, under the space it leaves
    ("PM 年均浓" over "2.5"): set back into that space, its line gone."""
    line = INDICATORS + "1、2-效益指标；23-生态效益；PM 年均浓"
    under = " " * line.index("M 年") + " 2.5"
    rows = _target_rows([line, under, INDICATORS + "度；实施周期指标值:≤27；年度指标值:≤27。",
                         _goal_row(" 大气项目      3.00      3.00", "改善空气质量。")])
    assert rows[0][1]["indicators"] == (
        "1、2-效益指标；23-生态效益；PM2.5年均浓度；实施周期指标值:≤27；年度指标值:≤27。")
    # In a goal line running one space from an indicator line, the subscript set in place
    # shifts no column (the line is parted where it was printed), and its own line, first on
    # its line right of the 绩效目标 header's middle, marks no edge.
    goal = "改善区域内年均浓度与臭氧浓度减少PM 年均 VOC"
    rows = _target_rows([INDICATORS + "1、2-效益指标；23-生态效益；",
                         GOAL + goal + " 年均浓度；实施周期指标值:≤27。",
                         " " * (len(GOAL) + goal.index("M ") + 1) + "2.5",
                         _goal_row(" 大气项目      3.00      3.00", "排放。")])
    assert (rows[0][1]["goal"], rows[0][1]["indicators"]) == (
        "改善区域内年均浓度与臭氧浓度减少PM2.5年均 VOC排放。",
        "1、2-效益指标；23-生态效益；年均浓度；实施周期指标值:≤27。")
    # A figure under words, not under a space, is no subscript: the line stays as printed.
    rows = _target_rows([line, " " + under, INDICATORS + "度；实施周期指标值:≤27。",
                         _goal_row(" 大气项目      3.00      3.00", "改善空气质量。")])
    assert rows[0][1]["indicators"] == (
        "1、2-效益指标；23-生态效益；PM 年均浓2.5度；实施周期指标值:≤27。")


def test_project_rows_keeps_a_goal_line_of_narrow_digits_running_past_the_edge():
    """A goal line of digits and Latin letters holds more characters than a line of Chinese:
    printed past the 绩效指标 cell's edge with no space, it is the goal's whole."""
    rows = _target_rows([
        INDICATORS + "1、1-产出指标；11-数量指标；系统数；实施周期",
        GOAL + "通过开展2026-2027年XC系统运维项目2026-2027",
        _goal_row(" 运维项目      3.00      3.00",
                  f"{'年度工作。':<26}指标值:1个；年度指标值:1个。"),
    ])
    cells = rows[0][1]
    assert cells["goal"] == "通过开展2026-2027年XC系统运维项目2026-2027年度工作。"
    assert cells["indicators"] == ("1、1-产出指标；11-数量指标；系统数；实施周期指标值:1个；"
                                   "年度指标值:1个。")


def test_join_letter_spaced_parts_two_spaced_cells_where_a_cell_below_starts():
    """Two justified cells side by side print one run of letters; the cells' last lines,
    left-aligned, show where the second starts."""
    rows = _rows("保障临床用血，推动 保 障 临 床 用 血 ， 保 障 临 床 用 血 ，\n"
                 f"{'发展':<10}{'可持续性发展':<14}可持续性发展\n")
    got = join_letter_spaced(rows)
    assert [c.text for c in got[0].cells] == [
        "保障临床用血，推动", "保障临床用血，", "保障临床用血，"]
    assert is_spaced(got[0].cells[1]) and not is_spaced(got[1].cells[1])
    # Without the line below, the run is one cell: which letters are whose cannot be told.
    assert [c.text for c in join_letter_spaced(rows[:1])[0].cells] == [
        "保障临床用血，推动", "保障临床用血，保障临床用血，"]


def test_strip_margin_drops_a_labels_last_piece_a_character_in():
    label = ["年度", "总体", "目标", "完成", " 况"]
    rows = [Row(row_cells(f"{t:<6}该项目保障采供血业务"), k, k) for k, t in enumerate(label, 1)]
    rows.append(Row(row_cells("      供应西安地区"), 6, 6))
    assert [[c.text for c in r.cells] for r in strip_margin(rows)] == [
        ["该项目保障采供血业务"]] * 5 + [["供应西安地区"]]


def test_split_cjk_gaps_parts_after_a_comma_or_a_closing_quote():
    """A goal's line ending in "、" or an indicator's in "”" one space from the next column."""
    row = Row((Cell("招标、安装、 西安地区医院", 0, 14), Cell("先进市” 无偿献血", 20, 29)), 1, 1)
    assert [c.text for c in split_cjk_gaps(row).cells] == ["招标、安装、", "西安地区医院",
                                                           "先进市”", "无偿献血"]
    # A cell's wrapped line starting with "、" one space from its neighbour's.
    row = Row((Cell("、模块化的音视频 、模块化的音视频", 0, 17),), 1, 1)
    assert [c.text for c in split_cjk_gaps(row).cells] == ["、模块化的音视频", "、模块化的音视频"]
    # Inside a phrase a space before a figure stays ("目标 1：").
    assert [c.text for c in split_cjk_gaps(Row((Cell("目标 1：", 0, 5),), 1, 1)).cells] == [
        "目标 1："]


FINAL_RENDERING = CORPUS / "text" / "gjxfj_2024_dept_final.pdftotext-layout.txt"
# Provenance differs between a PDF and its text (lines, rows); the figures and pages must not.
FINAL_PROVENANCE = {"source_file", "source_sha256", "line_start", "line_end", "seq", "table_no",
                    "row_no", "value_line", "label_line"}


def _final_records(extraction) -> list[tuple]:
    return sorted(
        (table, tuple(sorted((k, str(v)) for k, v in dataclasses.asdict(r).items()
                             if k not in FINAL_PROVENANCE)))
        for table, rows in extraction.tables.items() if table.startswith("final_")
        for r in rows)


def test_a_form_of_a_final_accounts_rendering_not_read_is_set_aside_by_its_page():
    """国家信访局's 决算 with its p. 32 绩效自评表 spoiled (a 二级 label that is none of the
    template's): that form is set aside, named with the page and the reason
    (Extraction.set_aside, raw.load_errors' document_loaded rows); the other forms and the
    决算's own records stay the same."""
    printed = "数量指标     发行量（万册）"
    text = FINAL_RENDERING.read_text()
    assert text.count(printed) == 1
    spoiled = text.replace(printed, printed.replace("数量指标", "数量目标"))
    got = registry.extract(SourceDocument.from_bytes(FINAL_RENDERING.name, spoiled.encode()))
    whole = extract(FINAL_RENDERING)
    assert [(e.page, e.message[:50]) for e in got.set_aside] == [
        (32, "page 32: a self-evaluation form is not read from t")]
    assert whole.set_aside == [] and len(whole.rows("self_evaluation_project")) == 4

    spoiled = next(r.project_name for r in whole.rows("self_evaluation_project")
                   if r.page == 32)  # its form runs on to p. 33

    def others(extraction, table: str) -> list[tuple]:
        return [(r.page, r.project_name, getattr(r, "indicator_name", None))
                for r in extraction.rows(table) if r.project_name != spoiled]

    for table in ("self_evaluation_project", "self_evaluation_indicator"):
        assert others(got, table) == others(whole, table)
        assert spoiled not in {r.project_name for r in got.rows(table)}
    assert _final_records(got) == _final_records(whole)


def test_a_final_accounts_rendering_gives_the_pdfs_records(capsys):
    """国家信访局 2024's 决算, rendered whole, gives the PDF's 决算 records, record for record,
    on the same pages: its tables' titles (the part's cover "国家信访局 2024 年度部门决算表"
    too), the two-sided summaries (收入 | 支出 side by side, 行次 numbers beside the 金额
    figures, a squeezed page's figures right-aligned only roughly), the coded tables, the 三公
    table (its merged 预算数 / 决算数 headers over the middle of their groups; placed by its
    栏次 row) and the prose."""
    got = _final_records(extract(FINAL_RENDERING))
    want = _final_records(extract(CORPUS / "5_final" / "gjxfj_2024_dept_final.pdf"))
    found = sum(1 for r in want if r in got)
    with capsys.disabled():
        print(f"\n{FINAL_RENDERING.name}: {found}/{len(want)} of the PDF's 决算 records found")
    tables = [t for t, _ in want]
    assert (tables.count("final_summary"), tables.count("final_three_public")) == (80, 10)
    assert len(want) > 370
    assert got == want


def test_a_three_public_rendering_without_its_column_numbers_is_set_aside():
    """Without the 栏次 row under its header, the 三公 table's figures cannot be placed in their
    预算数 / 决算数 groups (the merged headers print over the middle of their columns only): the
    rendering is refused, naming the page, not misread."""
    text = FINAL_RENDERING.read_text(encoding="utf-8")
    numbers = "  1      2      3       4     5        6       7          8       9         10"
    assert text.count(numbers) == 1
    text = "\n".join("" if line.startswith(numbers) else line for line in text.split("\n"))
    with pytest.raises(ExtractionError, match=r"page 15: .*placed by the 栏次 row"):
        registry.extract(SourceDocument.from_bytes(FINAL_RENDERING.name, text.encode()))


def test_a_three_public_figure_between_two_column_numbers_is_not_placed():
    """A figure standing as near one 栏次 number as the next is refused, not guessed."""
    from orchestration.extract.final_text import GroupColumn, column_at

    columns = [GroupColumn(2.5, "total", "合计", "budget"),
               GroupColumn(8.5, "total", "合计", "final")]
    assert column_at(columns, Cell("5.80", 0, 4)).stage == "budget"
    with pytest.raises(ValueError, match="as near column"):
        column_at(columns, Cell("5.80", 3, 8))


# --- 西安's form section: the grouping functions' later cases -------------------------------

def test_join_letter_spaced_keeps_a_figure_inside_a_spaced_cell():
    """A justified line prints a figure whole, one space from its letters ("临 床 用 血 100%
    来 自"): the figure is inside the cell, and two such cells side by side are parted where
    the cell below starts."""
    rows = _rows("保障西安市临床用血安 临 床 用 血 100% 来 自 临 床 用 血 100% 来 自\n"
                 f"{'全':<11}{'自愿无偿捐献':<17}自愿无偿捐献\n")
    got = join_letter_spaced(rows)
    assert [c.text for c in got[0].cells] == [
        "保障西安市临床用血安", "临床用血100%来自", "临床用血100%来自"]
    assert is_spaced(got[0].cells[1])
    # A figure does not start a run.
    assert [c.text for c in join_letter_spaced(_rows("100% 来 自 西 安\n"))[0].cells] == [
        "100%", "来自西安"]


def test_strip_margin_finds_a_label_a_character_in_from_a_wider_one():
    """"年度总体 / 目标完成" at the very edge, the 绩效指标 label's pieces one character in."""
    lines = ["年度总体  预期目标", " 情况  保证学校", " 绩", "      数量指标  惠及", " 效",
             " 指   经济效益指标", " 标"]
    rows = [Row(row_cells(t), k, k) for k, t in enumerate(lines, 1)]
    assert [[c.text for c in r.cells] for r in strip_margin(rows)] == [
        ["年度总体", "预期目标"], ["保证学校"], ["数量指标", "惠及"], ["经济效益指标"]]
    # Three pieces at the very edge are a column's own ("效益指 / 满意度 / 指标").
    rows = [Row(row_cells(t), k, k) for k, t in enumerate(
        ["效益指   标", "      国家", "满意度   服务", "指标    满意"], 1)]
    assert strip_margin(rows) == rows


def test_split_cjk_gaps_parts_two_values_and_a_wrapped_header_bracket():
    row = Row((Cell("350人（±10% 300-400人", 41, 59), Cell("全年预算数（A 全年执行", 70, 82),
               Cell("2023年 7月", 90, 99), Cell("全年预算数（ 全年执行数（", 100, 113)), 1, 1)
    assert [c.text for c in split_cjk_gaps(row).cells] == [
        "350人（±10%", "300-400人", "全年预算数（A", "全年执行", "2023年 7月", "全年预算数（",
        "全年执行数（"]


def test_band_rows_does_not_join_a_short_piece_beside_a_cells_own_line():
    """"时效" (a 二级 label's line) touches the name's first line, but "间", the name's last
    line, stands beside it on its line: "时效" is another column's."""
    rows = _rows("      异常发生时流调、采样等工作时\n"
                 "                                实时       8     8\n"
                 "时效   间\n")
    got = band_rows(rows, _has_figure)
    assert [c.text for c in got[0].cells] == ["时效", "异常发生时流调、采样等工作时间", "实时",
                                             "8", "8"]


def test_band_rows_gives_a_piece_under_a_header_to_the_row_it_is_centred_on():
    """A header's lower line ("指标值") over the first row is no top line of the row's value:
    "采购设备符合国家质量" belongs to the row below, whose line holds nothing in its column."""
    rows = _rows("              年度\n"
                 "名称\n"
                 "              指标值\n"
                 "购置数量        1套               12\n"
                 "             采购设备符合国家质量\n"
                 "项目实施质量                      14\n"
                 "             标准（进口）\n")
    words = {"名称", "年度指标值", "指标值"}
    got = band_rows(rows, lambda r: _has_figure(r) or r.cells[0].text == "名称",
                    words.__contains__)
    assert [[c.text for c in r.cells] for r in got[1:]] == [
        ["购置数量", "1套", "12"], ["项目实施质量", "采购设备符合国家质量标准（进口）", "14"]]


def _value_columns() -> _Columns:
    heads = {"name": (20, 24), "target": (42, 45), "actual": (51, 54), "weight": (63, 65),
             "score": (68, 70)}
    return _Columns({n: Cell(n, x0, x1) for n, (x0, x1) in heads.items()}, text=True)


def test_place_parts_two_values_one_space_apart_under_their_headers():
    row = Row((Cell("采购成本", 20, 24), Cell("达标 达标", 42, 54), Cell("10", 63, 65),
               Cell("10", 68, 70)), 1, 1)
    assert _value_columns().place(row) == {"name": "采购成本", "target": "达标",
                                               "actual": "达标", "weight": "10", "score": "10"}


def test_place_puts_values_off_their_headers_in_order():
    """"8项" right of its 年度指标值 header, a left-aligned value wider than its header: each
    value under no header is matched, in order, to the value columns left free."""
    row = Row((Cell("项目包含8项设备采购", 20, 30), Cell("8项", 46, 48), Cell("8项", 55, 57),
               Cell("10", 63, 65), Cell("10", 68, 70)), 1, 1)
    assert _value_columns().place(row) == {
        "name": "项目包含8项设备采购", "target": "8项", "actual": "8项", "weight": "10",
        "score": "10"}
    row = Row((Cell("引进先进的会议系统", 35, 44), Cell("引进先进的会议系统", 46, 55),
               Cell("15", 63, 65), Cell("15", 68, 70)), 1, 1)
    placed = _value_columns().place(row)
    assert (placed["target"], placed["actual"]) == ("引进先进的会议系统", "引进先进的会议系统")


def test_labels_join_the_pieces_of_a_template_label_however_far_apart():
    known = frozenset({"满意度指标", "产出指标", "效益指标"})
    assert [t for _, t in _labels([(48, "满意度"), (51, "指标"), (53, "（10分）")], known)] == [
        "满意度指标"]
    # A whole label is never continued by the next one.
    assert [t for _, t in _labels([(10, "产出指标"), (11, "效益指标")], known)] == [
        "产出指标", "效益指标"]


def test_tile_keeps_each_second_level_block_under_its_own_first_level():
    """产出指标 printed at the top of its cell: by the middles alone 成本指标's row would fall
    to 效益指标; its parent (seed indicator_levels) keeps it under 产出指标."""
    spans = [(1, 1), (3, 3), (6, 6), (11, 11), (14, 14)]
    labels = [(4.0, "产出指标"), (14.0, "效益指标")]
    assert _tile(spans, labels, None)[3] == "效益指标"
    parents = ["产出指标", "产出指标", "产出指标", "产出指标", "效益指标"]
    assert _tile(spans, labels, None, parents) == ["产出指标"] * 4 + ["效益指标"]


def test_goal_head_gives_the_words_joined_after_a_goal_header():
    cell = Cell("预期目标（年初设定）保障疫情防控工作顺利进行", 22, 34)
    rest = _goal_head(cell)
    assert rest is not None and rest.text == "保障疫情防控工作顺利进行"
    assert _goal_head(Cell("实际完成情况", 70, 76)).text == ""
    assert _goal_head(Cell("预期效果良好", 0, 6)) is None


def test_strip_margin_counts_the_templates_block_labels_a_character_in():
    """"年度总 / 体目标 / 完成情" at the very edge are three pieces, too few alone; with " 况" and
    the 绩效指标 label's pieces a character in, all pieces of the template's block labels."""
    lines = ["年度总  预期目标", "体目标  保证学校", "完成情", " 况     供应", " 绩",
             "      数量指标  惠及", " 效", " 指   经济效益指标", " 标"]
    rows = [Row(row_cells(t), k, k) for k, t in enumerate(lines, 1)]
    assert strip_margin(rows) == rows
    got = strip_margin(rows, labels=("年度总体目标完成情况", "绩效指标"))
    assert [[c.text for c in r.cells] for r in got] == [
        ["预期目标"], ["保证学校"], ["供应"], ["数量指标", "惠及"], ["经济效益指标"]]


def test_labels_take_a_weight_printed_without_brackets():
    known = frozenset({"产出指标", "满意度指标"})
    assert [t for _, t in _labels([(10, "产出指"), (11, "标50分")], known)] == ["产出指标"]
    assert [t for _, t in _labels([(20, "满意度"), (22, "指标10")], known)] == ["满意度指标"]
    assert [t for _, t in _labels([(30, "满意度指标"), (31, "（10分）")], known)] == [
        "满意度指标"]


XIAN_P60 = CORPUS / "text" / "xian_wjw_2022_final_with_selfeval.p60-64.pdftotext-layout.txt"


def _broken_xian(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """西安's pp. 60-64 rendering with each (printed, broken) change made at its first place."""
    text = XIAN_P60.read_text(encoding="utf-8")
    for printed, broken in changes:
        assert printed in text
        text = text.replace(printed, broken, 1)
    path = tmp_path / XIAN_P60.name
    path.write_text(text, encoding="utf-8")
    return path


def _form_set_aside(path: Path, page: int, reason: str, n_forms: int = 5):
    """The rendering's form on `page` set aside alone, at its page, for `reason`; the other
    forms read (a rendering's form whose rows do not come apart does not take the others with
    it). Returns the extraction."""
    got = extract(path)
    assert [e.page for e in got.set_aside] == [page]
    assert re.search(reason, got.set_aside[0].message)
    projects = got.rows("self_evaluation_project")
    assert len(projects) == n_forms - 1 and page not in {r.page for r in projects}
    assert page not in {r.page for r in got.rows("self_evaluation_indicator")}
    return got


def test_a_funding_figure_in_a_column_the_total_row_leaves_blank_is_set_aside(tmp_path):
    """A figure of a funding row under a header whose column the 年度资金总额 row leaves blank,
    that no column the total row fills can take (a rate where the total prints none; an
    amount printed nearer the 分值 header, as p. 138's 其他资金 execution, goes to the
    amount column the total fills): the form is set aside, not misread."""
    total = ("年度资金总额           3800    5166.99       5166.99     10             100%",
             "年度资金总额           3800    5166.99       5166.99     10                 ")
    part = ("其中：当年财政拨款       3800    5166.99       5166.99     —              100%",
            "其中：当年财政拨款       3800    5166.99       5166.99     —                  ")
    assert not extract(_broken_xian(tmp_path, total, part)).set_aside  # both left blank: read
    _form_set_aside(_broken_xian(tmp_path, total), 1, r"page 1: .*cannot be told apart")


def test_a_funding_label_run_into_the_next_rows_is_set_aside(tmp_path):
    """"上年结转资 / 金" whose last line went to the 其他资金 row: no row may be dropped."""
    carried = "                上年结转资金                                         —"
    path = _broken_xian(tmp_path, (carried + "                         —\n",
                                   "                上年结转资\n"),
                        ("                其他资金", "                金其他资金"))
    _form_set_aside(path, 1, r"page 1: .*cannot be told apart")


def test_band_rows_joins_a_header_word_printed_two_lines_over_its_anchor():
    """"二级" two lines over the header's anchor line, "指标" under it, nothing of the column
    on the anchor line: the piece mirrors one across the anchor and joins it."""
    rows = _rows("        二级\n"
                 "                          偏差原因\n"
                 "一级指标          三级指标  分值\n"
                 "        指标\n"
                 "        数量指标  人数    12.5\n")
    words = {"一级指标", "二级指标", "三级指标", "分值", "偏差原因"}
    got = band_rows(rows, lambda r: _has_figure(r) or r.cells[0].text == "一级指标",
                    words.__contains__)
    assert [c.text for c in got[0].cells] == ["一级指标", "二级指标", "三级指标", "分值",
                                             "偏差原因"]


def test_band_rows_gives_a_header_words_lower_line_to_the_header():
    """"执行率 / （B/A）" over and under the funding header's line: "（B/A）" stands as near
    the total row under it, whose figure "100%" it overlaps, but the header's cell is centred
    on it (a header word above it on the header's side)."""
    rows = _rows("                         执行率\n"
                 "年初预算数      分值                      得分\n"
                 "                         （B/A）\n"
                 "   400          10       100%            10\n")
    words = {"年初预算数", "分值", "执行率", "得分"}
    got = band_rows(rows, lambda r: _has_figure(r) or r.cells[0].text == "年初预算数",
                    words.__contains__)
    assert [c.text for c in got[0].cells] == ["年初预算数", "分值", "执行率（B/A）", "得分"]
    assert [c.text for c in got[1].cells] == ["400", "10", "100%", "10"]


def test_strip_margin_drops_a_block_label_printed_whole_at_the_edge():
    rows = [Row(row_cells(t), k, k) for k, t in enumerate(
        ["      数量指标  人数", "绩效指标   成本指标  物资成本", "      社会效益指标"], 1)]
    got = strip_margin(rows, labels=("绩效指标",))
    assert [[c.text for c in r.cells] for r in got] == [
        ["数量指标", "人数"], ["成本指标", "物资成本"], ["社会效益指标"]]
    assert strip_margin(rows) == rows


def test_labels_keep_a_weight_and_its_bracket_with_their_label():
    """"满意度指 / 标（10分 / ）": the lone bracket is the weight's, not a label; a label that
    is whole with its weight ("效益指标 / （30分）") is not continued by the next label's
    first piece two lines below ("满意度")."""
    known = frozenset({"效益指标", "满意度指标"})
    assert [t for _, t in _labels([(35, "满意度指"), (36, "标（10分"), (37, "）")], known)] == [
        "满意度指标"]
    assert [t for _, t in _labels([(35, "效益指标"), (37, "（30分）"), (39, "满意度"),
                                   (41, "指标")], known)] == ["效益指标", "满意度指标"]


def test_place_puts_a_level_piece_under_the_level_header_whose_middle_is_nearest():
    """A wrapped 一级 label's piece pushed right of its header ("满意度" under no header): the
    levels are centred in their cells, so it is the 一级 column's, not the 二级 one's."""
    cols = _Columns({"level1": Cell("一级指标", 10, 14), "level2": Cell("二级指标", 20, 24),
                     "name": Cell("三级指标", 30, 34)}, text=True)
    assert cols.place(Row((Cell("满意度", 15, 18),), 1, 1)) == {"level1": "满意度"}
    assert cols.place(Row((Cell("服务对象", 19, 23),), 1, 1)) == {"level2": "服务对象"}


def test_a_row_of_figures_whose_name_is_not_found_is_set_aside(tmp_path):
    """An indicator row whose figures stand without a name is never dropped in silence."""
    path = _broken_xian(tmp_path, ("数量指标   单位职工人数", "数量指标         "))
    _form_set_aside(path, 1, r"page 1: .*cannot be told apart")


def test_indicator_columns_span_the_names_as_printed():
    """A name's line a rendering pushes left, under the 二级 header's edge, is under the
    三级指标 column as the page's names span it, not under the 二级 header."""
    heads = {"level1": (5, 9), "level2": (14, 16), "name": (26, 30), "weight": (86, 88)}
    cols = _Columns({n: Cell(n, x0, x1) for n, (x0, x1) in heads.items()}, text=True)
    form = _Form(name="项目", line_start=1, year=2022, indicator_cols=cols, text=True,
                 data_cols={1: {"name": Cell("name", 19, 31)}})
    pushed = Row((Cell("平和突发事件应急反应能力", 15, 27),), 1, 1)
    assert cols.place(pushed) == {"level2": "平和突发事件应急反应能力"}
    assert _indicator_columns(form, 1).place(pushed) == {"name": "平和突发事件应急反应能力"}
    assert _indicator_columns(form, 1).place(Row((Cell("社会效益", 14, 18),), 1, 1)) == {
        "level2": "社会效益"}


def test_regrouped_reads_no_prose_under_the_indicator_header():
    """Under the indicator header a long line without figures is a wrapped name's, joined to
    the figures' line between its lines, not a row of prose of its own."""
    layout = from_layout_text(
        "一级指标  二级指标   三级指标                      指标值  完成值  分值  得分\n"
        "          数量   指标1：事业单位离休人员和保健对象医\n"
        "                                                   100%    100%    12.5  12.5\n"
        "          指标   疗费报销覆盖率\n")
    rows = _regrouped(layout, [1])[0].pages[0].tables[0].rows
    assert [c.text for c in rows[1].cells] == [
        "数量指标", "指标1：事业单位离休人员和保健对象医疗费报销覆盖率", "100%", "100%", "12.5",
        "12.5"]


def test_band_rows_gives_no_words_to_a_figure():
    """"（A）" under the header line, over the total row's amount (the header's "全年预算数
    全年执行数" a line of its own above): a figure is printed on one line, so the words are
    the header's, though its cell is not centred on them."""
    rows = _rows("                全年预算数  全年执行数\n"
                 "年初预算数                             分值\n"
                 "                （A）\n"
                 "   360           360        300        10\n")
    words = {"年初预算数", "全年预算数", "全年执行数", "分值"}
    got = band_rows(rows, lambda r: _has_figure(r) or any(c.text in words for c in r.cells),
                    words.__contains__)
    assert [c.text for c in got[1].cells] == ["年初预算数", "（A）", "分值"]
    assert [c.text for c in got[2].cells] == ["360", "360", "300", "10"]


def _level_columns() -> _Columns:
    heads = {"level1": (4, 8), "level2": (12, 14), "name": (17, 32), "target": (46, 49),
             "actual": (57, 60), "weight": (66, 68), "score": (73, 75)}
    return _Columns({n: Cell(n, x0, x1) for n, (x0, x1) in heads.items()}, text=True)


def test_place_gives_the_name_the_words_beside_a_closed_second_level_label():
    """A 二级 label's last piece ("…指标") with words beside it on its line, one space or a
    cell apart, under the 二级 header too (p. 84's "益指标 。", p. 133's "益指标 服务对象"):
    the label's lines stack, so the words are the 三级指标 name's."""
    cols = _level_columns()
    row = Row((Cell("社会效益指标 。", 10, 15), Cell("提高实验室检测能力", 17, 26),
               Cell("100%", 47, 51), Cell("80%", 58, 61), Cell("30", 66, 68),
               Cell("24", 73, 75)), 1, 1)
    placed = cols.place(row)
    assert (placed["level2"], placed["name"]) == ("社会效益指标", "提高实验室检测能力。")
    row = Row((Cell("社会效益指标", 10, 13), Cell("服务对象", 13, 16)), 1, 1)
    assert cols.place(row) == {"level2": "社会效益指标", "name": "服务对象"}
    # A label's pieces stacked (not side by side), or a piece not closing its label, stay the
    # label's.
    assert cols.place(Row((Cell("社会效 益", 10, 15),), 1, 1)) == {"level2": "社会效 益"}
    assert cols.place(Row((Cell("服务对", 10, 13), Cell("象", 13, 14)), 1, 1)) == {
        "level2": "服务对象"}


def test_place_takes_a_value_beside_the_name_on_the_figures_line_as_the_target():
    """p. 92: "及时" printed on the figures' line right of the name, whose wrapped lines stand
    above and below it, under the 三级指标 column; no 指标值 is found, an 实际完成值 is: the
    cell right of the name's is the 指标值."""
    cols = _level_columns()
    row = Row((Cell("增强公共卫生保障水平和应急反应能力", 15, 29), Cell("及时", 30, 32),
               Cell("及时", 58, 60), Cell("30", 66, 68), Cell("25", 73, 75)), 1, 1)
    assert cols.place(row) == {"name": "增强公共卫生保障水平和应急反应能力", "target": "及时",
                               "actual": "及时", "weight": "30", "score": "25"}
    # With no 实际完成值 either, the cells stay the name's (a blank value row is not guessed).
    row = Row((Cell("增强公共卫生保障水平", 15, 25), Cell("和应急反应能力", 26, 33),
               Cell("30", 66, 68), Cell("25", 73, 75)), 1, 1)
    assert cols.place(row)["name"] == "增强公共卫生保障水平和应急反应能力"


def test_printed_end_counts_narrow_characters_as_half():
    assert _printed_end(Cell("保障医院开诊", 5, 11)) == 11
    assert _printed_end(Cell("确定了 2022年", 5, 14)) == 5 + 3 + 2.5 + 1


def test_parted_at_edge_parts_a_goal_line_where_its_left_part_reaches_the_edge():
    """p. 133: "…2022年至 2023 按计划完成…", a left line of narrow digits run into the right
    column's one space apart: parted at the space where the left part, as printed, ends at
    the left column's edge (35), not at the digits' spaces before it."""
    text = "集高铁新城院区设备配置清单及充分论证，确定了 2022年至 2023 按计划完成年度内设备采购任务"
    left, right = _parted_at_edge(Cell(text, 6, 6 + len(text)), 35.0, 50.5)
    assert left.text.endswith("2022年至 2023") and right.text.startswith("按计划")
    assert right.x0 == 50.5
    # No space at the edge: kept whole (the form is then set aside).
    whole = Cell("集高铁新城院区设备配置清单及充分论证确定了按计划完成年度内设备", 6, 37)
    assert _parted_at_edge(whole, 35.0, 50.5) == [whole]


def test_goals_part_a_line_run_into_the_other_column_or_set_the_form_aside():
    def form(line: str) -> _Form:
        first = "根据西安市红会医院高铁新城院区建设规划及区中建设要求，为进一"
        rows = [Row((Cell(first, 5, 35),), 2, 2),
                Row((Cell(line, 6, 6 + len(line)),), 3, 3)]
        return _Form(name="项目", line_start=1, year=2022, text=True, goal_rows=rows,
                     goal_split=50.5)
    right = "按计划完成年度内设备采购任务，保障医院北院区开诊需求。"
    ok = form(f"集高铁新城院区设备配置清单及充分论证，确定了 2022年至 2023 {right}")
    assert _goals(ok)[1] == right and not ok.unread
    bad = form(f"集高铁新城院区设备配置清单及充分论证确定了二〇二二年至二〇二三{right}")
    assert _goals(bad)[1] is None and bad.unread == [3]


def test_total_cells_leave_a_level_labels_piece_beside_the_total_to_the_label():
    """"（10分） 度指标" printed on the 总分 row's line: the 总分 cell spans the level columns,
    so the row is read from its 总分 cell; a row whose cells before "总分" are not level
    words is no total row."""
    form = _Form(name="项目", line_start=1, year=2022, indicator_cols=_level_columns(),
                 text=True)
    row = Row((Cell("度指标", 12, 15), Cell("总分", 35, 37), Cell("100", 66, 69),
               Cell("100", 73, 76)), 9, 1)
    total = _total_cells(form, row, 1)
    assert total is not None and [c.text for c in total.cells] == ["总分", "100", "100"]
    assert _total_cells(form, Row(row.cells[1:], 9, 1), 1) is None  # 总分 first: read as is
    named = Row((Cell("总分值达标", 17, 22), Cell("总分", 35, 37), Cell("100", 66, 69)), 9, 1)
    assert _total_cells(form, named, 1) is None


def _department_funding_columns() -> _Columns:
    heads = {"task": (5, 9), "content": (21, 25), "status": (36, 40),
             "full_year_budget_wan": (52, 61), "executed_wan": (94, 103), "weight": (122, 124),
             "execution_rate_pct": (129, 132), "score": (139, 141)}
    return _Columns({n: Cell(n, x0, x1) for n, (x0, x1) in heads.items()}, text=True)


def test_narrow_gives_a_centred_spanning_header_its_total_sub_column():
    """西安's 部门整体 form (p. 30): "全年预算数（万元）" is centred over its 总额 · 财政拨款 ·
    其他资金, its words standing over 财政拨款; each group of sub-columns from a 总额 on takes
    the header whose middle it spans, the 总额 its field's column, the others' figures left
    out."""
    cols = _department_funding_columns()
    _narrow(cols, Row(tuple(Cell(w, x0, x1) for w, x0, x1 in (
        ("总额", 46, 48), ("财政拨款", 58, 62), ("其他资金", 71, 75), ("总额", 86, 88),
        ("财政拨款", 97, 101), ("其他资金", 109, 113))), 6, 1))
    assert (cols.cells["full_year_budget_wan"].x0, cols.cells["executed_wan"].x0) == (46, 86)
    row = Row(tuple(Cell(t, x0, x1) for t, x0, x1 in (
        ("学前教育", 6, 10), ("保证学前教育支出。", 15, 33), ("基本任务完成", 34, 40),
        ("1292.55", 45, 52), ("1182.59", 59, 66), ("109.96", 72, 78), ("1263.33", 86, 93),
        ("1182.59", 97, 104), ("80.74", 110, 115), ("0.58", 122, 126), ("97.74%", 129, 135),
        ("0.58", 139, 143))), 14, 2)
    placed = cols.place(row)
    assert {n: placed[n] for n in ("task", "full_year_budget_wan", "executed_wan", "weight",
                                   "execution_rate_pct", "score")} == {
        "task": "学前教育", "full_year_budget_wan": "1292.55", "executed_wan": "1263.33",
        "weight": "0.58", "execution_rate_pct": "97.74%", "score": "0.58"}
    # A sub-header whose groups span no header's middle leaves the columns as they were.
    cols = _department_funding_columns()
    _narrow(cols, Row((Cell("总额", 10, 12), Cell("财政拨款", 14, 18)), 6, 1))
    assert cols.cells["full_year_budget_wan"].x0 == 52 and not cols.parts


def test_task_block_spans_a_department_forms_task_rows():
    rows = [Row((Cell("任务名称", 5, 9), Cell("主要内容", 21, 25)), 5, 1),
            Row((Cell("学前教育", 6, 10),), 9, 2),
            Row((Cell("金额合计", 20, 24), Cell("2,495,142.55", 43, 55)), 97, 3)]
    assert _task_block(rows) == (5, 97)
    assert _task_block(rows[:2]) == (0, 0)


def test_regrouped_joins_a_tasks_prose_around_its_figures_across_a_margin_labels_line():
    """In the task block a line of prose is a task's 主要内容 wrapped above and below its
    figures, not a row of its own; a line that printed only the margin label's piece ("任务")
    parts nothing (p. 30's 公共卫生)."""
    layout = from_layout_text(
        "     任务名称            主要内容           完成情况        分值     执行率       得分\n"
        "年度  计划生育事务  为全市计划生育家庭提供生活保障。 任务完成  0.58   100.00%   0.58\n"
        "主要\n"
        "               为全市群众提供妇幼保健、疾病预防控制\n"
        "任务\n"
        "      公共卫生     、公共卫生服务、卫生监督、院前急救及 任务完成  0.58   99.49%    0.58\n"
        "完成             临床用血等公共卫生服务。\n"
        "                    金额合计                         10    83.16%     10\n")
    rows = _regrouped(layout, [1])[0].pages[0].tables[0].rows
    texts = [[c.text for c in r.cells] for r in rows]
    assert ["公共卫生", "为全市群众提供妇幼保健、疾病预防控制、公共卫生服务、卫生监督、院前急救及"
            "临床用血等公共卫生服务。", "任务完成", "0.58", "99.49%", "0.58"] in texts
