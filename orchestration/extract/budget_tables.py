"""部门预算 / 单位预算 tables read from the layout model (a PDF's grid, or a text rendering that
keeps its columns), for any body's template.

A page that prints a table title starts a table: its kind comes from the title's words
(`budget_conventions.TABLE_KINDS`), its unit from the page's own label (单位：元 / 万元), its
columns from the header rows' words and where they sit. A page without a title that holds rows
continues the table before it (a long table breaks over pages, with or without its header).
Each amount is put in the column whose header it sits under (horizontal overlap, else the
nearest), so empty cells never shift a figure; codes are read whether printed in pieces
("201 03 01"), glued to the name ("2010301行政运行") or whole. Amounts are stored exactly in
yuan (万元 × 10,000); the 三公 table keeps its 万元.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from . import budget_conventions as conv
from . import final_conventions
from .common import ExtractionError, SourceDocument, is_number_token, squash
from .layout import Cell, Layout, Page, Row, Table, band_rows

_CODE = re.compile(r"^(\d{3})(?:(\d{2})(\d{2})?)?$")
_GLUED_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?=[^\d\s,.])(.+)$")
_CODE_PIECE = re.compile(r"^\d{2,3}$")
# How far (characters) the figures of one column of a text rendering may stray.
EDGE_SLACK = 3
# Header-area cells that are the table's title, body or unit, not a column.
_TITLE_CELL = re.compile(r"表$|[：:]|^[(（](?:万元|元)[)）]$")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}年度?")


def norm(text: str) -> str:
    """A label as compared: whitespace removed, full-width brackets as ASCII."""
    return squash(text).replace("（", "(").replace("）", ")")


def is_amount(text: str) -> bool:
    return is_number_token(text.strip())


def amount(text: str) -> Decimal:
    return Decimal(text.strip().replace(",", ""))


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class TableContext:
    """What a table's title page says, kept while the table runs over later pages."""

    kind: str
    title: str  # as printed, year and whitespace removed
    table_name: str  # the name it is kept under (conventions)
    yuan_per_unit: int
    unit: str
    department: str | None
    columns: list[Column] = field(default_factory=list)
    header_words: set[str] = field(default_factory=set)
    # Where the figures of the header page stand (text renderings: continued pages re-align).
    anchors: list[tuple[float, Column]] = field(default_factory=list)


@dataclass(frozen=True)
class TableRow:
    """A data row of a budget table, with where it was printed."""

    ctx: TableContext
    page: int
    table_no: int
    row: Row


# --- titles, units, names ----------------------------------------------------------------------


def table_title(flat: str) -> tuple[str, int | None] | None:
    """(title, year) when a line (whitespace removed) is a budget table's title."""
    m = conv.TABLE_TITLE.match(flat)
    if (not m or "说明" in flat or "目录" in flat or conv.ITEM_MARKER.match(flat)
            or conv.PART_HEADING.match(flat)):
        return None
    title = flat[m.start("title"):]
    return title, int(m.group("year")) if m.group("year") else None


def table_kind(title: str) -> str | None:
    return next((kind for word, kind in conv.TABLE_KINDS if word in title), None)


def table_name(title: str) -> str:
    name = conv.TITLE_ALIASES.get(title, title)
    for prefix, replacement in conv.TITLE_PREFIXES:
        if name.startswith(prefix):
            return replacement + name[len(prefix):]
    return name


def page_unit(lines: list[str]) -> str | None:
    for text in lines:
        if m := conv.UNIT.search(text):
            return m.group("unit") or m.group("bracketed")
    return None


def department_name(lines: list[str]) -> str | None:
    for text in lines:
        if m := conv.DEPARTMENT.search(text.strip()):
            name = m.group("name")
            for mark in conv.DEPARTMENT_NAME_MARKS:
                name = name.removesuffix(mark)
            return name or None
    return None


def document_year(layout: Layout) -> int | None:
    """The year most table titles (or, without tables, the first lines) print."""
    years: Counter[int] = Counter()
    for page in layout.pages:
        for ln in page.lines[:6]:
            found = table_title(squash(ln.text))
            if found and found[1]:
                years[found[1]] += 1
    if not years:
        for page in layout.pages[:3]:
            for ln in page.lines[:8]:
                if m := re.search(r"((?:19|20)\d{2})\s*年", ln.text):
                    years[int(m.group(1))] += 1
    return years.most_common(1)[0][0] if years else None


# --- header ------------------------------------------------------------------------------------


class _EveryWord(dict):
    """The columns of a table of no known kind: every header word is its own column."""

    def __contains__(self, key: object) -> bool:
        return True

    def get(self, key, default=None):
        return key

    def __getitem__(self, key):
        return key


def _column_words(kind: str) -> dict[str, str]:
    if kind in final_conventions.COLUMN_WORDS:
        return final_conventions.COLUMN_WORDS[kind]
    if kind == "summary":
        return conv.SUMMARY_COLUMNS
    if kind == "three_public":
        return conv.THREE_PUBLIC_COLUMNS
    if kind == "other":
        return _EveryWord()
    return conv.LINE_COLUMNS


def header_columns(kind: str, rows: list[Row]) -> tuple[list[Column], set[str]]:
    """The leaf columns of a table's header rows and every word the header prints."""
    words = _column_words(kind)
    found: list[tuple[int, Column]] = []  # (header row index, column)
    printed: set[str] = set()
    merged_away: set[int] = set()
    for k, row in enumerate(rows):
        for cell in row.cells:
            if id(cell) in merged_away:
                continue
            label = _YEAR_PREFIX.sub("", norm(cell.text))
            if label not in words:
                # A header cell wrapped over lines ("机关运行经" / "费预算数"): its pieces
                # stand one under the other.
                label, cell = _unwrapped(words, rows, k, cell, label, merged_away)
            printed.add(label)
            # A header word of no known column is a column too (field ""): the amounts
            # under it are no other column's.
            if not (is_amount(cell.text) or _TITLE_CELL.search(label)):
                found.append((k, Column(words.get(label, ""), label, cell.x0, cell.x1)))
    fields = {c.field for _, c in found}
    columns = []
    for k, col in found:
        children = conv.GROUPS.get(col.field, ())
        if any(ch in fields for ch in children):
            continue  # a group: its children are the columns
        # A cell spanning a lower header cell's middle groups it (a merged header cell).
        if any(k2 > k and col.x0 <= other.center <= col.x1 and other.field
               and other.field != col.field for k2, other in found):
            continue
        columns.append(col)
    if not any(c.field for c in columns):
        return [], printed
    if kind == "three_public":
        columns = three_public_columns(columns)
    columns.sort(key=lambda c: c.x0)
    return columns, printed


def _unwrapped(words: dict[str, str], rows: list[Row], k: int, cell: Cell, label: str,
               merged_away: set[int]) -> tuple[str, Cell]:
    """The header word a cell starts, with the pieces below it, when they make a known one."""
    parts, pieces = [label], []
    for below in rows[k + 1:k + 4]:
        under = next((c for c in below.cells if c.x0 < cell.x1 and c.x1 > cell.x0), None)
        if under is None:
            continue  # a line of other columns' words between the pieces
        parts.append(norm(under.text))
        pieces.append(under)
        if "".join(parts) in words:
            merged_away.update(id(p) for p in pieces)
            return "".join(parts), Cell("".join(parts), min(cell.x0, *(p.x0 for p in pieces)),
                                        max(cell.x1, *(p.x1 for p in pieces)))
    return label, cell


def three_public_columns(columns: list[Column]) -> list[Column]:
    """A 三公 table's header columns with its 小计 and 合计 given the fields they stand for.

    小计 is the vehicles' subtotal (official_vehicles), or, with 会议费 and 培训费 beside the
    三公 items, the leftmost 小计 is the 三公 total (total) and 合计 the sum of all
    (grand_total). The vehicles' group word (公务用车购置及运行费) is no column where its
    parts stand under it beside a vehicles' subtotal. Shared by the header reading here and
    a rendering's 栏次 columns (final_text.group_columns)."""
    subtotals = sorted((c for c in columns if c.field == "subtotal"), key=lambda c: c.x0)
    with_meetings = "meetings" in {c.field for c in columns}
    renamed: dict[int, str] = {}
    if with_meetings and subtotals:
        renamed[id(subtotals[0])] = "total"
        subtotals = subtotals[1:]
    for c in subtotals:
        renamed[id(c)] = "official_vehicles"
    out = []
    for c in columns:
        fld = renamed.get(id(c), c.field)
        if with_meetings and c.field == "total":
            fld = "grand_total"
        out.append(Column(fld, c.label, c.x0, c.x1))
    fields = {c.field for c in out}
    # The vehicles' group word is a column only where no subtotal or part stands under it.
    return [c for c in out if not (c.label.startswith("公务用车购置及") and (
        fields & {"vehicle_purchase", "vehicle_operation"}) and sum(
        1 for o in out if o.field == "official_vehicles") > 1)]


def column_of(columns: list[Column], cell: Cell) -> Column | None:
    """The column a value cell sits under: the one it overlaps most, else the nearest."""
    if not columns:
        return None

    def overlap(c: Column) -> float:
        return min(c.x1, cell.x1) - max(c.x0, cell.x0)

    # A known column first: a text rendering centres a group's word (“三公”经费预算数) over
    # its columns, where it may overlap a figure as much as the figure's own column does.
    for pool in ([c for c in columns if c.field], columns):
        best = max(pool, key=overlap, default=None)
        if best is not None and overlap(best) > 0:
            return best
    mid = (cell.x0 + cell.x1) / 2
    return min(columns, key=lambda c: min(abs(mid - c.x0), abs(mid - c.x1)))


# --- rows --------------------------------------------------------------------------------------


def is_data_row(kind: str, row: Row) -> bool:
    texts = [c.text for c in row.cells]
    if texts and squash(texts[0]) == conv.COLUMN_NUMBER_ROW:
        return False
    if len(texts) > 2 and [squash(t) for t in texts] == [str(k) for k in range(1, len(texts) + 1)]:
        return False
    if any(is_amount(t) and not _CODE_PIECE.match(t.strip()) for t in texts):
        return True
    if kind in conv.CODED_KINDS:
        first = squash(texts[0]) if texts else ""
        return bool(_CODE.match(first) or _GLUED_CODE.match(first))
    return False


def wrapped_rows(kind: str, rows: list[Row]) -> list[Row]:
    """A text rendering's rows with each wrapped name joined to its row.

    A rendering prints the lines of a wrapped name on lines of their own, above and below its
    row's figures ("机关事业单位基本养老保险缴费支 / 出", "四、文化旅游体育与传媒 / 200,000 /
    支出"): a line of words only (no figure, code or 行次) is a piece of the row it is centred
    on (`band_rows`). A line
    of words opening an item (一、 / 1、 / （一）) is the first line of a cell, so a row of its
    own (an item printing no figures: "二、事业收入"), unless the line right below prints
    figures and no words where it stands: then its name wraps around those figures."""
    by_line = {r.line: r for r in rows}

    def starts_row(row: Row) -> bool:
        # A line printing any number (a figure, a code, a 决算's 行次) is a row.
        if is_data_row(kind, row) or any(is_number_token(c.text.strip()) for c in row.cells):
            return True
        if not any(conv.ITEM_MARKER.match(squash(c.text)) for c in row.cells):
            return False
        below = by_line.get(row.line + 1)
        return below is None or not is_data_row(kind, below) or any(
            not is_amount(b.text) and min(b.x1, c.x1) > max(b.x0, c.x0)
            for b in below.cells for c in row.cells)

    # Each row keeps its number in the page's table (a 三公 table finds its header rows above
    # its figures by it).
    return [dataclasses.replace(r, no=by_line[r.line].no) for r in band_rows(rows, starts_row)]


def split_code(cells: list[Cell]) -> tuple[str | None, list[Cell]]:
    """The classification code at a row's start (in pieces, glued to the name or whole), and
    the cells after it (a glued name kept as a cell of its own)."""
    pieces: list[str] = []
    k = 0
    while k < len(cells) and len(pieces) < 3:
        flat = squash(cells[k].text)
        if pieces and not (flat.isdigit() and len(flat) <= 2):
            break
        if not pieces and (m := _CODE.match(flat)) and not _is_amount_like(cells, k):
            pieces = [p for p in m.groups() if p]
            k += 1
            if len(pieces) > 1:
                break
            continue
        if pieces and flat.isdigit() and len(flat) <= 2:
            pieces.append(flat.zfill(2))  # a clipped cell prints 款 "02" as "2"
            k += 1
            continue
        if not pieces and (m := _GLUED_CODE.match(flat)):
            rest = Cell(m.group(2), cells[k].x0, cells[k].x1)
            return m.group(1), [rest, *cells[k + 1:]]
        break
    return ("".join(pieces) or None), cells[k:]


def _is_amount_like(cells: list[Cell], k: int) -> bool:
    """A leading number that is the row's only content other than amounts is no code."""
    flat = cells[k].text.strip()
    return "," in flat or "." in flat


# --- the extractor -----------------------------------------------------------------------------


@dataclass
class BudgetTables:
    """The budget tables of a document's budget pages, as TableRows by kind."""

    rows: list[TableRow] = field(default_factory=list)
    narrative_pages: list[Page] = field(default_factory=list)
    # Every table title printed, data or not (page, line, title): which tables are present.
    titles: list[tuple[int, int, str]] = field(default_factory=list)


def read_tables(doc: SourceDocument, layout: Layout, pages: list[int]) -> BudgetTables:
    """Every budget table's data rows on the given pages (1-based numbers), in order."""
    out = BudgetTables()
    default_department = department_name(
        [ln.text for p in layout.pages[:2] for ln in p.lines[:8]])
    ctx: TableContext | None = None
    for page in _parts(layout, pages):
        number = page.number
        head = [ln.text for ln in page.lines[:8]]
        found = next((t for ln in head if (t := table_title(squash(ln)))), None)
        if found is not None:
            title, _ = found
            line = next(ln.line for ln in page.lines if table_title(squash(ln.text)))
            out.titles.append((number, line, title))
            kind = table_kind(title) or "other"
            unit = page_unit(head) or _title_unit(title)
            # A part's cover ("2024年度部门决算表") prints a title over no table (in a
            # rendering: no line of figures but the title's own and the folio).
            if unit is None and kind != "other" and any(
                    is_data_row(kind, r) and r.line != line and not _is_furniture(r)
                    if layout.medium != "pdf" else True
                    for t in page.tables for r in t.rows):
                raise ExtractionError(doc.source_file, page.lines[0].line,
                                      f"page {number}: {title}: no unit (单位：元 / 万元)")
            ctx = None if unit is None else TableContext(
                kind, title, table_name(title), conv.YUAN_PER_UNIT[unit], unit,
                department_name(head) or default_department)
        elif ctx is None or not _continues(ctx, page, layout.medium):
            ctx = None
            out.narrative_pages.append(page)
            continue
        if ctx is None:
            out.narrative_pages.append(page)
            continue
        for table in page.tables:
            rows = list(table.rows)
            first_data = next((k for k, r in enumerate(rows) if is_data_row(ctx.kind, r)), None)
            header = rows[:first_data] if first_data is not None else rows
            columns, words = header_columns(ctx.kind, header)
            if first_data is None or not (columns or ctx.columns):
                continue
            data = [r for r in rows[first_data:] if not _is_furniture(r)]
            if layout.medium != "pdf":
                data = wrapped_rows(ctx.kind, data)
            if columns and layout.medium != "pdf":
                # A text rendering centres header words over columns of right-aligned
                # figures: each column of figures takes the header word that suits it best.
                ctx = dataclasses.replace(ctx, header_words=words)
                edges = _edges(ctx.kind, data)
                fielded = [c for c in columns if c.field]
                ctx.anchors = _matched(fielded, edges)
                ctx.columns = [Column(c.field, c.label, x - 1, x) for x, c in ctx.anchors]
                if not ctx.anchors and len(edges) > len(fielded):
                    # More columns of figures than known words: some stand under a word of no
                    # field (a 决算 summary's 行次 numbers), matched too so they are no amount's;
                    # a column is then the run of figures overlapping one another (a squeezed
                    # rendering right-aligns a column's figures only roughly).
                    spans = _spans(ctx.kind, data)
                    ctx.anchors = _matched(columns, [x1 for _, x1 in spans])
                    ctx.columns = [Column(c.field, c.label, x0, x1) for (x0, x1), (_, c)
                                   in zip(spans, ctx.anchors, strict=True)]
            elif columns:
                ctx = dataclasses.replace(ctx, columns=columns, header_words=words)
            elif layout.medium != "pdf":
                # A text rendering squeezes a page's empty space: a continued table's columns
                # are found again from where its figures stand on this page.
                ctx = _realigned(doc, ctx, data, number)
            for row in data:
                out.rows.append(TableRow(ctx, number, table.no, row))
    return out


def amount_cells(kind: str, row: Row) -> list[Cell]:
    """A data row's figures: its number cells, but for the code a classification row opens
    with."""
    cells = list(row.cells)
    if kind in conv.CODED_KINDS:
        cells = split_code(cells)[1]
    return [c for c in cells if is_amount(c.text)]


def _edges(kind: str, rows: list[Row]) -> list[float]:
    """The right edges of a table's figures, one per column of figures (within a character)."""
    found = sorted({c.x1 for r in rows for c in amount_cells(kind, r)})
    # A text rendering right-aligns a column's figures only roughly (80,000 may end two
    # characters right of 1,200,000 above it); two columns stand a figure's width apart.
    edges: list[float] = []
    for x in found:
        if edges and x - edges[-1] <= EDGE_SLACK:
            edges[-1] = x  # a cluster is known by its rightmost edge
            continue
        edges.append(x)
    return edges


def _spans(kind: str, rows: list[Row]) -> list[tuple[float, float]]:
    """The extents of a table's columns of figures: figures overlapping one another, left to
    right."""
    spans: list[tuple[float, float]] = []
    for cell in sorted((c for r in rows for c in amount_cells(kind, r)), key=lambda c: c.x0):
        if spans and cell.x0 < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], cell.x1))
            continue
        spans.append((cell.x0, cell.x1))
    return spans


def _matched(columns: list[Column], edges: list[float]) -> list[tuple[float, Column]]:
    """Columns of figures (right edges, left to right) matched in order to header words, each
    to its own, where their right ends lie closest in all."""
    cols = sorted(columns, key=lambda c: c.x0)
    n, m = len(edges), len(cols)
    if n > m:
        return []
    inf = float("inf")
    # cost[i][j]: the best matching of the first i edges among the first j columns.
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[0] = [0.0] * (m + 1)
    # A column's figures end right of its word's end and before the next word starts.
    spans = [(c.x1 - 2, cols[j + 1].x0 + 1 if j + 1 < m else inf) for j, c in enumerate(cols)]

    def off(e: float, j: int) -> float:
        lo, hi = spans[j]
        # On a tie a known column's word is the nearer (not a spaced-out side word, "支 出").
        unknown = 0.0 if cols[j].field else 0.01
        return unknown + (0.0 if lo <= e <= hi else min(abs(e - lo), abs(e - hi)))

    for i in range(1, n + 1):
        for j in range(i, m + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + off(edges[i - 1], j - 1))
    out: list[tuple[float, Column]] = []
    i, j = n, m
    while i > 0:
        if j > i and cost[i][j] == cost[i][j - 1]:
            j -= 1
            continue
        out.append((edges[i - 1], cols[j - 1]))
        i, j = i - 1, j - 1
    return out[::-1]


def _realigned(doc: SourceDocument, ctx: TableContext, rows: list[Row], page: int
               ) -> TableContext:
    """The table's columns placed where this page prints its figures: its columns of figures
    in order matched to the header page's (a page may leave a column empty; the spacing
    between the columns tells which)."""
    edges = _edges(ctx.kind, rows)
    anchors = ctx.anchors
    if not edges or len(edges) > len(anchors):
        raise ExtractionError(
            doc.source_file, rows[0].line if rows else 1,
            f"page {page}: {ctx.title} goes on without its header and its figures stand in "
            f"{len(edges)} columns, not the {len(anchors)} of its header page: the text lost "
            "the cell order")
    best: tuple[float, tuple[int, ...]] | None = None
    for pick in combinations(range(len(anchors)), len(edges)):
        chosen = [anchors[k][0] for k in pick]
        cost = sum(abs((chosen[i + 1] - chosen[i]) - (edges[i + 1] - edges[i]))
                   for i in range(len(edges) - 1))
        if best is None or cost < best[0]:
            best = (cost, pick)
    assert best is not None
    columns = [Column(anchors[k][1].field, anchors[k][1].label, x - 1, x)
               for x, k in zip(edges, best[1], strict=True)]
    moved = dataclasses.replace(ctx, columns=columns)
    moved.anchors = ctx.anchors
    return moved


def _parts(layout: Layout, pages: list[int]) -> Iterator[Page]:
    """The given pages; a text rendering's page is cut at each table title, as a text without
    page breaks (pypdf's pages joined) prints every table on one "page"."""
    for number in pages:
        page = layout.pages[number - 1]
        if layout.medium == "pdf":
            yield page
            continue
        first = page.lines[0].line if page.lines else 0
        cuts = [ln.line for ln in page.lines if table_title(squash(ln.text))]
        bounds = sorted({first, *cuts})
        for k, start in enumerate(bounds):
            end = bounds[k + 1] if k + 1 < len(bounds) else float("inf")
            lines = tuple(ln for ln in page.lines if start <= ln.line < end)
            rows = tuple(r for t in page.tables for r in t.rows if start <= r.line < end)
            yield Page(number, lines, (Table(number, 1, rows),) if rows else ())


def _continues(ctx: TableContext, page: Page, medium: str) -> bool:
    """Whether a page without a title carries on the table before it: it holds data rows, and
    (in a text rendering, where prose is rows too) they make half of its rows or more."""
    rows = [r for t in page.tables for r in t.rows if not _is_furniture(r)]
    data = sum(1 for r in rows if is_data_row(ctx.kind, r))
    if medium == "pdf":
        return data > 0
    return data > 0 and 2 * data >= len(rows)


def _title_unit(title: str) -> str | None:
    m = conv.UNIT.search(title)
    return (m.group("unit") or m.group("bracketed")) if m else None


_FURNITURE = re.compile(r"^(?:第\d+页(?:共\d+页)?|-\d+-|\d+/\d+|\d{1,3})$")


def _is_furniture(row: Row) -> bool:
    """A page number or folio printed inside a table's area, or the table's note (text
    renderings)."""
    if len(row.cells) != 1:
        return False
    flat = squash(row.cells[0].text)
    return bool(_FURNITURE.match(flat) or conv.TABLE_NOTE.match(flat))


def values(row: TableRow, cells: list[Cell], source_file: str
           ) -> Iterator[tuple[Column, Cell]]:
    """The amount cells among `cells`, each with its column."""
    taken: set[str] = set()
    for cell in cells:
        if is_amount(cell.text):
            col = column_of(row.ctx.columns, cell)
            if col is None or not col.field:
                continue
            if col.field in taken:
                raise ExtractionError(
                    source_file, row.row.line,
                    f"page {row.page}: two amounts under the column {col.label!r} "
                    f"({row.ctx.title}); the cell positions do not tell them apart")
            taken.add(col.field)
            yield col, cell
