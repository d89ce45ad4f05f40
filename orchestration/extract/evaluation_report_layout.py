"""绩效评价报告 read from the layout model (a PDF with a text layer, or a rendering of one), as
长沙's 财政项目支出绩效评价报告 prints it (2020, 国企改革稳定专项资金).

The cover names the project (评价项目名称, wrapped), its unit, its 主管部门, the amount evaluated
and the report's date; the 项目支出情况表 (预算批复 / 预算到位 / 实际执行 / 执行率 / 指标结余 per
numbered item, groups 一、二 … and their items 1, 2 …, under a 合计) runs over pages with its
header repeated; the prose quotes the items' figures again and closes with the 综合评分 and
评价级次. The report row takes its amounts from the table's 合计 and its score from the prose;
every cell of the table is a form_amount row and every prose figure an evaluation_quote.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import target_conventions as tc
from .common import Extraction, ExtractionError, NothingOfKind, SourceDocument, squash
from .evaluation_report import KIND, EvaluationQuote, EvaluationReport
from .form_amounts import FormAmount
from .layout import Layout, Row, band_rows, split_cjk_gaps
from .self_evaluation_layout import _Columns, _columns, _decimal, _header_word

WAN = Decimal(10_000)
# Cover fields: label -> key.
COVER = {"评价项目名称": "project", "评价项目单位": "unit", "项目主管部门": "department",
         "评价项目金额": "amount", "报告日期": "date"}
COVER_LABEL = re.compile(r"^(?P<label>" + "|".join(COVER) + r")[:：](?P<value>.*)$")
PROJECT_NAME = re.compile(r"^(?P<year>\d{4})年度?(?P<name>.+?)(?:绩效评价)?$")
DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
AMOUNT = re.compile(r"(?P<num>[\d,]+(?:\.\d+)?)(?P<unit>万元|元)")
# Prose figures: (figure, pattern); the item's three figures quoted together ("③困难企业特困
# 救助、职工帮扶资金预算3,087万元，实际支出2,614.42万元，预算执行率84.69%").
ITEM_FIGURES = re.compile(
    r"(?P<subject>[^，。；：:\d]+?)预算(?P<budget>[\d,]+(?:\.\d+)?)万元，实际支出"
    r"(?P<spent>[\d,]+(?:\.\d+)?)万元，(?:预算)?执行率(?P<rate>\d+(?:\.\d+)?)%")
SCORE = re.compile(r"综合评分(?P<num>\d+(?:\.\d+)?)分")
GRADE = re.compile(r"评价级次为?(?P<grade>优|良|中|差)")
MARKERS = re.compile(
    r"^.*[①②③④⑤⑥⑦⑧⑨⑩]|^(?:[一二三四五六七八九十]+、|\d+[、.．]|[（(][^）)]*[）)])+")


def extract(doc: SourceDocument, layout: Layout, pages: list[int]) -> Extraction:
    out = Extraction(KIND)
    cover = _cover(layout, pages)
    if "project" not in cover:
        first = layout.pages[pages[0] - 1]
        raise NothingOfKind(doc.source_file, first.lines[0].line if first.lines else 1,
                            "an evaluation report without a 评价项目名称 on its cover")
    m = PROJECT_NAME.match(cover["project"][0])
    if not m:
        raise ExtractionError(doc.source_file, cover["project"][1],
                              f"评价项目名称 {cover['project'][0]!r} does not begin with a year")
    year, project = int(m["year"]), m["name"]
    unit = cover.get("unit", ("", 0))
    department = cover.get("department")
    totals = _spending_table(doc, layout, pages, out, project, year, department)
    if not totals:  # another template: set aside whole rather than loaded without its table
        raise ExtractionError(doc.source_file, cover["project"][1],
                              "an evaluation report without a 项目支出情况表 of known header words "
                              "(target_conventions.SPENDING_TABLE_COLUMNS)")
    quotes = _prose(doc, layout, pages, out, project, year, cover)
    score = quotes.get("total_score")
    grade = quotes.get("grade")
    date = DATE.search(cover["date"][0]) if "date" in cover else None

    def total(column: str) -> tuple[Decimal | None, int | None]:
        row = totals.get(column)
        return (row.amount_yuan if column != "rate" else row.value, row.line_start) if row \
            else (None, None)

    approved, executed, rate = total("approved"), total("executed"), total("rate")
    out.add("evaluation_report", EvaluationReport.build(
        doc, KIND, cover["project"][1], cover["project"][1], 1,
        project_name=project, fiscal_year=year, title_line=layout.pages[pages[0] - 1].lines[0].line,
        unit_name=unit[0], unit_name_line=unit[1],
        department_name=department[0] if department else None,
        department_name_line=department[1] if department else None,
        approved_budget_yuan=approved[0], approved_budget_yuan_line=approved[1],
        adjusted_budget_yuan=None, adjusted_budget_yuan_line=None,
        actual_spending_yuan=executed[0], actual_spending_yuan_line=executed[1],
        execution_rate_pct=rate[0], execution_rate_pct_line=rate[1],
        planned_quantity=None, planned_quantity_unit=None, planned_quantity_line=None,
        actual_quantity=None, actual_quantity_unit=None, actual_quantity_line=None,
        completion_rate_pct=None, completion_rate_pct_line=None,
        total_score=score[0] if score else None, total_score_line=score[1] if score else None,
        grade=grade[0] if grade else None, grade_line=grade[1] if grade else None,
        report_date_text=cover["date"][0] if "date" in cover else None,
        report_year=int(date["y"]) if date else None,
        report_month=int(date["m"]) if date else None,
        report_day=int(date["d"]) if date else None,
        report_date_line=cover["date"][1] if date else None,
        evaluation_period_start=None, evaluation_period_end=None,
        evaluation_period_line=None))  # fmt: skip
    return out


def _cover(layout: Layout, pages: list[int]) -> dict[str, tuple[str, int]]:
    """label key -> (value, line) of the first page's 'label：value' lines; a value cut at the
    line's end (评价项目名称 wrapped) runs on over the following lines until the next label."""
    found: dict[str, tuple[str, int]] = {}
    last: str | None = None
    for ln in layout.pages[pages[0] - 1].lines:
        flat = squash(ln.text)
        if m := COVER_LABEL.match(flat):
            last = COVER[m["label"]]
            found[last] = (m["value"], ln.line)
        elif last == "project" and flat and not COVER_LABEL.match(flat):
            found[last] = (found[last][0] + flat, found[last][1])
            last = None
        else:
            last = None
    return found


def _spending_table(doc: SourceDocument, layout: Layout, pages: list[int], out: Extraction,
                    project: str, year: int,
                    department: tuple[str, int] | None) -> dict[str, FormAmount]:
    """Every cell of the 项目支出情况表 into form_amount; column -> the 合计 row's amount."""
    totals: dict[str, FormAmount] = {}
    group: str | None = None
    rows = out.rows("form_amount")
    text = layout.medium != "pdf"
    for number in pages:
        page = layout.pages[number - 1]
        for table in page.tables:
            cols: _Columns | None = None
            rows_of = table.rows
            if text:  # a rendering: wrapped names grouped with the figures they surround
                rows_of = band_rows([split_cjk_gaps(r) for r in table.rows], _text_anchor,
                                    _whole)
            for row in rows_of:
                words = [_header_word(c.text) for c in row.cells]
                if sum(w in tc.SPENDING_TABLE_COLUMNS for w in words) >= 5:
                    cols = _columns(row, tc.SPENDING_TABLE_COLUMNS, text, learn=text)
                    continue
                if cols is None:
                    continue
                placed = _place_text(cols, row) if text else cols.place(row)
                name = squash(placed.get("name", ""))
                no = squash(placed.get("no", "")) or None
                if not name:
                    continue
                if name in tc.TOTAL_LABELS:
                    block, parent = "total", None
                elif no and tc.GROUP_NO.match(no):
                    block, parent, group = "group", None, name
                else:
                    block, parent = "item", group
                for column in tc.SPENDING_AMOUNT_COLUMNS:
                    value = _decimal(placed.get(column, ""))
                    if value is None:
                        continue
                    unit = "%" if column == "rate" else "万元"
                    amount = FormAmount.build(
                        doc, KIND, row.line, row.line, len(rows) + 1,
                        department_name=department[0] if department else None, unit_name=None,
                        fiscal_year=year, table_name=tc.SPENDING_TABLE_NAME, block=block,
                        item_no=no, row_label=name, parent_label=parent,
                        column_label=_header_word(cols.cells[column].text), value=value,
                        unit_printed=unit, amount_yuan=None if unit == "%" else value * WAN,
                        page=number, table_no=table.no, row_no=row.no)  # fmt: skip
                    rows.append(amount)
                    if block == "total":
                        totals.setdefault(column, amount)
    return totals


def _prose(doc: SourceDocument, layout: Layout, pages: list[int], out: Extraction,
           project: str, year: int,
           cover: dict[str, tuple[str, int]]) -> dict[str, tuple[Decimal | str, int]]:
    """The prose's figures as evaluation_quote rows; figure -> (value, line) of the first."""
    first: dict[str, tuple[Decimal | str, int]] = {}
    quotes = out.rows("evaluation_quote")

    def quote(figure: str, subject: str | None, value: Decimal | None, text: str, unit: str,
              matched: str, start: int, end: int) -> None:
        quotes.append(EvaluationQuote.build(
            doc, KIND, start, end, len(quotes) + 1, project_name=project, fiscal_year=year,
            figure=figure, code=None, subject=subject, value=value, value_text=text,
            unit=unit, text=matched))  # fmt: skip
        first.setdefault(figure, (value if value is not None else text, start))

    if "amount" in cover and (m := AMOUNT.search(cover["amount"][0])):
        value = Decimal(m["num"].replace(",", ""))
        quote("evaluated_amount", "评价项目金额", value, m["num"], m["unit"], cover["amount"][0],
              cover["amount"][1], cover["amount"][1])
    for number in pages:
        page = layout.pages[number - 1]
        # The page's lines joined, each character's line kept, so a clause wrapped over two
        # lines is found and cited by the lines it spans.
        text, line_of = "", []
        for ln in page.lines:
            flat = squash(ln.text)
            text += flat
            line_of += [ln.line] * len(flat)
        for m in ITEM_FIGURES.finditer(text):
            subject = MARKERS.sub("", m["subject"])
            for figure, group, unit in (("item_budget_yuan", "budget", "万元"),
                                        ("item_actual_spending_yuan", "spent", "万元"),
                                        ("item_execution_rate_pct", "rate", "%")):
                quote(figure, subject, Decimal(m[group].replace(",", "")), m[group], unit,
                      m[0], line_of[m.start(group)], line_of[m.end(group) - 1])
        for m in SCORE.finditer(text):
            quote("total_score", "项目综合评分", Decimal(m["num"]), m["num"], "分", m[0],
                  line_of[m.start()], line_of[m.end() - 1])
        for m in GRADE.finditer(text):
            quote("grade", "评价级次", None, m["grade"], "", m[0], line_of[m.start()],
                  line_of[m.end() - 1])
    return first


def _whole(text: str) -> bool:
    return _header_word(text) in tc.SPENDING_TABLE_COLUMNS


def _text_anchor(row: Row) -> bool:
    """A rendering's line holding a row of the 项目支出情况表 (its figures) or its header."""
    return (sum(_decimal(c.text) is not None for c in row.cells) >= 2
            or sum(_whole(c.text) for c in row.cells) >= 3
            or any(tc.UNIT_LABEL.search(squash(c.text)) for c in row.cells))


def _place_text(cols: _Columns, row: Row) -> dict[str, str]:
    """A rendering's row: a leading item number (一, 2) is the 序号, not a figure; the rest
    placed by its columns."""
    first = row.cells[0].text.strip() if row.cells else ""
    if (tc.GROUP_NO.match(first) or tc.ITEM_NO.match(first)) and len(first) <= 2 and (
            "name" not in cols.cells or row.cells[0].x1 <= cols.cells["name"].x0):
        return {"no": first, **cols.place(Row(row.cells[1:], row.line, row.no, row.lines))}
    return cols.place(row)
