"""A rendering's page of 广州's 项目支出绩效目标表 read into the table's rows (pdftotext -layout).

The PDF's rows stand apart by their rules; a rendering prints each row as a run of lines
between blank lines: the 资金使用单位 / project name wrapped down the left column, the amounts on
one line (the row's anchor), the 绩效目标 and 绩效指标 cells wrapped over the lines around it.
Within a run:

- the name is the pieces left of the first amount column's header, top to bottom;
- the amounts are the figures that follow the name on the anchor line, matched in order to the
  amount columns whose headers stand nearest (a blank column never shifts a figure);
- the 绩效指标 cell starts at the leftmost piece printed right of the middle of the 绩效目标
  header and apart from the piece before it (the goal's lines start at their cell's left edge,
  left of its centred header; a goal's figure printed one space from its words is the goal's);
  a goal line printed one space from an indicator line is parted at the space nearest that
  edge, and a goal line of narrow digits running past it with no space is the goal's whole;
- a row whose every goal line runs one space from an indicator line shows no edge of its own:
  it is parted where the page's nearest row shows it (one column for the page's rows).

The header is the line holding its words and the short pieces of its wrapped words just above
and below (a rendering may print a row right under it, with no blank line). A run of lines
without amounts is a piece of the row nearer to it (pdftotext now and then leaves a blank line
inside a tall cell). Not guessed, the caller setting the document aside: a run with two lines
of amounts, lines as far from the row above as from the row below, lines nearer the header
than any row (a row continued from the page before), and a goal holding the indicators' words
(no row of the page shows the cells' edge).
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
    text = raw[start:].strip()
    first = raw.index(text[0], start) if text else len(raw)
    spaces = [k for k in range(first, first + len(text)) if raw[k] == " "]
    if not spaces:  # one piece running past the edge (a goal line of narrow digits)
        return (text, "") if first < edge else ("", text)
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

    runs = _joined(body, anchored, top)
    leads = [[(row, *_leading(row, name_edge, goal_mid)) for row in run] for run in runs]
    texts = [_subscripts_placed(lead, lines) for lead in leads]
    edges = [_edge([ln for ln in lead if ln[0].line in raws], goal_mid)
             for lead, (raws, _) in zip(leads, texts, strict=True)]
    out: list[tuple[Row, dict[str, str]]] = []
    for k, lead in enumerate(leads):
        row, cells = _read(lead, texts[k], amounts, _page_edge(edges, k))
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


def _edge(lead: list[tuple[Row, list[Cell], list[Cell]]], goal_mid: float) -> int | None:
    """Where a row's 绩效指标 cell starts: the leftmost piece right of the 绩效目标 header's
    middle that stands apart from the piece before it (two spaces or more, or first on its
    line). A goal's figure one space from its words ("策划开展 4 场生") is the goal's own."""
    starts = [int(cell.x0) for row, names, figures in lead
              for prev, cell in _with_previous(row)
              if cell.x0 >= max([c.x1 for c in (*names, *figures)], default=0)
              and cell.x0 > goal_mid and cell.x0 - prev >= _APART]
    return min(starts, default=None)


# Pieces of a rendering's line this many columns apart or more stand in two cells.
_APART = 2


def _with_previous(row: Row) -> list[tuple[float, Cell]]:
    """Each cell of a line with where the one before it ends (the first: far from any)."""
    ends = [-float(_APART), *(c.x1 for c in row.cells)]
    return list(zip(ends, row.cells, strict=False))


def _page_edge(edges: list[int | None], k: int) -> int | None:
    """Row k's 绩效指标 edge; for a row whose every indicator line runs one space from a goal
    line (no piece stands apart), the edge of the page's nearest row that shows it: the
    column starts where the page's other rows show it, and the goal line is parted at the
    space nearest it."""
    if edges[k] is not None:
        return edges[k]
    shown = [(abs(j - k), j) for j, e in enumerate(edges) if e is not None]
    return edges[min(shown)[1]] if shown else None


# Stands for a subscript in its line until the line is parted, one column wide, as the space
# it takes the place of (the parting keeps the line's columns).
_SUBSCRIPT = "\ue000"


def _subscripts_placed(lead: list[tuple[Row, list[Cell], list[Cell]]],
                       lines: Sequence[str]) -> tuple[dict[int, str], dict[int, str]]:
    """The row's lines, a subscript set back in place: pdftotext prints "PM2.5"'s "2.5", set
    below the line, on a line of its own under the space it leaves ("PM 年均浓" over "2.5").
    A line holding one figure and nothing else of the row, standing at a space of the line
    above with words on both sides, is that subscript: the space marked `_SUBSCRIPT`, its
    line gone. Returns the lines and, by line, the subscript its mark stands for."""
    raws = {row.line: lines[row.line - 1] for row, _, _ in lead}
    placed: dict[int, str] = {}
    for row, names, figures in lead:
        above = raws.get(row.line - 1)
        if names or figures or len(row.cells) != 1 or above is None:
            continue
        cell = row.cells[0]
        x = int(cell.x0)
        if (_decimal(cell.text) is not None and 0 < x < len(above) - 1 and above[x] == " "
                and above[x - 1] != " " and above[x + 1] != " "):
            raws[row.line - 1] = above[:x] + _SUBSCRIPT + above[x + 1:]
            placed[row.line - 1] = cell.text
            del raws[row.line]
    return raws, placed


def _read(lead: list[tuple[Row, list[Cell], list[Cell]]],
          texts: tuple[dict[int, str], dict[int, str]], amounts: list[tuple[str, Cell]],
          edge: int | None) -> tuple[Row, dict[str, str]]:
    """One row's fields from its lines (each with its name pieces and figures; `texts` their
    raw text and subscripts, `_subscripts_placed`): name, amounts, goal and indicators, the
    goal and indicators parted at `edge`."""
    anchors = [(row, figures) for row, _, figures in lead if figures]
    if len(anchors) > 1:
        raise ValueError(f"line {anchors[1][0].line}: two lines of amounts in one row")
    anchor, figures = anchors[0]
    cells = {n: c.text for n, c in _match(figures, amounts)}
    cells["name"] = "".join(c.text for _, names, _ in lead for c in names)
    raws, placed = texts
    goal_text, indicators = [], []
    for row, names, figures in lead:
        start = max([c.x1 for c in (*names, *figures)], default=0)
        raw = raws.get(row.line)
        if raw is None:  # a subscript's own line, set into the line above
            continue
        mark = placed.get(row.line, "")
        if edge is None:
            goal_text.append(raw[int(start):].strip().replace(_SUBSCRIPT, mark))
            continue
        left, right = _cut(raw, int(start), edge)
        goal_text.append(left.replace(_SUBSCRIPT, mark))
        indicators.append(right.replace(_SUBSCRIPT, mark))
    cells["goal"] = "".join(goal_text)
    cells["indicators"] = "".join(indicators)
    lines_of = [row.line for row, _, _ in lead]
    return Row(anchor.cells, anchor.line, anchor.no, (lines_of[0], lines_of[-1])), cells
