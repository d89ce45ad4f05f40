"""A PDF's text layer and ruled tables, read into the layout model.

pdfplumber (MIT) finds the ruled grid of these budgets' tables cleanly, one row per printed row,
and gives every text line its position, so each table row is tied to the line of the document's
text where it is printed. A PDF without any character on any page is a scan: it is refused
whole ("scanned: no text layer (N pages)"), never half-loaded.
"""

from __future__ import annotations

import io

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from .common import ExtractionError
from .layout import Cell, Layout, Page, Row, Table, TextLine

# Table finding by the ruling lines only: these forms are ruled, and text alignment would
# take a page's narrative for a table.
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


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
    for row, texts in zip(table.rows, table.extract(), strict=True):
        cells = tuple(
            Cell(_cell_text(text), bbox[0], bbox[2])
            for bbox, text in zip(row.cells, texts, strict=True)
            if bbox is not None and text and text.strip()
        )
        if cells:
            top, bottom = row.bbox[1], row.bbox[3]
            line = next((n for t, b, n in spans if t < bottom and b > top), first_line)
            rows.append(Row(cells, line, len(rows) + 1))
    return tuple(rows)


def _cell_text(text: str) -> str:
    """A cell's wrapped lines joined: Chinese wraps inside words, so without a space."""
    return "".join(part.strip() for part in text.split("\n"))
