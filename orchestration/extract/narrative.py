"""A narrative page's sentences as one text, and the clause a figure closes (shared by the
narrative figures, budget_layout, and the year-on-year sentences, year_on_year)."""

from __future__ import annotations

from . import budget_conventions as conv
from .common import squash
from .layout import Page


def page_text(page: Page) -> tuple[str, list[tuple[int, int]]]:
    """The page's lines joined without whitespace (a sentence wrapped over lines is one), and
    where each line starts in it: (offset, line)."""
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    offset = 0
    for ln in page.lines:
        flat = squash(ln.text)
        if flat:
            starts.append((offset, ln.line))
            parts.append(flat)
            offset += len(flat)
    return "".join(parts), starts


def line_at(starts: list[tuple[int, int]], at: int) -> int:
    """The line the character at offset `at` is printed on."""
    return next(line for off, line in reversed(starts) if off <= at)


def clause(text: str, at: int) -> str:
    """The clause a number at `at` closes; a clause that names nothing but a year and 预算数
    ("2026年预算数127.74万") takes the clause before it, which names the item."""
    start = max(text.rfind(d, 0, at) for d in conv.CLAUSE_DELIMITERS) + 1
    found = text[start:at]
    if start > 1 and len(conv.GENERIC_CLAUSE.sub("", found)) < 3:
        before = max(text.rfind(d, 0, start - 1) for d in conv.CLAUSE_DELIMITERS) + 1
        found = text[before:at]
    return found
