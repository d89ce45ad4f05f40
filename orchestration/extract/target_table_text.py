"""A rendering's page of 广州's 项目支出绩效目标表 read into the table's rows (pdftotext -layout).

The PDF's rows stand apart by their rules; a rendering prints each row as a run of lines
between blank lines: the 资金使用单位 / project name wrapped down the left column, the amounts on
one line (the row's anchor), the 绩效目标 and 绩效指标 cells wrapped over the lines around it.
Within a run:

- the name is the pieces left of the first amount column's header, top to bottom;
- the amounts are the figures that follow the name on the anchor line, matched in order to the
  amount columns whose headers stand nearest (a blank column never shifts a figure);
- the 绩效指标 cell starts at the leftmost piece printed right of the middle of the 绩效目标
  header (the goal's lines start at their cell's left edge, left of its centred header); a
  goal line printed one space from an indicator line is parted at the space nearest that edge.

The header is the line holding its words and the short pieces of its wrapped words just above
and below (a rendering may print a row right under it, with no blank line). A run of lines
without amounts is a piece of the row nearer to it (pdftotext now and then leaves a blank line
inside a tall cell). Not guessed, the caller setting the document aside: a run with two lines
of amounts, lines as far from the row above as from the row below, lines nearer the header
than any row (a row continued from the page before), and a goal holding the indicators' words
(no piece stands right of the header's middle, so the cells' edge is not found).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from . import target_conventions as tc
from .common import squash
from .layout import Cell, Row, band_rows, split_cjk_gaps
from .self_evaluation_layout import _Columns, _columns, _decimal, _header_word, _match


def _whole(text: str) -> bool:
    return _header_word(text) in tc.PROJECT_TABLE_COLUMNS


def _header(rows: Sequence[Row]) -> _Columns | None:
    """The header's cells, its words wrapped over lines joined ("财政专 / 户拨款")."""
    split = [split_cjk_gaps(r) for r in rows]
    for row in band_rows(split, lambda r: sum(_whole(c.text) for c in r.cells) >= 2, _whole):
        if sum(_whole(c.text) for c in row.cells) >= 4:
            return _columns(row, tc.PROJECT_TABLE_COLUMNS, text=True)
    return None


def _runs(rows: Sequence[Row]) -> list[list[Row]]:
    """The rows' lines as runs parted by blank lines."""
    runs: list[list[Row]] = []
    for row in rows:
        if runs and row.line == runs[-1][-1].line + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def _leading(row: Row, name_edge: float, goal_mid: float) -> tuple[list[Cell], list[Cell]]:
    """A line's name piece (left of the first amount header) and the figures after it."""
    names = [c for c in row.cells if c.x0 < name_edge and _decimal(c.text) is None]
    figures: list[Cell] = []
    for cell in row.cells[len(names):]:
        if _decimal(cell.text) is None or cell.x0 >= goal_mid:
            break
        figures.append(cell)
    return names, figures


def _cut(raw: str, start: int, edge: int) -> tuple[str, str]:
    """A line's text from `start` parted into the goal's and the indicators' pieces at `edge`,
    or at the space nearest it where a goal line runs up to the indicators' cell."""
    if edge >= len(raw) or raw[edge - 1] == " " or raw[edge] == " ":
        return raw[start:edge].strip(), raw[edge:].strip()
    spaces = [k for k in range(start, len(raw)) if raw[k] == " "]
    if not spaces:
        return raw[start:].strip(), ""
    k = min(spaces, key=lambda s: abs(s + 1 - edge))
    return raw[start:k].strip(), raw[k:].strip()


def _header_run(run: list[Row]) -> tuple[_Columns, list[Row]] | None:
    """The header in a run of lines, and the run's lines below it (a rendering that prints no
    blank line under its header): the line holding two header words or more, and the line
    above and below it where every cell is a short piece of a wrapped header word."""
    split = [split_cjk_gaps(r) for r in run]
    k = next((k for k, r in enumerate(split) if sum(_whole(c.text) for c in r.cells) >= 2),
             None)
    if k is None:
        return None
    lo, hi = k, k
    if lo > 0 and _header_piece(split[lo - 1]):
        lo -= 1
    if hi + 1 < len(split) and _header_piece(split[hi + 1]):
        hi += 1
    cols = _header(split[lo:hi + 1])
    return None if cols is None else (cols, list(run[hi + 1:]))


def _header_piece(row: Row) -> bool:
    return all(len(c.text) <= tc.HEADER_PIECE_LENGTH and _decimal(c.text) is None
               for c in row.cells)


def project_rows(rows: Sequence[Row], lines: Sequence[str],
                 cols: _Columns | None) -> tuple[_Columns | None,
                                                 list[tuple[Row, dict[str, str]]]]:
    """The page's table rows as (anchor row, field -> text), with the header found on the page
    (or `cols`, the one before). `lines` are the document's text lines (1-based by Row.line).
    Raises ValueError naming a line where a run's lines cannot be given to one row."""
    body: list[list[Row]] = []
    top = 0  # the header's last line: a run nearer it than any row continues the page before
    for run in _runs(rows):
        found = _header_run(run)
        if found is not None:
            cols, rest = found
            body, top = ([rest] if rest else []), rest[0].line - 1 if rest else run[-1].line
        elif cols is not None:
            body.append(run)
    if cols is None or not {"total", "goal"} <= cols.cells.keys():
        return cols, []
    amounts = [(n, cols.cells[n]) for n in tc.PROJECT_AMOUNT_COLUMNS if n in cols.cells]
    name_edge = amounts[0][1].x0
    goal_mid = (cols.cells["goal"].x0 + cols.cells["goal"].x1) / 2

    def anchored(run: list[Row]) -> bool:
        return any(_leading(row, name_edge, goal_mid)[1] for row in run)

    out: list[tuple[Row, dict[str, str]]] = []
    for run in _joined(body, anchored, top):
        row, cells = _read(run, lines, amounts, name_edge, goal_mid)
        if any(w in squash(cells["goal"]) for w in tc.INDICATOR_VALUE_WORDS):
            # The 绩效指标 cell's edge was not found: its words ran into the goal's.
            raise ValueError(f"line {row.line}: the 绩效目标 and 绩效指标 cells run together")
        out.append((row, cells))
    return cols, out


def _joined(runs: list[list[Row]], anchored: Callable[[list[Row]], bool],
            top: int) -> list[list[Row]]:
    """Runs without amounts joined to the nearer run with amounts beside them: pdftotext now
    and then leaves a blank line inside a tall cell, so such a run is a piece of a row. A run
    nearer the header than any row continues the page before's last row: not guessed."""
    out = [list(r) for r in runs]
    has = [anchored(r) for r in runs]
    for k, run in enumerate(runs):
        if has[k]:
            continue
        gaps = []
        if k > 0 and has[k - 1]:
            gaps.append((run[0].line - runs[k - 1][-1].line, k - 1))
        elif not any(has[:k]):
            gaps.append((run[0].line - top, -1))
        if k + 1 < len(runs) and has[k + 1]:
            gaps.append((runs[k + 1][0].line - run[-1].line, k + 1))
        gaps.sort()
        if not gaps or (len(gaps) == 2 and gaps[0][0] == gaps[1][0]):
            raise ValueError(f"line {run[0].line}: lines that belong to no one row")
        if gaps[0][1] == -1:
            raise ValueError(f"line {run[0].line}: a row continued from the page before")
        out[gaps[0][1]].extend(run)
    return [sorted(r, key=lambda row: row.line) for r, h in zip(out, has, strict=True) if h]


def _read(run: list[Row], lines: Sequence[str], amounts: list[tuple[str, Cell]],
          name_edge: float, goal_mid: float) -> tuple[Row, dict[str, str]]:
    """One row's fields from its lines: name, amounts, goal and indicators."""
    leads = [(row, *_leading(row, name_edge, goal_mid)) for row in run]
    anchors = [(row, figures) for row, _, figures in leads if figures]
    if len(anchors) > 1:
        raise ValueError(f"line {anchors[1][0].line}: two lines of amounts in one row")
    anchor, figures = anchors[0]
    cells = {n: c.text for n, c in _match(figures, amounts)}
    cells["name"] = "".join(c.text for _, names, _ in leads for c in names)
    rest = [(row, max([c.x1 for c in (*names, *figures)], default=0))
            for row, names, figures in leads]
    edge = min((int(c.x0) for row, start in rest for c in row.cells
                if c.x0 >= start and c.x0 > goal_mid), default=None)
    goal_text, indicators = [], []
    for row, start in rest:
        raw = lines[row.line - 1]
        if edge is None:
            goal_text.append(raw[int(start):].strip())
            continue
        left, right = _cut(raw, int(start), edge)
        goal_text.append(left)
        indicators.append(right)
    cells["goal"] = "".join(goal_text)
    cells["indicators"] = "".join(indicators)
    return Row(anchor.cells, anchor.line, anchor.no, (run[0].line, run[-1].line)), cells
