"""The columns of a 决算's 三公 table read from a text rendering.

A rendering prints the merged 预算数 / 决算数 headers over the middle of their column groups
and squeezes the columns unevenly, so a figure may stand as near the next group's words as its
own. The 栏次 row ("1 2 3 … 12") under the header gives every column's position: each column's
header word is read up from it (the pieces over its number, bottom to top, until they make a
known word: "置费" then "公务用车购"), the stages tile the columns where their items start
again (合计 … 公务接待费, 合计 … 公务接待费), and each figure takes the number it stands
nearest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .budget_tables import Column, norm, three_public_columns
from .layout import Cell, Row, split_cjk_gaps


@dataclass(frozen=True)
class GroupColumn:
    """A numbered column of the table: where its 栏次 number stands, its item and stage."""

    centre: float
    field: str
    label: str
    stage: str


def _centre(cell: Cell) -> float:
    return (cell.x0 + cell.x1) / 2


def column_number_row(rows: Sequence[Row]) -> Row | None:
    """The 栏次 row: cells printing 1, 2, … n, n at least 2."""
    for row in rows:
        texts = [c.text.strip() for c in row.cells]
        if len(texts) > 1 and texts == [str(k) for k in range(1, len(texts) + 1)]:
            return row
    return None


def group_columns(header: Sequence[Row], numbers: Row, words: Mapping[str, str],
                  stages: Mapping[str, str]) -> list[GroupColumn]:
    """Each numbered column's item word and stage; ValueError where the header does not say."""
    pieces = [split_cjk_gaps(r) for r in header]
    labels: list[str] = []
    for number in numbers.cells:
        x = _centre(number)
        label = ""
        for row in reversed(pieces):
            over = [c for c in row.cells if c.x0 <= x <= c.x1]
            if len(over) == 1 and norm(over[0].text) not in stages:
                label = norm(over[0].text) + label
                if label in words:
                    break
        if label not in words:
            raise ValueError(f"no known item word over column {number.text} ({label!r})")
        labels.append(label)
    columns = three_public_columns(
        [Column(words[lb], lb, n.x0, n.x1) for lb, n in zip(labels, numbers.cells, strict=True)])
    if len(columns) != len(numbers.cells):
        raise ValueError("a group word stands over a numbered column")
    # The stages tile the columns: a new group starts where an item comes again.
    runs: list[list[int]] = []
    for k, col in enumerate(columns):
        if not runs or col.field in {columns[j].field for j in runs[-1]}:
            runs.append([])
        runs[-1].append(k)
    stage_cells = sorted((c for r in header for c in r.cells if norm(c.text) in stages),
                         key=lambda c: c.x0)
    if len(stage_cells) != len(runs):
        raise ValueError(f"{len(runs)} groups of items under {len(stage_cells)} of 预算数 / 决算数")
    out: list[GroupColumn] = []
    for run, stage_cell in zip(runs, stage_cells, strict=True):
        first, last = _centre(numbers.cells[run[0]]), _centre(numbers.cells[run[-1]])
        if not first <= _centre(stage_cell) <= last:
            raise ValueError(f"{stage_cell.text} stands over no group of items")
        out += [GroupColumn(_centre(numbers.cells[k]), columns[k].field, columns[k].label,
                            stages[norm(stage_cell.text)]) for k in run]
    return out


def column_at(columns: Sequence[GroupColumn], cell: Cell) -> GroupColumn:
    """The column whose number a figure stands nearest; ValueError on a tie."""
    x = _centre(cell)
    ranked = sorted(columns, key=lambda c: abs(c.centre - x))
    if len(ranked) > 1 and abs(ranked[0].centre - x) == abs(ranked[1].centre - x):
        raise ValueError(f"{cell.text} stands as near column {ranked[0].label} as "
                         f"{ranked[1].label}")
    return ranked[0]
