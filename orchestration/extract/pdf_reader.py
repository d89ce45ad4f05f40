"""A PDF's text layer and ruled tables, read into the layout model.

pdfplumber (MIT) finds the ruled grid of these budgets' tables cleanly, one row per printed row,
and gives every text line its position, so each table row is tied to the line of the document's
text where it is printed. A PDF without any character on any page is a scan: it is refused
whole ("scanned: no text layer (N pages)"), never half-loaded.

A sub- or superscript ("PM2.5" printing "2.5" smaller and lower) is set on the line of the
character it follows before lines are grouped: pdfplumber groups a line by its characters' tops
(3 pt apart at most), and 广州's subscript's top lies 3.8 pt below its line's, so it was read as a
line of its own, set into the cell's next line or between two of its indicators.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber import utils
from pdfplumber.page import DerivedPage
from pdfplumber.utils.exceptions import PdfminerException

from .common import ExtractionError
from .layout import Cell, Layout, Page, Row, Table, TextLine

# Table finding by the ruling lines only: these forms are ruled, and text alignment would
# take a page's narrative for a table.
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

# A character under this share of the size of the character it follows is a sub- or superscript
# of it (广州's "PM2.5": 5.62 pt after 8.64 pt, 0.65).
SCRIPT_SIZE = 0.85
# Share of a sub- or superscript's height its box keeps beside the character it follows (the
# subscript 86%); a smaller line under a title grazing it keeps a few hundredths.
SCRIPT_OVERLAP = 1 / 3
# Points from one character's right edge to the next one's left edge within one word (the
# PDFs print a word's characters 0.1 pt apart or overlapping by as much).
TOUCH = 1.0
# A character's vertical place: what lines are grouped by.
VERTICAL_KEYS = ("top", "bottom", "doctop", "y0", "y1", "height")


def read_pdf(source_file: str, data: bytes) -> Layout:
    """The layout of a PDF; raises ExtractionError (naming the file) for a scan or a PDF that
    cannot be parsed."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PdfminerException, PDFSyntaxError, ValueError) as exc:
        raise ExtractionError(source_file, 1, f"not a readable PDF ({exc})") from exc
    text_lines: list[str] = []
    pages: list[Page] = []
    try:
        n_pages = len(pdf.pages)
        for number, page in enumerate(pdf.pages, start=1):
            pages.append(_page(number, page, text_lines))
            page.flush_cache()  # keep one page's objects in memory at a time
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ExtractionError(source_file, len(text_lines) + 1,
                              f"page {len(pages) + 1}: PDF cannot be read ({exc})") from exc
    finally:
        pdf.close()
    if not any(p.lines for p in pages):
        raise ExtractionError(source_file, 1, f"scanned: no text layer ({n_pages} pages)")
    return Layout(tuple(pages), "pdf", "\n".join(text_lines))


def _page(number: int, page, text_lines: list[str]) -> Page:
    """One page: its text lines (numbered on from text_lines, which it extends) and tables."""
    page = _ScriptsInLine(page)
    found = page.extract_text_lines(return_chars=False) if page.chars else []
    first = len(text_lines) + 1
    spans: list[tuple[float, float, int]] = []  # (top, bottom, line) of each text line
    lines: list[TextLine] = []
    for k, item in enumerate(found):
        text = item["text"].strip()
        text_lines.append(text)
        lines.append(TextLine(text, first + k))
        spans.append((item["top"], item["bottom"], first + k))
    text_lines.append("\f")  # the page break, a line of its own
    tables: list[Table] = []
    # No ruling, no ruled table; some bodies draw their rules as curves (西安's 决算).
    if page.chars and (page.rects or page.lines or page.curves):
        for table in page.find_tables(TABLE_SETTINGS):
            rows = _rows(table, spans, first)
            if rows:
                tables.append(Table(number, len(tables) + 1, rows))
    return Page(number, tuple(lines), tuple(tables))


def _rows(table, spans: list[tuple[float, float, int]], first_line: int) -> tuple[Row, ...]:
    rows: list[Row] = []
    all_texts, loose = _read_cells(table)
    extra = _loose_labels(table, loose)
    for i, (row, texts) in enumerate(zip(table.rows, all_texts, strict=True)):
        cells = tuple(sorted((
            *(Cell(_cell_text(text), bbox[0], bbox[2])
              for bbox, text in zip(row.cells, texts, strict=True)
              if bbox is not None and text and text.strip()),
            *extra.get(i, ())), key=lambda c: c.x0))
        if cells:
            top, bottom = row.bbox[1], row.bbox[3]
            line = next((n for t, b, n in spans if t < bottom and b > top), first_line)
            rows.append(Row(cells, line, len(rows) + 1))
    return tuple(rows)


def cell_texts(table) -> list[list[str | None]]:
    """Each row's cell texts (_read_cells)."""
    return _read_cells(table)[0]


def _read_cells(table) -> tuple[list[list[str | None]], list[dict[str, Any]]]:
    """Each row's cell texts, and the characters inside the table in no cell. The texts, as
    pdfplumber's Table.extract gives them (a character in every cell holding its middle: a
    frame drawn round a table is a cell too), save that a line running past its cell's rule
    stays its cell's: 西安 p114's 指标值 "2022年5月1日-2022年12月31日" runs on over the
    实际完成值 beside it, and 宁德's merged label "一般性支出情况" over the next label;
    Table.extract cut them there
    and set their tails into the next cell's words. A character goes with the one before it
    on its line when it touches it (TOUCH) and the run they make crosses the rule between
    their cells; a cell's own words, printed from its left edge, start a run of their own
    (the overrun overprints them, so they do not touch it), and characters merely meeting
    at a rule stay apart."""
    page_chars = table.page.chars  # one list: ids stand for its characters
    homes: dict[int, frozenset[tuple[int, int]]] = {}  # id(char) -> the (row, cell)s holding it
    for i, row in enumerate(table.rows):
        for char in page_chars:
            if _within(char, row.bbox):
                found = {(i, k) for k, cell in enumerate(row.cells)
                         if cell is not None and _within(char, cell)}
                homes[id(char)] = homes.get(id(char), frozenset()) | found
    chars = sorted((c for c in page_chars if homes.get(id(c))),
                   key=lambda c: (round(c["top"], 1), c["x0"]))
    held: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    previous: dict[str, Any] | None = None
    running: frozenset[tuple[int, int]] | None = None  # the cells of a run crossing a rule
    for char in chars:
        where = homes[id(char)]
        if previous is None or not (
                round(previous["top"], 1) == round(char["top"], 1)
                and abs(char["x0"] - previous["x1"]) <= TOUCH
                and abs(char["size"] - previous["size"]) < 0.1):
            running = None
        elif running is None and homes[id(previous)] != where:
            left = [table.rows[i].cells[k] for i, k in homes[id(previous)] - where]
            entered = [table.rows[i].cells[k] for i, k in where - homes[id(previous)]]
            if (any(previous["x1"] > cell[2] for cell in left)
                    or any(char["x0"] < cell[0] for cell in entered)):
                running = homes[id(previous)]  # the run crosses its cell's rule here
        if running is not None:
            homes[id(char)] = where = running
        for home in where:
            held[home].append(char)
        previous = char
    texts = [[None if cell is None else
              utils.extract_text(held[i, k]) if held[i, k] else ""
              for k, cell in enumerate(row.cells)] for i, row in enumerate(table.rows)]
    loose = [c for c in page_chars if not homes.get(id(c)) and c["text"].strip()
             and _within(c, table.bbox)]
    return texts, loose


def _loose_labels(table, chars: list[dict[str, Any]]) -> dict[int, list[Cell]]:
    """Words inside the table but in no cell, printed in a hole of its grid (a merged cell
    whose rules pdfplumber does not close: 国家信访局's 一级 / 二级 labels "产出指标",
    "数量指标" centred over rows whose level cells it finds none of, the label printed once
    in the middle): each block of words (a label's wrapped lines) is given, as a cell, to the
    first of the rows of its hole it stands nearest of any block (the reader carries a label
    down the rows below it). Words in no hole are left out, as pdfplumber leaves them."""
    if not chars:
        return {}
    rows = table.rows
    boxes = [cell for row in rows for cell in row.cells if cell is not None]
    # A row's own band: from its top to its shortest cell's bottom (its bbox reaches down as
    # far as a merged cell opening in it does).
    bands = [(row.bbox[1], min((c[3] for c in row.cells if c is not None),
                               default=row.bbox[3])) for row in rows]
    # Labels by hole: the run of rows left open and the column between the cells' edges
    # around it (a 一级 and a 二级 label may share their rows, never their column).
    by_hole: dict[tuple[tuple[int, ...], float, float], list[tuple[float, Cell]]] = (
        defaultdict(list))
    for text, x0, top, x1, bottom in _blocks(chars):
        x = (x0 + x1) / 2
        holes = [i for i, (high, low) in enumerate(bands)
                 if not any(b[0] <= x < b[2] and b[1] <= (high + low) / 2 < b[3]
                            for b in boxes)]
        middle = (top + bottom) / 2
        at = next((i for i in holes if bands[i][0] <= middle < bands[i][1]), None)
        if at is None:
            continue
        run = [at]  # the hole: the rows next to it in the table, above and below, left open
        while run[0] - 1 in holes:
            run.insert(0, run[0] - 1)
        while run[-1] + 1 in holes:
            run.append(run[-1] + 1)
        left = max((b[2] for b in boxes if b[2] <= x), default=0.0)
        right = min((b[0] for b in boxes if b[0] > x), default=float("inf"))
        by_hole[tuple(run), left, right].append((middle, Cell(text, x0, x1)))
    out: dict[int, list[Cell]] = defaultdict(list)
    for (run, _, _), labels in by_hole.items():
        # Each row of the hole goes to the label nearest its middle; a label is a cell of the
        # first row it gets (of the hole's first row if it gets none).
        nearest = {i: min(labels, key=lambda lc: abs(lc[0] - sum(bands[i]) / 2))[1]
                   for i in run}
        for _, cell in sorted(labels, key=lambda lc: lc[0]):
            out[next((i for i in run if nearest[i] is cell), run[0])].append(cell)
    return out


def _blocks(chars: list[dict[str, Any]]) -> list[tuple[str, float, float, float, float]]:
    """Loose characters as blocks of text: a line's touching characters a word, and words on
    consecutive lines overlapping left to right one block (a label wrapped, "经济成本指" /
    "标"): (text, x0, top, x1, bottom)."""
    words = utils.extract_words(chars, x_tolerance=TOUCH * 1.5)
    blocks: list[list[Any]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        last = next((b for b in reversed(blocks)
                     if 0 <= w["top"] - b[4] <= (w["bottom"] - w["top"])
                     and min(b[3], w["x1"]) > max(b[1], w["x0"])), None)
        if last is None:
            blocks.append([w["text"], w["x0"], w["top"], w["x1"], w["bottom"]])
        else:
            last[0] += w["text"]
            last[1], last[3] = min(last[1], w["x0"]), max(last[3], w["x1"])
            last[4] = w["bottom"]
    return [tuple(b) for b in blocks]


def _within(char: dict[str, Any], bbox) -> bool:
    """Table.extract's test: the character's middle inside the box."""
    x0, top, x1, bottom = bbox
    return (x0 <= (char["x0"] + char["x1"]) / 2 < x1
            and top <= (char["top"] + char["bottom"]) / 2 < bottom)


def _cell_text(text: str) -> str:
    """A cell's wrapped lines joined: Chinese wraps inside words, so without a space."""
    return "".join(part.strip() for part in text.split("\n"))


class _ScriptsInLine(DerivedPage):
    """A page whose sub- and superscripts stand on the line of the character they follow."""

    def __init__(self, parent_page: Any) -> None:
        self.bbox = parent_page.bbox
        super().__init__(parent_page)

    @property
    def objects(self) -> dict[str, list[dict[str, Any]]]:
        if not hasattr(self, "_objects"):
            objects = dict(self.parent_page.objects)
            objects["char"] = scripts_in_line(objects.get("char", []))
            self._objects = objects
        return self._objects


def scripts_in_line(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters, each sub- or superscript given the vertical place of the character it
    follows: one smaller (SCRIPT_SIZE) whose left edge touches that one's right edge (TOUCH)
    and whose box overlaps that one's by a third of its height (SCRIPT_OVERLAP), or the next
    character of the same script (as large, as high), which follows it so. Every other
    character is left as it is (a smaller subtitle under a title, its first character touching
    a title character's edge and its top grazing the title's bottom, is a line of its own:
    西安's "（2022年度）")."""
    by_right: dict[int, list[int]] = defaultdict(list)
    for k, char in enumerate(chars):
        by_right[round(char["x1"])].append(k)
    placed: dict[int, dict[str, Any]] = {}  # a script's index -> the character it stands with
    out = list(chars)
    for i in sorted(range(len(chars)), key=lambda k: chars[k]["x0"]):
        char = chars[i]
        if not char.get("upright", True):
            continue
        anchor = None
        best = 0.0
        x = round(char["x0"])
        for k in (k for b in range(x - 2, x + 3) for k in by_right.get(b, ())):
            left = chars[k]
            overlap = min(char["bottom"], left["bottom"]) - max(char["top"], left["top"])
            if (k == i or overlap <= best or abs(char["x0"] - left["x1"]) > TOUCH
                    or not left.get("upright", True)):
                continue
            if (char["size"] < SCRIPT_SIZE * left["size"]
                    and overlap >= SCRIPT_OVERLAP * (char["bottom"] - char["top"])):
                anchor, best = placed.get(k, left), overlap
            elif (k in placed and abs(char["size"] - left["size"]) < 0.1
                  and abs(char["top"] - left["top"]) < 0.5):
                anchor, best = placed[k], overlap
        if anchor is not None:
            placed[i] = anchor
            out[i] = {**char, **{key: anchor[key] for key in VERTICAL_KEYS if key in anchor}}
    return out
