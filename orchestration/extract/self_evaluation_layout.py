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

A text rendering of these forms (pdftotext -layout) is read by the same rules once its lines
are grouped into rows (`layout.band_rows`, `_regrouped`): figures go to the figure columns in
their order (`_match`), the 一级 / 二级 labels, printed at the middle of their merged cells,
are laid over the rows by tiling (`_tile_levels`), a continued page's columns are found from
its rows' order (`_continue_page`), and a form whose rows do not come apart is set aside
(`_check_rendering`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .common import Extraction, ExtractionError, SourceDocument, squash
from .layout import (
    Cell,
    Layout,
    Page,
    Row,
    Table,
    band_rows,
    is_spaced,
    join_letter_spaced,
    join_spaced,
    split_cjk_gaps,
    strip_margin,
)
from .self_evaluation import (
    FUNDING_COLUMNS,
    FUNDING_SOURCES,
    KIND,
    SelfEvaluationFunding,
    SelfEvaluationIndicator,
    SelfEvaluationProject,
)
from .targets import level_labels, level_parents, parse_value

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
    # Its columns of words beside the task, of no field: a rendering places their words there.
    "主要内容": "content",
    "完成情况": "status",
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
# A label's share of the score, bracketed or bare ("产出指标（50分）", "产出指 / 标50分",
# "满意度 / 指标10"); "指标1：消杀覆盖…": a name's number.
_WEIGHT_CHARS = re.compile(r"[（()）\d.分]")
_TEXT_LABEL_SUFFIX = re.compile(r"(?:[（(][^）)]*[)）]|[（(]?\d+分?[)）]?)$")
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
    text: bool = False  # a rendering's: headers centred over their columns, by character
    learn: bool = False  # take the figure columns from the first row filling them all
    skip: bool = False  # leave out a figure far from every column (one inside a note's words)
    # A rendering's sub-columns of no field (财政拨款 · 其他资金 beside a spanning header's
    # 总额): their figures are matched to them and left out.
    parts: list[Cell] = field(default_factory=list)
    # Columns the learning row (a project form's 年度资金总额) always fills: where it leaves
    # some blank, its figures are matched with these kept, and later rows' figures go only to
    # the columns it filled (`filled`).
    required: frozenset[str] = frozenset()
    filled: frozenset[str] | None = None

    def place(self, row: Row) -> dict[str, str]:
        """Each cell of `row` under the header it overlaps most; a cell under no known header
        (a column of no field: 年中调整金额, 资金结余率) is left out. In a rendering, words under
        no header are under the nearest to their right (they start at their column's left
        edge, left of the header centred over it), and the figures go to the columns left,
        in their order, each to one, nearest their headers (a squeezed rendering prints a
        figure under its neighbour's header)."""
        if not self.text:
            return self._overlapping(row.cells)
        cells = self._rejoined([part for c in row.cells for part in self._parted(c)])
        # A figure under a level header is its label's weight printed bare ("产出指标 / 50"),
        # words of the label's column, not a figure of the row.
        figures = [c for c in cells if (_decimal(c.text) is not None
                                        or squash(c.text) in EMPTY_CELLS)
                   and self._under(c) not in LEVEL_FIELDS]
        # Words under no header whose column to the right holds values (指标值, 实际完成值) are
        # values printed off their header ("8项" right of a 年度指标值 printed over its column's
        # left part, a left-aligned value wider than its header): placed in order as figures.
        loose = [c for c in cells if c not in figures and self._under(c) is None
                 and self._nearest(c) in FIELD_ORDER]
        fields = sorted((h.x0, FIELD_ORDER.index(n), n) for n, h in self.cells.items()
                        if n in FIELD_ORDER)
        if self.learn and len(figures) == len(fields):
            # A row with a figure in every column shows where the figures stand (a rendering
            # squeezes the header's words together over them).
            for (*_, n), c in zip(fields, figures, strict=True):
                self.cells[n] = Cell(self.cells[n].text, c.x0, c.x1)
            self.learn = False
        elif self.learn and self.required and figures:
            # A total row leaving a column blank (分值): its figures in order, each of a kind
            # its column holds, the required columns filled; they show where those stand.
            pairs = _match(figures, [(n, self.cells[n]) for *_, n in fields],
                           fits=self._fits, required=self.required)
            for n, c in pairs:
                self.cells[n] = Cell(self.cells[n].text, c.x0, c.x1)
            self.filled = frozenset(n for n, c in pairs if _decimal(c.text) is not None)
            self.learn = False
        words, run_in = self._label_run_ins(
            [c for c in cells if c not in figures and c not in loose])
        placed = self._placed(words, nearest=True)
        moved = self._value_run_in(placed, figures + loose)
        out = {n: "".join(c.text for c in found) for n, found in placed.items()}
        if run_in:
            out["name"] = out.get("name", "") + "".join(c.text for c in run_in)
        figures = sorted(figures + loose + moved, key=lambda c: c.x0)
        free = sorted((h.x0, FIELD_ORDER.index(n), n)
                      for n, h in self.cells.items() if n not in out and n in FIELD_ORDER)
        columns = sorted([(n, self.cells[n]) for *_, n in free]
                         + [(PART, c) for c in self.parts], key=lambda nc: nc[1].x0)
        skip = SKIP_FIGURE if self.skip else float("inf")
        pairs = _match(figures, columns, skip)
        if self.required:
            kept = _match(figures, columns, skip, self._fits)
            # A figure no column of its kind takes: matched by place alone, for the check to
            # set aside one standing where the total row is blank.
            pairs = kept if len(kept) == len(pairs) else pairs
        for name, cell in pairs:
            if name != PART:
                out[name] = cell.text
        return out

    def _rejoined(self, cells: list[Cell]) -> list[Cell]:
        """A value's words parted at a space between ideographs (split_cjk_gaps) joined again
        where the left part stands under no header, one space from the right part, and the
        right part stands under the value column nearest right of it (p. 119's 指标值
        "项目实施质量 建筑标准符合国家质量标准", a wide cell pushed left of its header)."""
        out: list[Cell] = []
        for cell in cells:
            last = out[-1] if out else None
            if (last is not None and 0 < cell.x0 - last.x1 <= 1
                    and _decimal(last.text) is None and _decimal(cell.text) is None
                    and self._under(last) is None
                    and (name := self._under(cell)) in VALUE_FIELDS
                    and self._nearest(last) == name):
                out[-1] = Cell(last.text + cell.text, last.x0, cell.x1)
            else:
                out.append(cell)
        return out

    def _fits(self, figure: Cell, name: str) -> bool:
        """Whether a figure may stand in a column: a rate (a figure with %) only in a rate
        column; a figure only in a column the total row filled (a blank "—" anywhere)."""
        if squash(figure.text) in EMPTY_CELLS:
            return True
        if squash(figure.text).endswith(("%", "％")) and name not in RATE_FIELDS:
            return False
        return self.filled is None or name in self.filled

    def _parted(self, cell: Cell) -> list[Cell]:
        """A rendering's cell parted at a space where the words on either side stand under two
        headers (two values one space apart: "≤396万元 378.27万" under 年度指标值 and
        实际完成值)."""
        for k, ch in enumerate(cell.text):
            if ch != " " or k == 0:
                continue
            left = Cell(cell.text[:k].rstrip(), cell.x0, cell.x0 + k)
            right = Cell(cell.text[k + 1:], cell.x0 + k + 1, cell.x1)
            over = [self._under(part) for part in (left, right)]
            if None not in over and over[0] != over[1]:
                return [left, *self._parted(right)]
        return [cell]

    def _under(self, cell: Cell) -> str | None:
        """The header a cell overlaps most, None if it overlaps none."""
        name, overlap = max(
            ((n, min(h.x1, cell.x1) - max(h.x0, cell.x0)) for n, h in self.cells.items()),
            key=lambda kv: kv[1], default=(None, 0.0))
        return name if overlap > 0 else None

    def _overlapping(self, cells, nearest: bool = False) -> dict[str, str]:
        return {n: "".join(c.text for c in found)
                for n, found in self._placed(cells, nearest).items()}

    def _placed(self, cells, nearest: bool = False) -> dict[str, list[Cell]]:
        out: dict[str, list[Cell]] = {}
        for cell in cells:
            if (name := self._field(cell, nearest)) is not None:
                out.setdefault(name, []).append(cell)
        return out

    def _field(self, cell: Cell, nearest: bool) -> str | None:
        """The header a cell overlaps most; one it overlaps none of: the nearest (`nearest`),
        else None."""
        name, overlap = max(
            ((n, min(h.x1, cell.x1) - max(h.x0, cell.x0)) for n, h in self.cells.items()),
            key=lambda kv: kv[1], default=(None, 0.0))
        if (name is None or overlap <= 0) and nearest:
            return self._nearest(cell)
        return name if overlap > 0 else None

    def _label_run_ins(self, cells: list[Cell]) -> tuple[list[Cell], list[Cell]]:
        """A rendering's 二级 label and the 三级指标 name's words run into its line: words
        under the 二级 column printed right of a label piece that closes the label ("…指标",
        as the template's 二级 labels end), one space or a cell apart ("益指标 。", "益指标
        服务对象"), are the name's, not the label's (the label's lines stack, they never
        stand side by side). Returns the cells kept and the name's words run in."""
        if self.text is False or not {"level2", "name"} <= self.cells.keys():
            return cells, []
        pieces, run_in = [], []
        for cell in cells:
            k = cell.text.find(" ")
            head = Cell(cell.text[:k], cell.x0, cell.x0 + k)
            if (k > 0 and squash(head.text).endswith(LABEL_END) and cell.text[k + 1:].strip()
                    and self._field(head, True) == "level2"):
                pieces.append(head)
                run_in.append(Cell(cell.text[k + 1:].strip(), cell.x0 + k + 1, cell.x1))
            else:
                pieces.append(cell)
        kept = []
        end = None  # where the closed label's piece ends
        for cell in sorted(pieces, key=lambda c: c.x0):
            if self._field(cell, True) == "level2":
                if end is not None and cell.x0 >= end:
                    run_in.append(cell)
                    continue
                if squash(cell.text).endswith(LABEL_END):
                    end = cell.x1
            kept.append(cell)
        return kept, run_in

    def _value_run_in(self, placed: dict[str, list[Cell]], figures: list[Cell]) -> list[Cell]:
        """A 年度指标值 printed right after the name on the row's own line, the name's wrapped
        lines above and below it ("增强…保障水 / 及时 / 平和…能力"): a cell under the 三级指标
        column standing right of the name's, with no 指标值 found while an 实际完成值 is, is
        the 指标值 (a name's lines join into one cell; two cells side by side are two).
        Taken out of `placed`; returned to be matched as a figure."""
        names = placed.get("name", [])
        if (not self.text or len(names) < 2 or "target" in placed or "target" not in self.cells
                or not ("actual" in placed or any(self._field(c, True) == "actual"
                                                  for c in figures))):
            return []
        last = max(names, key=lambda c: c.x0)
        if not all(c is last or c.x1 <= last.x0 for c in names):
            return []
        names.remove(last)
        return [last]

    def _nearest(self, cell: Cell) -> str | None:
        right = [(h.x0, n) for n, h in self.cells.items() if h.x0 >= cell.x0]
        if right and (name := min(right)[1]) in LEVEL_FIELDS:
            # A level label is centred in its merged cell, as its header is: under the level
            # header whose middle is nearest ("满意度" of a wrapped 一级 label pushed right).
            return min((abs(h.x0 + h.x1 - cell.x0 - cell.x1), n)
                       for n, h in self.cells.items() if n in LEVEL_FIELDS)[1]
        if right:
            return name
        gaps = [(max(h.x0 - cell.x1, cell.x0 - h.x1), h.x0, n) for n, h in self.cells.items()]
        return min(gaps)[2] if gaps else None


LEVEL_FIELDS = ("level1", "level2")
# How the template's 一级 / 二级 labels end ("数量指标", "服务对象满意度指标"): a label piece so
# ending closes its label.
LABEL_END = "指标"


# The fields a figure may stand in (here, and in the 目标表's and 评价报告's renderings), in the
# order their columns are printed (for headers a rendering prints at one place: "得" over
# "分值" over "分").
FIELD_ORDER = ("initial_budget_wan", "adjustment_wan", "full_year_budget_wan", "executed_wan",
               "weight", "execution_rate_pct", "score", "balance_wan", "balance_rate_pct",
               "period", "target", "actual", "amount",
               "approved", "allocated", "executed", "rate", "balance")


# An indicator's value columns (words and figures, wrapped and pushed off their headers).
VALUE_FIELDS = frozenset({"target", "actual"})
# The columns holding a rate: a figure printed with % stands in no other.
RATE_FIELDS = frozenset({"execution_rate_pct", "balance_rate_pct", "rate"})
# The funding columns a project form's 年度资金总额 row always fills (the check asks for them).
TOTAL_REQUIRED = frozenset({"full_year_budget_wan", "executed_wan"})

# A figure farther than this (characters) from every free column is left out, not forced into
# a column (a figure inside the words of a note column: "结余 140 万元").
SKIP_FIGURE = 10.0


def _match(figures: list[Cell], columns: list[tuple[str, Cell]],
           skip: float = float("inf"), fits: Callable[[Cell, str], bool] | None = None,
           required: frozenset[str] = frozenset()) -> list[tuple[str, Cell]]:
    """Figures (left to right) to columns (left to right), in order, each column one figure,
    the sum of distances between figure and header centres least (dynamic programming); a
    figure may be left out at the cost `skip` (never, by default: each figure must have its
    column, or none is placed). `fits`: whether a figure may stand in a column (its kind);
    `required`: columns never left blank."""
    n, m = len(figures), len(columns)
    if not n or not m:
        return []
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[str]] = [[""] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        blank = j and (columns[j - 1][0] in required or cost[0][j - 1] == inf)
        cost[0][j], step[0][j] = (inf if blank else 0.0), "column"
    for i in range(1, n + 1):
        f = figures[i - 1]
        cost[i][0], step[i][0] = cost[i - 1][0] + skip, "figure"
        for j in range(1, m + 1):
            name, h = columns[j - 1]
            pair = abs((f.x0 + f.x1) - (h.x0 + h.x1)) / 2
            options = (
                (cost[i - 1][j - 1] + pair if fits is None or fits(f, name) else inf, "pair"),
                (cost[i][j - 1] if name not in required else inf, "column"),  # left blank
                (cost[i - 1][j] + skip, "figure"),  # the figure left out
            )
            cost[i][j], step[i][j] = min(options, key=lambda o: o[0])
    if cost[n][m] == inf:
        return []
    out, i, j = [], n, m
    while i > 0:
        move = step[i][j]
        if move == "pair":
            out.append((columns[j - 1][0], figures[i - 1]))
            i, j = i - 1, j - 1
        elif move == "column":
            j -= 1
        else:
            i -= 1
    return out[::-1]


# The name a sub-column of no field is matched under (its figure left out).
PART = "part"


def _narrow(cols: _Columns, row: Row) -> None:
    """A sub-header row (总额 · 财政拨款 · 其他资金) under spanning headers: each field whose
    header spans a 总额 cell is read from that cell's column alone. A rendering centres the
    spanning header over its sub-columns (its words stand over 财政拨款, not over 总额): each
    group of sub-columns, from a 总额 to the next, takes the header whose middle it spans."""
    if cols.text:
        groups: list[list[Cell]] = []
        for cell in sorted(row.cells, key=lambda c: c.x0):
            if SUBCOLUMN_WORDS.get(_header_word(cell.text)) or not groups:
                groups.append([])
            groups[-1].append(cell)
        for group in groups:
            head = next((n for n, h in cols.cells.items() if n in FIELD_ORDER
                         and group[0].x0 <= (h.x0 + h.x1) / 2 <= group[-1].x1), None)
            if head is None or not SUBCOLUMN_WORDS.get(_header_word(group[0].text)):
                return  # a sub-header that does not fit: the rows' figures are not placed
            cols.cells[head] = group[0]
            cols.parts += group[1:]
        return
    for cell in row.cells:
        if not SUBCOLUMN_WORDS.get(_header_word(cell.text)):
            continue
        for name, head in list(cols.cells.items()):
            if head.x0 <= cell.x0 and cell.x1 <= head.x1 and (head.x0, head.x1) != (
                    cell.x0, cell.x1):
                cols.cells[name] = cell


def _columns(row: Row, words: dict[str, str], text: bool = False,
             learn: bool = False) -> _Columns:
    cols = _Columns(text=text, learn=learn, skip=learn)
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
    text: bool = False  # read from a rendering
    raw: dict[int, tuple[Row, ...]] = field(default_factory=dict)  # a rendering's lines
    goal_rows: list[Row] = field(default_factory=list)
    goal_split: float = 0.0  # where the 实际完成情况 column starts
    goal_heads: tuple[Cell, ...] = ()  # a PDF's 预期目标 / 实际完成情况 header cells
    block: list[tuple[int, int, int]] = field(default_factory=list)  # (page, first, last) line
    page_cols: dict[int, _Columns] = field(default_factory=dict)  # a continued page's columns
    data_cols: dict[int, dict[str, Cell]] = field(default_factory=dict)  # by the rows' order
    pages: dict[int, tuple[Row, ...]] = field(default_factory=dict)  # a rendering's grouped rows
    unread: list[int] = field(default_factory=list)  # a rendering's rows not told apart


def extract(doc: SourceDocument, layout: Layout, pages: list[int]) -> Extraction:
    text = layout.medium != "pdf"
    raw: dict[int, tuple[Row, ...]] = {}
    if text:
        # A rendering prints a form's wrapped cells on lines of their own: its lines are
        # grouped into the rows the PDF's rules draw (band_rows), the 一级 / 二级 labels
        # centred on their merged cells placed by tiling (_tile_levels).
        layout, raw = _regrouped(layout, pages)
    out = Extraction(KIND)
    form: _Form | None = None
    grouped = {n: layout.pages[n - 1].tables[0].rows for n in pages
               if text and layout.pages[n - 1].tables}
    for number in pages:
        page = layout.pages[number - 1]
        year = _page_year(page.lines)
        for table in page.tables:
            for row in table.rows:
                first = squash(row.cells[0].text) if row.cells else ""
                if first in FORM_STARTS:
                    if form is not None:
                        _emit_or_set_aside(doc, form, out)
                    name = squash(row.cells[1].text) if len(row.cells) > 1 else ""
                    form = _Form(name=name, line_start=row.line, year=year,
                                 page=number, table_no=table.no, scope=FORM_STARTS[first],
                                 text=text, raw=raw, pages=grouped)
                    continue
                if (first in DEPARTMENT_FORM_OPENERS and (form is None or form.department)
                        and (title := _page_title(page.lines)) is not None):
                    if form is not None:
                        _emit_or_set_aside(doc, form, out)
                    form = _Form(name=title, line_start=row.line, year=year, page=number,
                                 table_no=table.no, scope="department", text=text, raw=raw,
                                 pages=grouped)
                if form is not None and first.startswith(GRADE_LABELS) and len(row.cells) > 1:
                    form.grade = _BRACKETS.sub("", squash(row.cells[1].text)) or None
                elif form is not None and form.state != "done":
                    _feed(form, row, first, number, table.no)
    if form is not None:
        _emit_or_set_aside(doc, form, out)
    if out.set_aside and not out.rows("self_evaluation_project"):
        raise out.set_aside[0]  # no form read: the document (or part) is set aside whole
    return out


def _emit_or_set_aside(doc: SourceDocument, form: _Form, out: Extraction) -> None:
    """The form's records; a rendering's form whose rows do not come apart is set aside alone,
    named with its page, and the document's other forms load (a rendering of 西安's 89 forms
    is not lost for one). A PDF's form is never refused so: its refusal is the document's."""
    try:
        _emit(doc, form, out)
    except ExtractionError as err:
        if not form.text:
            raise
        out.set_aside.append(ExtractionError(doc.source_file, err.line, err.message,
                                             page=form.page))


# Words of the 年度总体目标 block's header row (a rendering prints the block's label down the
# margin, so the row is told by these).
GOAL_HEADERS = ("预期目标", "目标实际完成情况", "实际完成情况")
# The block's own label, printed down the margin a few characters a line ("年度总体 / 目标完成 /
# 情况"): its pieces, left of the prose, are no goal's words.
GOAL_LABEL = "年度总体目标完成情况"
# The blocks' labels printed down a form's left margin (left out of a rendering's rows).
MARGIN_LABELS = (GOAL_LABEL, "绩效指标", "财政资金安排和使用情况")
# The upper header row of the department-wide form's funding block, over its sub-columns.
FUNDING_GROUP_WORDS = ("预算安排", "拨付情况", "结余情况")
# A rendering's line of prose this long is a row of its own (a goal's text), not a wrap piece.
PROSE_LENGTH = 15


def _anchor(row: Row, prose: bool = True) -> bool:
    """Whether a rendering's line holds a row's figures (分值 and 得分, a funding row's
    amounts), its label or header words, or (`prose`) a line of prose."""
    words = [_header_word(c.text) for c in row.cells]
    first = words[0] if words else ""
    # Two figures at least: a figure alone may be a wrapped value's ("已于 2025 年 2").
    return (sum(_decimal(c.text) is not None for c in row.cells) >= 2
            or first in FORM_STARTS or first in DEPARTMENT_LABELS
            # A funding row printing no figure ("上年结转资金  —  —"), the year under a title.
            or any(_funding_label(c.text) for c in row.cells)
            or (bool(row.cells) and _funding_label_start(row.cells[0].text))
            or (len(words) == 1 and _YEAR.fullmatch(squash(row.cells[0].text)) is not None)
            or first.startswith((*GRADE_LABELS, "总分"))
            or any(w in GOAL_HEADERS for w in words)
            or sum(w in FUNDING_WORDS or w in INDICATOR_COLUMNS or w in FUNDING_GROUP_WORDS
                   for w in words) >= 2
            or (prose and _prose(row)))


_GOAL_HEAD = re.compile(rf"^\s*(?:{'|'.join(GOAL_HEADERS)})(?:[（(][^）)]*[）)])?\s*")


def _goal_head(cell: Cell) -> Cell | None:
    """A 年度总体目标 header cell: the words after its header word (a goal printed under it
    and joined), None for a cell of no header."""
    m = _GOAL_HEAD.match(cell.text)
    if m is None or _header_word(cell.text[:m.end()]) not in GOAL_HEADERS:
        return None
    return Cell(cell.text[m.end():], cell.x0 + m.end(), cell.x1)


def _prose(row: Row) -> bool:
    """A line of prose: words running on longer than PROSE_LENGTH, figures inside them parted
    by single spaces ("2.全年共安排 2 批中央单位…")."""
    run, end, last = 0, None, ""
    for cell in row.cells:
        if is_spaced(cell):  # a justified cell's line, not prose running on
            run, end = 0, None
            continue
        # Words one space from words are two cells a tight rendering prints side by side
        # (split_cjk_gaps parted them); a figure one space from words is inside the prose.
        joined = end is not None and cell.x0 - end <= 1 and (
            _decimal(cell.text) is not None or _decimal(last) is not None)
        run = run + len(cell.text) if joined else len(cell.text)
        end, last = cell.x1, cell.text
        if run > PROSE_LENGTH:
            return True
    return False


def _whole(text: str) -> bool:
    return (word := _header_word(text)) in FUNDING_WORDS or word in INDICATOR_COLUMNS


def _regrouped(layout: Layout, pages: list[int]) -> tuple[Layout, dict[int, tuple[Row, ...]]]:
    """The pages' lines grouped into table rows, and each page's lines as cells (for the
    level labels)."""
    new = list(layout.pages)
    raw: dict[int, tuple[Row, ...]] = {}
    for number in pages:
        page = layout.pages[number - 1]
        tables = []
        for table in page.tables:
            rows = tuple(strip_margin([join_spaced(split_cjk_gaps(r))
                                       for r in join_letter_spaced(table.rows)],
                                      labels=MARGIN_LABELS))
            raw[number] = rows
            # Under the indicator header a long line without figures is a wrapped name's or
            # note's, not prose of its own ("指标1：事业单位离休人员和保健对象医 / … / 疗费…").
            header = next((r.line for r in rows
                           if sum(_header_word(c.text) in INDICATOR_COLUMNS for c in r.cells) >= 4),
                          None)
            tasks = _task_block(rows)
            # A line of the task block that printed only the margin label's piece ("主要",
            # "任务") is no blank line parting a task's wrapped lines.
            kept = {r.line for r in rows}
            lines = sorted([*rows, *(Row((), r.line, r.no) for r in table.rows
                                     if tasks[0] < r.line < tasks[1] and r.line not in kept
                                     and r.cells)], key=lambda r: r.line)
            # A short goal printed right over the indicator header, no blank line between, is
            # a goal's own, no piece of the header: a line of the header's run of lines (below
            # the goal header) holding other words than pieces of header words, with no line
            # of the goal's prose above it in the run (whose piece it would be).
            goal = next((r.line for r in rows
                         if any(_header_word(c.text) in GOAL_HEADERS for c in r.cells)), 0)
            top = header
            while top is not None and top - 1 in kept and top - 1 > goal:
                top -= 1
            prose = [r.line for r in rows if top is not None and top <= r.line < header
                     and _anchor(r)]

            def anchor(r: Row, h: int | None = header, t: int | None = top,
                       p: list[int] = prose, k: tuple[int, int] = tasks) -> bool:
                if (t is not None and h is not None and t <= r.line < h
                        and not any(n < r.line for n in p)):
                    return not _header_pieces(r)
                return _anchor(r, (h is None or r.line < h) and not k[0] < r.line < k[1])

            # A line holding only a margin label's piece ("绩效指") is printed, no blank line.
            tables.append(Table(table.page, table.no, band_rows(
                lines, anchor, _whole, {r.line for r in table.rows})))
        new[number - 1] = Page(page.number, page.lines, tuple(tables))
    return Layout(tuple(new), layout.medium, layout.text), raw


def _task_block(rows: list[Row]) -> tuple[int, int]:
    """The lines between a department-wide form's task header (任务名称) and its 金额合计 row:
    there a line of prose is a task's 主要内容 wrapped above and below its figures, no row of
    its own. (0, 0) without such a block."""
    start = next((r.line for r in rows if any(FUNDING_WORDS.get(_header_word(c.text)) == "task"
                                              for c in r.cells)), None)
    end = next((r.line for r in rows if start is not None and r.line > start and any(
        FUNDING_LABELS.get(_label_words(c.text)) == "total" for c in r.cells)), None)
    return (start, end) if start is not None and end is not None else (0, 0)


def _header_pieces(row: Row) -> bool:
    """A line of pieces of the indicator header's words only ("二级 年度 实际 偏差原因分析及改进措":
    its wrapped upper line)."""
    return bool(row.cells) and all(
        any(squash(c.text) in word for word in INDICATOR_COLUMNS) for c in row.cells)


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
    if (form.text and form.state == "funding" and form.funding_cols is not None
            and sum(w in FUNDING_WORDS for w in words) >= 3
            and all(_decimal(c.text) is None for c in row.cells)):
        # A rendering prints a two-line header as two rows: the lower row's words join.
        for name, cell in _columns(row, FUNDING_WORDS, True).cells.items():
            form.funding_cols.cells.setdefault(name, cell)
        return
    if form.state == "header" and sum(w in FUNDING_WORDS for w in words) >= 3:
        cols = _columns(row, FUNDING_WORDS, form.text)
        if form.previous is not None:  # 分值 / 得分 printed on the upper of two header rows
            for name, cell in _columns(form.previous, FUNDING_WORDS).cells.items():
                cols.cells.setdefault(name, cell)
            if form.text:
                for name, cell in _wrapped_words(form.previous, row, FUNDING_WORDS).items():
                    cols.cells.setdefault(name, cell)
        if form.text and form.scope == "project":
            # A squeezed header's words stand off their columns: the total row, a figure in
            # every column, shows where the figures stand (none of a row is left out).
            cols.learn = True
            cols.required = TOTAL_REQUIRED
        form.funding_cols = cols
        form.state = "funding"
        return
    form.previous = row
    if sum(w in INDICATOR_COLUMNS for w in words) >= 4:
        form.indicator_cols = _columns(row, INDICATOR_COLUMNS, form.text)
        form.state = "indicators"
        if form.goal_rows:
            form.goals = _goals(form)
        form.block.append((page, _span(row)[1], 10**9))
        if form.text:
            form.data_cols[page] = _data_columns(
                tuple(r for r in form.pages.get(page, ()) if r.line > row.line))
        return
    heads = [(c, rest) for c in row.cells if (rest := _goal_head(c)) is not None]
    if form.text and form.state in ("header", "funding") and heads:
        form.state = "goals"
        # Prose starts at its column's left edge, left of the header centred over it (the
        # header's own extent: a goal joined to it reaches further).
        ends = [c.x0 + len(c.text) - len(rest.text) for c, rest in heads]
        form.goal_split = (ends[0] + heads[-1][0].x0) / 2 if len(heads) > 1 else 0.0
        # A short goal printed right under its header is joined to it ("预期目标（年初设定）
        # / 保障疫情防控工作顺利进行"): the words after the header's are the goal's.
        rests = {id(c): rest for c, rest in heads}
        cells = [rests.get(id(c), c) for c in row.cells]
        form.goal_rows = [Row(tuple(c for c in cells if c.text.strip()), row.line, row.no)]
        return
    if not form.text and form.state in ("header", "funding") and heads:
        # The block's label may be cut over two rows ("年度" / "总体目标"): the header row is
        # told by its header words, and the goals are the cells under them.
        form.state = "goals"
        form.goal_heads = tuple(c for c, _ in heads)
        return
    if first.startswith("年度总体目标") and not (form.text and form.state == "goals"):
        form.state = "goals"
        return
    if form.text and form.state == "indicators" and form.block and form.block[-1][0] != page:
        _continue_page(form, page, form.pages.get(page, ()))
    if form.text and form.state == "indicators" and (total := _total_cells(form, row, page)):
        # A level label's last line printed beside the 总分 row's, the row below its own
        # ("（10分） 度指标" over "总分"): the 总分 cell spans the level columns, so words under
        # them are the label's (tiled from the lines), not the total row's.
        row = total
    if (k := _total_cell(row)) is not None:
        cols = form.page_cols.get(page) or form.indicator_cols or form.funding_cols
        placed = cols.place(Row(row.cells[k + 1:], row.line, row.no)) if cols else {}
        numbers = [c.text for c in row.cells[k + 1:] if _decimal(c.text) is not None]
        if len(numbers) == 1:  # "总分值、评价总分 (S) 92.33": the score alone
            placed = {"score": numbers[0]}
        form.total = (row, placed)
        form.state = "done"
        if form.block:
            form.block[-1] = (*form.block[-1][:2], row.line)
        return
    if form.state == "funding" and form.funding_cols is not None:
        if words and all(w in SUBCOLUMN_WORDS for w in words):
            _narrow(form.funding_cols, row)
            return
        if form.text:
            row = _joined_label(row)
        # A rendering may print the block's merged label ("项目资金（万元）") before the row's.
        skip = next((k for k, c in enumerate(row.cells) if _funding_label(c.text)), 0) if (
            form.text) else 0
        source = _funding_label(row.cells[skip].text)
        if source is not None:
            placed = form.funding_cols.place(Row(row.cells[skip + 1:], row.line, row.no))
            form.funding.append((row, {"label": row.cells[skip].text.strip(), "source": source,
                                       **placed}, page, table_no))
        elif "task" in form.funding_cols.cells:
            placed = form.funding_cols.place(row)
            task = squash(placed.pop("task", ""))
            if task and _decimal(placed.get("executed_wan", "")) is not None:
                form.funding.append((row, {"label": task, "source": TASK_SOURCE, **placed},
                                     page, table_no))
        elif form.text and any(label in squash(c.text) for c in row.cells
                               for label in FUNDING_LABELS if len(label) > 2):
            # A funding label run into another row's ("上年结转资金其他资金"): the rows did not
            # come apart, and one would be lost.
            form.unread.append(row.line)
        return
    if form.state == "goals" and form.text:
        form.goal_rows.append(row)
        return
    if form.state == "goals":
        form.goals = _pdf_goals(row, form.goal_heads)
        form.state = "header"  # the indicator header comes next
        return
    if form.state == "indicators" and form.indicator_cols is not None:
        if form.text:  # levels: tiled over the rows at _emit
            placed = _indicator_columns(form, page).place(row)
            if placed.get("name", "").strip():
                form.indicators.append((row, placed, None, None, page, table_no))
            elif _decimal(placed.get("weight", "")) is not None:
                form.unread.append(row.line)  # a row of figures whose name was not found
            return
        placed = (form.page_cols.get(page) or form.indicator_cols).place(row)
        # The label without its share of the score, bracketed or bare ("产出指标（50分）",
        # 西安's "产出指标50分", "满意度指标10"), as a rendering's labels are read.
        if "level1" in placed and placed["level1"].strip():
            form.level1 = _TEXT_LABEL_SUFFIX.sub("", squash(placed["level1"]))
            form.level2 = None
        if "level2" in placed and placed["level2"].strip():
            form.level2 = _TEXT_LABEL_SUFFIX.sub("", squash(placed["level2"]))
            # A 一级 cell merged over a page break may print its label on neither page: a new
            # 二级 under another 一级 (seed indicator_levels) names it.
            parent = level_parents().get(form.level2)
            if not placed.get("level1", "").strip() and parent and parent != form.level1:
                form.level1 = parent
        if placed.get("name", "").strip():
            form.indicators.append((row, placed, form.level1, form.level2, page, table_no))


def _total_cells(form: _Form, row: Row, page: int) -> Row | None:
    """A rendering's 总分 row whose cells before the 总分 cell are all words under the
    一级 / 二级 columns (a wrapped label's piece joined to it): the row from its 总分 cell on;
    None for any other row."""
    at = next((k for k, c in enumerate(row.cells) if squash(c.text).startswith("总分")), 0)
    cols = _indicator_columns(form, page)
    if not at or cols is None or not all(
            _decimal(c.text) is None and cols._field(c, True) in LEVEL_FIELDS
            for c in row.cells[:at]):
        return None
    return Row(row.cells[at:], row.line, row.no, row.lines)


def _wrapped_words(upper: Row, lower: Row, words: dict[str, str]) -> dict[str, Cell]:
    """Header words wrapped from a rendering's upper header line into the lower ("执行率（" /
    "B/A）", "分" / "值": the upper line a row of its own, holding other whole words): a piece
    of each line, neither a word alone, one over the other (overlapping or a character or
    two apart), read as one word."""
    out: dict[str, Cell] = {}
    for top in upper.cells:
        if _header_word(top.text) in words:
            continue
        for bottom in lower.cells:
            joined = _header_word(top.text + bottom.text)
            if (_header_word(bottom.text) not in words and joined in words
                    and max(top.x0, bottom.x0) - min(top.x1, bottom.x1) <= 2):
                out.setdefault(words[joined], Cell(top.text + bottom.text,
                                                   min(top.x0, bottom.x0),
                                                   max(top.x1, bottom.x1)))
    return out


def _total_cell(row: Row) -> int | None:
    """Which cell of a row opens the 总分 row: its first, or the first after the pieces of a
    level label's weight joined to it ("（10分）", the last line of the 满意度 label above, a
    blank line between); None for another row."""
    for k, cell in enumerate(row.cells):
        text = squash(cell.text)
        if text.startswith("总分"):
            return k
        if not text or _WEIGHT_CHARS.sub("", text) or "分" not in text:
            return None
    return None


def _indicator_columns(form: _Form, page: int) -> _Columns:
    """A rendering's indicator columns on `page`, the 三级指标 column spanning its names as
    printed too: a name's line the rendering pushes left, under the 二级 header's edge
    ("促进新址完工", a wrapped name's "平和突发事件应急反应能力"), is the name's, not a label's."""
    cols = form.page_cols.get(page) or form.indicator_cols
    names = form.data_cols.get(page, {}).get("name")
    if cols is None or names is None or "name" not in cols.cells:
        return cols  # type: ignore[return-value]
    head = cols.cells["name"]
    return _Columns({**cols.cells, "name": Cell(head.text, min(head.x0, names.x0),
                                                max(head.x1, names.x1))}, text=True)


def _continue_page(form: _Form, page: int, rows: tuple[Row, ...]) -> None:
    """A rendering squeezes each page on its own, so a block continued on `page` stands
    elsewhere there: its columns are found from its rows' order (名称, 指标值, 实际完成值, then
    分值 and 得分, the row's last two figures, then the 偏差 words), and the level columns, left of
    them, carried by the map that lays the header page's 名称 and 分值 starts on this page's."""
    start_page, _, _ = form.block[0]
    form.block.append((page, 0, 10**9))
    if form.indicator_cols is None:
        return
    first, here = form.data_cols.get(start_page), _data_columns(rows)
    if not first or not here or not {"name", "weight"} <= first.keys() & here.keys():
        return
    scale = (here["weight"].x0 - here["name"].x0) / max(first["weight"].x0 - first["name"].x0, 1)
    shift = here["name"].x0 - first["name"].x0 * scale
    cells = {n: Cell(h.text, h.x0 * scale + shift, h.x1 * scale + shift)
             for n, h in form.indicator_cols.cells.items() if n in ("level1", "level2")}
    form.page_cols[page] = _Columns({**cells, **here}, text=True)


def _data_columns(rows: tuple[Row, ...]) -> dict[str, Cell]:
    """The indicator columns of a page's rows by their order: in each row ending in 分值 and
    得分 figures (and 偏差 words), the three cells before them are 名称, 指标值, 实际完成值;
    each column the span of its cells' median start and end."""
    spans: dict[str, list[Cell]] = {}
    for row in rows:
        cells = row.cells
        figs = [k for k, c in enumerate(cells) if _decimal(c.text) is not None]
        if len(figs) < 2 or figs[-1] != figs[-2] + 1 or figs[-2] < 3:
            continue
        k = figs[-2]
        named = {"name": cells[k - 3], "target": cells[k - 2], "actual": cells[k - 1],
                 "weight": cells[k], "score": cells[k + 1]}
        if k + 2 < len(cells):
            named["deviation"] = cells[k + 2]
        for n, c in named.items():
            spans.setdefault(n, []).append(c)
    out = {}
    for n, found in spans.items():
        x0 = sorted(c.x0 for c in found)[len(found) // 2]
        x1 = sorted(c.x1 for c in found)[len(found) // 2]
        out[n] = Cell(n, x0, x1)
    return out


def _figured(row: Row) -> bool:
    return any(_decimal(c.text) is not None for c in row.cells)


def _funding_label(text: str) -> str | None:
    return FUNDING_LABELS.get(_label_words(text))


def _label_words(text: str) -> str:
    return squash(text).replace("其中", "").lstrip("：:").rstrip("：:")


def _joined_label(row: Row) -> Row:
    """The row with a funding label's last line joined to its first ("上年结转资 / 金": the
    short last line, pushed left, stands beside the first line's start, not under it, and
    band_rows keeps it a cell of its own)."""
    cells = list(row.cells)
    for k, cell in enumerate(cells):
        if not _funding_label_start(cell.text):
            continue
        for j in (k - 1, k + 1):
            if not 0 <= j < len(cells):
                continue
            tail = cells[j]
            near = max(tail.x0, cell.x0) - min(tail.x1, cell.x1) <= 2
            if (near and tail.x1 - tail.x0 <= 2
                    and _funding_label(cell.text + tail.text) is not None):
                cells[min(j, k)] = Cell(cell.text + tail.text, min(cell.x0, tail.x0),
                                        max(cell.x1, tail.x1))
                del cells[max(j, k)]
                return Row(tuple(cells), row.line, row.no, row.lines)
    return row


def _funding_label_start(text: str) -> bool:
    """A funding label's first line, wrapped ("上年结转资 / 金"): its own row's, not a piece of
    the row below."""
    words = _label_words(text)
    return len(words) >= 3 and any(k.startswith(words) and k != words for k in FUNDING_LABELS)


def _emit(doc: SourceDocument, form: _Form, out: Extraction) -> None:
    if form.year is None or not form.name:
        return
    if form.text:
        _tile_levels(form)
        _check_rendering(doc, form)
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
            doc, KIND, *_span(row), len(funding) + 1,
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
            doc, KIND, *_span(row), len(indicators) + 1,
            project_name=form.name, fiscal_year=form.year, level1=level1, level2=level2,
            indicator_name=_NAME_PREFIX.sub("", squash(cells["name"])),
            target_raw=target, target_op=t_op, target_value=t_val, target_unit=t_unit,
            actual_raw=actual, actual_value=a_val, actual_unit=a_unit,
            weight=_decimal(cells.get("weight", "")) or Decimal("0"),
            score_reported=_decimal(cells.get("score", "")),
            deviation_note=cells.get("deviation", "").strip() or None, page=page,
            table_no=table_no, row_no=row.no))  # fmt: skip


def _span(row: Row) -> tuple[int, int]:
    """The first and last line of a row: a rendering's wrapped cells take several."""
    return row.lines if row.lines != (0, 0) else (row.line, row.line)


def _goals(form: _Form) -> tuple[str | None, str | None]:
    """A rendering's 年度总体目标: the prose left and right of the 实际完成情况 header."""
    def label(text: str) -> bool:
        return len(t := squash(text)) >= 2 and t in GOAL_LABEL

    def head(cell: Cell) -> int:
        """The length of a label piece (and its space) opening a cell ("目标完成 1、…")."""
        first = cell.text.split(" ", 1)[0]
        return len(first) + 1 if " " in cell.text.strip() and label(first) else 0

    prose = min((c.x0 for r in form.goal_rows for c in r.cells
                 if not label(c.text) and not head(c)), default=0.0)
    rows = []
    for r in form.goal_rows:
        cells = []
        for c in r.cells:
            if c.x0 < prose and label(c.text):
                continue
            if c.x0 < prose and (k := head(c)):
                c = Cell(c.text[k:], c.x0 + k, c.x1)
            cells.append(c)
        rows.append(cells)
    left, right = [], []
    # The right column's prose starts at its cell's left edge, which may stand left of the
    # middle between the headers (a narrow left column): the leftmost cell printed after
    # another on a line.
    split = min([form.goal_split, *(c.x0 for r in rows for c in r[1:])]) if (
        form.goal_split) else 0.0
    # The left column's right edge, as printed: where its lines, wholly left of the split, end
    # (a cell of wrapped lines joined ends where its longest line does).
    edge = max((min(c.x1, _printed_end(c)) for r in rows for c in r if c.x1 <= split),
               default=0.0)
    for r, cells in zip(form.goal_rows, rows, strict=True):
        for whole in cells:
            parts = _parted(whole, split)
            if len(parts) == 1 and split and whole.x0 < split < whole.x1 and (
                    _printed_end(whole) > split + 1):
                # A left line run into the right column's one space apart, where the
                # rendering squeezed the line's narrow digits: parted at the left edge.
                parts = _parted_at_edge(whole, edge, split)
                if len(parts) == 1:
                    form.unread.append(r.line)
            for cell in parts:
                (right if split and cell.x0 >= split else left).append(cell.text.strip())
    return "".join(left) or None, "".join(right) or None


def _pdf_goals(row: Row, heads: tuple[Cell, ...]) -> tuple[str | None, str | None]:
    """A PDF's 年度总体目标: the cells under the 预期目标 and 实际完成情况 headers, each by where
    its middle stands (a piece of the block's label, "总体目标", stands left of both); without
    headers, the row's first two cells."""
    if len(heads) < 2:
        texts = [c.text.strip() for c in row.cells]
        return (texts[0] if texts else None, texts[1] if len(texts) > 1 else None)
    goals: list[list[str]] = [[], []]
    for cell in row.cells:
        middle = (cell.x0 + cell.x1) / 2
        if middle >= heads[0].x0:
            goals[middle >= heads[1].x0].append(cell.text.strip())
    expected, actual = ("".join(g) or None for g in goals)
    return expected, actual


def _printed_end(cell: Cell) -> float:
    """Where a rendering's cell ends as printed: a line of ideographs keeps its width by
    character, while narrow characters (digits, Latin, spaces) take half of one."""
    return cell.x0 + sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in cell.text)


def _parted_at_edge(cell: Cell, edge: float, split: float) -> list[Cell]:
    """A goal line run into the right column's at a space: parted at the space where the
    left part, as printed, ends at the left column's edge (within a character), the right
    part placed at the right column (`split`); else whole."""
    fits = [(abs(_printed_end(Cell(cell.text[:k], cell.x0, cell.x0 + k)) - edge), k)
            for k, ch in enumerate(cell.text) if ch == " " and k > 0]
    fits = [f for f in fits if f[0] <= 1]
    if not fits:
        return [cell]
    k = min(fits)[1]
    return [Cell(cell.text[:k], cell.x0, cell.x0 + k),
            Cell(cell.text[k + 1:], max(cell.x0 + k + 1, split), cell.x1)]


def _parted(cell: Cell, split: float) -> list[Cell]:
    """A goal line running up to the right column, one space apart ("…在西安市范 ，比去年…",
    a space the CJK gaps do not part before a comma), parted at the space nearest the split."""
    spaces = [k for k, ch in enumerate(cell.text)
              if ch == " " and abs(cell.x0 + k + 1 - split) <= 2]
    if not split or not cell.x0 < split < cell.x1 or not spaces:
        return [cell]
    k = min(spaces, key=lambda k: abs(cell.x0 + k + 1 - split))
    # The piece after the space is the right column's, though printed a character or two
    # left of its edge.
    return [Cell(cell.text[:k], cell.x0, cell.x0 + k),
            Cell(cell.text[k + 1:], max(cell.x0 + k + 1, split), cell.x1)]


def _tile_levels(form: _Form) -> None:
    """A rendering's 一级 / 二级 labels, each printed at the middle of its merged cell: on each
    page the rows are cut into consecutive blocks, one a label, each label as near as can be
    to its block's middle line (rows above the page's first block keep the previous page's
    label, their merged cell continued over the break). 二级 blocks first; a 一级 block is
    made of whole 二级 blocks (the merged cells nest)."""
    if form.indicator_cols is None:
        return
    rows = form.indicators
    level2: list[str | None] = []
    level1: list[str | None] = []
    carried: dict[str, str | None] = {"level1": None, "level2": None}
    for page, first, last in form.block:
        on_page = [r for r in rows if r[4] == page]
        pieces: dict[str, list[tuple[int, str]]] = {"level1": [], "level2": []}
        other: set[int] = set()  # lines holding a piece of another column than the levels
        cols = _indicator_columns(form, page)
        for raw in form.raw.get(page, ()):
            if first < raw.line < last:
                placed = cols.place(raw)
                for level, found in pieces.items():
                    if text := placed.get(level, "").strip():
                        found.append((raw.line, text))
                if set(placed) - {"level1", "level2"}:
                    other.add(raw.line)
        # A row's extent without the level labels beside it (they are placed here).
        spans = []
        for r in on_page:
            lo, hi = _span(r[0])
            own = [n for n in range(lo, hi + 1) if n in other] or [r[0].line]
            spans.append((min(own), max(own)))
        seconds = _tile(spans, _labels(pieces["level2"], level_labels("2")),
                        carried["level2"])
        # The 二级 blocks as units for the 一级 tiling.
        units = _runs(seconds) if pieces["level2"] else [[k] for k in range(len(seconds))]
        unit_spans = [(spans[u[0]][0], spans[u[-1]][1]) for u in units]
        firsts = _tile(unit_spans, _labels(pieces["level1"], level_labels("1")),
                       carried["level1"],
                       [level_parents().get(seconds[u[0]] or "") for u in units])
        level2 += seconds
        level1 += [firsts[j] for j, u in enumerate(units) for _ in u]
        if seconds:
            carried = {"level1": level1[-1], "level2": level2[-1]}
    for k, (row, placed, _, _, page, table_no) in enumerate(rows):
        first_level = level1[k] if k < len(level1) else None
        second = level2[k] if k < len(level2) else None
        parent = level_parents().get(second or "")
        if parent and not first_level:
            first_level = parent
        rows[k] = (row, placed, first_level, second, page, table_no)


def _runs(labels: list[str | None]) -> list[list[int]]:
    """The indices of each run of equal consecutive labels: a tiled level's blocks, the units
    the level above is tiled over (its merged cells nest)."""
    runs: list[list[int]] = []
    for k, label in enumerate(labels):
        if runs and labels[runs[-1][-1]] == label:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _labels(pieces: list[tuple[int, str]],
            known: frozenset[str] = frozenset()) -> list[tuple[float, str]]:
    """A level column's pieces as labels (middle line, text): a label wrapped over lines one or
    two apart joins until it reads as a whole (ends in 指标); so does a piece continuing a
    label of `known` (the template's) that is not yet whole, however far below ("满意度 / … /
    指标", the lines of the rows beside it between)."""
    out: list[tuple[int, int, str]] = []
    for line, text in pieces:
        # A label's weight printed under it ("产出指标 / （50分）", "满意度 / 指标 / … /
        # （10分）", lines of the row beside it between) is part of it, never a label alone.
        suffix = not _WEIGHT_CHARS.sub("", squash(text))  # "（50分）", "50分", "）"
        head = _TEXT_LABEL_SUFFIX.sub("", squash(out[-1][2])) if out else ""
        word = _TEXT_LABEL_SUFFIX.sub("", squash(head + text))
        continues = bool(out) and head not in known and any(
            k.startswith(word) for k in known)
        if out and (suffix or continues
                    or (line - out[-1][1] <= 2 and not head.endswith("指标"))):
            top, _, joined = out[-1]
            out[-1] = (top, line, joined + text)
        elif suffix:
            continue
        else:
            out.append((line, line, text))
    return [((top + bottom) / 2, _TEXT_LABEL_SUFFIX.sub("", squash(text)))
            for top, bottom, text in out]


def _tile(spans: list[tuple[int, int]], labels: list[tuple[float, str]],
          carried: str | None,
          parents: list[str | None] | None = None) -> list[str | None]:
    """Each row's label: the rows cut into consecutive blocks, after an unlabelled head kept by
    `carried`, so that the labels stand nearest their blocks' middles (dynamic programming).
    `parents`: the 一级 label each row's 二级 label belongs to (seed indicator_levels), None
    for any; a block takes no row of another parent (a label printed at its cell's top, not
    its middle, would otherwise lose its lower rows to the next)."""
    n, k = len(spans), len(labels)
    parents = parents or [None] * n
    if not k:
        return [carried] * n
    inf = float("inf")
    # best[j][i]: the least cost of labels[:j] over rows[:i], the block of label j-1 ending at i.
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    for i in range(n + 1):
        # An unlabelled head of i rows: rows a label carried over the page break holds; with
        # none carried (a form's first page), the first label's block starts at the first row.
        best[0][i] = 0.0 if carried is not None or i == 0 else inf
    for j in range(1, k + 1):
        middle = labels[j - 1][0]
        for i in range(1, n + 1):
            for s in range(i):
                if best[j - 1][s] == inf or (j > 1 and s == 0):
                    continue
                if any(p not in (None, labels[j - 1][1]) for p in parents[s:i]):
                    continue
                cost = best[j - 1][s] + abs((spans[s][0] + spans[i - 1][1]) / 2 - middle)
                if cost < best[j][i]:
                    best[j][i], back[j][i] = cost, s
    if best[k][n] == inf and any(parents):
        return _tile(spans, labels, carried)  # no tiling fits: the check sets the form aside
    out: list[str | None] = [None] * n
    i = n
    for j in range(k, 0, -1):
        s = back[j][i]
        for r in range(s, i):
            out[r] = labels[j - 1][1]
        i = s
    for r in range(i):
        out[r] = carried
    return out


def _check_rendering(doc: SourceDocument, form: _Form) -> None:
    """A form read from a rendering is kept only when its rows came apart as a PDF's do: a
    total funding row with its budget and execution, each indicator's 分值 one figure and its
    得分 one figure or blank, and the 总分 row. Else it is set aside whole, never half-read
    (a rendering whose cells wrap past its figures, or whose columns drift, as 国家信访局's).
    So is a form without indicators (its header's words run into a line of prose) and, in a
    project form, a funding row with a figure in a column where the total row has none (a
    figure drifted into the next column: the total row's figures stand in every column its
    rows fill)."""
    totals = [c for _, c, _, _ in form.funding if c["source"] == "total"]
    if form.scope == "project" and totals:
        filled = {n for n, v in totals[0].items() if n in FIELD_ORDER and _decimal(v) is not None}
        form.unread += [row.line for row, cells, *_ in form.funding
                        if any(n in FIELD_ORDER and n not in filled and _decimal(v) is not None
                               for n, v in cells.items())]
    if not form.indicators:
        form.unread.append(form.line_start)
    bad = next((row.line for row, cells, *_ in form.indicators
                if _decimal(cells.get("weight", "")) is None
                or (squash(cells.get("score", "")) not in EMPTY_CELLS
                    and _decimal(cells["score"]) is None)), None)
    if form.scope == "project":
        # A project form's labels are the template's: a tiled label that is none of them
        # ("产出指标（50分）绩效指标", "指标") took pieces of another cell or lost its own; so
        # is a 二级 label under another 一级 than its own (seed indicator_levels).
        # So is a row whose 实际完成值 stands with no 指标值: its two values went under one
        # header (a page whose header drifts from its columns: "8项 8项" read as "8项8项").
        odd = next((row.line for row, cells, level1, level2, *_ in form.indicators
                    if level1 not in level_labels("1") or level2 not in level_labels("2")
                    or level_parents().get(level2, level1) != level1
                    or (not squash(cells.get("target", "")) and squash(cells.get("actual", "")))),
                   None)
        if odd is not None:
            raise ExtractionError(
                doc.source_file, odd,
                f"page {form.page}: a self-evaluation form is not read from this text "
                "rendering (an 一级 / 二级 label laid over its rows is not one of the "
                "template's, or a 实际完成值 stands with no 指标值, or a 二级 label stands "
                "under another 一级 than its own: its cells' pieces were not told apart); "
                "load the PDF")
    bad = bad or next(iter(form.unread), None)
    if form.total is None or not totals or bad is not None or any(
            _decimal(t.get("full_year_budget_wan", "")) is None
            or _decimal(t.get("executed_wan", "")) is None for t in totals):
        raise ExtractionError(
            doc.source_file, bad or form.line_start,
            f"page {form.page}: a self-evaluation form is not read from this text rendering "
            "(its wrapped cells and columns cannot be told apart into the "
            "form's rows: a 分值 / 得分 or funding figure is not one figure of its column); "
            "load the PDF")
