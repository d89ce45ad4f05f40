"""The layout model and the budget tables read from it: PDFs, their text renderings, and the
small rules that read a cell (codes, columns, wrapped header words)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from orchestration.extract import registry
from orchestration.extract.budget_tables import (
    Column,
    column_of,
    header_columns,
    split_code,
    wrapped_rows,
)
from orchestration.extract.common import ExtractionError, SourceDocument
from orchestration.extract.layout import Cell, Row, from_layout_text, is_layout_text, row_cells

from .corpus_figures import CORPUS

# Provenance differs between a PDF and its text (lines, pages of a text without page breaks);
# the figures must not.
PROVENANCE = {"source_file", "source_sha256", "document_kind", "line_start", "line_end", "seq",
              "page", "table_no", "row_no", "value_line", "label_line"}
RENDERED = ("ptq_swj_2025_dept_budget", "ptq_wanli_2024_dept_budget", "sh_czj_2025_unit_budget",
            "sh_sjj_2026_unit_budget")
RENDERINGS = ("pdftotext-layout", "pypdf-layout")
# (document, rendering): each of RENDERED in both, and 万里 2023's pdftotext rendering, whose
# row names wrap onto lines of their own ("…缴费支 / 出"; "四、文化旅游体育与传媒 / 200,000 /
# 支出").
RENDERED_PAIRS = (*((name, r) for name in RENDERED for r in RENDERINGS),
                  ("ptq_wanli_2023_dept_budget", "pdftotext-layout"))


def extract(path: Path):
    return registry.extract(SourceDocument.from_bytes(path.name, path.read_bytes()))


def figures_of(extraction) -> list[tuple]:
    out = []
    for table, rows in extraction.tables.items():
        if table == "document_section":
            continue
        for row in rows:
            fields = dataclasses.asdict(row)
            out.append((table, tuple(sorted(
                (k, str(v)) for k, v in fields.items() if k not in PROVENANCE))))
    return sorted(out)


@pytest.mark.parametrize(("name", "rendering"), RENDERED_PAIRS)
def test_a_text_rendering_gives_the_pdfs_figures(name, rendering):
    pdf = figures_of(extract(CORPUS / "4_budget" / f"{name}.pdf"))
    text = figures_of(extract(CORPUS / "text" / f"{name}.{rendering}.txt"))
    assert len(pdf) > 150
    assert text == pdf


def test_a_rendering_that_glues_cells_is_set_aside_naming_the_page():
    """pypdf prints page 9 of this budget with no space between the name and its figures."""
    with pytest.raises(ExtractionError, match=r"page 9: .*figures glued to the name"):
        extract(CORPUS / "text" / "ptq_zfb_2025_dept_budget.pypdf-layout.txt")


@pytest.mark.parametrize("rendering", ["pdftotext", "pypdf"])
def test_a_rendering_without_columns_is_set_aside_not_guessed(rendering):
    """pdftotext without -layout prints each cell on a line of its own; pypdf's plain mode
    runs a row's cells together and drops the empty ones."""
    with pytest.raises(ExtractionError, match="cell order is lost"):
        extract(CORPUS / "text" / f"ptq_zfb_2025_dept_budget.{rendering}.txt")


def test_a_scanned_pdf_is_refused_whole():
    path = CORPUS / "4_budget" / "bj_zsj_2026_dept_budget_scan.pdf"
    with pytest.raises(ExtractionError, match=r"scanned: no text layer \(8 pages\)"):
        SourceDocument.from_bytes(path.name, path.read_bytes())


def test_a_broken_pdf_names_the_file():
    data = (CORPUS / "4_budget" / "ptq_zfb_2025_dept_budget.pdf").read_bytes()[:4000]
    with pytest.raises(ExtractionError) as caught:
        SourceDocument.from_bytes("cut.pdf", data)
    assert caught.value.source_file == "cut.pdf"


def _char(text: str, x0: float, top: float, size: float, width: float | None = None) -> dict:
    """A character as pdfplumber gives it (the page 800 pt high, starting 1000 pt down)."""
    width = width or size
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size,
            "doctop": 1000 + top, "y0": 800 - top - size, "y1": 800 - top, "height": size,
            "width": width, "size": size, "upright": True}


# 广州市生态环境局's "PM2.5年均浓度" wrapped after "均", as its PDF prints it: SimSun 8.64 pt,
# "PM" 1.43 pt lower (Times), "2.5" a 5.62 pt subscript whose top is 3.78 pt below "M"'s.
PM25_CELL = [_char("环", 10, 100, 8.64), _char("境", 18.64, 100, 8.64),
             _char("P", 27.28, 101.43, 8.64, 4.81), _char("M", 32.23, 101.43, 8.64, 7.68),
             _char("2", 40, 105.21, 5.62, 2.81), _char(".", 42.88, 105.21, 5.62, 1.41),
             _char("5", 44.28, 105.21, 5.62, 2.8), _char("年", 47.06, 100, 8.64),
             _char("均", 55.7, 100, 8.64),
             _char("浓", 10, 112, 8.64), _char("度", 18.64, 112, 8.64)]


def test_a_subscript_is_read_in_its_place_in_its_word_and_line():
    """pdfplumber groups a line by its characters' tops: the subscript alone is a line between
    the cell's two, unless it is first set on the line of the character it follows."""
    from pdfplumber.utils import extract_text

    from orchestration.extract.pdf_reader import scripts_in_line

    assert extract_text(PM25_CELL) == "环境PM 年均\n2.5\n浓度"
    placed = scripts_in_line(PM25_CELL)
    assert extract_text(placed) == "环境PM2.5年均\n浓度"
    assert [c["top"] for c in placed[4:7]] == [101.43] * 3  # the line of "M", the one it follows
    assert [c["size"] for c in placed[4:7]] == [5.62] * 3  # still small: only its place moves
    assert [c for k, c in enumerate(placed) if k not in (4, 5, 6)] == [
        c for k, c in enumerate(PM25_CELL) if k not in (4, 5, 6)]


def test_a_superscript_stands_on_its_line_and_small_words_apart_are_left_alone():
    """A superscript ("米³", printed higher) takes its base's line too; a line of small print
    (a note under a table), a small character a space after a word and a smaller subtitle
    whose first character touches a title character's edge just under it (西安 2022's
    "（2022年度）", its top 0.4 pt above the title's bottom) keep their places."""
    from pdfplumber.utils import extract_text

    from orchestration.extract.pdf_reader import scripts_in_line

    superscript = [_char("米", 10, 100, 8.64), _char("3", 18.7, 96.9, 5.62, 2.81),
                   _char("，", 21.51, 100, 8.64)]
    assert extract_text(superscript) == "3\n米，"
    assert extract_text(scripts_in_line(superscript)) == "米3，"
    note = [_char("注", 10, 120, 5.62), _char("：", 15.62, 120, 5.62)]
    spaced = [_char("米", 10, 100, 8.64), _char("3", 21, 96.4, 5.62, 2.81)]
    subtitle = [_char("疫", 278.33, 55.93, 12.96), _char("情", 291.29, 55.93, 12.96),
                _char("2", 290.57, 68.5, 7.2, 3.6), _char("2", 294.17, 68.5, 7.2, 3.6)]
    apart = [*spaced, *note, *subtitle]
    assert scripts_in_line(apart) == apart


def test_row_cells_part_columns_and_keep_words_together():
    cells = row_cells("一、财政拨款收入        91,016,775.35 一、一般公共服务支出    82,096,797.42")
    assert [c.text for c in cells] == ["一、财政拨款收入", "91,016,775.35", "一、一般公共服务支出",
                                       "82,096,797.42"]
    assert [c.text for c in row_cells("1. 一般公共预算资金   5")] == ["1. 一般公共预算资金", "5"]
    assert [c.text for c in row_cells("171,915,169一、一般公共服务支出")] == [
        "171,915,169", "一、一般公共服务支出"]


@pytest.mark.parametrize(("texts", "code", "rest"), [
    (["201", "03", "01", "行政运行", "1.00"], "2010301", ["行政运行", "1.00"]),
    (["204 06 01", "司法", "1.00"], "2040601", ["司法", "1.00"]),
    (["2120101行政运行", "1.00"], "2120101", ["行政运行", "1.00"]),
    (["2013101", "行政运行", "9,370.12"], "2013101", ["行政运行", "9,370.12"]),
    (["301", "2", "津贴补贴", "16,623,810"], "30102", ["津贴补贴", "16,623,810"]),
    (["合计", "156,211,123"], None, ["合计", "156,211,123"]),
])
def test_codes_printed_in_pieces_glued_or_whole(texts, code, rest):
    cells = [Cell(t, k * 10, k * 10 + 5) for k, t in enumerate(texts)]
    got, after = split_code(cells)
    assert (got, [c.text for c in after]) == (code, rest)


def test_a_figure_takes_the_column_it_stands_under():
    columns = [Column("total_yuan", "合计", 40, 44), Column("basic_yuan", "基本支出", 56, 60),
               Column("project_yuan", "项目支出", 72, 76)]
    assert column_of(columns, Cell("46,140,000.00", 72, 85)).field == "project_yuan"
    assert column_of(columns, Cell("40,000.00", 77, 85)).field == "project_yuan"
    assert column_of(columns, Cell("3,807,295.58", 41, 53)).field == "total_yuan"


def test_a_header_word_wrapped_over_lines_is_read_whole():
    rows = [Row((Cell("2024年机关运行经", 80, 90),), 1, 1),
            Row((Cell("公务用车购置及运行费", 50, 60),), 2, 2),
            Row((Cell("费预算数", 84, 88),), 3, 3)]
    columns, _ = header_columns("three_public", rows)
    assert [(c.field, c.label) for c in columns] == [
        ("official_vehicles", "公务用车购置及运行费"), ("office_operation", "机关运行经费预算数")]


def _names_of(kind: str, text: str) -> list[list[str]]:
    rows = from_layout_text(text).pages[0].tables[0].rows
    return [[c.text for c in r.cells] for r in wrapped_rows(kind, list(rows))]


def test_a_wrapped_row_name_is_joined_to_its_row_and_an_item_without_figures_is_not():
    coded = ("208   05   05   基本养老保险缴费支    4,412,547   4,412,547\n"
             "                出\n"
             "208   05   06   职业年金缴费支出       2,206,272   2,206,272\n")
    assert _names_of("function", coded) == [
        ["208", "05", "05", "基本养老保险缴费支出", "4,412,547", "4,412,547"],
        ["208", "05", "06", "职业年金缴费支出", "2,206,272", "2,206,272"]]
    summary = ("三、国有资本经营预算          三、科学技术支出          100,000     100,000\n"
               "                              四、文化旅游体育与传媒\n"
               "                                                200,000     200,000\n"
               "                              支出\n"
               "二、事业收入                  五、卫生健康支出        3,095,732   3,095,732\n"
               "三、事业单位经营收入\n")
    assert _names_of("summary", summary) == [
        ["三、国有资本经营预算", "三、科学技术支出", "100,000", "100,000"],
        ["四、文化旅游体育与传媒支出", "200,000", "200,000"],
        ["二、事业收入", "五、卫生健康支出", "3,095,732", "3,095,732"],
        ["三、事业单位经营收入"]]
    numbered = ("本年收入合计          27    20,451.35\n"
                "使用非财政拨款结余     28\n"
                "年初结转和结余        29     1,615.24\n")  # a 决算's 行次: a row of its own
    assert _names_of("summary", numbered) == [
        ["本年收入合计", "27", "20,451.35"], ["使用非财政拨款结余", "28"],
        ["年初结转和结余", "29", "1,615.24"]]


def test_pages_of_a_text_rendering_keep_their_numbers_and_lines():
    layout = from_layout_text("第一页\n  201   一般   1,000.00\n\f第二页\n")
    assert [p.number for p in layout.pages] == [1, 2]
    assert layout.pages[1].lines[0].text == "第二页"
    assert layout.text.split("\n")[layout.pages[1].lines[0].line - 1] == "第二页"


@pytest.mark.parametrize(("lines", "cells", "expected"), [
    # A 决算's title, and the same words run on in prose wrapped at the page's edge.
    (["收入支出决算总表", "单位：万元"], None, ("final_accounts", "收入支出决算总表")),
    (["（三）项目绩效自评结果。", "本部门在部门决算中反映2022年病媒生物防制项目等87个一"],
     None, None),
    (["共卫生服务（12 类项目）中央、省、市补助资金预算金额"], None, None),
    (["财政拨款支出预算表（功能科目）"], None,
     ("department_budget", "财政拨款支出预算表（功能科目）")),
    (["北京市财政局2026年度部门预算信息公开"], None,
     ("department_budget", "北京市财政局2026年度部门预算信息公开")),
    # A table's merged top row may be its title; a row of several cells is not one.
    (["收支预算总表", "项目 预算数"], [1, 2], ("department_budget", "收支预算总表")),
    (["成本指标 经济成本指标 项目总成本 不超过预算"], [4], None),
])
def test_a_page_title_is_a_heading_not_prose_or_a_row(lines, cells, expected):
    from orchestration.extract.sections import page_title

    assert page_title(lines, cells) == expected


def _chars(text: str, x0: float, top: float = 10.0, width: float = 7.0,
           gap: float = 0.2) -> list[dict]:
    """Characters as pdfplumber gives them, one line of `text` from x0."""
    return [{"text": ch, "x0": x0 + k * (width + gap), "x1": x0 + k * (width + gap) + width,
             "top": top, "bottom": top + 7, "doctop": top, "size": 7.0, "upright": True,
             "fontname": "SimSun", "height": 7.0, "width": width}
            for k, ch in enumerate(text)]


def _table(cells: list[tuple[float, float]], chars: list[dict]):
    """A one-row table of pdfplumber's shape: its row's cell boxes and its page's characters."""
    from types import SimpleNamespace
    boxes = [(x0, 5.0, x1, 30.0) for x0, x1 in cells]
    row = SimpleNamespace(cells=boxes, bbox=(boxes[0][0], 5.0, boxes[-1][2], 30.0))
    return SimpleNamespace(rows=[row], page=SimpleNamespace(chars=chars))


def test_cell_texts_keeps_a_line_run_past_its_rule_in_its_cell():
    """A word running on over the next cell's rule is its own cell's (西安 p. 114's
    "2022年5月1日-2022年12月31日"); the next cell's words, printed from its edge and overprinted
    by the overrun, start a run of their own; words merely meeting at the rule stay apart."""
    from orchestration.extract.pdf_reader import cell_texts

    # "至12月31日" runs 3 characters past the rule at 50; the next cell's word starts at 51.
    overrun = _chars("2022年至12月31日", 1.0) + _chars("已完成", 51.0, top=19.0)
    assert cell_texts(_table([(0, 50), (50, 120)], overrun)) == [["2022年至12月31日", "已完成"]]
    # A word of the next cell printed from its left edge, overprinted by the overrun's last
    # character (宁德: "况" at 114.34-120.91 over "一" at 115.73, the rule at 115).
    over = _chars("一般性支出情况", 3.0) + _chars("标签", 50.7)
    assert cell_texts(_table([(0, 50), (50, 120)], over)) == [["一般性支出情况", "标签"]]
    # Two words meeting at the rule, neither crossing it: each its own cell's.
    meeting = _chars("甲乙", 35.6) + _chars("丙丁", 50.2)
    assert cell_texts(_table([(0, 50), (50, 120)], meeting)) == [["甲乙", "丙丁"]]


def test_a_forms_one_digit_scores_tell_a_layout_rendering():
    """A form whose only wide figures are its amounts (西安's 专项资金 form, p. 143) is a layout
    rendering by its rows' 分值 and 得分: a one-digit figure after a wide gap counts when another
    follows it after a gap; one alone (an item number, a page number) does not."""
    rows = "\n".join(f"  全市指标{k}人次      ≧60万人次     65万人次     4     3" for k in range(5))
    assert is_layout_text(rows)
    assert not is_layout_text("\n".join(f"  第{k}项说明文字             4" for k in range(5)))
    # A text without layout, each cell on a line of its own, is not one.
    assert not is_layout_text("\n".join(["全市指标人次", "≧60万人次", "4", "3"] * 5))


def test_a_label_in_a_hole_of_the_grid_is_given_to_the_first_row_of_its_hole():
    """A word inside the table in no cell, where the grid has a hole (a merged cell whose
    rules pdfplumber does not close, its label printed once in its middle), is a cell of the
    first row of the hole nearest it; a word in no hole is left out, as before."""
    from types import SimpleNamespace

    from orchestration.extract.pdf_reader import _rows

    def row(*cells):
        boxes = [c for c in cells if c is not None]
        return SimpleNamespace(cells=list(cells), bbox=(
            min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)))

    rows = [row((0, 0, 40, 10), (40, 0, 120, 10)),       # a labelled row
            row(None, (40, 10, 120, 20)),                # the hole's rows: no label cell
            row(None, (40, 20, 120, 30)),
            row(None, (40, 30, 120, 40))]
    chars = (_chars("成本", 2.0, top=2.0) + _chars("甲", 45.0, top=2.0)
             + _chars("乙", 45.0, top=12.0) + _chars("丙", 45.0, top=22.0)
             + _chars("丁", 45.0, top=32.0)
             + _chars("产出", 2.0, top=22.0)              # the hole's label, in its middle
             + _chars("注", 100.0, top=41.0))             # under the last row: no hole
    table = SimpleNamespace(rows=rows, bbox=(0, 0, 120, 50),
                            page=SimpleNamespace(chars=chars))
    spans = [(2.0, 9.0, 1), (12.0, 19.0, 2), (22.0, 29.0, 3), (32.0, 39.0, 4)]
    got = [[c.text for c in r.cells] for r in _rows(table, spans, 1)]
    assert got == [["成本", "甲"], ["产出", "乙"], ["丙"], ["丁"]]


def test_labels_in_holes_are_tiled_by_column():
    """A 一级 and a 二级 label over the same open rows are each their own column's (the header
    row's cells show where the columns stand); two labels of one column in one hole share its
    rows, each row going to the nearer label, each label a cell of its first row."""
    from types import SimpleNamespace

    from orchestration.extract.pdf_reader import _rows

    def row(*cells):
        boxes = [c for c in cells if c is not None]
        return SimpleNamespace(cells=list(cells), bbox=(
            min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes)))

    header = row((0, 0, 40, 10), (40, 0, 80, 10), (80, 0, 160, 10))
    rows = [header, *(row(None, None, (80, 10 * k, 160, 10 * k + 10)) for k in range(1, 5))]
    chars = (_chars("一级", 2.0, top=2.0) + _chars("二级", 42.0, top=2.0)
             + _chars("名称", 85.0, top=2.0)
             + _chars("产出", 2.0, top=22.0)                            # over rows 1-4
             + _chars("数量", 42.0, top=12.0) + _chars("质量", 42.0, top=42.0)
             + [c for k in range(1, 5) for c in _chars("甲乙丙丁"[k - 1], 85.0,
                                                     top=10.0 * k + 2)])
    table = SimpleNamespace(rows=rows, bbox=(0, 0, 160, 50),
                            page=SimpleNamespace(chars=chars))
    spans = [(10.0 * k + 2, 10.0 * k + 9, k + 1) for k in range(5)]
    got = [[c.text for c in r.cells] for r in _rows(table, spans, 1)]
    # Rows 1-2 stand nearer 数量, rows 3-4 nearer 质量; 产出 alone holds its column's hole.
    assert got == [["一级", "二级", "名称"], ["产出", "数量", "甲"], ["乙"], ["质量", "丙"],
                   ["丁"]]
