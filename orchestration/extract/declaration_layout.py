"""绩效目标表 read from the layout model: 广州's 项目支出绩效目标表（含转移支付项目） and its
部门整体预算绩效目标申报表 (a PDF's ruled table, or a rendering of one).

The project table prints a 合计 row, then per 资金使用单位 a subtotal row (its name and amounts,
no 绩效目标) and that unit's project rows (name wrapped over lines, amounts, 绩效目标 text and a
绩效指标 cell holding every indicator with its 实施周期 and 年度 values). Cells are placed under
their header by position (a blank 财政专户拨款 never shifts 其他资金), headers matched by their
words (`target_conventions`). Projects become declaration_project rows, their indicators
declaration_indicator rows, and every printed amount a form_amount row (合计 and subtotals have
no other home). The department-wide form is read into form_amount (its budget blocks and
tasks) and, under the name `DEPARTMENT_FORM_NAME`, one declaration_project with its indicators.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from . import target_conventions as tc
from .common import Extraction, ExtractionError, NothingOfKind, SourceDocument, squash
from .declaration import DATE, DeclarationIndicator, DeclarationProject
from .form_amounts import FormAmount
from .layout import Layout, Page, Row, band_rows, split_cjk_gaps
from .self_evaluation_layout import (
    INDICATOR_COLUMNS,
    _Columns,
    _columns,
    _decimal,
    _header_word,
    _labels,
    _runs,
    _tile,
)
from .target_form_text import read_form
from .target_table_text import project_rows
from .targets import level_parents, parse_value

KIND = "target_declaration"
WAN = Decimal(10_000)


def extract(doc: SourceDocument, layout: Layout, pages: list[int]) -> Extraction:
    out = Extraction(KIND)
    year = _year(layout, pages)
    if year is None:
        raise NothingOfKind(doc.source_file, layout.pages[pages[0] - 1].lines[0].line,
                            "a 绩效目标表 that names no year")
    by_form: dict[str, list[int]] = {"table": [], "form": [], "department": []}
    form = "department"
    for n in pages:
        form = _page_form(layout.pages[n - 1]) or form  # a page without its own continues
        by_form[form].append(n)
    if by_form["table"]:
        _ProjectTable(doc, layout, year, out).read(by_form["table"])
    if by_form["department"]:
        _DepartmentForm(doc, layout, year, out).read(by_form["department"])
    if by_form["form"] and layout.medium != "pdf":
        _read_rendered_forms(doc, layout, by_form["form"], out)
    elif by_form["form"]:
        _read_forms(doc, layout, by_form["form"], out)
    if not out.tables.get("form_amount") and not out.tables.get("declaration_project"):
        raise NothingOfKind(doc.source_file, layout.pages[pages[0] - 1].lines[0].line,
                            "a 绩效目标表 with no table of known header words")
    return out


def _year(layout: Layout, pages: list[int]) -> int | None:
    """The title's year; else the year the form's text names most as 年度, then as 年."""
    first = layout.pages[pages[0] - 1].lines[:2]
    for line in first:
        if m := tc.YEAR_NAMED.search(line.text):
            return int(m[1])
    text = "\n".join(ln.text for n in pages for ln in layout.pages[n - 1].lines)
    for pattern in (tc.YEAR_OF_FORM, tc.YEAR_NAMED):
        counts = Counter(pattern.findall(text))
        if counts:
            return int(counts.most_common(1)[0][0])
    return None


def _is_project_header(row: Row) -> bool:
    return sum(_header_word(c.text) in tc.PROJECT_TABLE_COLUMNS for c in row.cells) >= 4


def _page_form(page: Page) -> str | None:
    """Which form a page opens: the project table (its header printed on every page), a
    project's own form (a 项目名称 row), the department-wide form (a 部门名称 row); None for a
    page that continues the one before."""
    for t in page.tables:
        for r in t.rows[:4]:
            if _is_project_header(r):
                return "table"
            first = squash(r.cells[0].text) if r.cells else ""
            if first == tc.FORM_START and len(r.cells) > 1:
                return "form"
            if first == tc.DEPARTMENT_FORM_LABEL:
                return "department"
    return None


def _title(page: Page) -> str:
    return squash(page.lines[0].text) if page.lines else ""


def _amount(doc: SourceDocument, out: Extraction, row: Row, page: int, table_no: int,
            **fields) -> None:
    value: Decimal = fields["value"]
    unit = fields.pop("unit_printed")
    rows = out.rows("form_amount")
    rows.append(FormAmount.build(
        doc, KIND, row.line, row.line, len(rows) + 1, unit_printed=unit,
        amount_yuan=None if unit == "%" else value * (WAN if unit == "万元" else 1),
        page=page, table_no=table_no, row_no=row.no, **fields))  # fmt: skip


class _ProjectTable:
    def __init__(self, doc: SourceDocument, layout: Layout, year: int, out: Extraction):
        self.doc, self.layout, self.year, self.out = doc, layout, year, out
        self.department: str | None = None
        self.unit_printed = "万元"
        self.unit: str | None = None  # the 资金使用单位 whose subtotal was printed last

    def read(self, pages: list[int]) -> None:
        for number in pages:
            page = self.layout.pages[number - 1]
            for ln in page.lines[:4]:
                if m := tc.DEPARTMENT_PREFIX.search(squash(ln.text)):
                    self.department = m["name"].split("单位：")[0].split("单位:")[0]
                if m := tc.UNIT_LABEL.search(squash(ln.text)):
                    self.unit_printed = m["unit"]
            for table in page.tables:
                cols: _Columns | None = None
                if self.layout.medium != "pdf":
                    self._rendered(table.rows, number, table.no, _title(page))
                    continue
                for row in table.rows:
                    if _is_project_header(row):
                        cols = _columns(row, tc.PROJECT_TABLE_COLUMNS)
                        continue
                    if cols is not None:
                        self._row(row, cols.place(row), number, table.no, _title(page))

    def _rendered(self, rows: tuple[Row, ...], page: int, table_no: int, title: str) -> None:
        """A rendering's page: its runs of lines read into rows (target_table_text)."""
        try:
            _, found = project_rows(rows, self.layout.text.split("\n"), None)
        except ValueError as e:
            raise ExtractionError(self.doc.source_file, rows[0].line if rows else 0,
                                  f"page {page}: a 绩效目标表 rendering not read ({e})") from e
        for row, cells in found:
            self._row(row, cells, page, table_no, title)

    def _row(self, row: Row, cells: dict[str, str], page: int, table_no: int,
             title: str) -> None:
        name = squash(cells.get("name", "")).rstrip("：:")
        amounts = {c: v for c in tc.PROJECT_AMOUNT_COLUMNS
                   if (v := _decimal(cells.get(c, ""))) is not None}
        if not name and not amounts:
            return  # a row of words only (a note, a header's second line)
        if not name or (not amounts and (squash(cells.get("goal", ""))
                                         or squash(cells.get("indicators", "")))):
            # A row of amounts with no name (its name left on the page before), or a project
            # with a goal and no amounts: half a row; the table is not read rather than the
            # row dropped in silence.
            raise ExtractionError(
                self.doc.source_file, row.line,
                f"page {page}: a row of the 绩效目标表 "
                + (f"prints amounts with no name ({', '.join(map(str, amounts.values()))})"
                   if not name else f"'{name}' prints a goal and no amount")
                + ": half a row, not read")
        if not amounts:
            return  # a label row (a unit's name printed above its subtotal)
        if name in tc.TOTAL_LABELS:
            block, parent = "total", None
        elif not squash(cells.get("goal", "")) and not squash(cells.get("indicators", "")):
            block, parent, self.unit = "unit", None, name
        else:
            block, parent = "project", self.unit
            self._project(row, name, amounts, cells)
        for column, value in amounts.items():
            _amount(self.doc, self.out, row, page, table_no, department_name=self.department,
                    unit_name=self.unit if block != "total" else None,
                    fiscal_year=self.year, table_name=title, block=block, item_no=None,
                    row_label=name, parent_label=parent, column_label=tc.COLUMN_WORDS[column],
                    value=value, unit_printed=self.unit_printed)

    def _project(self, row: Row, name: str, amounts: dict[str, Decimal],
                 cells: dict[str, str]) -> None:
        scale = WAN if self.unit_printed == "万元" else Decimal(1)

        def yuan(column: str) -> Decimal | None:
            v = amounts.get(column)
            return None if v is None else v * scale

        projects = self.out.rows("declaration_project")
        projects.append(DeclarationProject.build(
            self.doc, KIND, row.line, row.line, len(projects) + 1,
            project_name=name, department_name=self.department or "",
            unit_name=self.unit or self.department or "", fiscal_year=self.year,
            project_nature=None, project_category=None, planned_start=None, planned_end=None,
            total_amount_yuan=None, total_fiscal_yuan=None, total_appropriation_yuan=None,
            total_carryover_yuan=None, total_other_yuan=None,
            year_request_yuan=yuan("total"), year_fiscal_yuan=None,
            year_appropriation_yuan=yuan("appropriation"), year_carryover_yuan=None,
            year_other_yuan=yuan("other"), long_term_period=None, long_term_goal=None,
            annual_goal=cells.get("goal", "").strip() or None))  # fmt: skip
        indicators = self.out.rows("declaration_indicator")
        for m in tc.INDICATOR_IN_CELL.finditer(squash(cells.get("indicators", ""))):
            _indicator(self.doc, indicators, row, name, self.year, m["level1"], m["level2"],
                       m["name"], m["annual"])


def _indicator(doc: SourceDocument, indicators: list, row: Row, project: str, year: int,
               level1: str, level2: str, name: str, target: str) -> None:
    op, value, unit = parse_value(target)
    indicators.append(DeclarationIndicator.build(
        doc, KIND, row.line, row.line, len(indicators) + 1, project_name=project,
        fiscal_year=year, level1=level1, level2=level2, indicator_name=name,
        target_raw=target, target_op=op, target_value=value, target_unit=unit))  # fmt: skip


class _DepartmentForm:
    def __init__(self, doc: SourceDocument, layout: Layout, year: int, out: Extraction):
        self.doc, self.layout, self.year, self.out = doc, layout, year, out
        self.department = ""
        self.goal: str | None = None
        self.first_line = 0
        self.last_line = 0
        self.title = ""

    def read(self, pages: list[int]) -> None:
        blocks: list[tuple[str, float, float, float, float]] = []  # block, label x, amount x
        tasks: _Columns | None = None
        indicators: _Columns | None = None
        level1 = level2 = None
        found: list[tuple[Row, str, str, str | None]] = []
        text = self.layout.medium != "pdf"
        raw: dict[int, list[Row]] = {}  # a rendering's lines, for the level labels
        for number in pages:
            page = self.layout.pages[number - 1]
            self.title = self.title or _title(page)
            for table in page.tables:
                rows = table.rows
                if text:
                    raw[number] = [split_cjk_gaps(r) for r in rows]
                    rows = band_rows(raw[number], _text_anchor, _whole)
                for row in rows:
                    self.first_line = self.first_line or row.line
                    self.last_line = row.line
                    words = [_header_word(c.text) for c in row.cells]
                    first = words[0] if words else ""
                    if first == tc.DEPARTMENT_FORM_LABEL and len(row.cells) > 1:
                        self.department = squash(row.cells[1].text)
                        continue
                    if first in tc.GOAL_LABELS and len(row.cells) > 1:
                        self.goal = row.cells[1].text.strip()
                        continue
                    if any(w in tc.DEPARTMENT_BLOCKS for w in words):
                        blocks = [(tc.DEPARTMENT_BLOCKS[w], c.x0, c.x1, nxt.x0, nxt.x1)
                                  for w, c, nxt in zip(words, row.cells, row.cells[1:],
                                                       strict=False)
                                  if w in tc.DEPARTMENT_BLOCKS]
                        continue
                    if sum(w in tc.TASK_COLUMNS for w in words) >= 3:
                        tasks, blocks = _columns(row, tc.TASK_COLUMNS, text), []
                        continue
                    if sum(w in INDICATOR_COLUMNS for w in words) >= 3:
                        indicators, tasks, blocks = _columns(
                            row, {**INDICATOR_COLUMNS, **tc.PERIOD_COLUMN}, text), None, []
                        start = (number, row.lines[1] if row.lines != (0, 0) else row.line)
                        continue
                    if any(first.startswith(w) for w in tc.TASK_END):
                        tasks = None
                    if blocks and text:
                        self._block_pairs(row, blocks, number, table.no)
                    elif blocks:
                        self._block_row(row, blocks, number, table.no)
                    elif tasks is not None:
                        placed = tasks.place(row)
                        value = _decimal(placed.get("amount", ""))
                        if text:  # a rendering's task row: its one figure is the money
                            figures = [v for c in row.cells if (v := _decimal(c.text)) is not None]
                            value = figures[0] if len(figures) == 1 else None
                        task = squash(placed.get("name", ""))
                        if task and value is not None:
                            _amount(self.doc, self.out, row, number, table.no,
                                    department_name=self.department, unit_name=None,
                                    fiscal_year=self.year, table_name=self.title, block="task",
                                    item_no=None, row_label=task, parent_label=None,
                                    column_label=tc.TASK_AMOUNT_WORD, value=value,
                                    unit_printed="万元")
                    elif indicators is not None and text:
                        placed = indicators.place(row)
                        name = squash(placed.get("name", ""))
                        target = squash(placed.get("target", ""))
                        if name and _is_values(row):
                            found.append((row, name, target, f"{number}"))
                        elif (not name and _is_values(row) and found
                              and found[-1][3] == f"{number}"
                              and row.line - _last_line(found[-1][0]) <= 2):
                            # A value wrapped onto a line of its own, with no name beside it.
                            last, name, before, page_no = found[-1]
                            found[-1] = (Row(last.cells, last.line, last.no,
                                             (_first_line(last), _last_line(row))),
                                         name, before + target, page_no)
                    elif indicators is not None:
                        placed = indicators.place(row)
                        if placed.get("level1", "").strip():
                            level1, level2 = squash(placed["level1"]), None
                        if placed.get("level2", "").strip():
                            level2 = squash(placed["level2"])
                            # A merged 一级 cell prints its label in one row of its span only:
                            # a 二级 of another 一级 (seed indicator_levels) names it.
                            parent = level_parents().get(level2)
                            if not placed.get("level1", "").strip() and parent:
                                level1 = parent
                        name = squash(placed.get("name", ""))
                        if name and level1 and level2:
                            found.append((row, name, squash(placed.get("target", "")),
                                          f"{level1}\t{level2}"))
        if not self.department:
            return
        projects = self.out.rows("declaration_project")
        projects.append(DeclarationProject.build(
            self.doc, KIND, self.first_line, self.last_line, len(projects) + 1,
            project_name=tc.DEPARTMENT_FORM_NAME, department_name=self.department,
            unit_name=self.department, fiscal_year=self.year, project_nature=None,
            project_category=None, planned_start=None, planned_end=None,
            total_amount_yuan=None, total_fiscal_yuan=None, total_appropriation_yuan=None,
            total_carryover_yuan=None, total_other_yuan=None, year_request_yuan=None,
            year_fiscal_yuan=None, year_appropriation_yuan=None, year_carryover_yuan=None,
            year_other_yuan=None, long_term_period=None, long_term_goal=None,
            annual_goal=self.goal))  # fmt: skip
        if text and indicators is not None:
            found = _tile_levels(found, raw, indicators, start)
        rows = self.out.rows("declaration_indicator")
        for row, name, target, levels in found:
            l1, l2 = levels.split("\t")
            _indicator(self.doc, rows, row, tc.DEPARTMENT_FORM_NAME, self.year, l1, l2, name,
                       target)

    def _block_pairs(self, row: Row, blocks, page: int, table_no: int) -> None:
        """A rendering's block row: each label with the figure after it, the blocks in their
        order (the headers, centred over their columns, do not stand over the labels)."""
        pairs = [(c, nxt) for c, nxt in zip(row.cells, row.cells[1:], strict=False)
                 if _decimal(c.text) is None and _decimal(nxt.text) is not None]
        if len(pairs) != len(blocks):
            return
        for (block, *_), (label, amount) in zip(blocks, pairs, strict=True):
            _amount(self.doc, self.out, row, page, table_no, department_name=self.department,
                    unit_name=None, fiscal_year=self.year, table_name=self.title, block=block,
                    item_no=None, row_label=squash(label.text), parent_label=None,
                    column_label="预算金额", value=_decimal(amount.text), unit_printed="万元")

    def _block_row(self, row: Row, blocks, page: int, table_no: int) -> None:
        for block, lx0, lx1, ax0, ax1 in blocks:
            label = next((c for c in row.cells if min(c.x1, lx1) - max(c.x0, lx0) > 0), None)
            amount = next((c for c in row.cells if min(c.x1, ax1) - max(c.x0, ax0) > 0), None)
            value = _decimal(amount.text) if amount is not None else None
            if label is None or value is None or label is amount:
                continue
            _amount(self.doc, self.out, row, page, table_no, department_name=self.department,
                    unit_name=None, fiscal_year=self.year, table_name=self.title, block=block,
                    item_no=None, row_label=squash(label.text), parent_label=None,
                    column_label="预算金额", value=value, unit_printed="万元")


def _read_forms(doc: SourceDocument, layout: Layout, pages: list[int], out: Extraction) -> None:
    """One project's own form a run of rows from its 项目名称 row (上海's 财政项目支出绩效目标
    填报表): label cells with their value to the right, the funding block (project total and
    the year's request side by side), the goals, the indicator block."""
    form: dict | None = None
    for number in pages:
        page = layout.pages[number - 1]
        year = next((int(m[1]) for ln in page.lines[:4]
                     if (m := tc.FORM_YEAR.search(squash(ln.text)))), None)
        for table in page.tables:
            for row in table.rows:
                first = squash(row.cells[0].text) if row.cells else ""
                if first == tc.FORM_START and len(row.cells) > 1:
                    if form is not None:
                        _emit_form(doc, form, out)
                    form = {"year": year, "line_start": row.line, "fields": {}, "unit": "元",
                            "indicators": [], "cols": None, "goals": None, "year_x": None,
                            "level1": None, "level2": None}
                # A one-cell row is the next form's title or year, or a page number.
                if form is not None and len(row.cells) > 1:
                    form["line_end"] = row.line
                    _form_row(form, row)
    if form is not None:
        _emit_form(doc, form, out)


def _read_rendered_forms(doc: SourceDocument, layout: Layout, pages: list[int],
                         out: Extraction) -> None:
    """A rendering's forms, one a page (target_form_text); a page not read so sets the
    document's forms aside, naming the page and why, never half read."""
    lines = layout.text.split("\n")
    for number in pages:
        page = layout.pages[number - 1]
        rows = tuple(r for t in page.tables for r in t.rows)
        if not rows:  # a page printing nothing
            continue
        try:
            fields, indicators = read_form(rows, lines)
        except ValueError as e:
            raise ExtractionError(doc.source_file, rows[0].line if rows else 0,
                                  f"page {number}: {tc.FORM_TEXT_REFUSED} ({e})") from e
        year = next((int(m[1]) for ln in page.lines[:4]
                     if (m := tc.FORM_YEAR.search(squash(ln.text)))), None)
        _emit_form(doc, {"year": year, "line_start": rows[0].line, "line_end": rows[-1].line,
                         "fields": fields, "indicators": indicators}, out)


def _form_row(form: dict, row: Row) -> None:
    cells = row.cells
    words = [_header_word(c.text) for c in cells]
    fields = form["fields"]
    if form["cols"] is not None:  # the indicator block runs to the form's end
        placed = form["cols"].place(row)
        if placed.get("level1", "").strip():
            form["level1"], form["level2"] = squash(placed["level1"]), None
        if placed.get("level2", "").strip():
            form["level2"] = squash(placed["level2"])
            parent = level_parents().get(form["level2"])
            if not placed.get("level1", "").strip() and parent:
                form["level1"] = parent
        if placed.get("name", "").strip() and form["level1"] and form["level2"]:
            form["indicators"].append((row, form["level1"], form["level2"],
                                       squash(placed["name"]), squash(placed.get("target", ""))))
        return
    if sum(w in INDICATOR_COLUMNS for w in words) >= 3:
        form["cols"] = _columns(row, INDICATOR_COLUMNS)
        return
    if form["goals"] is not None:  # the row under the goals' header
        for name, cell in form["goals"].items():
            text = next((c.text.strip() for c in cells
                         if min(c.x1, cell.x1) - max(c.x0, cell.x0) > 0), "")
            fields[name] = text or None
        form["goals"] = None
        return
    if sum(w in tc.FORM_GOALS for w in words) >= 2:
        form["goals"] = {tc.FORM_GOALS[w]: c for w, c in zip(words, cells, strict=True)
                         if w in tc.FORM_GOALS}
        return
    for k, (word, cell) in enumerate(zip(words, cells, strict=True)):
        if m := tc.FUNDING_UNIT.search(squash(cell.text)):
            form["unit"] = m["unit"]
        label = word.removeprefix("其中").lstrip("：:")
        if label == tc.YEAR_SIDE_LABEL:
            form["year_x"] = cell.x0
        nxt = cells[k + 1].text.strip() if k + 1 < len(cells) else ""
        if label in tc.FORM_FIELDS and nxt and tc.FORM_FIELDS[label] not in fields:
            fields[tc.FORM_FIELDS[label]] = nxt
        elif label in tc.FORM_FUNDING and (value := _decimal(nxt)) is not None:
            year_side = form["year_x"] is not None and cell.x0 >= form["year_x"] - 1
            fields[tc.FORM_FUNDING[label][1 if year_side else 0]] = value * (
                WAN if form["unit"] == "万元" else 1)


def _date(text: str | None) -> dt.date | None:
    m = DATE.match(squash(text or ""))
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _emit_form(doc: SourceDocument, form: dict, out: Extraction) -> None:
    f = form["fields"]
    if form["year"] is None or not f.get("project_name"):
        return
    money = {k: f.get(k) for stems in tc.FORM_FUNDING.values() for k in stems}
    projects = out.rows("declaration_project")
    projects.append(DeclarationProject.build(
        doc, KIND, form["line_start"], form["line_end"], len(projects) + 1,
        project_name=squash(f["project_name"]), department_name=f.get("department_name") or "",
        unit_name=f.get("unit_name") or f.get("department_name") or "",
        fiscal_year=form["year"], project_nature=f.get("project_nature"),
        project_category=f.get("project_category"), planned_start=_date(f.get("planned_start")),
        planned_end=_date(f.get("planned_end")), total_fiscal_yuan=money["total_fiscal_yuan"],
        total_amount_yuan=money["total_amount_yuan"],
        total_appropriation_yuan=money["total_appropriation_yuan"],
        total_carryover_yuan=money["total_carryover_yuan"],
        total_other_yuan=money["total_other_yuan"], year_request_yuan=money["year_request_yuan"],
        year_fiscal_yuan=money["year_fiscal_yuan"],
        year_appropriation_yuan=money["year_appropriation_yuan"],
        year_carryover_yuan=money["year_carryover_yuan"],
        year_other_yuan=money["year_other_yuan"], long_term_period=None,
        long_term_goal=f.get("long_term_goal"), annual_goal=f.get("annual_goal")))  # fmt: skip
    rows = out.rows("declaration_indicator")
    for row, level1, level2, name, target in form["indicators"]:
        _indicator(doc, rows, row, squash(f["project_name"]), form["year"], level1, level2,
                   name, target)


# --- a rendering of the department-wide form -------------------------------------------------

# A value cell of an indicator row: short, with a figure ("≥20", "全年≥10000家次").
VALUE_LENGTH = 16


def _first_line(row: Row) -> int:
    return row.lines[0] if row.lines != (0, 0) else row.line


def _last_line(row: Row) -> int:
    return row.lines[1] if row.lines != (0, 0) else row.line


def _has_value(text: str) -> bool:
    return len(squash(text)) <= VALUE_LENGTH and any(ch.isdigit() for ch in text)


def _is_values(row: Row) -> bool:
    """An indicator row of a rendering: its last two cells are values (实施周期, 年度)."""
    return len(row.cells) >= 2 and all(_has_value(c.text) for c in row.cells[-2:])


def _whole(text: str) -> bool:
    word = _header_word(text)
    return (word in tc.TASK_COLUMNS or word in INDICATOR_COLUMNS or word in tc.PERIOD_COLUMN
            or word in tc.DEPARTMENT_BLOCKS)


def _text_anchor(row: Row) -> bool:
    """A rendering's line that holds a row: a label, header words, an amount, or an indicator's
    two values; the lines of prose and wrapped names around it are its pieces."""
    words = [_header_word(c.text) for c in row.cells]
    first = words[0] if words else ""
    return (first == tc.DEPARTMENT_FORM_LABEL or first in tc.GOAL_LABELS
            or any(first.startswith(w) for w in tc.TASK_END)
            or sum(_whole(c.text) for c in row.cells) >= 2
            or any(_decimal(c.text) is not None for c in row.cells)
            or _is_values(row))


def _tile_levels(found, raw: dict[int, list[Row]], cols: _Columns,
                 start: tuple[int, int]) -> list[tuple[Row, str, str, str]]:
    """The 一级 / 二级 label of each indicator row of a rendering: each label is printed at the
    middle of its merged cell, so the rows of a page are cut into blocks around them
    (self_evaluation_layout._tile), 二级 first, a 一级 block made of whole 二级 blocks."""
    out: list[tuple[Row, str, str, str]] = []
    carried = {"level1": None, "level2": None}
    for page in sorted({int(p) for *_, p in found}):
        rows = [f for f in found if int(f[3]) == page]
        first = start[1] if page == start[0] else 0
        pieces: dict[str, list[tuple[int, str]]] = {"level1": [], "level2": []}
        other: set[int] = set()
        for line in raw.get(page, ()):
            if line.line <= first:
                continue
            cells = [c for c in line.cells if not any(
                squash(c.text).startswith(w) for w in (*tc.TASK_END, *tc.OUTER_LABELS))]
            placed = cols.place(Row(tuple(cells), line.line, line.no))
            for level, got in pieces.items():
                if text := placed.get(level, "").strip():
                    got.append((line.line, text))
            if set(placed) - {"level1", "level2"}:
                other.add(line.line)
        spans = []
        for row, *_ in rows:
            lo, hi = row.lines if row.lines != (0, 0) else (row.line, row.line)
            own = [n for n in range(lo, hi + 1) if n in other] or [row.line]
            spans.append((min(own), max(own)))
        seconds = _tile(spans, _labels(pieces["level2"]), carried["level2"])
        units = _runs(seconds)
        firsts = _tile([(spans[u[0]][0], spans[u[-1]][1]) for u in units],
                       _labels(pieces["level1"]), carried["level1"])
        for j, unit in enumerate(units):
            for k in unit:
                level2 = seconds[k] or ""
                # A 一级 label the rendering does not print (a cell over a page break, or lost)
                # is named by the seed's parent of its 二级, as the PDF reader names it.
                level1 = level_parents().get(level2) or firsts[j] or ""
                row, name, target, _ = rows[k]
                out.append((row, name, target, f"{level1}\t{level2}"))
        if seconds:
            carried = {"level1": firsts[-1], "level2": seconds[-1]}
    return out
