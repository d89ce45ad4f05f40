"""The layout extractors of performance-target forms and evaluation reports, as pure functions
on small hand-made layouts (cells with positions), as a PDF's ruled tables give them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orchestration.extract import declaration_layout, evaluation_report_layout
from orchestration.extract.common import ExtractionError, SourceDocument
from orchestration.extract.layout import Cell, Layout, Page, Row, Table, TextLine
from orchestration.extract.target_conventions import INDICATOR_IN_CELL

# The 项目支出绩效目标表's columns (x from, x to), as 广州 prints them.
X = {"name": (54, 167), "total": (167, 211), "fiscal": (211, 270), "special": (270, 330),
     "other": (330, 390), "goal": (390, 575), "indicators": (575, 781)}
HEADER = {"name": "项目名称（资金使用单位）", "total": "总计：", "fiscal": "财政拨款",
          "special": "财政专户拨款", "other": "其他资金", "goal": "绩效目标",
          "indicators": "绩效指标"}
HOTLINE = ("6、2-效益指标；22-社会效益；话务接通率；实施周期指标值:≥93%；年度指标值:≥93%。"
           "7、3-满意度指标；31-服务对象满意度；受理服务\n满意度；实施周期指标值:≥95%；年度指标值:≥95%。")


def _row(line: int, no: int, **cells: str) -> Row:
    return Row(tuple(Cell(text, *X[col]) for col, text in cells.items()), line, no)


def _layout(title: str, rows: list[Row], lines: tuple[str, ...] = ()) -> Layout:
    first = rows[0].line - 2 - len(lines)
    texts = (TextLine(title, first), TextLine("部门名称：广州市某局 单位：万元", first + 1),
             *(TextLine(t, first + 2 + k) for k, t in enumerate(lines)))
    page = Page(1, texts, (Table(1, 1, tuple(rows)),))
    return Layout((page,), "pdf", "")


def _doc(layout: Layout) -> SourceDocument:
    return SourceDocument("t.pdf", "0" * 64, layout.text, layout)


def _table(*data: Row) -> Layout:
    return _layout("广州市某局2026年项目支出绩效目标表（含转移支付项目）",
                   [Row(tuple(Cell(HEADER[c], *X[c]) for c in X), 3, 1), *data])


def test_indicators_are_read_from_the_text_cell_whatever_the_separators():
    text = ("1.1－产出指标，11－数量指标，项目专职环保员数量；实施周期指标值：≦核定人数，"
            "年度指标值：≦核定人数；2、2－效益指标，22－社会效益，环保信访投诉办结率；实施周期指标值：≥90%，"
            "年度指标值：≥90%;")
    got = [m.group("level1", "level2", "name", "annual") for m in INDICATOR_IN_CELL.finditer(text)]
    assert got == [("产出指标", "数量指标", "项目专职环保员数量", "≦核定人数"),
                   ("效益指标", "社会效益", "环保信访投诉办结率", "≥90%")]


def test_total_units_and_projects_of_the_project_table():
    layout = _table(
        _row(4, 2, name="合计：", total="37,367.86", fiscal="35,790.09", other="1,577.77"),
        _row(5, 3, name="广州市某局", total="12,000.00", fiscal="12,000.00"),
        _row(6, 4, name="广州12345政务服务便民\n热线平台运营项目", total="12,000.00",
             fiscal="12,000.00", goal="通过实施……", indicators=HOTLINE))
    out = declaration_layout.extract(_doc(layout), layout, [1])
    amounts = [(a.block, a.row_label, a.parent_label, a.column_label, a.value)
               for a in out.tables["form_amount"]]
    # 财政专户拨款 blank: 1,577.77 stays under 其他资金, by its position.
    assert amounts[:3] == [("total", "合计", None, "总计", Decimal("37367.86")),
                           ("total", "合计", None, "财政拨款", Decimal("35790.09")),
                           ("total", "合计", None, "其他资金", Decimal("1577.77"))]
    assert amounts[3][:3] == ("unit", "广州市某局", None)
    assert amounts[5][:3] == ("project", "广州12345政务服务便民热线平台运营项目", "广州市某局")
    (project,) = out.tables["declaration_project"]
    assert (project.unit_name, project.department_name, project.fiscal_year,
            project.year_request_yuan, project.year_appropriation_yuan,
            project.year_other_yuan) == ("广州市某局", "广州市某局", 2026,
                                         Decimal("120000000.00"), Decimal("120000000.00"), None)
    inds = [(i.indicator_name, i.level1, i.level2, i.target_op, i.target_value, i.target_unit)
            for i in out.tables["declaration_indicator"]]
    assert inds == [("话务接通率", "效益指标", "社会效益", "≥", Decimal("93"), "%"),
                    ("受理服务满意度", "满意度指标", "服务对象满意度", "≥", Decimal("95"), "%")]


def test_a_form_without_its_year_in_the_title_takes_the_year_its_text_names_most():
    layout = _layout("项目支出绩效目标表（含转移支付项目）",
                     [Row(tuple(Cell(HEADER[c], *X[c]) for c in X), 5, 1),
                      _row(6, 2, name="合计", total="1.00", fiscal="1.00")],
                     lines=("2025年度 2026年度", "2026年度"))
    out = declaration_layout.extract(_doc(layout), layout, [1])
    assert {a.fiscal_year for a in out.tables["form_amount"]} == {2026}


def test_a_form_naming_no_year_is_refused():
    layout = _layout("项目支出绩效目标表", [_row(3, 1, name="合计", total="1.00")])
    with pytest.raises(ExtractionError, match="names no year"):
        declaration_layout.extract(_doc(layout), layout, [1])


def _report() -> Layout:
    cols = {"no": (69, 86), "name": (86, 150), "approved": (150, 199), "allocated": (199, 245),
            "executed": (245, 298), "rate": (298, 340), "balance": (340, 400)}
    words = {"no": "序号", "name": "项目名称", "approved": "预算批复", "allocated": "预算到位",
             "executed": "实际执行", "rate": "执行率", "balance": "指标结余"}

    def row(line: int, no: int, *texts: str) -> Row:
        return Row(tuple(Cell(t, *cols[c]) for c, t in zip(cols, texts, strict=False) if t),
                   line, no)

    lines = ("长沙市财政项目支出绩效评价报告", "评价项目名称：2020 年度某某专项资金绩效",
             "评价", "评价项目单位： 长沙市某局", "项目主管部门： 长沙市某局",
             "评价项目金额： 300 万元", "报告日期：2021 年 8 月 22 日")
    page1 = Page(1, tuple(TextLine(t, k + 1) for k, t in enumerate(lines)), ())
    table = Table(2, 1, (
        Row(tuple(Cell(words[c], *cols[c]) for c in cols), 10, 1),
        row(11, 2, "", "合计", "300.00", "300.00", "250.00", "83.33%", "50.00"),
        row(12, 3, "一", "甲类资金", "300.00", "290.00", "250.00", "83.34%", "50.00"),
        row(13, 4, "1", "甲一", "300.00", "290.00", "250.00", "83.33%", "-")))
    prose = ("①甲一预算300万元，实际支出250万元，预算",
             "执行率83.33%。项目综合评分92.25分，评价级次为优。")
    page2 = Page(2, tuple(TextLine(t, 20 + k) for k, t in enumerate(prose)), (table,))
    return Layout((page1, page2), "pdf", "")


def test_the_spending_table_and_the_prose_of_an_evaluation_report():
    layout = _report()
    out = evaluation_report_layout.extract(_doc(layout), layout, [1, 2])
    (report,) = out.tables["evaluation_report"]
    assert (report.project_name, report.fiscal_year, report.unit_name,
            report.approved_budget_yuan, report.actual_spending_yuan, report.execution_rate_pct,
            report.total_score, report.grade, report.report_day) == (
        "某某专项资金", 2020, "长沙市某局", Decimal("3000000.00"), Decimal("2500000.00"),
        Decimal("83.33"), Decimal("92.25"), "优", 22)
    cells = [(a.block, a.item_no, a.row_label, a.parent_label, a.column_label, a.value)
             for a in out.tables["form_amount"]]
    assert ("group", "一", "甲类资金", None, "预算到位", Decimal("290.00")) in cells
    assert ("item", "1", "甲一", "甲类资金", "执行率", Decimal("83.33")) in cells
    assert not [c for c in cells if c[2] == "甲一" and c[4] == "指标结余"]  # "-": not printed
    quotes = {(q.figure, q.subject, q.value, q.line_start, q.line_end)
              for q in out.tables["evaluation_quote"]}
    assert ("item_actual_spending_yuan", "甲一", Decimal("250"), 20, 20) in quotes
    assert ("item_execution_rate_pct", "甲一", Decimal("83.33"), 21, 21) in quotes
    assert ("evaluated_amount", "评价项目金额", Decimal("300"), 6, 6) in quotes


def test_an_evaluation_report_without_its_spending_table_is_set_aside():
    layout = _report()
    page = layout.pages[1]
    bare = Layout((layout.pages[0], Page(2, page.lines, ())), "pdf", "")
    with pytest.raises(ExtractionError, match="without a 项目支出情况表"):
        evaluation_report_layout.extract(_doc(bare), bare, [1, 2])
