"""部门预算 / 单位预算 records from the layout model: the tables' rows (budget_tables) and the
narrative's figures, for a PDF or a text rendering that keeps the page's columns.

Rows carry their page, table on the page and row in the table beside the line of the
document's text where they are printed.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from . import budget_conventions as conv
from . import year_on_year
from .budget_tables import (
    TableRow,
    is_amount,
    norm,
    read_tables,
    split_code,
    table_name,
    values,
)
from .budget_text import BudgetQuote
from .common import Extraction, ExtractionError, NothingOfKind, SourceDocument, squash
from .department_budget import (
    KIND,
    BudgetLine,
    BudgetOtherAmount,
    BudgetSummaryItem,
    BudgetTable,
    BudgetThreePublic,
)
from .layout import Cell, Layout, Page
from .narrative import clause

CLASSIFICATION = {"function": "function", "economic": "economic"}
# An amount with thousands separators inside a name: cells run together.
_GLUED_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def extract(doc: SourceDocument, layout: Layout, pages: list[int]) -> Extraction:
    """Every budget record of the given pages (a document's budget sections)."""
    year = budget_year(doc, layout)
    tables = read_tables(doc, layout, pages)
    out = Extraction(KIND)
    department = next((r.ctx.department for r in tables.rows if r.ctx.department), None)
    for row in tables.rows:
        kind = row.ctx.kind
        if kind in CLASSIFICATION:
            line = _line(doc, year, row)
            if line is not None:
                out.add("budget_line", line)
        elif kind == "summary":
            for item in _summary_items(doc, year, row):
                out.add("budget_summary", item)
        elif kind == "three_public":
            for item in _three_public(doc, year, row):
                out.add("budget_three_public", item)
        else:
            for other in _other(doc, year, row):
                out.add("budget_other_amount", other)
    heading: str | None = None  # a section's heading holds on over the pages after it
    for page in tables.narrative_pages:
        quotes, heading = narrative_quotes(doc, year, department, page, heading)
        for quote in quotes:
            out.add("budget_quote", quote)
        for statement in year_on_year.statements(doc, year, department, page, KIND):
            out.add("budget_year_on_year", statement)
    if not out.tables:
        first = layout.pages[pages[0] - 1].lines
        raise NothingOfKind(doc.source_file, first[0].line if first else 1,
                            f"page {pages[0]}: no budget table or figure found")
    for page_no, line_no, title in tables.titles:
        out.add("budget_table", BudgetTable(
            title=title, table_name=table_name(title), fiscal_year=year, page=page_no,
            source_file=doc.source_file, source_sha256=doc.sha256, document_kind=KIND,
            line_start=line_no, line_end=line_no, seq=0))
    scope = budget_scope(layout, tables.rows)
    for table in ("budget_line", "budget_summary", "budget_three_public", "budget_table"):
        if table in out.tables:
            out.tables[table] = [dataclasses.replace(r, budget_scope=scope)
                                 for r in out.tables[table]]
    _renumber(out)
    return out


def budget_year(doc: SourceDocument, layout: Layout) -> int:
    from .budget_tables import document_year

    year = document_year(layout)
    if year is None:
        raise ExtractionError(doc.source_file, 1, "no budget year (20xx年) in the titles")
    return year


def _renumber(out: Extraction) -> None:
    """Give each table's rows their seq (the position in document order) and the summary's
    numbered items their parent."""
    for table, rows in out.tables.items():
        if table == "budget_summary":
            rows[:] = link_parents(rows)
        rows[:] = [dataclasses.replace(row, seq=k) for k, row in enumerate(rows, start=1)]


def _prov(doc: SourceDocument, row: TableRow) -> dict:
    return {
        "source_file": doc.source_file, "source_sha256": doc.sha256, "document_kind": KIND,
        "line_start": row.row.line, "line_end": row.row.line, "seq": 0,
        "unit": row.ctx.unit, "page": row.page, "table_no": row.table_no,
        "row_no": row.row.no,
    }  # fmt: skip


def budget_scope(layout: Layout, rows: list[TableRow]) -> str:
    """单位预算 (unit) when its tables or cover say so (预算单位…表, 单位“三公”…, 单位预算),
    else 部门预算 (department)."""
    cover = [squash(ln.text) for p in layout.pages[:2] for ln in p.lines[:6]]
    if any(r.ctx.title.startswith(conv.UNIT_SCOPE_PREFIXES) for r in rows) or any(
            conv.UNIT_SCOPE_COVER in line for line in cover):
        return "unit"
    return "department"


def _yuan(row: TableRow, cell: Cell) -> Decimal:
    return Decimal(cell.text.strip().replace(",", "")) * row.ctx.yuan_per_unit


# --- classification tables (功能 / 经济分类) -----------------------------------------------------


def _line(doc: SourceDocument, year: int, row: TableRow) -> BudgetLine | None:
    code, rest = split_code(list(row.row.cells))
    names = [c for c in rest if not is_amount(c.text)]
    name = "".join(squash(c.text) for c in names) or None
    if name and _GLUED_FIGURE.search(name):
        raise ExtractionError(
            doc.source_file, row.row.line, f"page {row.page}: {row.ctx.title}: figures glued to "
            f"the name {name!r}: the text lost the cell boundaries, so the row is not read")
    amounts = {col.field: _yuan(row, cell) for col, cell in values(row, rest, doc.source_file)}
    is_total = code is None and (name is None or bool(conv.TOTAL_LABELS.match(norm(name))))
    if code is None and not is_total:
        return None  # a row of another kind (an income source listed without a code)
    if code is not None and len(code) not in conv.LEVELS:
        raise ExtractionError(doc.source_file, row.row.line,
                              f"page {row.page}: code {code!r} is no 类/款/项 code")
    if not amounts and code is None:
        return None
    parent = code[:-2] if code and len(code) > 3 else None
    return BudgetLine(
        table_name=row.ctx.table_name, fiscal_year=year, department_name=row.ctx.department,
        classification=CLASSIFICATION[row.ctx.kind], code=code,
        level=conv.LEVELS[len(code)] if code else None, parent_code=parent,
        name=name if code else None,
        total_yuan=amounts.get("total_yuan"),
        appropriation_yuan=amounts.get("appropriation_yuan"),
        business_income_yuan=amounts.get("business_income_yuan"),
        operating_income_yuan=amounts.get("operating_income_yuan"),
        other_income_yuan=amounts.get("other_income_yuan"),
        basic_yuan=amounts.get("basic_yuan"), project_yuan=amounts.get("project_yuan"),
        personnel_yuan=amounts.get("personnel_yuan"), public_yuan=amounts.get("public_yuan"),
        reserve_yuan=amounts.get("reserve_yuan"),
        placement="printed", **_prov(doc, row))  # fmt: skip


# --- 收支总表 ----------------------------------------------------------------------------------


def _summary_items(doc: SourceDocument, year: int, row: TableRow) -> list[BudgetSummaryItem]:
    """A summary row holds one item per side: each label with the amounts printed after it."""
    ctx = row.ctx
    sides = conv.SUMMARY_SIDES if conv.SUMMARY_USE_SIDE in ctx.header_words \
        else conv.SUMMARY_SIDES[:2]
    amount_x1 = sorted({c.x1 for c in ctx.columns if c.field == "amount_yuan"})
    groups: list[tuple[Cell, list[Cell]]] = []
    for cell in row.row.cells:
        if is_amount(cell.text):
            if groups:
                groups[-1][1].append(cell)
        else:
            groups.append((cell, []))
    out = []
    for label_cell, cells in groups:
        # The side is told by where the label stands: right of how many amount columns (its
        # middle: a tight text rendering starts a label under the previous figure's end).
        middle = (label_cell.x0 + label_cell.x1) / 2
        before = sum(1 for x1 in amount_x1 if x1 <= middle)
        side = sides[min(before, len(sides) - 1)]
        label = norm(label_cell.text)
        m = conv.ITEM_MARKER.match(label)
        item_no = next((g for g in m.groups() if g), None) if m else None
        name = label[m.end():] if m else label
        amounts = {col.field: _yuan(row, cell) for col, cell in values(row, cells, doc.source_file)}
        out.append(BudgetSummaryItem(
            table_name=ctx.table_name, fiscal_year=year, department_name=ctx.department,
            side=side, item_no=item_no, item_name=name, parent_item=None,
            is_total=bool(conv.TOTAL_LABELS.match(name)),
            amount_yuan=amounts.get("amount_yuan"),
            general_budget_yuan=amounts.get("general_budget_yuan"),
            gov_fund_yuan=amounts.get("gov_fund_yuan"), placement="printed",
            state_capital_yuan=amounts.get("state_capital_yuan"),
            basic_yuan=amounts.get("basic_yuan"), personnel_yuan=amounts.get("personnel_yuan"),
            public_yuan=amounts.get("public_yuan"), project_yuan=amounts.get("project_yuan"),
            **_prov(doc, row)))  # fmt: skip
    return out


def link_parents(items: list) -> list:
    """An item numbered 1. / （一） belongs to the last 一、 item above it on its side."""
    top: dict[tuple[str, str], str] = {}
    out = []
    for item in items:
        key = (item.table_name, item.side)
        if item.item_no and not item.item_no.isdigit() and not item.is_total:
            top[key] = item.item_name
        elif item.item_no and item.item_no.isdigit() and key in top:
            item = dataclasses.replace(item, parent_item=top[key])
        out.append(item)
    return out


# --- 三公经费 ----------------------------------------------------------------------------------


def _three_public(doc: SourceDocument, year: int, row: TableRow) -> list[BudgetThreePublic]:
    cells = list(row.row.cells)
    printed = {col.field: (col, cell) for col, cell in values(row, cells, doc.source_file)}
    # With 会议费 and 培训费 beside them, the 三公 total is a part of the 合计 of all.
    parents = {**conv.THREE_PUBLIC_PARENTS, "total": "grand_total"} \
        if "grand_total" in printed else conv.THREE_PUBLIC_PARENTS
    out = []
    for col in row.ctx.columns:
        found = printed.get(col.field)
        if col.field not in conv.THREE_PUBLIC_PARENTS or found is None:
            continue  # an empty cell prints no figure
        value = Decimal(found[1].text.strip().replace(",", "")) * row.ctx.yuan_per_unit / 10_000
        out.append(BudgetThreePublic(
            table_name=row.ctx.table_name, fiscal_year=year, department_name=row.ctx.department,
            item=col.field, item_name=conv.THREE_PUBLIC_NAMES[col.field],
            parent_item=parents[col.field],
            amount_wan=value, **_prov(doc, row)))  # fmt: skip
    return out


# --- tables of no modelled kind ----------------------------------------------------------------


def _other(doc: SourceDocument, year: int, row: TableRow) -> list[BudgetOtherAmount]:
    label = next((squash(c.text) for c in row.row.cells if not is_amount(c.text)), None)
    return [BudgetOtherAmount(
        table_name=row.ctx.table_name, fiscal_year=year, department_name=row.ctx.department,
        row_label=label, column_label=col.label, amount_yuan=_yuan(row, cell),
        **_prov(doc, row)) for col, cell in values(row, list(row.row.cells), doc.source_file)]


# --- narrative figures -------------------------------------------------------------------------


def narrative_quotes(doc: SourceDocument, year: int, department: str | None, page: Page,
                     heading: str | None = None, *, number: re.Pattern[str] | None = None,
                     units: dict[str, str] | None = None, kind: str = KIND,
                     ) -> tuple[list[BudgetQuote], str | None]:
    """Each number with a unit in the page's sentences, labelled by its clause ("收入预算□万元"),
    and the heading in force at the page's end.

    A page's lines are joined before searching, so a sentence wrapped over lines is one
    sentence; each figure keeps the line its number starts on."""
    text_parts: list[str] = []
    starts: list[tuple[int, int]] = []  # (offset in the joined text, line)
    sub = None
    offset = 0
    headings: list[tuple[int, str | None, str | None]] = []  # (offset, heading, subsection)
    for ln in page.lines:
        flat = squash(ln.text)
        if not flat:
            continue
        if (m := conv.NARRATIVE_HEADINGS.search(flat)) and len(flat) <= 30:
            heading = next(s for word, s in conv.NARRATIVE_SECTIONS if word in m.group(1))
            sub = None
        if conv.SUBSECTION.match(flat) and len(flat) <= 40:
            sub = flat
        headings.append((offset, heading, sub))
        starts.append((offset, ln.line))
        text_parts.append(flat)
        offset += len(flat)
    text = "".join(text_parts)
    out = []
    for m in (number or conv.NARRATIVE_NUMBER).finditer(text):
        at = m.start("num")
        line = next(ln for off, ln in reversed(starts) if off <= at)
        _, head, subsection = next(h for h in reversed(headings) if h[0] <= at)
        label = clause(text, at) + "□" + m.group("unit")
        num = m.group("num")
        out.append(BudgetQuote(
            fiscal_year=year, department_name=department, section=head or conv.NARRATIVE_OTHER,
            subsection=subsection, label=label,
            value_kind=(units or conv.NARRATIVE_UNITS)[m.group("unit")],
            unit=m.group("unit"), value=Decimal(num.replace(",", "")), value_text=num,
            value_line=line, label_line=line, page=page.number,
            source_file=doc.source_file, source_sha256=doc.sha256, document_kind=kind,
            line_start=line, line_end=line, seq=0))  # fmt: skip
    return out, heading
