"""部门预算 (department budget) tables from PDF text.

A department budget publishes a fixed set of tables: the 收支总表 (income and expenditure summary),
the income and expenditure tables by 功能分类 (functional classification, codes 类/款/项), the
财政拨款 summary, the 一般公共预算 / 政府性基金 tables by function, the 基本支出 table by 经济分类
(economic classification, codes 类/款) and the 三公经费 table.

The PDF-to-text tool scatters each table:
- a table's title is printed as its year alone on a line ("2018") above the first page's numbers
  and the rest of the title ("年部门收入预算总表") below them;
- names of budget lines are printed as one list and the code/amount rows as another list (on
  the first page the numbers come first, on later pages the names do);
- empty cells vanish, so "204 02 04 40,865,393 40,865,393" does not say whether the second
  amount is 基本支出 or 项目支出;
- some lines are printed twice and glued ("合计合计", "204 02 19 1 1204 02 19 1 1").

The parser therefore works per table segment (from the year line above a title to the next
table), classifies every line by what it looks like (header words, a code row, an amount-only
row, a name), zips names with codes in order, and places the amounts of a row with empty cells
by the table's own sums: each 项 adds up to its 款, each 款 to its 类, the 类 to the 合计 row. A
row records how its amounts were placed (`placement`): 'printed' (no choice), 'inferred' (the
sums allow exactly one placement) or 'guessed' (they allow none or several).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, product

from .budget_text import TABLES as TEXT_TABLES
from .budget_text import extract_text_sections
from .common import (
    Extraction,
    ExtractionError,
    Record,
    SourceDocument,
    fast_init,
    is_number,
    parse_decimal,
    provenance,
)
from .year_on_year import BudgetYearOnYear

KIND = "department_budget"

# --- Conventions (vary between bodies; kept as data) -------------------------------------------

# A table title: optional year, "年", then "部门...表" (whitespace removed before matching).
TITLE_RE = re.compile(r"^(?P<year>\d{4})?年?(?P<title>部门\S{2,40}表)$")

# Title keyword -> table kind. Order matters: the first keyword found in the title wins.
TABLE_KINDS: tuple[tuple[str, str], ...] = (
    ("三公", "three_public"),
    ("收支", "summary"),  # 部门财务收支预算总表, 部门财政拨款收支预算总表
    ("经济分类", "economic"),
    ("收入预算", "function"),
    ("支出预算总表", "function"),
    ("功能分类", "function"),
)
# Tables some bodies publish that this extractor knowingly does not read (title keywords).
IGNORED_TABLES: tuple[str, ...] = ("政府采购",)

# Headings of the text sections that follow the last table.
SECTION_HEADINGS: tuple[str, ...] = (
    "其他相关情况说明", "项目经费情况说明", "名词解释", "部门主要职能", "机构设置",
)  # fmt: skip

# Tables every department budget publishes: a copy without one of them is cut off.
REQUIRED_TABLES = ("summary", "function", "economic", "three_public")

# Page furniture some bodies print between or inside tables.
PAGE_FURNITURE = re.compile(r"^(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|-\s*\d+\s*-|\d+\s*/\s*\d+)$")

# The only unit each kind of table may print (a different unit is an error, not a silent x1).
TABLE_UNITS = {"summary": "元", "function": "元", "economic": "元", "three_public": "万元"}
UNIT_RE = re.compile(r"^单位[：:]?(?P<unit>万元|元)$")
DEPARTMENT_RE = re.compile(r"^编制(?:部门|单位)[：:](?P<name>\S+)$")
YEAR_LINE_RE = re.compile(r"^(19|20)\d{2}$")

# Amount column headers of the classification tables -> field. Aliases welcome.
LINE_COLUMNS = {
    "合计": "total_yuan",
    "总计": "total_yuan",
    "基本支出": "basic_yuan",
    "项目支出": "project_yuan",
    "人员经费": "personnel_yuan",
    "公用经费": "public_yuan",
    "日常公用经费": "public_yuan",
    "财政拨款收入": "appropriation_yuan",
    "财政拨款": "appropriation_yuan",
    "事业收入": "business_income_yuan",
    "事业单位经营收入": "operating_income_yuan",
    "经营收入": "operating_income_yuan",  # "事业单位" is wrapped onto the line above
    "其他收入": "other_income_yuan",
}
# The form's column order (the text prints wrapped header cells out of order, so the order
# of the columns is the form's, not the order the header words appear in the text).
LINE_COLUMN_ORDER = (
    "total_yuan",
    "appropriation_yuan", "business_income_yuan", "operating_income_yuan", "other_income_yuan",
    "basic_yuan", "project_yuan",
    "personnel_yuan", "public_yuan",
)  # fmt: skip
# Other words of the classification tables' headers (not columns).
LINE_HEADER_WORDS = (
    "项目", "收入预算", "支出预算", "一般公共预算支出", "政府性基金预算支出",
    "一般公共预算基本支出", "功能分类科目编码", "功能分类科目名称", "部门预算经济分类科目编码",
    "经济分类科目编码", "经济分类科目名称", "科目编码", "科目名称", "编码", "名称",
    "类", "款", "项", "事业单位",
)  # fmt: skip
TOTAL_LABELS = ("合计", "总计")

# Code length -> level, per classification.
LEVELS = {
    "function": {3: "类", 5: "款", 7: "项"},
    "economic": {3: "类", 5: "款"},
}

# 收支总表 headers: the words of the header line -> field (both sides).
SUMMARY_COLUMNS = {
    "预算数": "amount_yuan",
    "合计": "amount_yuan",
    "一般公共预算": "general_budget_yuan",
    "政府性基金预算": "gov_fund_yuan",
    "政府性基金": "gov_fund_yuan",
}
# Lines naming the blocks of a summary (not items).
SUMMARY_SECTION_LABELS = ("本年收入", "本年支出", "财政拨款收入", "财政拨款支出")
SUMMARY_TOTAL_RE = re.compile(r"^(?P<side>收入|支出)(?:总计|合计)$")
# An item's printed number: 一、 / 1. / 1、 / （一）.
ITEM_MARKER_RE = re.compile(
    r"^(?:(?P<cn>[一二三四五六七八九十]+)、|(?P<num>\d+)[.、．]|[（(](?P<par>[一二三四五六七八九十\d]+)[)）])"
)
# 财政拨款 summary: the income item that funds each expenditure column (its amount is that
# column's 支出总计), which tells 一般公共预算 from 政府性基金预算 when a row prints one of them.
FUNDING_ITEM_COLUMNS = {
    "一般公共预算资金": "general_budget_yuan",
    "一般公共预算拨款": "general_budget_yuan",
    "一般公共预算": "general_budget_yuan",
    "政府性基金": "gov_fund_yuan",
    "政府性基金预算": "gov_fund_yuan",
    "政府性基金拨款": "gov_fund_yuan",
}
# Summary income items -> income-table column: the summary's income totals settle which of two
# empty-looking income columns (事业收入 / 事业单位经营收入) a row's amounts belong to.
INCOME_ITEM_COLUMNS = {
    "财政拨款收入": "appropriation_yuan",
    "事业收入": "business_income_yuan",
    "事业单位经营收入": "operating_income_yuan",
    "其他收入": "other_income_yuan",
}

# 三公经费 table: its items, and the column orders bodies print (tried in order; the first whose
# sums hold is used: 合计 = 出国 + 接待 + 公务用车, 公务用车 = 购置 + 运行).
THREE_PUBLIC_ITEMS = {
    "total": ("“三公”经费合计", None),
    "overseas_travel": ("因公出国（境）费", "total"),
    "official_reception": ("公务接待费", "total"),
    "official_vehicles": ("公务用车购置及运行费", "total"),
    "vehicle_purchase": ("公务用车购置费", "official_vehicles"),
    "vehicle_operation": ("公务用车运行费", "official_vehicles"),
    "office_operation": ("机关运行经费", None),
}
THREE_PUBLIC_LAYOUTS: tuple[tuple[str, ...], ...] = (
    ("total", "overseas_travel", "official_reception", "official_vehicles", "vehicle_purchase",
     "vehicle_operation", "office_operation"),
    ("total", "overseas_travel", "official_vehicles", "vehicle_purchase", "vehicle_operation",
     "official_reception", "office_operation"),
    ("total", "overseas_travel", "official_reception", "official_vehicles", "vehicle_purchase",
     "vehicle_operation"),
    ("total", "overseas_travel", "official_vehicles", "vehicle_purchase", "vehicle_operation",
     "official_reception"),
)  # fmt: skip
THREE_PUBLIC_HEADER_WORDS = ("因公出国", "公务接待", "公务用车", "购置", "运行")

# Placement search limits (steps of the backtracking; combinations of a summary).
SEARCH_BUDGET = 200_000
SOLUTIONS_KEPT = 64

_AMOUNT = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# "204 02 01 <amounts>" or "2040201 <amounts>", optionally with the name between.
_CODE_ROW = re.compile(
    rf"^(?P<code>\d{{7}}(?=\s)|\d{{5}}(?=\s)|\d{{3}}(?:\s+\d{{2}}(?=\s)){{0,2}})"
    rf"(?:\s+(?P<name>[^\d\s,.+-]\S*))?(?P<amounts>(?:\s+{_AMOUNT})+)$"
)
_LIST_NUMBER = re.compile(r"^\d+\.\s+")  # "1. 5,309,900,540 ..." in the summary's amount lines


# --- Records ---------------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetSummaryItem(Record):
    table_name: str
    fiscal_year: int
    department_name: str | None
    side: str  # income | expenditure
    item_no: str | None  # the printed number of the item (一, 1, ...)
    item_name: str
    parent_item: str | None
    is_total: bool
    amount_yuan: Decimal | None
    general_budget_yuan: Decimal | None
    gov_fund_yuan: Decimal | None
    placement: str  # printed | inferred | guessed
    # Columns of other templates (国有资本经营预算; 单位预算's 基本/项目 split), where printed.
    state_capital_yuan: Decimal | None = None
    basic_yuan: Decimal | None = None
    personnel_yuan: Decimal | None = None
    public_yuan: Decimal | None = None
    project_yuan: Decimal | None = None
    unit: str | None = None  # the table's printed unit (元 / 万元); amounts are in yuan
    page: int | None = None  # PDF page, table on the page, row in the table (1-based)
    table_no: int | None = None
    row_no: int | None = None
    # 部门预算 (department: the department and its units) or 单位预算 (unit: one unit's own);
    # None where the document does not say (the samples' text).
    budget_scope: str | None = None


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetLine(Record):
    table_name: str
    fiscal_year: int
    department_name: str | None
    classification: str  # function | economic
    code: str | None  # None on the 合计 row
    level: str | None
    parent_code: str | None
    name: str | None
    total_yuan: Decimal | None
    appropriation_yuan: Decimal | None
    business_income_yuan: Decimal | None
    operating_income_yuan: Decimal | None
    other_income_yuan: Decimal | None
    basic_yuan: Decimal | None
    project_yuan: Decimal | None
    personnel_yuan: Decimal | None
    public_yuan: Decimal | None
    placement: str  # printed | inferred | guessed
    # 单位预留机动经费, a third part of 合计 beside 基本 and 项目 where a body prints it (江苏).
    reserve_yuan: Decimal | None = None
    unit: str | None = None  # the table's printed unit (元 / 万元); amounts are in yuan
    page: int | None = None  # PDF page, table on the page, row in the table (1-based)
    table_no: int | None = None
    row_no: int | None = None
    # 部门预算 (department: the department and its units) or 单位预算 (unit: one unit's own);
    # None where the document does not say (the samples' text).
    budget_scope: str | None = None


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetThreePublic(Record):
    table_name: str
    fiscal_year: int
    department_name: str | None
    item: str
    item_name: str
    parent_item: str | None
    amount_wan: Decimal | None
    unit: str | None = None  # the table's printed unit; amount_wan is in 万元 whatever it is
    page: int | None = None  # PDF page, table on the page, row in the table (1-based)
    table_no: int | None = None
    row_no: int | None = None
    # 部门预算 (department: the department and its units) or 单位预算 (unit: one unit's own);
    # None where the document does not say (the samples' text).
    budget_scope: str | None = None


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetOtherAmount(Record):
    """An amount of a budget table of no modelled kind (政府采购, 机关运行经费 …): its row's
    label and its column's header word, as printed."""

    table_name: str
    fiscal_year: int
    department_name: str | None
    row_label: str | None
    column_label: str
    amount_yuan: Decimal
    unit: str
    page: int | None
    table_no: int | None
    row_no: int | None


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetTable(Record):
    """A table the budget prints, by its title as printed (year dropped), with or without
    figures: which tables of its public set a document holds (DB-REQUIRED-TABLES)."""

    title: str
    table_name: str  # the name its rows are kept under (budget_conventions.TITLE_ALIASES …)
    fiscal_year: int
    budget_scope: str | None = None  # as the records' (None: the samples' text)
    page: int | None = None  # None in a text without pages


TABLES: dict[str, type[Record]] = {
    "budget_table": BudgetTable,
    "budget_summary": BudgetSummaryItem,
    "budget_other_amount": BudgetOtherAmount,
    "budget_line": BudgetLine,
    "budget_three_public": BudgetThreePublic,
    **TEXT_TABLES,  # the text sections' figures (budget_text)
    # the narrative's comparisons with a year before (read from a layout, year_on_year)
    "budget_year_on_year": BudgetYearOnYear,
}


# --- Line helpers ----------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def undouble(text: str) -> str:
    """A line the text tool printed twice counts once; returns the line stripped.

    Two forms of exact repetition: glued ("合计合计", "204 02 19 1 1204 02 19 1 1") and each copy
    ending in a space ("1 2 3 1 2 3 "). Equal cells side by side are not a repetition: neither
    "项目 预算数 项目 预算数" (a summary's two sides) nor " 107 107" (合计 = 一般公共预算).
    """
    flat = text.strip()
    n = len(flat)
    if n >= 4 and n % 2 == 0 and flat[: n // 2] == flat[n // 2:]:
        return flat[: n // 2]
    body = text.rstrip("\r\n")
    n = len(body)
    half = body[: n // 2]
    if n % 2 == 0 and half == body[n // 2:] and half[-1:].isspace() and half.strip():
        return half.strip()
    return flat


def _clean(text: str) -> str:
    """A line stripped, printed-twice undone, page furniture blanked."""
    flat = undouble(text)
    return "" if PAGE_FURNITURE.match(flat) else flat


def _amount_tokens(text: str) -> list[str] | None:
    """The amounts of an amount-only line (list numbers like "1." dropped), else None."""
    tokens = _LIST_NUMBER.sub("", text.strip()).split()
    if tokens and all(is_number(t) for t in tokens):
        return tokens
    return None


def _word_alternation(words) -> re.Pattern[str]:
    alts = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(f"(?:{alts})")


_LINE_HEADER_TOKEN = _word_alternation([*LINE_COLUMNS, *LINE_HEADER_WORDS])
_LINE_HEADER = re.compile(f"(?:{_LINE_HEADER_TOKEN.pattern})+")


@dataclass
class _Line:
    no: int  # 1-based
    text: str  # stripped, printed-twice undone, page furniture blanked


@dataclass
class _Segment:
    kind: str
    title: str
    title_no: int
    title_year: int | None
    lines: list[_Line]  # the segment's lines, title included


# --- Entry point -----------------------------------------------------------------------------


def extract(doc: SourceDocument) -> Extraction:
    lines = [_Line(i + 1, _clean(text)) for i, text in enumerate(doc.lines)]
    segments = _segments(doc, lines)
    if not segments:
        raise ExtractionError(doc.source_file, 1, "no department budget table (部门...表 title)")
    year = _document_year(doc, segments)
    out = Extraction(KIND)
    seqs: dict[str, int] = {}
    income_totals: dict[str, Decimal | None] = {}
    for seg in (s for s in segments if s.kind == "summary"):
        for row in _Summary(doc, seg, year).parse(seqs):
            out.add("budget_summary", row)
            if (row.side == "income" and row.parent_item is None and not row.is_total
                    and row.item_name in INCOME_ITEM_COLUMNS):
                income_totals.setdefault(INCOME_ITEM_COLUMNS[row.item_name], row.amount_yuan)
    for seg in (s for s in segments if s.kind in ("function", "economic")):
        for line_row in _CodeTable(doc, seg, year, income_totals).parse(seqs):
            out.add("budget_line", line_row)
    for seg in (s for s in segments if s.kind == "three_public"):
        for tp_row in _three_public(doc, seg, year, seqs):
            out.add("budget_three_public", tp_row)
    covered = {ln.no - 1 for seg in segments for ln in seg.lines}
    department = next((r.department_name for rows in out.tables.values() for r in rows
                       if getattr(r, "department_name", None)), None)

    def prov(table: str, first: int, last: int) -> dict:
        return provenance(doc, KIND, first, last, _next_seq(seqs, table))

    text_rows = extract_text_sections(
        doc.lines, [i for i in range(len(doc.lines)) if i not in covered], SECTION_HEADINGS,
        year, department, prov)
    for table, rows in text_rows.items():
        for row in rows:
            out.add(table, row)
    for no, title in _titles(lines):
        out.add("budget_table", BudgetTable(
            title=title, table_name=title, fiscal_year=year,
            **provenance(doc, KIND, no, no, _next_seq(seqs, "budget_table"))))
    # Checked last, so that a table cut off mid-way is named by the table's own error.
    kinds = {s.kind for s in segments}
    for needed in REQUIRED_TABLES:
        if needed not in kinds:
            raise ExtractionError(doc.source_file, len(lines),
                                  f"no {needed} table (部门...表 title) found; cut off?")
    return out


def _next_seq(seqs: dict[str, int], table: str) -> int:
    seqs[table] = seqs.get(table, 0) + 1
    return seqs[table]


def _is_numeric_line(text: str) -> bool:
    return bool(_CODE_ROW.match(text)) or _amount_tokens(text) is not None


def _segments(doc: SourceDocument, lines: list[_Line]) -> list[_Segment]:
    """Tables in document order, each with its lines (from the year line above the title)."""
    titles: list[tuple[int, str, str, int | None]] = []  # index, kind, title, year
    for i, ln in enumerate(lines):
        m = TITLE_RE.match(_squash(ln.text))
        if not m:
            continue
        title = m.group("title")
        kind = next((k for word, k in TABLE_KINDS if word in title), None)
        if kind is None:
            if any(word in title for word in IGNORED_TABLES):
                kind = "ignored"
            else:
                raise ExtractionError(doc.source_file, ln.no, f"unknown table {title!r}")
        year = int(m.group("year")) if m.group("year") else None
        titles.append((i, kind, title, year))
    starts = []
    for n, (i, _kind, _title, _year) in enumerate(titles):
        floor = titles[n - 1][0] + 1 if n else 0
        start = i
        # The first page's numbers sit between the year line and the rest of the title.
        for j in range(i - 1, floor - 1, -1):
            text = lines[j].text
            if YEAR_LINE_RE.match(text):
                start = j
                break
            if text and not _is_numeric_line(text):
                break
        starts.append(start)
    segments = []
    for n, (i, kind, title, year) in enumerate(titles):
        # A table ends where the next one starts, or at a text section's heading.
        end = starts[n + 1] if n + 1 < len(titles) else len(lines)
        end = next((j for j in range(i + 1, end)
                    if _squash(lines[j].text) in SECTION_HEADINGS), end)
        if kind != "ignored":
            segments.append(_Segment(kind, title, lines[i].no, year, lines[starts[n]:end]))
    return segments


def _titles(lines: list[_Line]) -> list[tuple[int, str]]:
    """(line, title) of every table title printed, those not read (政府采购) too."""
    return [(ln.no, m.group("title")) for ln in lines
            if (m := TITLE_RE.match(_squash(ln.text)))]


def _document_year(doc: SourceDocument, segments: list[_Segment]) -> int:
    years = {s.title_year for s in segments if s.title_year}
    for seg in segments:
        years |= {int(ln.text) for ln in seg.lines if YEAR_LINE_RE.match(ln.text)}
    if len(years) != 1:
        line = segments[0].title_no if segments else 1
        raise ExtractionError(doc.source_file, line,
                              f"expected one budget year in the tables, found {sorted(years)}")
    return years.pop()


def _unit_and_department(doc: SourceDocument, seg: _Segment) -> str | None:
    """Checks the table's unit; returns the 编制部门 (None when the table does not print it)."""
    units = [(ln, UNIT_RE.match(_squash(ln.text))) for ln in seg.lines]
    units = [(ln, m) for ln, m in units if m]
    if not units:
        raise ExtractionError(doc.source_file, seg.title_no, f"{seg.title}: no 单位 line")
    for ln, m in units:
        if m.group("unit") != TABLE_UNITS[seg.kind]:
            raise ExtractionError(doc.source_file, ln.no, f"{seg.title}: expected 单位："
                                  f"{TABLE_UNITS[seg.kind]}, found {m.group('unit')}")
    for ln in seg.lines:
        m = DEPARTMENT_RE.match(_squash(ln.text))
        if m:
            return m.group("name")
    return None


def _dec(doc: SourceDocument, token: str, line: int) -> Decimal:
    value = parse_decimal(token, source_file=doc.source_file, line=line)
    if value is None:  # pragma: no cover - callers pass number tokens only
        raise ExtractionError(doc.source_file, line, f"expected an amount, found {token!r}")
    return value


# --- Placing the amounts of rows with empty cells ---------------------------------------------


Placement = tuple[Decimal | None, ...]


def placements(values: list[Decimal], width: int) -> list[Placement]:
    """Ways to lay a row's printed amounts over `width` columns (column 0 = the row's total).

    The total is always printed first; the other amounts keep their order over the part columns.
    """
    if len(values) > width:
        raise ValueError("more amounts than columns")
    if not values:
        return [(None,) * width]
    if len(values) == width:
        return [tuple(values)]
    out = []
    for cols in combinations(range(1, width), len(values) - 1):
        row: list[Decimal | None] = [values[0]] + [None] * (width - 1)
        for col, value in zip(cols, values[1:], strict=True):
            row[col] = value
        out.append(tuple(row))
    return out


class _SearchBudget(Exception):
    pass


@dataclass
class _Node:
    key: str
    candidates: list[Placement]
    children: list[_Node]


class _TreePlacer:
    """Chooses each row's placement so that every part column of a parent is its children's sum."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.steps = 0
        self.memo: dict[tuple[str, Placement], bool] = {}
        self.chosen: dict[str, tuple[Placement, str]] = {}

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > SEARCH_BUDGET:
            raise _SearchBudget

    def _groups(self, parent: Placement, kids: list[_Node]) -> Iterator[tuple[Placement, ...]]:
        """Children placements whose part columns add up to the parent's."""
        target = [v or 0 for v in parent]
        nonneg = all(v >= 0 for k in kids for c in k.candidates for v in c if v is not None)
        order = sorted(range(len(kids)), key=lambda k: len(kids[k].candidates))
        picked: list[Placement | None] = [None] * len(kids)
        sums = [Decimal(0)] * self.width

        def walk(n: int) -> Iterator[tuple[Placement, ...]]:
            self._tick()
            if n == len(order):
                if all(sums[c] == target[c] for c in range(1, self.width)):
                    yield tuple(p for p in picked if p is not None)
                return
            k = order[n]
            for cand in kids[k].candidates:
                for c in range(1, self.width):
                    sums[c] += cand[c] or 0
                if not nonneg or all(sums[c] <= target[c] for c in range(1, self.width)):
                    picked[k] = cand
                    yield from walk(n + 1)
                for c in range(1, self.width):
                    sums[c] -= cand[c] or 0
            picked[k] = None

        yield from walk(0)

    def _feasible(self, node: _Node, placement: Placement) -> bool:
        if not node.children:
            return True
        key = (node.key, placement)
        if key not in self.memo:
            self.memo[key] = any(
                all(self._feasible(k, p) for k, p in zip(node.children, sol, strict=True))
                for sol in self._groups(placement, node.children)
            )
        return self.memo[key]

    def place_roots(self, roots: list[_Node], preferred: dict[str, list[Placement]]) -> None:
        for root in roots:
            cands = preferred.get(root.key) or root.candidates
            try:
                ok = [c for c in cands if self._feasible(root, c)]
            except _SearchBudget:
                ok = []
            if len(root.candidates) == 1:
                status = "printed"
            else:
                status = "inferred" if len(ok) == 1 else "guessed"
            chosen = (ok or cands)[0]
            self.chosen[root.key] = (chosen, status)
            self._descend(root, chosen)

    def _descend(self, node: _Node, placement: Placement) -> None:
        if not node.children:
            return
        kids = node.children
        solutions: list[tuple[Placement, ...]] = []
        complete = True
        try:
            for sol in self._groups(placement, kids):
                if all(self._feasible(k, p) for k, p in zip(kids, sol, strict=True)):
                    solutions.append(sol)
                    if len(solutions) >= SOLUTIONS_KEPT:
                        complete = False
                        break
        except _SearchBudget:
            complete = False
        for n, kid in enumerate(kids):
            if len(kid.candidates) == 1:
                chosen, status = kid.candidates[0], "printed"
            elif solutions:
                seen = {sol[n] for sol in solutions}
                chosen = solutions[0][n]
                status = "inferred" if len(seen) == 1 and complete else "guessed"
            else:
                chosen, status = self._fallback(placement, kid), "guessed"
            self.chosen[kid.key] = (chosen, status)
            self._descend(kid, chosen)

    def _fallback(self, parent: Placement, kid: _Node) -> Placement:
        """No placement adds up: prefer columns the parent fills at all."""
        def misses(cand: Placement) -> int:
            return sum(1 for c in range(1, self.width) if cand[c] and not parent[c])
        return min(kid.candidates, key=misses)


# --- Classification tables (功能分类 / 经济分类) ---------------------------------------------


@dataclass
class _CodeRow:
    line: int
    code: str | None  # None: the 合计 row
    name: str | None
    name_line: int | None
    values: list[Decimal]


class _CodeTable:
    def __init__(self, doc: SourceDocument, seg: _Segment, year: int,
                 income_totals: dict[str, Decimal | None]) -> None:
        self.doc, self.seg, self.year = doc, seg, year
        self.classification = "economic" if seg.kind == "economic" else "function"
        self.income_totals = income_totals

    def fail(self, line: int, message: str) -> ExtractionError:
        return ExtractionError(self.doc.source_file, line, f"{self.seg.title}: {message}")

    def parse(self, seqs: dict[str, int]) -> list[BudgetLine]:
        department = _unit_and_department(self.doc, self.seg)
        columns: list[str] = []
        rows: list[_CodeRow] = []
        names: list[_Line] = []
        total_name: _Line | None = None
        # Page boundaries (for matching names to codes page by page if the whole table won't).
        page_of_name: list[int] = []
        page_of_row: list[int] = []
        page, headers_seen = 0, 0
        for ln in self.seg.lines:
            text, flat = ln.text, _squash(ln.text)
            if not text or YEAR_LINE_RE.match(text) or ln.no == self.seg.title_no:
                continue
            if UNIT_RE.match(flat) or DEPARTMENT_RE.match(flat):
                continue
            m = _CODE_ROW.match(text)
            if m:
                rows.append(self._code_row(ln, m))
                page_of_row.append(page)
                continue
            amounts = _amount_tokens(text)
            if amounts is not None:
                if any(r.code is None for r in rows):
                    raise self.fail(ln.no, "a second 合计 amount row")
                rows.append(_CodeRow(ln.no, None, None, None,
                                     [_dec(self.doc, t, ln.no) for t in amounts]))
                page_of_row.append(page)
                continue
            if flat in TOTAL_LABELS:
                total_name = ln
                continue
            if _LINE_HEADER.fullmatch(flat):
                if flat.startswith("项目"):
                    headers_seen += 1
                    page = max(headers_seen - 1, 0)
                for word in _LINE_HEADER_TOKEN.findall(flat):
                    col = LINE_COLUMNS.get(word)
                    if col and col not in columns:
                        columns.append(col)
                continue
            names.append(ln)
            page_of_name.append(page)
        if "total_yuan" not in columns:
            raise self.fail(self.seg.title_no, "no 合计 column in the header")
        if total_name is None and not any(r.code is None for r in rows):
            last = self.seg.lines[-1].no
            raise self.fail(last, "no 合计 row; is the table cut off?")
        columns = [c for c in LINE_COLUMN_ORDER if c in columns]
        for r in rows:
            if len(r.values) > len(columns):
                raise self.fail(r.line, f"{len(r.values)} amounts, the header names "
                                f"{len(columns)} columns")
        self._name_rows(rows, names, page_of_row, page_of_name)
        if total_name is not None:
            total = next((r for r in rows if r.code is None), None)
            if total is None:  # 合计 printed with every cell empty (an empty table)
                rows.append(_CodeRow(total_name.no, None, None, None, []))
                total = rows[-1]
            total.name, total.name_line = undouble(_squash(total_name.text)), total_name.no
        placed = self._place(rows, columns)
        out = []
        levels = LEVELS[self.classification]
        for r in rows:
            values, status = placed[self._key(r)]
            amounts = dict(zip(columns, values, strict=True))
            lines = [r.line] + ([r.name_line] if r.name_line else [])
            out.append(BudgetLine(
                table_name=self.seg.title,
                fiscal_year=self.year,
                department_name=department,
                classification=self.classification,
                code=r.code,
                level=levels[len(r.code)] if r.code else None,
                parent_code=r.code[:-2] if r.code and len(r.code) > 3 else None,
                name=r.name,
                **{c: amounts.get(c) for c in LINE_COLUMN_ORDER},
                placement=status,
                **provenance(self.doc, KIND, min(lines), max(lines),
                             _next_seq(seqs, "budget_line")),
            ))  # fmt: skip
        return out

    def _code_row(self, ln: _Line, m: re.Match[str]) -> _CodeRow:
        code = re.sub(r"\s+", "", m.group("code"))
        if len(code) not in LEVELS[self.classification]:
            raise self.fail(ln.no, f"a {len(code)}-digit code {code!r} in a "
                            f"{self.classification} table")
        values = [_dec(self.doc, t, ln.no) for t in m.group("amounts").split()]
        name = m.group("name")
        return _CodeRow(ln.no, code, name, ln.no if name else None, values)

    @staticmethod
    def _name_rows(rows: list[_CodeRow], names: list[_Line], page_of_row: list[int],
                   page_of_name: list[int]) -> None:
        """Names are printed as a list apart from the codes, in the same order."""
        coded = [(r, p) for r, p in zip(rows, page_of_row, strict=True)
                 if r.code is not None and r.name is None]
        if not coded:
            return
        if len(names) == len(coded):
            pairs = list(zip([r for r, _ in coded], names, strict=True))
        else:  # match page by page where the counts agree
            pairs = []
            for page in sorted(set(page_of_row) | set(page_of_name)):
                page_rows = [r for r, p in coded if p == page]
                page_names = [n for n, p in zip(names, page_of_name, strict=True) if p == page]
                if len(page_rows) == len(page_names):
                    pairs.extend(zip(page_rows, page_names, strict=True))
        for row, name in pairs:
            row.name, row.name_line = _squash(name.text), name.no

    @staticmethod
    def _key(row: _CodeRow) -> str:
        return row.code if row.code is not None else "TOTAL"

    def _place(self, rows: list[_CodeRow], columns: list[str]
               ) -> dict[str, tuple[Placement, str]]:
        width = len(columns)
        nodes: dict[str, _Node] = {}
        for r in rows:
            key = self._key(r)
            if key in nodes:
                raise self.fail(r.line, f"code {key} printed twice in one table")
            nodes[key] = _Node(key, placements(r.values, width), [])
        roots = []
        for r in rows:
            key = self._key(r)
            if r.code is None:
                parent = None
            elif len(r.code) == 3:
                parent = "TOTAL" if "TOTAL" in nodes else None
            else:
                parent = r.code[:-2] if r.code[:-2] in nodes else None
            if parent is None:
                roots.append(nodes[key])
            else:
                nodes[parent].children.append(nodes[key])
        preferred: dict[str, list[Placement]] = {}
        if "TOTAL" in nodes and self.income_totals and any(
                c in columns for c in INCOME_ITEM_COLUMNS.values() if c != "total_yuan"):
            # An income table: the summary's income items say which columns the totals fill.
            def agrees(cand: Placement) -> bool:
                return all((cand[columns.index(col)] or 0) == (value or 0)
                           for col, value in self.income_totals.items() if col in columns)
            preferred["TOTAL"] = [c for c in nodes["TOTAL"].candidates if agrees(c)]
        placer = _TreePlacer(width)
        placer.place_roots(roots, preferred)
        return placer.chosen


# --- 收支总表 ---------------------------------------------------------------------------------


@dataclass
class _Item:
    side: str
    item_no: str | None
    name: str
    is_total: bool
    parent: str | None
    line: int


@dataclass
class _SummaryRow:
    items: dict[str, _Item]  # side -> item
    values: list[Decimal]
    value_line: int


class _Summary:
    SIDES = ("income", "expenditure")

    def __init__(self, doc: SourceDocument, seg: _Segment, year: int) -> None:
        self.doc, self.seg, self.year = doc, seg, year

    def fail(self, line: int, message: str) -> ExtractionError:
        return ExtractionError(self.doc.source_file, line, f"{self.seg.title}: {message}")

    def parse(self, seqs: dict[str, int]) -> list[BudgetSummaryItem]:
        department = _unit_and_department(self.doc, self.seg)
        columns: dict[str, list[str]] | None = None
        label_rows: list[dict[str, _Item]] = []
        amount_lines: list[tuple[int, list[Decimal]]] = []
        last_top: dict[str, str | None] = {"income": None, "expenditure": None}
        for ln in self.seg.lines:
            text, flat = ln.text, _squash(ln.text)
            if not text or YEAR_LINE_RE.match(text) or ln.no == self.seg.title_no:
                continue
            if UNIT_RE.match(flat) or DEPARTMENT_RE.match(flat):
                continue
            amounts = _amount_tokens(text)
            if amounts is not None:
                amount_lines.append((ln.no, [_dec(self.doc, t, ln.no) for t in amounts]))
                continue
            tokens = text.split()
            if tokens[0] == "项目":
                columns = self._columns(ln, tokens)
                continue
            labels = self._labels(tokens)
            if all(label in SUMMARY_SECTION_LABELS for label in labels):
                continue
            label_rows.append(self._items(ln, labels, last_top))
        if columns is None:
            raise self.fail(self.seg.title_no, "no header line (项目 预算数 项目 预算数)")
        if not label_rows:
            raise self.fail(self.seg.title_no, "no items")
        if len(amount_lines) != len(label_rows):
            line = amount_lines[-1][0] if amount_lines else self.seg.title_no
            raise self.fail(line, f"{len(label_rows)} item rows but {len(amount_lines)} "
                            "amount lines")
        rows = [_SummaryRow(items, values, no)
                for items, (no, values) in zip(label_rows, amount_lines, strict=True)]
        chosen = self._place(rows, columns)
        out = []
        for row, (assignment, status) in zip(rows, chosen, strict=True):
            for side in self.SIDES:
                item = row.items.get(side)
                if item is None:
                    continue
                lines = (item.line, row.value_line)
                out.append(BudgetSummaryItem(
                    table_name=self.seg.title,
                    fiscal_year=self.year,
                    department_name=department,
                    side=side,
                    item_no=item.item_no,
                    item_name=item.name,
                    parent_item=item.parent,
                    is_total=item.is_total,
                    amount_yuan=assignment.get((side, "amount_yuan")),
                    general_budget_yuan=assignment.get((side, "general_budget_yuan")),
                    gov_fund_yuan=assignment.get((side, "gov_fund_yuan")),
                    placement=status[side],
                    **provenance(self.doc, KIND, min(lines), max(lines),
                                 _next_seq(seqs, "budget_summary")),
                ))  # fmt: skip
        return out

    def _columns(self, ln: _Line, tokens: list[str]) -> dict[str, list[str]]:
        """'项目 预算数 项目 合计 一般公共预算 政府性基金预算' -> columns per side."""
        sides: list[list[str]] = []
        for token in tokens:
            if token == "项目":
                sides.append([])
            elif token in SUMMARY_COLUMNS and sides:
                sides[-1].append(SUMMARY_COLUMNS[token])
            else:
                raise self.fail(ln.no, f"unknown summary column {token!r}")
        if len(sides) != 2 or any(not s or s[0] != "amount_yuan" for s in sides):
            raise self.fail(ln.no, "summary header needs 项目 and an amount column per side")
        return dict(zip(self.SIDES, sides, strict=True))

    @staticmethod
    def _labels(tokens: list[str]) -> list[str]:
        """Tokens of a label line; a lone item number ("一、") belongs to the next token."""
        out: list[str] = []
        carry = ""
        for token in tokens:
            m = ITEM_MARKER_RE.match(token)
            if m and m.end() == len(token):
                carry += token
                continue
            out.append(carry + token)
            carry = ""
        if carry:
            out.append(carry)
        return out

    def _items(self, ln: _Line, labels: list[str], last_top: dict[str, str | None]
               ) -> dict[str, _Item]:
        if len(labels) > 2:
            raise self.fail(ln.no, f"cannot split {ln.text!r} into an income and an "
                            "expenditure item")
        if len(labels) == 2:
            sides = list(self.SIDES)
        else:
            sides = ["expenditure" if "支出" in labels[0] else "income"]
        items = {}
        for side, label in zip(sides, labels, strict=True):
            m = ITEM_MARKER_RE.match(label)
            number = next((g for g in m.groups() if g), None) if m else None
            name = label[m.end():] if m else label
            total = SUMMARY_TOTAL_RE.match(name)
            if total and (total.group("side") == "收入") != (side == "income"):
                raise self.fail(ln.no, f"{name} on the {side} side")
            parent = None
            if total:
                last_top[side] = None
            elif number is not None:
                last_top[side] = name
            else:
                parent = last_top[side]
            items[side] = _Item(side, number, name, bool(total), parent, ln.no)
        return items

    def _place(self, rows: list[_SummaryRow], columns: dict[str, list[str]]
               ) -> list[tuple[dict[tuple[str, str], Decimal | None], dict[str, str]]]:
        options = [self._row_options(row, columns) for row in rows]
        n_combos = 1
        for opts in options:
            n_combos *= len(opts)
        if n_combos > SEARCH_BUDGET:
            return [(opts[0], dict.fromkeys(self.SIDES, "guessed" if len(opts) > 1 else "printed"))
                    for opts in options]
        best: list[tuple[int, ...]] = []
        best_score = None
        for pick in product(*[range(len(o)) for o in options]):
            score = self._violations(rows, [options[r][k] for r, k in enumerate(pick)], columns)
            if best_score is None or score < best_score:
                best, best_score = [pick], score
            elif score == best_score and len(best) < SOLUTIONS_KEPT:
                best.append(pick)
        out = []
        for r, opts in enumerate(options):
            chosen = opts[best[0][r]]
            status = {}
            for side in self.SIDES:
                def on_side(a: dict[tuple[str, str], Decimal | None], side: str = side) -> tuple:
                    return tuple(sorted((c, v) for (s, c), v in a.items() if s == side))
                if len({on_side(o) for o in opts}) == 1:
                    status[side] = "printed"
                elif best_score == 0 and len({on_side(opts[p[r]]) for p in best}) == 1:
                    status[side] = "inferred"
                else:
                    status[side] = "guessed"
            out.append((chosen, status))
        return out

    def _row_options(self, row: _SummaryRow, columns: dict[str, list[str]]
                     ) -> list[dict[tuple[str, str], Decimal | None]]:
        slots = [(side, col) for side in self.SIDES if side in row.items for col in columns[side]]
        if len(row.values) > len(slots):
            raise self.fail(row.value_line, f"{len(row.values)} amounts for {len(slots)} cells")
        options = []
        for picked in combinations(range(len(slots)), len(row.values)):
            assignment = {slots[i]: v for i, v in zip(picked, row.values, strict=True)}
            # A side's parts are printed only with its total (预算数 / 合计).
            if all((side, "amount_yuan") in assignment
                   for side, _ in assignment):
                options.append(assignment)
        if not options:
            raise self.fail(row.value_line, "amounts do not fit the items' cells")
        balanced = [a for a in options if self._balanced(a, columns)]
        return balanced or options

    @staticmethod
    def _balanced(a: dict[tuple[str, str], Decimal | None], columns: dict[str, list[str]]) -> bool:
        for side, cols in columns.items():
            if len(cols) > 1 and (side, "amount_yuan") in a:
                parts = sum((a.get((side, c)) or 0 for c in cols[1:]), Decimal(0))
                if parts != a[(side, "amount_yuan")]:
                    return False
        return True

    @staticmethod
    def _violations(rows: list[_SummaryRow], picked: list[dict[tuple[str, str], Decimal | None]],
                    columns: dict[str, list[str]]) -> int:
        """Sums that fail: items to their side's total, sub-items to their item."""
        bad = 0
        exp_total = next((a for row, a in zip(rows, picked, strict=True)
                          if (item := row.items.get("expenditure")) and item.is_total), None)
        if exp_total is not None:
            for row, a in zip(rows, picked, strict=True):
                item = row.items.get("income")
                col = FUNDING_ITEM_COLUMNS.get(item.name) if item else None
                if col in columns["expenditure"] and (
                        (a.get(("income", "amount_yuan")) or 0)
                        != (exp_total.get(("expenditure", col)) or 0)):
                    bad += 1
        for side, cols in columns.items():
            for col in cols:
                top = Decimal(0)
                total: Decimal | None = None
                subs: dict[str, Decimal] = {}
                tops: dict[str, Decimal] = {}
                for row, a in zip(rows, picked, strict=True):
                    item = row.items.get(side)
                    if item is None:
                        continue
                    value = a.get((side, col)) or Decimal(0)
                    if item.is_total:
                        total = value if total is None else total
                    elif item.parent is None:
                        top += value
                        tops[item.name] = value
                    else:
                        subs[item.parent] = subs.get(item.parent, Decimal(0)) + value
                if total is not None and top != total:
                    bad += 1
                bad += sum(1 for parent, s in subs.items() if tops.get(parent, s) != s)
        return bad


# --- 三公经费 ---------------------------------------------------------------------------------


def _three_public(doc: SourceDocument, seg: _Segment, year: int, seqs: dict[str, int]
                  ) -> list[BudgetThreePublic]:
    department = _unit_and_department(doc, seg)
    text = "".join(_squash(ln.text) for ln in seg.lines)
    missing = [w for w in THREE_PUBLIC_HEADER_WORDS if w not in text]
    if missing:
        raise ExtractionError(doc.source_file, seg.title_no,
                              f"{seg.title}: header lacks {', '.join(missing)}")
    after = [ln for ln in seg.lines if ln.no > seg.title_no]
    found = next(((ln, toks) for ln in after
                  if (toks := _amount_tokens(ln.text)) and len(toks) >= 3), None)
    if found is None:
        last = seg.lines[-1].no
        raise ExtractionError(doc.source_file, last, f"{seg.title}: no amount line")
    ln, tokens = found
    values = [_dec(doc, t, ln.no) for t in tokens]
    layouts = [lay for lay in THREE_PUBLIC_LAYOUTS if len(lay) == len(values)]
    if not layouts:
        raise ExtractionError(doc.source_file, ln.no, f"{seg.title}: {len(values)} amounts, "
                              "no known column layout has as many")

    def adds_up(layout: tuple[str, ...]) -> bool:
        v = dict(zip(layout, values, strict=True))
        return (v["total"] == v["overseas_travel"] + v["official_reception"]
                + v["official_vehicles"]
                and v["official_vehicles"] == v["vehicle_purchase"] + v["vehicle_operation"])

    layout = next((lay for lay in layouts if adds_up(lay)), layouts[0])
    out = []
    for item, value in zip(layout, values, strict=True):
        name, parent = THREE_PUBLIC_ITEMS[item]
        out.append(BudgetThreePublic(
            table_name=seg.title, fiscal_year=year, department_name=department,
            item=item, item_name=name, parent_item=parent, amount_wan=value,
            **provenance(doc, KIND, ln.no, ln.no, _next_seq(seqs, "budget_three_public")),
        ))  # fmt: skip
    return out
