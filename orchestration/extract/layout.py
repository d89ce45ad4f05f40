"""One layout model under every reader: pages -> tables -> rows -> cells (with positions), plus
the page's free text lines.

A PDF is read into it by `pdf_reader` (the ruled grid of each table, the text layer's lines);
a text that keeps the page's geometry (`pdftotext -layout`, pypdf's layout mode: pages split by
form feeds or read as one page, columns kept by spaces) by `from_layout_text` here. Extractors
read cells by their labels and header words and by where a cell sits under a header, never by
line position, so a PDF and its text rendering give the same records.

A rendering of a form whose cells wrap (a 绩效自评表, 目标表 or 评价报告) prints a cell's lines
above and below its row's figures: `band_rows` groups such lines back into the PDF's rows
before an extractor reads them.

Positions are in the reader's own unit (PDF points, or character columns of a text line): only
comparisons within one table matter. Every line and row carries its 1-based line number in the
document's text (`Layout.text`), so provenance is a page and a line for either input.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as printed: its text (wrapped lines joined) and horizontal extent."""

    text: str
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class Row:
    """One printed row of a table: its non-empty cells, left to right."""

    cells: tuple[Cell, ...]
    line: int  # 1-based line of Layout.text where the row is printed
    no: int  # 1-based row number in its table
    # The first and last line the row's wrapped cells take (a rendering's rows grouped by
    # band_rows); (0, 0): the row's own line.
    lines: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table (PDF) or the block of a page's lines laid out in columns (text)."""

    page: int  # 1-based
    no: int  # 1-based, on its page
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    line: int  # 1-based line of Layout.text


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    lines: tuple[TextLine, ...]  # every text line of the page, tables' included, top to bottom
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Layout:
    """A document read into pages. `medium` says which reader made it: pdf | layout_text."""

    pages: tuple[Page, ...]
    medium: str
    text: str = field(repr=False)  # the lines of every page, "\n"-joined, pages by "\f\n"


# --- text renderings -------------------------------------------------------------------------

_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


# An amount glued to the next column's words ("171,915,169一、一般公共服务支出").
_GLUED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?=[^\d,.\s%])|\S+")


def _tokens(text: str) -> Iterator[re.Match[str]]:
    return _GLUED.finditer(text)


def row_cells(text: str) -> tuple[Cell, ...]:
    """The cells of a text line laid out in columns, with their character columns.

    Two spaces or more part cells; one space stays inside a cell of words ("1. 一般公共预算资金")
    but parts a number from its neighbours: a tight layout prints "91,016,775.35 一、一般公共
    服务支出" with one space between two columns."""
    cells: list[Cell] = []
    start = end = -1
    words: list[str] = []
    last_number = False
    for m in _tokens(text):
        number = _NUMBER.match(m.group()) is not None
        if words and (m.start() - end >= 2 or number or last_number):
            cells.append(Cell(" ".join(words), start, end))
            words = []
        if not words:
            start = m.start()
        words.append(m.group())
        end, last_number = m.end(), number
    if words:
        cells.append(Cell(" ".join(words), start, end))
    return tuple(cells)


def from_layout_text(text: str) -> Layout:
    """A text rendering that keeps columns by spaces: pages at form feeds, each page's lines as
    rows of one table (the extractors find header and data rows by their words)."""
    pages: list[Page] = []
    lines_out: list[str] = []
    for number, page_text in enumerate(text.split("\f"), start=1):
        page_lines = page_text.split("\n")
        if number > 1 and page_lines and page_lines[0] == "":
            page_lines = page_lines[1:]  # "\f\n": the page break's own line end
        if number > 1 and page_lines in ([], [""]):
            continue  # the form feed that ends the last page ("\f" or "\f\n")
        lines: list[TextLine] = []
        rows: list[Row] = []
        for raw in page_lines:
            lines_out.append(raw)
            no = len(lines_out)
            lines.append(TextLine(raw.strip(), no))
            cells = row_cells(raw)
            if cells:
                rows.append(Row(cells, no, len(rows) + 1))
        pages.append(Page(len(pages) + 1, tuple(lines), (Table(len(pages) + 1, 1, tuple(rows)),)))
    return Layout(tuple(pages), "layout_text", "\n".join(lines_out))


_GAPPED_FIGURE = re.compile(r"\S {3,}(?:[-\d,.]+\d|\d {2,}[-\d,.]*\d)(?:\s|$)")


def is_layout_text(text: str) -> bool:
    """Whether a text keeps a page's columns by runs of spaces (a layout rendering): some lines
    hold a number after a wide gap (a one-digit number too when another follows it after a
    gap: a form's 分值 and 得分, "4     4"). A text whose cells each take a line of their own
    lost the cell order and is not one."""
    gapped = 0
    for line in text.split("\n", 4000)[:4000]:
        if _GAPPED_FIGURE.search(line):
            gapped += 1
            if gapped >= 5:
                return True
    return False


# --- a rendering's wrapped cells grouped into table rows ----------------------------------------

# A wrap piece reaches its row's cell through lines at most this far apart.
_MAX_GAP = 2


def _overlaps(a: Cell, b: Cell) -> bool:
    return min(a.x1, b.x1) > max(a.x0, b.x0)


def band_rows(rows: Sequence[Row], is_anchor: Callable[[Row], bool],
              whole: Callable[[str], bool] = lambda text: False,
              printed: Collection[int] = ()) -> tuple[Row, ...]:
    """A rendering's lines grouped into the table rows a PDF's rules draw.

    A rendering prints a wrapped cell's lines above and below its row's figures (the cell is
    centred on them), on lines of their own. `is_anchor` tells the lines that hold a row's
    figures (or a header's words); every other line's cells are wrap pieces, each joined to the
    anchor above or below it (never across a blank line): to the one its cell is centred on
    (its column holds as many pieces on the anchor's other side), else the nearer; a piece
    must touch its row's cell in its column through lines one or two apart, else it is tried
    with the other anchor, else it stays a row of its own (a title, a page number).
    Pieces of one column are joined top to bottom without a space (Chinese wraps inside words),
    the row keeping its anchor's line, and its first and last line in `lines`; where the
    anchor's own cell is `whole` (a header word) and so are the pieces around it, they stay
    two cells (a squeezed header prints "得 / 分值 / 分" in one column). `printed`: lines
    printed though left out of `rows` (an outer label's pieces down the margin): a piece no
    anchor reaches else reaches one across them."""
    anchors = sorted(r.line for r in rows if is_anchor(r))
    if not anchors:
        return tuple(rows)
    by_line = {r.line: r for r in rows}
    shown = {*by_line, *printed}

    def occupied(line: int, cell: Cell, anchor: int | None = None) -> bool:
        # Beyond a row's anchor (not a header's), a header word is no wrap piece of the row's
        # cell (a header's lower line "指标值" over a row is not the top of the row's value).
        row = by_line.get(line)
        words = anchor is None or any(whole(c.text) for c in by_line[anchor].cells)
        return row is not None and any((_overlaps(c, cell) or _touches(c, cell))
                                       and (words or not whole(c.text)) for c in row.cells)

    def figure_under(anchor: int, cell: Cell) -> bool:
        # A figure is printed on one line: words over or under it are not its cell's (a
        # header's "（A） （B）" line over the total row's amounts is the header's), nor a
        # character or two just beside it (a header's "分 / 值" wrapped beside the amount).
        narrow = cell.x1 - cell.x0 <= 2
        return _NUMBER.match(cell.text) is None and any(
            (_overlaps(c, cell) or (narrow and _touches(c, cell))) and _NUMBER.match(c.text)
            for c in by_line[anchor].cells)

    pieces: dict[int, list[tuple[int, Cell]]] = {a: [] for a in anchors}
    loose: dict[int, list[Cell]] = {}
    # (distance, anchor, line, cell, the other anchor to try if this one's cell is not reached)
    candidates: list[tuple[int, int, int, Cell, int | None]] = []
    for row in rows:
        if row.line in pieces:
            continue
        i = bisect_left(anchors, row.line)
        # A blank line parts rows: no cell's wrapped lines are printed that far apart. A line
        # printing only what `rows` leaves out (a margin label's piece) parts them too, unless
        # the piece would be a row of its own else (a cell's first line over a "绩效指" line).
        above, below = _neighbours(anchors, i, row.line, by_line)
        if above is None and below is None:
            above, below = _neighbours(anchors, i, row.line, shown)
        if above is None and below is None:
            loose.setdefault(row.line, []).extend(row.cells)
            continue
        for cell in row.cells:
            anchor = _nearest(row.line, cell, above, below, occupied, frozenset(anchors),
                              by_line.__contains__, figure_under)
            other = below if anchor == above else above
            candidates.append((abs(row.line - anchor), anchor, row.line, cell, other))
    # Nearest pieces first, so a farther piece can lean on a nearer one of its column; a piece
    # its first anchor's cell does not reach is tried with the other, then left loose.
    while candidates:
        retry = []
        for distance, anchor, line, cell, other in sorted(candidates, key=lambda c: c[:3]):
            step = 1 if line > anchor else -1
            held = pieces[anchor] + [(anchor, c) for c in by_line[anchor].cells]
            # A piece two lines off reaches its row's cell through a piece of its column, or
            # mirrors one on the anchor's other side (a header's "二级" over the anchor line,
            # "指标" under it, nothing between).
            # (A piece of a character or two touching the mirrored one mirrors it too: a
            # header's "实际" over "完成值", pushed right.)
            if distance == 1 or any(_overlaps(c, cell) and 0 < (line - ln) * step <= _MAX_GAP
                                    for ln, c in held) or (distance <= _MAX_GAP and any(
                                        _reaches(c, cell) and (ln - anchor) * step < 0
                                        for ln, c in held)):
                pieces[anchor].append((line, cell))
            elif other is not None:
                retry.append((abs(line - other), other, line, cell, None))
            else:
                loose.setdefault(line, []).append(cell)
        candidates = retry
    out: list[tuple[int, tuple[Cell, ...], tuple[int, int]]] = []
    for anchor in anchors:
        own = [(anchor, c) for c in by_line[anchor].cells] + pieces[anchor]
        lines = [ln for ln, _ in own]
        out.append((anchor, _join_columns(own, anchor, whole), (min(lines), max(lines))))
    for line, cells in loose.items():
        out.append((line, tuple(sorted(cells, key=lambda c: c.x0)), (line, line)))
    out.sort(key=lambda r: r[0])
    return tuple(Row(cells, line, no, lines)
                 for no, (line, cells, lines) in enumerate(out, start=1))


def _neighbours(anchors: list[int], i: int, line: int,
                shown: Collection[int]) -> tuple[int | None, int | None]:
    """The anchors above and below `line` (anchors[i - 1], anchors[i]) reached with no line
    between them not `shown` (a blank line)."""
    above = anchors[i - 1] if i else None
    below = anchors[i] if i < len(anchors) else None
    if above is not None and any(n not in shown for n in range(above + 1, line)):
        above = None
    if below is not None and any(n not in shown for n in range(line + 1, below)):
        below = None
    return above, below


def _nearest(line: int, cell: Cell, above: int | None, below: int | None,
             occupied: Callable[..., bool], anchors: frozenset[int],
             printed: Callable[[int], bool],
             figure_under: Callable[[int, Cell], bool] = lambda a, c: False) -> int:
    """The anchor a wrap piece belongs to: the one whose cell is centred on it (its column holds
    as many pieces on the anchor's other side as between the anchor and this piece; else the
    anchor's own line holds the cell), else the nearer one (the upper on a tie)."""
    if above is None or below is None:
        return below if above is None else above  # type: ignore[return-value]
    up, down = line - above, below - line
    if figure_under(above, cell) != figure_under(below, cell):
        return below if figure_under(above, cell) else above

    def centred(anchor: int, distance: int) -> int:
        # The cell's pieces between the anchor and this one, against those the column holds
        # on the anchor's other side (wrap lines, not other rows', none two lines apart).
        step = 1 if line > anchor else -1
        near = sum(occupied(n, cell) for n in range(anchor + step, line + step, step))
        far, n, gap = 0, anchor - step, 0
        while gap <= 1 and n not in anchors and printed(n):
            if occupied(n, cell, anchor):
                far, gap = far + 1, 0
            else:
                gap += 1
            n -= step
        if far >= near:
            return 2
        return int(distance == 1 and occupied(anchor, cell))

    fits_up, fits_down = centred(above, up), centred(below, down)
    if fits_up != fits_down:
        return above if fits_up > fits_down else below
    return above if up <= down else below


def _join_columns(pieces: list[tuple[int, Cell]], anchor: int,
                  whole: Callable[[str], bool]) -> tuple[Cell, ...]:
    """A row's pieces as cells: pieces whose spans overlap by half the narrower (or nearly
    touch: a wrapped label indented on its first line) are one cell, their texts joined top to
    bottom; a piece barely reaching into the next column (a rendering pushed it) is not."""
    columns: list[list[tuple[int, Cell]]] = []
    # The wrap pieces first, the anchor's own cells then joining the column they fit best.
    for line, cell in sorted(pieces, key=lambda p: (p[0] == anchor, p[1].x0)):
        best: tuple[float, list[tuple[int, Cell]]] | None = None
        for column in columns:
            x0 = min(c.x0 for _, c in column)
            x1 = max(c.x1 for _, c in column)
            overlap = min(x1, cell.x1) - max(x0, cell.x0)
            narrower = min(x1 - x0, cell.x1 - cell.x0)
            # Pieces barely overlapping or touching join only off the anchor's line: there a
            # cell is whole (a piece pushed into the next column is not part of it).
            # A piece touching a cell is not its line where another piece of their lines lies
            # inside the two ("时效" beside "间", the wrapped name's last line).
            lines = [ln for ln, _ in column]
            lo, hi = min(x0, cell.x0), max(x1, cell.x1)
            inside = any((ln == line or ln in lines) and c is not cell
                         and all(c is not k for _, k in column)
                         and min(hi, c.x1) - max(lo, c.x0) > 0 for ln, c in pieces)
            touch = line != anchor and anchor not in lines and (
                overlap > 0 or (not inside and _touches(Cell("", x0, x1), cell)))
            if ((overlap * 2 >= narrower or touch)
                    and all(ln != line for ln, _ in column)
                    and (best is None or overlap > best[0])):
                best = (overlap, column)
        if best is None:
            columns.append([(line, cell)])
        else:
            best[1].append((line, cell))
    cells = []
    for column in columns:
        column.sort(key=lambda p: (p[0], p[1].x0))
        parts = _two_words([c for _, c in column], whole)
        if parts is not None:
            cells += parts
            continue
        cells.append(Cell("".join(c.text for _, c in column),
                          min(c.x0 for _, c in column), max(c.x1 for _, c in column)))
    return tuple(sorted(cells, key=lambda c: c.x0))


def _two_words(pieces: list[Cell], whole: Callable[[str], bool]) -> list[Cell] | None:
    """Two header words a squeezed rendering printed interleaved down one column ("偏差原因
    分析 / 得 / 及 / 分 / 改进措施"): the pieces parted, each keeping its order, into two
    whole words; None where the pieces read as one (or as no two words)."""
    if len(pieces) < 2 or len(pieces) > 8 or whole("".join(c.text for c in pieces)):
        return None
    for mask in range(1, 2 ** (len(pieces) - 1)):  # the first piece always in the first word
        first = [c for k, c in enumerate(pieces) if not mask >> k & 1]
        second = [c for k, c in enumerate(pieces) if mask >> k & 1]
        words = ["".join(c.text for c in part) for part in (first, second)]
        if all(whole(w) for w in words):
            return [Cell(w, min(c.x0 for c in part), max(c.x1 for c in part))
                    for w, part in zip(words, (first, second), strict=True)]
    return None


# Pieces of one wrapped cell may start a few characters apart (a short first line pushed
# right: "上" over "年结转").
_TOUCH = 3


def _reaches(a: Cell, b: Cell) -> bool:
    return _overlaps(a, b) or _touches(a, b)


def _touches(a: Cell, b: Cell) -> bool:
    """Two pieces a few characters apart, one of them a character or two: one wrapped cell."""
    gap = max(a.x0, b.x0) - min(a.x1, b.x1)
    return 0 <= gap <= _TOUCH and min(a.x1 - a.x0, b.x1 - b.x0) <= 2


# Two ideographs parted by one space: two cells a rendering printed too close ("社会效益指标
# 每日实现热线服务小时数"); a cell's own words are not parted inside a Chinese phrase. So is a
# header word whose bracket wrapped ("全年预算数（A 全年执行", "全年预算数（ 全年执行数（": the
# rest printed below), and two
# values each holding a figure with its sign and unit ("350人（±10% 300-400人", "≤396万元
# 378.27万": a form's 指标值 and 实际完成值; a figure alone is parted from its words by
# row_cells, and join_spaced joins it back).
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff）)。；”、，]) (?=[\u4e00-\u9fff“（(、，])"
                      r"|(?<=[（(][A-Za-z]) (?=[\u4e00-\u9fff])|(?<=[（(]) (?=[\u4e00-\u9fff])")


def _value(token: str) -> bool:
    """A value with its sign and unit ("≤396万元", "300-400人"): a figure and two characters
    or more beside it; not a figure alone, nor a date's piece ("2023年 7月" is one value)."""
    return (any(ch.isdigit() for ch in token)
            and sum(not ch.isdigit() for ch in token) >= 2 and _NUMBER.match(token) is None)


def _gaps(text: str) -> list[tuple[int, int]]:
    """Where a cell's text is parted: (start, end) of each space."""
    gaps = [(m.start(), m.end()) for m in _CJK_GAP.finditer(text)]
    tokens = [m for m in re.finditer(r"\S+", text)]
    gaps += [(a.end(), b.start()) for a, b in pairwise(tokens)
             if b.start() - a.end() == 1 and _value(a.group()) and _value(b.group())]
    return sorted(set(gaps))


def split_cjk_gaps(row: Row) -> Row:
    """The row with each cell parted where one space stands between two ideographs."""
    cells: list[Cell] = []
    for cell in row.cells:
        gaps = _gaps(cell.text)
        if not gaps:  # kept whole, with its extent (a letter-spaced cell's is wider)
            cells.append(cell)
            continue
        start = 0
        for gap in [*gaps, None]:
            end = gap[0] if gap else len(cell.text)
            cells.append(Cell(cell.text[start:end], cell.x0 + start, cell.x0 + end))
            start = gap[1] if gap else start
    return Row(tuple(cells), row.line, row.no, row.lines)


# A label printed down the margin takes a line for every few characters: fewer pieces are a
# column's own cells (a 一级 label "满意度 / 指标" at a continued page's left edge).
_MARGIN_PIECES = 4


def strip_margin(rows: Sequence[Row], width: int = 3,
                 labels: Sequence[str] = ()) -> list[Row]:
    """The rows without the pieces of a table's outer label column (a merged cell naming a
    block, "财政资金安排和使用情况", "绩效指标", printed down the left margin a few characters
    a line): cells at the page's left margin no wider than `width`, where other rows start
    further right. Pieces of `labels` (the template's block labels) count wherever they
    stand at the margin, a character in too ("年度总 / 体目标 / 完成情 / 况", " 绩 / 效 / 指 / 标":
    the goal label's three at the very edge are too few alone); other short cells only at the
    very edge (a continued page's 一级 labels "效益指 / 标 / 满意度 / 指标" are not a margin's)."""
    # A block label printed whole at the edge, on one line ("绩效指标"), is left out too.
    edge = min((r.cells[0].x0 for r in rows if r.cells), default=0)
    rows = [Row(cells, r.line, r.no, r.lines) for r in rows
            if (cells := tuple(c for c in r.cells
                               if not (c.x0 - edge <= 1 and c.text.strip() in labels)))]
    # The margin of the label's pieces: a wider block label may stand a character left of it
    # ("年度总体" at the very edge over " 情况", then " 绩 / 效 / 指 / 标").
    margin = min((r.cells[0].x0 for r in rows if r.cells and len(r.cells[0].text) <= width),
                 default=0)
    pieces = max(
        sum(1 for r in rows for c in r.cells if c.x0 == margin and len(c.text) <= width),
        sum(1 for r in rows for c in r.cells if c.x0 - margin <= 1 and len(c.text) <= width
            and any(c.text.strip() in label for label in labels)))
    if pieces < _MARGIN_PIECES or not any(r.cells and r.cells[0].x0 > margin + 1 for r in rows):
        return list(rows)
    out = []
    for row in rows:
        # A label's last piece, shorter than its lines above, may be centred a character in
        # (" 况" under "完成情", " 标" under "绩效指").
        cells = tuple(c for c in row.cells
                      if not (c.x0 - margin <= 1 and len(c.text) <= width))
        if cells:
            out.append(Row(cells, row.line, row.no, row.lines))
    return out


def join_spaced(row: Row) -> Row:
    """The row with each figure one space from words joined to them: in a form's cell the
    figure is part of the words ("123 人" is the 实际完成值 123人, "次年 2 月份前" one 指标值),
    not a column of its own (row_cells parts them for a budget's tight columns)."""
    cells: list[Cell] = []
    for cell in row.cells:
        last = cells[-1] if cells else None
        if (last is not None and cell.x0 - last.x1 == 1
                and (_NUMBER.match(last.text.split()[-1]) is None)
                != (_NUMBER.match(cell.text.split()[0]) is None)):
            cells[-1] = Cell(f"{last.text} {cell.text}", last.x0, cell.x1)
        else:
            cells.append(cell)
    return Row(tuple(cells), row.line, row.no, row.lines)



# A cell printed letter-spaced (a justified cell's line: "保 障 临 床 用 血 ，"): this many
# single characters or more, each one space from the next.
_LETTERS = 3
# A figure inside a justified line is printed whole, one space from the letters around it
# ("临 床 用 血 100% 来 自").
_FIGURE = re.compile(r"\d+(?:\.\d+)?%?")


def _units(chars: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A line's characters (position, character) as units: each character alone, but a figure
    printed whole (its characters side by side) one unit."""
    units: list[tuple[int, str]] = []
    for x, ch in chars:
        if (units and units[-1][0] + len(units[-1][1]) == x and units[-1][1][0].isdigit()
                and (ch.isdigit() or ch in ".%")):
            units[-1] = (units[-1][0], units[-1][1] + ch)
        else:
            units.append((x, ch))
    return units


def _letter_runs(units: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Index ranges [i, j) of `units` (position, text) printed letter-spaced: single characters
    one space apart, a figure between two of them allowed."""
    def alone(k: int) -> bool:
        x, t = units[k]
        return ((k == 0 or units[k - 1][0] + len(units[k - 1][1]) < x)
                and (k + 1 == len(units) or x + len(t) < units[k + 1][0]))

    def letter(k: int) -> bool:
        return len(units[k][1]) == 1 and not units[k][1].isdigit()

    runs, i = [], 0
    while i < len(units):
        if not letter(i):  # a run starts with a letter
            i += 1
            continue
        j = i + 1
        while (j < len(units) and alone(j) and alone(j - 1) and (letter(j) or letter(j - 1))
               and units[j][0] - units[j - 1][0] - len(units[j - 1][1]) == 1):
            j += 1
        while j > i + 1 and not letter(j - 1):  # a run ends in a letter
            j -= 1
        if alone(i) and sum(letter(k) for k in range(i, j)) >= _LETTERS:
            runs.append((i, j))
        i = j
    return runs


def is_spaced(cell: Cell) -> bool:
    """A cell joined from letter-spaced characters (it spans about twice its text, a figure
    inside it counted once)."""
    units = len(_FIGURE.sub("0", cell.text))
    return units >= _LETTERS and cell.x1 - cell.x0 >= len(cell.text) + units - 1


def join_letter_spaced(rows: Sequence[Row]) -> list[Row]:
    """The rows with each letter-spaced run of characters one cell, its spaces dropped.

    Two letter-spaced cells side by side read as one run (one space parts the cells as it
    parts the letters): the run is cut where a cell of a line up to `_EDGE_LINES` above or
    below, with no blank line between and no figure, starts (the cell's last line,
    left-aligned, shows its edge: "可持续性发展 … 可持续性发展")."""
    by_line = {r.line: r for r in rows}
    out = []
    for row in rows:
        chars = _units([(int(c.x0) + k, ch) for c in row.cells for k, ch in enumerate(c.text)
                        if ch != " "])
        runs = _letter_runs(chars)
        if not runs:
            out.append(row)
            continue
        # A line printing figures is a row's own (this one's or another's), not a cell's end.
        near = [by_line[n] for step in (-1, 1) for n in _printed(by_line, row.line, step)]
        near = [o for o in near if not any(_NUMBER.match(c.text) for c in o.cells)]
        edges = {int(c.x0) for o in near for c in o.cells if len(c.text) > 1 and c.text[1] != " "}
        in_run = {k for i, j in runs for k in range(i, j)}
        cells: list[Cell] = []
        for i, j in runs:
            start = i
            for k in range(i + 1, j + 1):
                if k == j or chars[k][0] in edges:
                    cells.append(Cell("".join(t for _, t in chars[start:k]),
                                      chars[start][0], chars[k - 1][0] + len(chars[k - 1][1])))
                    start = k
        for cell in row.cells:  # the words outside the runs, in their own cells
            part: list[tuple[int, str]] = []
            for k, (x, t) in enumerate(chars):
                if k in in_run or not cell.x0 <= x < cell.x1:
                    if part:
                        cells.append(_from_chars(part))
                        part = []
                    continue
                part.append((x, t))
            if part:
                cells.append(_from_chars(part))
        out.append(Row(tuple(sorted(cells, key=lambda c: c.x0)), row.line, row.no, row.lines))
    return out


# A justified cell's lines: its left-aligned last line is at most this many lines from the
# letter-spaced ones (a row's other cells' lines printed between).
_EDGE_LINES = 4


def _printed(by_line: dict[int, Row], line: int, step: int) -> list[int]:
    """The lines from `line` (excluded) up or down, as far as _EDGE_LINES or a blank line."""
    out = []
    for n in range(line + step, line + step * (_EDGE_LINES + 1), step):
        if n not in by_line:
            break
        out.append(n)
    return out


def _from_chars(units: list[tuple[int, str]]) -> Cell:
    """A cell from its units, with the spaces the line prints between them."""
    text, end = "", units[0][0]
    for x, t in units:
        text += " " * (x - end) + t
        end = x + len(t)
    return Cell(text, units[0][0], end)
