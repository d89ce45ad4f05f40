"""部门决算 / 单位决算 records from the layout model.

The 决算 prints the 预算's table family with what became of the money: the tables are found,
united and their columns read by `budget_tables` (titles, units, header words and cell
positions), the 决算 column words are `final_conventions`. Every row keeps its page, table and
row; amounts are exact yuan from the table's own unit label (the 三公 table keeps its 万元).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from . import budget_conventions as conv
from . import final_conventions as fconv
from . import final_text
from .budget_layout import _summary_items, budget_year, link_parents, narrative_quotes
from .budget_tables import Column, TableRow, is_amount, norm, read_tables, split_code
from .budget_text import BudgetQuote
from .common import (
    Extraction,
    ExtractionError,
    NothingOfKind,
    Record,
    SourceDocument,
    fast_init,
    squash,
)
from .department_budget import BudgetOtherAmount, BudgetSummaryItem
from .layout import Cell, Layout

KIND = "final_accounts"


@fast_init
@dataclass(frozen=True, kw_only=True)
class FinalLine(Record):
    """A row of a coded 决算 table: a 功能 or 经济 classification code (None on a total row)
    with the amounts its columns print, in yuan."""

    table_name: str
    fiscal_year: int
    department_name: str | None
    classification: str  # function | economic
    code: str | None
    level: str | None
    parent_code: str | None
    name: str | None
    carryover_start_yuan: Decimal | None
    income_yuan: Decimal | None
    appropriation_yuan: Decimal | None
    upper_grant_yuan: Decimal | None
    business_income_yuan: Decimal | None
    operating_income_yuan: Decimal | None
    affiliated_income_yuan: Decimal | None
    other_income_yuan: Decimal | None
    expenditure_yuan: Decimal | None
    basic_yuan: Decimal | None
    project_yuan: Decimal | None
    to_upper_yuan: Decimal | None
    operating_expenditure_yuan: Decimal | None
    affiliated_subsidy_yuan: Decimal | None
    carryover_end_yuan: Decimal | None
    unit: str | None = None
    page: int | None = None
    table_no: int | None = None
    row_no: int | None = None


@fast_init
@dataclass(frozen=True, kw_only=True)
class FinalThreePublic(Record):
    """A 三公 figure of the 决算 table: the year's budget (预算数) or what was spent (决算数)."""

    table_name: str
    fiscal_year: int
    department_name: str | None
    stage: str  # budget | final
    item: str
    item_name: str
    parent_item: str | None
    amount_wan: Decimal
    unit: str | None = None
    page: int | None = None
    table_no: int | None = None
    row_no: int | None = None


@fast_init
@dataclass(frozen=True, kw_only=True)
class FinalTable(Record):
    """A table the 决算 prints, by its title, with or without figures ("本表无数据")."""

    title: str
    page: int


TABLES: dict[str, type[Record]] = {
    "final_table": FinalTable,
    "final_line": FinalLine,
    "final_summary": BudgetSummaryItem,
    "final_three_public": FinalThreePublic,
    "final_other_amount": BudgetOtherAmount,
    "final_quote": BudgetQuote,
}


def extract(doc: SourceDocument, layout: Layout, pages: list[int]) -> Extraction:
    """Every 决算 record of the given pages (a document's final-accounts sections)."""
    year = budget_year(doc, layout)
    tables = read_tables(doc, layout, pages)
    out = Extraction(KIND)
    department = next((r.ctx.department for r in tables.rows if r.ctx.department), None)
    for row in tables.rows:
        kind = row.ctx.kind
        if kind == "final_line":
            line = _line(doc, year, row)
            if line is not None:
                out.add("final_line", line)
        elif kind == "final_economic":
            for line in _economic(doc, year, row):
                out.add("final_line", line)
        elif kind == "final_summary":
            for item in _summary_items(doc, year, row):
                out.add("final_summary", dataclasses.replace(item, document_kind=KIND))
        elif kind == "three_public":
            for item in _three_public(doc, year, row, layout):
                out.add("final_three_public", item)
        else:
            for other in _other(doc, year, row):
                out.add("final_other_amount", other)
    for page_no, line_no, title in tables.titles:
        out.add("final_table", FinalTable(
            title=title, page=page_no, source_file=doc.source_file, source_sha256=doc.sha256,
            document_kind=KIND, line_start=line_no, line_end=line_no, seq=0))
    heading: str | None = None
    for page in tables.narrative_pages:
        quotes, heading = narrative_quotes(
            doc, year, department, page, heading, number=fconv.NARRATIVE_NUMBER,
            units=fconv.NARRATIVE_UNITS, kind=KIND)
        for quote in quotes:
            out.add("final_quote", quote)
    if not any(t in out.tables for t in ("final_line", "final_summary")):
        first = layout.pages[pages[0] - 1].lines
        raise NothingOfKind(doc.source_file, first[0].line if first else 1,
                            f"page {pages[0]}: no 决算 table found")
    for table, rows in out.tables.items():
        if table == "final_summary":
            rows[:] = link_parents(rows)
        rows[:] = [dataclasses.replace(r, seq=k) for k, r in enumerate(rows, start=1)]
    return out


def _prov(doc: SourceDocument, row: TableRow) -> dict:
    return {
        "source_file": doc.source_file, "source_sha256": doc.sha256, "document_kind": KIND,
        "line_start": row.row.line, "line_end": row.row.line, "seq": 0,
        "unit": row.ctx.unit, "page": row.page, "table_no": row.table_no,
        "row_no": row.row.no,
    }  # fmt: skip


def _yuan(row: TableRow, cell: Cell) -> Decimal:
    return Decimal(cell.text.strip().replace(",", "")) * row.ctx.yuan_per_unit


def _amounts(doc: SourceDocument, row: TableRow, cells: list[Cell]) -> dict[str, Decimal]:
    """Each amount under the column it stands under; 本年支出 alone is its total."""
    from .budget_tables import column_of

    out: dict[str, Decimal] = {}
    for cell in cells:
        if not is_amount(cell.text):
            continue
        col = column_of(row.ctx.columns, cell)
        if col is None or not col.field:
            continue
        name = "expenditure_yuan" if col.field == "expenditure_group" else col.field
        if name in out:
            raise ExtractionError(
                doc.source_file, row.row.line, f"page {row.page}: two amounts under the "
                f"column {col.label!r} ({row.ctx.title}); the cell positions do not tell them "
                "apart")
        out[name] = _yuan(row, cell)
    return out


def _final_line(doc: SourceDocument, year: int, row: TableRow, classification: str,
                code: str | None, name: str | None, amounts: dict[str, Decimal]) -> FinalLine:
    return FinalLine(
        table_name=row.ctx.table_name, fiscal_year=year, department_name=row.ctx.department,
        classification=classification, code=code,
        level=conv.LEVELS.get(len(code)) if code else None,
        parent_code=code[:-2] if code and len(code) > 3 else None, name=name,
        **{f: amounts.get(f) for f in fconv.LINE_AMOUNTS}, **_prov(doc, row))  # fmt: skip


def _line(doc: SourceDocument, year: int, row: TableRow) -> FinalLine | None:
    code, rest = split_code(list(row.row.cells))
    name = "".join(squash(c.text) for c in rest if not is_amount(c.text)) or None
    amounts = _amounts(doc, row, rest)
    is_total = code is None and (name is None or bool(conv.TOTAL_LABELS.match(norm(name))))
    if (code is None and not is_total) or not amounts:
        return None
    if code is not None and len(code) not in conv.LEVELS:
        raise ExtractionError(doc.source_file, row.row.line,
                              f"page {row.page}: code {code!r} is no 类/款/项 code")
    return _final_line(doc, year, row, "function", code, name if code else name or "合计",
                       amounts)


def _economic(doc: SourceDocument, year: int, row: TableRow) -> list[FinalLine]:
    """The 基本支出决算表 prints code, name and 决算数 in blocks side by side: a code (or a
    block's 合计 label) starts an entry, the figure after it closes it."""
    entries: list[tuple[str | None, str | None, Cell | None]] = []
    for cell in row.row.cells:
        flat = squash(cell.text)
        if flat.isdigit() and len(flat) in conv.LEVELS:
            entries.append((flat, None, None))
        elif is_amount(flat):
            if entries and entries[-1][2] is None:
                entries[-1] = (entries[-1][0], entries[-1][1], cell)
        elif entries and entries[-1][0] is not None and entries[-1][1] is None:
            entries[-1] = (entries[-1][0], flat, None)
        elif fconv.ECONOMIC_TOTALS.match(flat):
            entries.append((None, flat, None))
    return [_final_line(doc, year, row, "economic", code, name,
                        {"expenditure_yuan": _yuan(row, cell)})
            for code, name, cell in entries if cell is not None]


def _three_public(doc: SourceDocument, year: int, row: TableRow, layout: Layout
                  ) -> list[FinalThreePublic]:
    """预算数 and 决算数 told apart by the row's label (西安) or the header group the figure
    stands under (国家信访局)."""
    from .budget_tables import column_of

    cells = list(row.row.cells)
    label = next((fconv.STAGES[norm(c.text)] for c in cells if norm(c.text) in fconv.STAGES),
                 None)
    placed = _text_columns(doc, row, layout) if label is None and layout.medium != "pdf" \
        else None
    groups = _stage_groups(layout, row)
    printed = {col.field for col in (placed or row.ctx.columns)}
    parents = {**conv.THREE_PUBLIC_PARENTS, "total": "grand_total"} \
        if "grand_total" in printed else conv.THREE_PUBLIC_PARENTS
    out: list[FinalThreePublic] = []
    seen: set[tuple[str, str]] = set()
    for cell in cells:
        if not is_amount(cell.text):
            continue
        if placed is not None:
            try:
                at = final_text.column_at(placed, cell)
            except ValueError as err:
                raise ExtractionError(doc.source_file, row.row.line,
                                      f"page {row.page}: {row.ctx.title}: {err}") from None
            col, stage = Column(at.field, at.label, cell.x0, cell.x1), at.stage
        else:
            col = column_of(row.ctx.columns, cell)
            middle = (cell.x0 + cell.x1) / 2
            stage = label or next((s for s, x0, x1 in groups if x0 <= middle <= x1), None)
        if col is None or col.field not in conv.THREE_PUBLIC_PARENTS:
            continue
        if stage is None:
            raise ExtractionError(doc.source_file, row.row.line, f"page {row.page}: "
                                  f"{row.ctx.title}: neither 预算数 nor 决算数 over {cell.text}")
        if (stage, col.field) in seen:
            raise ExtractionError(doc.source_file, row.row.line, f"page {row.page}: two "
                                  f"{stage} amounts under the column {col.label!r}")
        seen.add((stage, col.field))
        out.append(FinalThreePublic(
            table_name=row.ctx.table_name, fiscal_year=year, department_name=row.ctx.department,
            stage=stage, item=col.field, item_name=conv.THREE_PUBLIC_NAMES[col.field],
            parent_item=parents[col.field],
            amount_wan=Decimal(cell.text.strip().replace(",", "")) * row.ctx.yuan_per_unit
            / 10_000, **_prov(doc, row)))  # fmt: skip
    return out


def _text_columns(doc: SourceDocument, row: TableRow, layout: Layout
                  ) -> list[final_text.GroupColumn]:
    """A rendering's 预算数 / 决算数 column groups, placed by the 栏次 row over the figures."""
    table = layout.pages[row.page - 1].tables[row.table_no - 1]
    above = [r for r in table.rows if r.no < row.row.no]
    numbers = final_text.column_number_row(above)
    known = {**conv.THREE_PUBLIC_COLUMNS, **fconv.STAGES}
    start = next((k for k, r in enumerate(above)
                  if any(norm(c.text) in known for c in r.cells)), None)
    if numbers is None or start is None:
        raise ExtractionError(doc.source_file, row.row.line, f"page {row.page}: "
                              f"{row.ctx.title}: a text rendering's 预算数 / 决算数 column groups "
                              "are placed by the 栏次 row, and none is printed over the figures")
    header = [r for r in above[start:] if r.no < numbers.no]
    try:
        return final_text.group_columns(header, numbers, conv.THREE_PUBLIC_COLUMNS, fconv.STAGES)
    except ValueError as err:
        raise ExtractionError(doc.source_file, numbers.line,
                              f"page {row.page}: {row.ctx.title}: {err}") from None


def _stage_groups(layout: Layout, row: TableRow) -> list[tuple[str, float, float]]:
    """(stage, x0, x1) of the 预算数 / 决算数 header cells over the row's table."""
    table = layout.pages[row.page - 1].tables[row.table_no - 1]
    return [(fconv.STAGES[norm(c.text)], c.x0, c.x1) for r in table.rows if r.no < row.row.no
            for c in r.cells if norm(c.text) in fconv.STAGES]


def _other(doc: SourceDocument, year: int, row: TableRow) -> list[BudgetOtherAmount]:
    from .budget_tables import values

    label = next((squash(c.text) for c in row.row.cells if not is_amount(c.text)), None)
    return [BudgetOtherAmount(
        table_name=row.ctx.table_name, fiscal_year=year, department_name=row.ctx.department,
        row_label=label, column_label=col.label, amount_yuan=_yuan(row, cell),
        **_prov(doc, row)) for col, cell in values(row, list(row.row.cells), doc.source_file)]
