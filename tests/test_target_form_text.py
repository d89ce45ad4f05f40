"""The functions reading a rendering of 上海's 财政项目支出绩效目标填报表 (target_form_text), on
small pages laid out as pdftotext -layout prints the form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orchestration.extract.layout import Row, from_layout_text
from orchestration.extract.target_form_text import (
    goal_texts,
    heights_scale,
    indicator_rows,
    labelled_fields,
    outer_label,
)


def _page(text: str) -> tuple[tuple[Row, ...], list[str]]:
    layout = from_layout_text(text)
    return layout.pages[0].tables[0].rows, layout.text.split("\n")


def test_outer_label_takes_the_pieces_printed_down_the_left_margin():
    rows, _ = _page(" 项目      第一行\n 绩效      第二行\n 目标\n")
    body, label = outer_label(rows)
    assert label == "项目绩效目标"
    assert [[c.text for c in r.cells] for r in body] == [["第一行"], ["第二行"], []]
    # Every cell at one edge: no margin label.
    rows, _ = _page("第一行\n第二行\n")
    assert outer_label(rows) == (list(rows), "")


LABELS = [
    f"{'项目名称':<10}{'测试项目':<10}{'项目性质':<6}经常性项目 项目类别  特定目标类",
    f"{'':<10}{'项目资金总额':<20}1,000.00 年度资金申请总额{'':<8}800.00",
    f"{'  项目资金':<38}其中：当年财政拨款{'':<4}800.00",
    f"{'  （万元）':<10}{'其他资金':<22}0.00 其他资金{'':<13}0.00",
]


def test_labelled_fields_reads_each_label_with_the_cell_right_of_it():
    """A funding label's side is the label it stands nearer (项目资金总额's or 年度资金申请总额's);
    the unit is the outer label's, printed down the block's margin."""
    rows, _ = _page("\n".join(LABELS))
    fields = labelled_fields(rows)
    assert fields == {
        "project_name": "测试项目", "project_nature": "经常性项目",
        "project_category": "特定目标类", "total_amount_yuan": Decimal("10000000.00"),
        "year_request_yuan": Decimal("8000000.00"),
        "year_appropriation_yuan": Decimal("8000000.00"),
        "total_other_yuan": Decimal("0.00"), "year_other_yuan": Decimal("0.00")}


def test_labelled_fields_sets_aside_a_value_wrapped_over_lines():
    rows, _ = _page("\n".join([LABELS[0], f"{'':<10}名称续", *LABELS[1:]]))
    with pytest.raises(ValueError, match="line 2: a cell beside no label"):
        labelled_fields(rows)
    # A unit the outer label does not name is not guessed.
    rows, _ = _page("\n".join([*LABELS[:3], LABELS[3].replace("（万元）", "      ")]))
    with pytest.raises(ValueError, match="unit label"):
        labelled_fields(rows)


GOALS_HEADER = f"{'':<10}{'项目总目标':<15}年度总体目标"


def _goals(first: str, second: str) -> dict[str, str | None]:
    rows, lines = _page("\n".join([GOALS_HEADER, first, second, " 目标"]))
    return goal_texts(rows[0], rows[1:], lines)


def test_goal_texts_parts_a_left_line_one_space_from_a_right_one():
    """The right cell starts where its pieces start right of the left header's middle (x 20);
    a left line running up to it is parted at the space there, and the space pdftotext
    prints before a full-width mark ("第一行 ，") is dropped."""
    got = _goals(f" 项目{'':<3}左边第一行 ，左边左边左 右边第一行",
                 f" 绩效{'':<3}{'左边第二行。':<13}右边第二行。")
    assert got == {"long_term_goal": "左边第一行，左边左边左左边第二行。",
                   "annual_goal": "右边第一行右边第二行。"}


def test_goal_texts_sets_aside_lines_run_together():
    with pytest.raises(ValueError, match="line 2: the 项目总目标 and 年度总体目标 cells run"):
        _goals(f" 项目{'':<3}左边第一行左边左边左边右边第一行",
               f" 绩效{'':<3}{'左边第二行。':<13}右边第二行。")


INDICATORS = [
    f"{'':<3}{'一级指标':<11}{'二级指标':<14}{'三级指标':<19}年度指标值",
    f"{'':<14}{'数量指标':<14}{'培训人数':<21}≥10人",
    f"{'':<3}{'产出指标':<25}长长的指标名称第一行",
    f"{'绩效指标':<14}{'质量指标':<39}合格",
    f"{'':<28}第二行",
]


def test_indicator_rows_joins_a_wrapped_name_and_tiles_the_labels():
    """A name wrapped over two lines prints them around its 指标值's line (the row is two
    lines high in the PDF); 产出指标 stands at the middle of both rows, 数量 / 质量 each at
    its row's; the outer label 绩效指标 is no cell of a row."""
    rows, _ = _page("\n".join(INDICATORS))
    got = [(r.line, r.lines, *rest) for r, *rest in indicator_rows(rows[0], rows[1:])]
    assert got == [(2, (2, 2), "产出指标", "数量指标", "培训人数", "≥10人"),
                   (4, (3, 5), "产出指标", "质量指标", "长长的指标名称第一行第二行", "合格")]


@pytest.mark.parametrize(("printed", "broken", "reason"), [
    ("数量指标", "数量目标", "'数量目标' under the 一级 / 二级 headers is no label"),
    # A row printing no 指标值: its name is no wrapped piece of the next row's.
    ("≥10人", "     ", "line 4: the indicator name's lines are no one wrapped cell"),
    # Words past a blank line, beside no 指标值.
    ("第二行", "第二行\n\n" + " " * 28 + "说明", "line 7: words of no indicator row"),
])
def test_indicator_rows_sets_aside_a_cell_out_of_place(printed, broken, reason):
    rows, _ = _page("\n".join(INDICATORS).replace(printed, broken))
    with pytest.raises(ValueError, match=reason):
        indicator_rows(rows[0], rows[1:])


def test_heights_scale_measures_lines_in_the_rows_heights():
    """A row of one line, then one printed over lines 3-5 two high; line 2, between them, has
    no height."""
    at = heights_scale([(1, 1), (3, 5)], [1, 2])
    assert (at(1), at(2), at(4), at(5.5), at(0), at(9)) == (0.5, 1.0, 2.0, 3.0, 0.0, 3.0)
