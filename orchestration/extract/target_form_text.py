"""A rendering's page of 上海's 财政项目支出绩效目标填报表 read into the form's fields
(pdftotext -layout; one project's form a page, bound at the end of a 部门预算).

The PDF's cells stand apart by their rules; the rendering prints the form in three blocks, each
opened by its words (`target_conventions`):

- the labels (项目名称 … 计划完成日期, the funding block): each label with the cell right of it;
  the funding block's outer label ("项目资金（元）") printed down its left margin names the unit,
  and a funding label stands on the project's side or the year's (年度资金申请总额) by the label
  it is printed nearer. A cell that is neither a label nor the value right of one (a value
  wrapped over lines) is not guessed;
- the goals: the 项目总目标 and 年度总体目标 cells side by side, their lines wrapped, printed
  down the block's outer label ("项目 / 绩效 / 目标"). The right cell starts at the leftmost
  piece printed right of the middle of the 项目总目标 header; a left line printed one space from
  a right one is parted at the space nearest that edge. The space pdftotext prints beside a
  full-width character ("受理 、社区") is no character of the document's;
- the indicators: each line's cells placed under the header whose middle is nearest (the
  headers are centred over their columns), a level label recognised by its words as well (a
  long indicator name reaches under the 二级 header). A line with a 指标值 is a row; the lines of
  a wrapped name around it are joined to it (`layout.band_rows`); the 一级 / 二级 labels, each
  printed at the middle of its merged cell, are laid over the rows by tiling.

Whatever is not read so raises ValueError naming its line, the caller setting the form aside.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import pairwise

from . import target_conventions as tc
from .common import squash
from .layout import Cell, Row, band_rows, split_cjk_gaps
from .self_evaluation_layout import (
    INDICATOR_COLUMNS,
    _decimal,
    _header_word,
    _labels,
    _runs,
    _tile,
)
from .targets import level_labels

WAN = Decimal(10_000)
# An indicator row of the form: the row's anchor line, 一级, 二级, 三级 name, 年度指标值.
Indicator = tuple[Row, str, str, str, str]
# How far from the right goal cell's edge the space parting two goal lines may stand.
_CUT_SLACK = 2
# A run of a line's characters with at most one space inside: a cell of the rendering.
_SEGMENT = re.compile(r"\S+(?: \S+)*")
# A space beside a full-width character: pdftotext spaces a wide glyph from its neighbour.
_WIDE_SPACE = re.compile(r" +(?=[^\x00-\x7f])|(?<=[^\x00-\x7f]) +")


def _label(cell: Cell) -> str:
    """A label cell's word: "其中：当年财政拨款" -> "当年财政拨款"."""
    return _header_word(cell.text).removeprefix("其中").lstrip("：:")


def _is_label(cell: Cell) -> bool:
    return _label(cell) in tc.FORM_FIELDS or _label(cell) in tc.FORM_FUNDING


def outer_label(rows: Sequence[Row]) -> tuple[list[Row], str]:
    """The rows without the pieces of a block's outer label printed down its left margin (the
    cells starting at the block's leftmost character column, where other cells start further
    right), and the label's pieces joined top to bottom."""
    margin = min((c.x0 for r in rows for c in r.cells), default=0)
    if not any(c.x0 > margin + 1 for r in rows for c in r.cells):
        return list(rows), ""
    label, out = [], []
    for row in rows:
        kept = tuple(c for c in row.cells if c.x0 > margin + 1)
        label += [c.text for c in row.cells if c.x0 <= margin + 1]
        out.append(Row(kept, row.line, row.no, row.lines))
    return out, squash("".join(label))


def labelled_fields(rows: Sequence[Row]) -> dict[str, object]:
    """The label block's fields: texts by FORM_FIELDS, amounts (in 元) by FORM_FUNDING."""
    rows = [split_cjk_gaps(r) for r in rows]
    funding = [r for r in rows if any(_label(c) in tc.FORM_FUNDING for c in r.cells)]
    if not funding:
        raise ValueError(f"line {rows[0].line}: no funding block")
    labels = [c for r in funding for c in r.cells if _label(c) in tc.FORM_FUNDING]
    left = min(c.x0 for c in labels)
    year = next((c.x0 for c in labels if _label(c) == tc.YEAR_SIDE_LABEL), None)
    unit = _in_order(rows, funding, left)
    found = tc.FUNDING_UNIT.fullmatch(unit)
    if found is None or year is None:
        raise ValueError(f"line {funding[0].line}: the funding block's unit label ({unit!r}) "
                         f"or its {tc.YEAR_SIDE_LABEL} not found")
    scale = WAN if found["unit"] == "万元" else Decimal(1)
    out: dict[str, object] = {}
    for row in rows:
        cells = [c for c in row.cells if not (funding[0].line <= row.line <= funding[-1].line
                                              and c.x1 <= left)]
        used: set[int] = set()
        for k, cell in enumerate(cells):
            word = _label(cell)
            nxt = cells[k + 1] if k + 1 < len(cells) else None
            if word in tc.FORM_FIELDS:
                used.add(k)
                if nxt is not None and not _is_label(nxt):
                    _put(out, tc.FORM_FIELDS[word], nxt.text.strip(), row)
                    used.add(k + 1)
            elif word in tc.FORM_FUNDING:
                value = _decimal(nxt.text) if nxt is not None else None
                if value is None:
                    raise ValueError(f"line {row.line}: {word} without its amount")
                side = abs(cell.x0 - year) < abs(cell.x0 - left)
                _put(out, tc.FORM_FUNDING[word][side], value * scale, row)
                used |= {k, k + 1}
        stray = [c.text for k, c in enumerate(cells) if k not in used]
        if stray:
            raise ValueError(f"line {row.line}: a cell beside no label ({stray[0]!r}), a value "
                             "wrapped over lines")
    return out


def _in_order(rows: Sequence[Row], funding: list[Row], left: float) -> str:
    """The funding block's outer label: the pieces left of its labels, top to bottom."""
    return squash("".join(c.text for r in rows if funding[0].line <= r.line <= funding[-1].line
                          for c in r.cells if c.x1 <= left))


def _put(out: dict[str, object], name: str, value: object, row: Row) -> None:
    if name in out:
        raise ValueError(f"line {row.line}: {name} printed twice")
    out[name] = value


def goal_texts(header: Row, rows: Sequence[Row], lines: Sequence[str]) -> dict[str, str | None]:
    """The goals' two cells printed side by side under `header` (FORM_GOALS words), their lines
    parted at the right cell's left edge, each cell's lines joined top to bottom."""
    heads = sorted((c for c in header.cells if _header_word(c.text) in tc.FORM_GOALS),
                   key=lambda c: c.x0)
    if len(heads) != 2:
        raise ValueError(f"line {header.line}: the goals' header words not found")
    body, label = outer_label(rows)
    if label and label != tc.FORM_GOALS_LABEL:
        raise ValueError(f"line {header.line}: the goals' outer label reads {label!r}")
    middle = (heads[0].x0 + heads[0].x1) / 2
    texts = {k: _blank_outside(lines[r.line - 1], r) for k, r in enumerate(body)}
    segments = [(r.line, m.start(), m.end(), m.group()) for k, r in enumerate(body)
                for m in _SEGMENT.finditer(texts[k])]
    edge = min((x0 for _, x0, _, _ in segments if x0 > middle), default=None)
    left: list[str] = []
    right: list[str] = []
    for line, x0, x1, text in segments:
        if edge is None or x1 <= edge:
            left.append(text)
        elif x0 >= edge:
            right.append(text)
        else:
            cut = min((k for k, ch in enumerate(text) if ch == " "),
                      key=lambda k: abs(x0 + k + 1 - edge), default=None)
            if cut is None or abs(x0 + cut + 1 - edge) > _CUT_SLACK:
                raise ValueError(f"line {line}: the {_header_word(heads[0].text)} and "
                                 f"{_header_word(heads[1].text)} cells run together")
            left.append(text[:cut])
            right.append(text[cut + 1:])
    return {tc.FORM_GOALS[_header_word(h.text)]: _WIDE_SPACE.sub("", "".join(part)) or None
            for h, part in zip(heads, (left, right), strict=True)}


def _blank_outside(raw: str, row: Row) -> str:
    """The line's characters inside the row's cells, the others (an outer label's) blanked."""
    chars = [" "] * len(raw)
    for c in row.cells:
        chars[int(c.x0):int(c.x1)] = raw[int(c.x0):int(c.x1)]
    return "".join(chars)


def _level_piece(text: str) -> bool:
    """A piece of a 一级 / 二级 label of the seed ("服务对象满意", "度指标", "社会效益指")."""
    return bool(text) and any(text in label for label in level_labels("1") | level_labels("2"))


def indicator_rows(header: Row, rows: Sequence[Row]) -> list[Indicator]:
    """The indicator block's rows under `header` (INDICATOR_COLUMNS words), with their
    一级 / 二级 labels tiled."""
    middles = {INDICATOR_COLUMNS[w]: (c.x0 + c.x1) / 2 for c in header.cells
               if (w := _header_word(c.text)) in INDICATOR_COLUMNS}
    if not {"level1", "level2", "name", "target"} <= middles.keys():
        raise ValueError(f"line {header.line}: the indicators' header words not found")
    body, label = outer_label(rows)
    if label and label != tc.FORM_INDICATORS_LABEL:
        raise ValueError(f"line {header.line}: the indicators' outer label reads {label!r}")
    pieces: dict[str, list[tuple[int, str]]] = {"level1": [], "level2": []}
    content: list[Row] = []
    for row in body:
        cells: list[Cell] = []
        for cell in row.cells:
            rest = cell
            for part in split_cjk_gaps(Row((cell,), row.line, row.no)).cells:
                column = _nearest(part, middles)
                if part.x0 != rest.x0 or column not in pieces or not _level_piece(part.text):
                    break
                pieces[column].append((row.line, squash(part.text)))
                start = int(part.x1 - cell.x0) + 1
                rest = Cell(cell.text[start:], cell.x0 + start, cell.x1)
            if rest.text.strip() and _nearest(rest, middles) in pieces:
                # Under a level header, and no label of the template's: not guessed.
                raise ValueError(f"line {row.line}: {rest.text!r} under the 一级 / 二级 "
                                 "headers is no label of the template's (seed "
                                 "indicator_levels)")
            if rest.text.strip():
                cells.append(rest)
        content.append(Row(tuple(cells), row.line, row.no))

    def anchor(row: Row) -> bool:
        return any(_nearest(c, middles, ("name", "target")) == "target" for c in row.cells)

    columns = {r.line: {_nearest(c, middles, ("name", "target")) for c in r.cells}
               for r in content}
    by_line = {r.line: r for r in content}
    found: list[tuple[Row, str, str, int]] = []
    for row in band_rows(content, anchor):
        placed: dict[str, str] = {}
        for c in row.cells:
            column = _nearest(c, middles, ("name", "target"))
            placed[column] = placed.get(column, "") + c.text
        name, target = squash(placed.get("name", "")), squash(placed.get("target", ""))
        if not anchor(row) and row.cells:
            raise ValueError(f"line {row.line}: words of no indicator row ({name!r})")
        if anchor(row) and not name:
            raise ValueError(f"line {row.line}: a 指标值 with no indicator beside it")
        if anchor(row):
            # The row's height in the PDF: the most lines one of its cells takes (a name
            # wrapped over two lines prints them above and below its 指标值's line).
            lo, hi = row.lines if row.lines != (0, 0) else (row.line, row.line)
            height = max(sum(col in columns.get(n, ()) for n in range(lo, hi + 1))
                         for col in ("name", "target"))
            _check_wrapped(row, [by_line[n] for n in range(lo, hi + 1) if n in by_line],
                           middles)
            found.append((row, name, target, height))
    return _tiled(found, pieces)


def _width(text: str) -> int:
    return sum(1 if ch.isascii() else 2 for ch in text if not ch.isspace())


def _check_wrapped(row: Row, lines: list[Row], middles: dict[str, float]) -> None:
    """A name joined from lines is one wrapped cell: every line but the last fills the cell,
    none shorter than a line below it (a character's width of slack). Else the lines are two
    rows' (one printing no 指标值, its name taken for a wrapped piece of the next): not read."""
    widths = [_width("".join(c.text for c in r.cells
                             if _nearest(c, middles, ("name", "target")) == "name"))
              for r in lines]
    widths = [w for w in widths if w]
    if any(w < max(widths[k + 1:]) - 2 for k, w in enumerate(widths[:-1])):
        raise ValueError(f"line {row.line}: the indicator name's lines are no one wrapped cell "
                         "(a row printing no 指标值?)")


def _nearest(cell: Cell, middles: dict[str, float],
             among: Sequence[str] = ("level1", "level2", "name", "target")) -> str:
    middle = (cell.x0 + cell.x1) / 2
    return min(among, key=lambda n: abs(middles[n] - middle))


def heights_scale(spans: Sequence[tuple[int, int]],
                  heights: Sequence[int]) -> Callable[[float], float]:
    """A rendering's line -> its height down the PDF's table, in rows' lines: each row takes
    its own height (not the lines a rendering spreads its wrapped cells over), a line between
    rows (blank, or holding only a merged cell's label) none."""
    points: list[tuple[float, float]] = []
    y = 0.0
    for (lo, hi), h in zip(spans, heights, strict=True):
        points += [(lo - 0.5, y), (hi + 0.5, y + h)]
        y += h

    def at(line: float) -> float:
        if not points or line <= points[0][0]:
            return 0.0
        for (x0, y0), (x1, y1) in pairwise(points):
            if x0 <= line <= x1:
                return y0 if x1 == x0 else y0 + (y1 - y0) * (line - x0) / (x1 - x0)
        return points[-1][1]

    return at


def _tiled(found: list[tuple[Row, str, str, int]],
           pieces: dict[str, list[tuple[int, str]]]) -> list[Indicator]:
    """Each row's 一级 / 二级 labels: the rows cut into blocks around the labels printed at
    their merged cells' middles (measured in the PDF's heights, `heights_scale`), 二级 first, a
    一级 block made of whole 二级 blocks."""
    lines = [r.lines if r.lines != (0, 0) else (r.line, r.line) for r, *_ in found]
    at = heights_scale(lines, [h for *_, h in found])
    spans = [(at(lo - 0.5), at(hi + 0.5)) for lo, hi in lines]

    def labels(level: str) -> list[tuple[float, str]]:
        return [(at(middle), text) for middle, text in _labels(pieces[level])]

    seconds = _tile(spans, labels("level2"), None)
    units = _runs(seconds)
    firsts = _tile([(spans[u[0]][0], spans[u[-1]][1]) for u in units], labels("level1"), None)
    out: list[Indicator] = []
    for j, unit in enumerate(units):
        for k in unit:
            row, name, target, _ = found[k]
            level1, level2 = firsts[j] or "", seconds[k] or ""
            if level1 not in level_labels("1") or level2 not in level_labels("2"):
                raise ValueError(f"line {row.line}: labels {level1!r} / {level2!r} are not the "
                                 "template's (seed indicator_levels)")
            out.append((row, level1, level2, name, target))
    return out


def read_form(rows: Sequence[Row], lines: Sequence[str]) -> tuple[dict[str, object],
                                                                  list[Indicator]]:
    """One form's page from its 项目名称 row on: its fields (texts, amounts in 元 and goals)
    and its indicator rows. `lines` are the document's text lines (1-based by Row.line)."""
    start = next((k for k, r in enumerate(rows) if r.cells
                  and squash(r.cells[0].text) == tc.FORM_START), None)
    goals = next((k for k, r in enumerate(rows)
                  if sum(_header_word(c.text) in tc.FORM_GOALS for c in r.cells) >= 2), None)
    block = next((k for k, r in enumerate(rows)
                  if sum(_header_word(c.text) in INDICATOR_COLUMNS for c in r.cells) >= 3), None)
    if start is None or goals is None or block is None or not start < goals < block:
        raise ValueError(f"line {rows[0].line if rows else 0}: the form's blocks (labels, "
                         "goals, indicators) not found in their order")
    fields = labelled_fields(rows[start:goals])
    fields.update(goal_texts(rows[goals], rows[goals + 1:block], lines))
    return fields, indicator_rows(rows[block], rows[block + 1:])
