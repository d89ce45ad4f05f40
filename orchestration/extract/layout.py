"""One layout model under every reader: pages -> tables -> rows -> cells (with positions), plus
the page's free text lines.

A PDF is read into it by `pdf_reader` (the ruled grid of each table, the text layer's lines);
a text that keeps the page's geometry (`pdftotext -layout`, pypdf's layout mode: pages split by
form feeds or read as one page, columns kept by spaces) by `from_layout_text` here. Extractors
read cells by their labels and header words and by where a cell sits under a header, never by
line position, so a PDF and its text rendering give the same records.

Positions are in the reader's own unit (PDF points, or character columns of a text line): only
comparisons within one table matter. Every line and row carries its 1-based line number in the
document's text (`Layout.text`), so provenance is a page and a line for either input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field


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
        if number > 1 and page_lines == [""]:
            continue  # the form feed that ends the last page
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


def is_layout_text(text: str) -> bool:
    """Whether a text keeps a page's columns by runs of spaces (a layout rendering): some lines
    hold a number after a wide gap. A text whose cells each take a line of their own lost the
    cell order and is not one."""
    gapped = 0
    for line in text.split("\n", 4000)[:4000]:
        if re.search(r"\S {3,}[-\d,.]+\d(?:\s|$)", line):
            gapped += 1
            if gapped >= 5:
                return True
    return False
