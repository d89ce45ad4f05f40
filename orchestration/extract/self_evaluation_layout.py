"""项目支出绩效自评表 read from the layout model (a PDF's ruled tables, or a rendering of one).

The national template (财预〔2020〕10号 annex, as 国家信访局 and 西安 print it) is one ruled
table per form, which may run over pages: 项目名称 / 主管部门 · 实施单位 rows, the 项目资金 block
(a header row naming the columns, one row per funding source), the 年度总体目标 row, the
indicator block (a header row, then one row per 三级指标; merged 一级 / 二级 cells are printed
once and hold for the rows below) and the 总分 row. Cells are placed under their header by
position, and headers are matched by their words (`FUNDING_COLUMNS` of the line extractor,
`INDICATOR_COLUMNS` here), so another template's words are taught as data. A blank 得分 is
"not scored" (None), never 0. The 部门整体绩效自评表 of the same family (宁德 2024: 专项名称,
部门（单位）名称, a 财政资金安排和使用情况 block, 指标分值 / 自评得分) is read into the same records
with form_scope 'department'; so is 西安 2022's 部门整体支出绩效自评表, which opens at its
部门（单位）名称 row (named by its title), prints its funding by function class (one
'function_class' row per 任务名称, 全年预算数 / 全年执行数 split into 总额 · 财政拨款 · 其他资金
of which the 总额 is kept) and closes the block with 金额合计 (the total).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .common import Extraction, ExtractionError, SourceDocument, squash
from .layout import Cell, Layout, Row
from .self_evaluation import (
    FUNDING_COLUMNS,
    FUNDING_SOURCES,
    KIND,
    SelfEvaluationFunding,
    SelfEvaluationIndicator,
    SelfEvaluationProject,
)
from .targets import level_parents, parse_value

# Labels opening a form, and its scope.
FORM_STARTS = {"项目名称": "project", "专项名称": "department"}
DEPARTMENT_LABELS = ("主管部门", "部门（单位）名称", "部门(单位)名称", "部门名称")
# A department-wide form without a 专项名称 row opens at its department row (西安 2022).
DEPARTMENT_FORM_OPENERS = ("部门（单位）名称", "部门(单位)名称")
GRADE_LABELS = ("评分等级", "评价等级", "自评等级")
# Funding-block words of the department-wide form, beside the project form's.
FUNDING_WORDS = {
    **FUNDING_COLUMNS,
    "年初部门预算安排金额": "initial_budget_wan",
    "小计": "full_year_budget_wan",
    "年度拨付金额": "executed_wan",
    "支出实现率": "execution_rate_pct",
    "年中调整金额": "adjustment_wan",
    "本年度结余金额": "balance_wan",
    "资金结余率": "balance_rate_pct",
    "任务名称": "task",  # a row per task (function class): 西安 2022
}
# Under a spanning amount header, the sub-column holding its figure (总额 of 总额 · 财政拨款 ·
# 其他资金); the other sub-columns are parts of no field, left out.
SUBCOLUMN_WORDS = {"总额": True, "财政拨款": False, "其他资金": False}
# Funding-row labels of the department-wide form (its 中央 / 省级 / 地方 rows are parts of
# 财政资金小计, not sources beside it).
FUNDING_LABELS = {**FUNDING_SOURCES, "合计": "total", "财政资金小计": "current_appropriation",
                  "其他资金小计": "other", "金额合计": "total"}
# The source of a funding row named by its task (任务名称 column, a function class).
TASK_SOURCE = "function_class"
# Indicator-block header words -> field (other templates' words beside the national ones).
INDICATOR_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "指标名称": "name",
    "指标内容": "name",
    "年度指标值": "target",
    "指标值": "target",
    "全年指标值": "target",
    "实际完成值": "actual",
    "全年实际值": "actual",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "指标分值": "weight",
    "自评得分": "score",
    "偏差原因分析及改进措施": "deviation",
    "偏差原因": "deviation",
    "指标性质": "nature",
    "度量单位": "unit",
}
EMPTY_CELLS = frozenset({"", "-", "--", "—", "——", "/"})
# "产出指标（50分）": the 一级 label with its share of the score; "指标1：消杀覆盖…": a number.
_LABEL_SUFFIX = re.compile(r"[（(][^）)]*[)）]$")
_NAME_PREFIX = re.compile(r"^指标\d+[：:]")
_BRACKETS = re.compile(r"[（(][^）)]*[)）]")
_DEPARTMENT_CODE = re.compile(r"^\[\d+\]\s*")
_YEAR = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[)）]")
_TITLE_YEAR = re.compile(r"(\d{4})年")
_TITLE = re.compile(r"自评表$")


_FORMULA = re.compile(r"[①②③④⑤⑥⑦⑧⑨=].*$")


def _header_word(text: str) -> str:
    """A header cell's words without brackets or formula ("全年预算数（A）" -> "全年预算数",
    "小计 ③ = ①+②" -> "小计")."""
    return _FORMULA.sub("", _BRACKETS.sub("", squash(text))).rstrip("：:")


def _decimal(text: str) -> Decimal | None:
    t = squash(text).rstrip("%％").replace(",", "")
    if t in EMPTY_CELLS:
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


@dataclass
class _Columns:
    """Header cells of a block: field -> the header cell it is printed under."""

    cells: dict[str, Cell] = field(default_factory=dict)

    def place(self, row: Row) -> dict[str, str]:
        """Each cell of `row` under the header it overlaps most; a cell under no known header
        (a column of no field: 年中调整金额, 资金结余率) is left out."""
        out: dict[str, str] = {}
        for cell in row.cells:
            name, overlap = max(
                ((n, min(h.x1, cell.x1) - max(h.x0, cell.x0)) for n, h in self.cells.items()),
                key=lambda kv: kv[1], default=(None, 0.0))
            if name is not None and overlap > 0:
                out[name] = (out[name] + cell.text) if name in out else cell.text
        return out


def _narrow(cols: _Columns, row: Row) -> None:
    """A sub-header row (总额 · 财政拨款 · 其他资金) under spanning headers: each field whose
    header spans a 总额 cell is read from that cell's column alone."""
    for cell in row.cells:
        if not SUBCOLUMN_WORDS.get(_header_word(cell.text)):
            continue
        for name, head in list(cols.cells.items()):
            if head.x0 <= cell.x0 and cell.x1 <= head.x1 and (head.x0, head.x1) != (
                    cell.x0, cell.x1):
                cols.cells[name] = cell


def _columns(row: Row, words: dict[str, str]) -> _Columns | None:
    cols = _Columns()
    for cell in row.cells:
        word = _header_word(cell.text)
        if word in words:
            cols.cells.setdefault(words[word], cell)
    return cols


@dataclass
class _Form:
    name: str
    line_start: int
    year: int | None
    department: str = ""
    unit: str = ""
    funding_cols: _Columns | None = None
    indicator_cols: _Columns | None = None
    goals: tuple[str | None, str | None] = (None, None)
    page: int = 0
    table_no: int = 0
    funding: list[tuple[Row, dict[str, str], int, int]] = field(default_factory=list)
    indicators: list[tuple[Row, dict[str, str], str | None, str | None, int, int]] = field(
        default_factory=list)
    level1: str | None = None
    level2: str | None = None
    total: tuple[Row, dict[str, str]] | None = None
    grade: str | None = None
    scope: str = "project"
    previous: Row | None = None  # the row before the funding header (its upper header row)
    state: str = "header"  # header | funding | goals | indicators | done


def extract(doc: SourceDocument, layout: Layout, pages: list[int]) -> Extraction:
    if layout.medium != "pdf":
        # A rendering prints a form's wrapped cells (row labels split down a merged column,
        # indicator names, level labels centred on their block) on lines of their own, so
        # which row a piece belongs to cannot be told yet: set aside, never half-read.
        first = layout.pages[pages[0] - 1].lines if pages else ()
        raise ExtractionError(
            doc.source_file, first[0].line if first else 1,
            f"page {pages[0] if pages else 1}: self-evaluation forms are not read from a text "
            "rendering yet (their wrapped cells print on lines of their own, so which row "
            "each piece belongs to cannot be told); load the PDF")
    out = Extraction(KIND)
    form: _Form | None = None
    for number in pages:
        page = layout.pages[number - 1]
        year = _page_year(page.lines)
        for table in page.tables:
            for row in table.rows:
                first = squash(row.cells[0].text) if row.cells else ""
                if first in FORM_STARTS:
                    if form is not None:
                        _emit(doc, form, out)
                    name = squash(row.cells[1].text) if len(row.cells) > 1 else ""
                    form = _Form(name=name, line_start=row.line, year=year,
                                 page=number, table_no=table.no, scope=FORM_STARTS[first])
                    continue
                if (first in DEPARTMENT_FORM_OPENERS and (form is None or form.department)
                        and (title := _page_title(page.lines)) is not None):
                    if form is not None:
                        _emit(doc, form, out)
                    form = _Form(name=title, line_start=row.line, year=year, page=number,
                                 table_no=table.no, scope="department")
                if form is not None and first.startswith(GRADE_LABELS) and len(row.cells) > 1:
                    form.grade = _BRACKETS.sub("", squash(row.cells[1].text)) or None
                elif form is not None and form.state != "done":
                    _feed(form, row, first, number, table.no)
    if form is not None:
        _emit(doc, form, out)
    return out


def _page_title(lines) -> str | None:
    """The title among the page's first lines ("西安市卫生健康委员会部门整体支出绩效自评表")."""
    for line in lines[:3]:
        if _TITLE.search(flat := squash(line.text)):
            return flat
    return None


def _page_year(lines) -> int | None:
    for line in lines[:6]:
        if m := _YEAR.search(line.text):
            return int(m[1])
    for line in lines[:2]:  # the title's year ("西安市级2022年病媒生物防制项目绩效自评表")
        if m := _TITLE_YEAR.search(line.text):
            return int(m[1])
    return None


def _feed(form: _Form, row: Row, first: str, page: int, table_no: int) -> None:
    words = [_header_word(c.text) for c in row.cells]
    if first in DEPARTMENT_LABELS:
        texts = [c.text.strip() for c in row.cells]
        form.department = _DEPARTMENT_CODE.sub("", texts[1]) if len(texts) > 1 else ""
        if "实施单位" in words:
            k = words.index("实施单位")
            form.unit = texts[k + 1] if k + 1 < len(texts) else ""
        return
    if form.state == "header" and sum(w in FUNDING_WORDS for w in words) >= 3:
        cols = _columns(row, FUNDING_WORDS)
        if form.previous is not None:  # 分值 / 得分 printed on the upper of two header rows
            for name, cell in _columns(form.previous, FUNDING_WORDS).cells.items():
                cols.cells.setdefault(name, cell)
        form.funding_cols = cols
        form.state = "funding"
        return
    form.previous = row
    if sum(w in INDICATOR_COLUMNS for w in words) >= 4:
        form.indicator_cols = _columns(row, INDICATOR_COLUMNS)
        form.state = "indicators"
        return
    if first.startswith("年度总体目标"):
        form.state = "goals"
        return
    if first.startswith("总分"):
        cols = form.indicator_cols or form.funding_cols
        placed = cols.place(Row(row.cells[1:], row.line, row.no)) if cols else {}
        numbers = [c.text for c in row.cells[1:] if _decimal(c.text) is not None]
        if len(numbers) == 1:  # "总分值、评价总分 (S) 92.33": the score alone
            placed = {"score": numbers[0]}
        form.total = (row, placed)
        form.state = "done"
        return
    if form.state == "funding" and form.funding_cols is not None:
        if words and all(w in SUBCOLUMN_WORDS for w in words):
            _narrow(form.funding_cols, row)
            return
        label = first.replace("其中", "").lstrip("：:").rstrip("：:")
        source = FUNDING_LABELS.get(label)
        if source is not None:
            placed = form.funding_cols.place(Row(row.cells[1:], row.line, row.no))
            form.funding.append((row, {"label": row.cells[0].text.strip(), "source": source,
                                       **placed}, page, table_no))
        elif "task" in form.funding_cols.cells:
            placed = form.funding_cols.place(row)
            task = squash(placed.pop("task", ""))
            if task and _decimal(placed.get("executed_wan", "")) is not None:
                form.funding.append((row, {"label": task, "source": TASK_SOURCE, **placed},
                                     page, table_no))
        return
    if form.state == "goals":
        texts = [c.text.strip() for c in row.cells]
        form.goals = (texts[0] if texts else None, texts[1] if len(texts) > 1 else None)
        form.state = "header"  # the indicator header comes next
        return
    if form.state == "indicators" and form.indicator_cols is not None:
        placed = form.indicator_cols.place(row)
        if "level1" in placed and placed["level1"].strip():
            form.level1 = _LABEL_SUFFIX.sub("", squash(placed["level1"]))
            form.level2 = None
        if "level2" in placed and placed["level2"].strip():
            form.level2 = _LABEL_SUFFIX.sub("", squash(placed["level2"]))
            # A 一级 cell merged over a page break may print its label on neither page: a new
            # 二级 under another 一级 (seed indicator_levels) names it.
            parent = level_parents().get(form.level2)
            if not placed.get("level1", "").strip() and parent and parent != form.level1:
                form.level1 = parent
        if placed.get("name", "").strip():
            form.indicators.append((row, placed, form.level1, form.level2, page, table_no))


def _emit(doc: SourceDocument, form: _Form, out: Extraction) -> None:
    if form.year is None or not form.name:
        return
    end = form.total[0].line if form.total else (
        form.indicators[-1][0].line if form.indicators else form.line_start)
    total = form.total[1] if form.total else {}
    unit = form.unit or form.department  # a department-wide form names the department only
    projects = out.rows("self_evaluation_project")
    projects.append(SelfEvaluationProject.build(
        doc, KIND, form.line_start, end, len(projects) + 1,
        project_name=form.name, department_name=form.department, unit_name=unit,
        fiscal_year=form.year, total_weight=_decimal(total.get("weight", "")),
        total_score_reported=_decimal(total.get("score", "")), grade_reported=form.grade,
        goal_expected=form.goals[0], goal_actual=form.goals[1], form_scope=form.scope,
        page=form.page,
        table_no=form.table_no, row_no=1))  # fmt: skip
    funding = out.rows("self_evaluation_funding")
    for row, cells, page, table_no in form.funding:
        funding.append(SelfEvaluationFunding.build(
            doc, KIND, row.line, row.line, len(funding) + 1,
            project_name=form.name, fiscal_year=form.year, funding_source=cells["source"],
            source_label=cells["label"],
            initial_budget_wan=_decimal(cells.get("initial_budget_wan", "")),
            full_year_budget_wan=_decimal(cells.get("full_year_budget_wan", "")),
            executed_wan=_decimal(cells.get("executed_wan", "")),
            weight=_decimal(cells.get("weight", "")),
            execution_rate_pct=_decimal(cells.get("execution_rate_pct", "")),
            score=_decimal(cells.get("score", "")),
            adjustment_wan=_decimal(cells.get("adjustment_wan", "")),
            balance_wan=_decimal(cells.get("balance_wan", "")),
            balance_rate_pct=_decimal(cells.get("balance_rate_pct", "")), page=page,
            table_no=table_no,
            row_no=row.no))  # fmt: skip
    indicators = out.rows("self_evaluation_indicator")
    for row, cells, level1, level2, page, table_no in form.indicators:
        target = squash(cells.get("target", "")) or None
        actual = squash(cells.get("actual", "")) or None
        t_op, t_val, t_unit = parse_value(target)
        _, a_val, a_unit = parse_value(actual)
        indicators.append(SelfEvaluationIndicator.build(
            doc, KIND, row.line, row.line, len(indicators) + 1,
            project_name=form.name, fiscal_year=form.year, level1=level1, level2=level2,
            indicator_name=_NAME_PREFIX.sub("", squash(cells["name"])),
            target_raw=target, target_op=t_op, target_value=t_val, target_unit=t_unit,
            actual_raw=actual, actual_value=a_val, actual_unit=a_unit,
            weight=_decimal(cells.get("weight", "")) or Decimal("0"),
            score_reported=_decimal(cells.get("score", "")),
            deviation_note=cells.get("deviation", "").strip() or None, page=page,
            table_no=table_no, row_no=row.no))  # fmt: skip
