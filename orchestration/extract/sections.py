"""Kinds by content, per page: a document's pages grouped into sections of one kind each.

File names lie (a "2026年部门预算" that is a 2019 决算), and one PDF holds several kinds (a 决算
with dozens of self-evaluation forms, a budget with its project target tables). A page's kind
comes from the title words of its first lines; a page without a title continues the section
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .common import Record, fast_init, squash
from .layout import Layout, Row

# (kind, title pattern), the first match wins: a form's own title before the document's.
PAGE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("self_evaluation", re.compile(r"绩效自评表|自评表$")),
    ("target_declaration", re.compile(r"绩效目标(?:申报|填报)?表|绩效目标表")),
    ("evaluation_report", re.compile(r"绩效评价报告|绩效评价结果")),
    ("final_accounts", re.compile(r"决算")),
    ("department_budget", re.compile(r"预算")),
)
# How many non-empty lines from a page's top its title may sit in.
TITLE_LINES = 4
# A line with a sentence's punctuation is prose that names a kind, not a title
# ("一般公共预算财政拨款收入19572.91万元，占95.7％；…", "三、年初结转和结余：指以前年度支出预算…").
SENTENCE = re.compile(r"[，。；：,;％%]")
# A table's header row printed at a page's top ("序号 项目名称 预算批复 预算到位 实际执行 执行率"
# over an evaluation report's spending table) names no kind.
TABLE_HEADER = re.compile(r"执行率|预算批复.*预算到位")
# Pages whose first line is one of these (a table of contents lists every kind's titles).
NOT_TITLES = re.compile(r"^目录$")
# A budget's or a 决算's title ends with its kind word, then at most a table word and a bracket
# or a 说明 ("收入支出决算总表", "财政拨款支出预算表（功能科目）", "部门预算编制说明"); prose
# wrapped at the page's edge runs on after the word ("本部门在部门决算中反映…87个一",
# "…补助资金预算金额").
_TAIL = re.compile(r"^(?:表|总表)?(?:（[^）]*）)?$|说明$|公开$")
TITLE_TAILS: dict[str, tuple[str, re.Pattern[str]]] = {
    "final_accounts": ("决算", _TAIL),
    "department_budget": ("预算", _TAIL),
}


@fast_init
@dataclass(frozen=True, kw_only=True)
class DocumentSection(Record):
    """A run of pages of one kind, as its title page names it."""

    section_no: int
    section_kind: str | None  # None: pages before any title (a cover without one)
    title: str | None
    page_start: int
    page_end: int


TABLES: dict[str, type[Record]] = {"document_section": DocumentSection}


@dataclass(frozen=True)
class Section:
    kind: str | None
    title: str | None
    title_line: int
    pages: tuple[int, ...]


def _titled(kind: str, flat: str) -> bool:
    if kind not in TITLE_TAILS:
        return True
    word, tail = TITLE_TAILS[kind]
    return bool(tail.search(flat[flat.rindex(word) + len(word):]))


def page_title(lines: list[str], cells: list[int] | None = None) -> tuple[str, str] | None:
    """(kind, title) of a page from its first non-empty lines, or None. `cells`: for each
    line, the cells of the table row it is (0: not a row). A title may be a table's merged top
    row, never a row of several cells (a header "项目 | 一般公共预算支出", an indicator row)."""
    counts = cells or [0] * len(lines)
    seen = [(flat, n) for text, n in zip(lines, counts, strict=True)
            if (flat := squash(text))][:TITLE_LINES]
    if seen and NOT_TITLES.match(seen[0][0]):
        return None
    for flat, n in seen:
        if n > 1:
            continue
        for kind, pattern in PAGE_KINDS:
            if (pattern.search(flat) and len(flat) <= 60 and not SENTENCE.search(flat)
                    and not TABLE_HEADER.search(flat) and _titled(kind, flat)):
                return kind, flat
    return None


def sections(layout: Layout) -> list[Section]:
    """The document's sections in page order."""
    out: list[Section] = []
    for page in layout.pages:
        row_cells = {row.line: _cells(row, layout.medium) for table in page.tables
                     for row in table.rows}
        found = page_title([ln.text for ln in page.lines],
                           [row_cells.get(ln.line, 0) for ln in page.lines])
        if found is not None and (not out or found[0] != out[-1].kind):
            line = page.lines[0].line if page.lines else 1
            out.append(Section(found[0], found[1], line, (page.number,)))
        elif out:
            last = out[-1]
            out[-1] = Section(last.kind, last.title, last.title_line, (*last.pages, page.number))
        else:
            line = page.lines[0].line if page.lines else 1
            out.append(Section(None, None, line, (page.number,)))
    return out


def _cells(row: Row, medium: str) -> int:
    """How many cells a row prints. A rendering's line whose pieces stand one space apart is
    one cell: a title with its year ("2024 年度部门决算"; row_cells parts a number from words)."""
    if medium != "pdf" and all(b.x0 - a.x1 == 1 for a, b in pairwise(row.cells)):
        return 1
    return len(row.cells)
