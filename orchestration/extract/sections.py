"""Kinds by content, per page: a document's pages grouped into sections of one kind each.

File names lie (a "2026年部门预算" that is a 2019 决算), and one PDF holds several kinds (a 决算
with dozens of self-evaluation forms, a budget with its project target tables). A page's kind
comes from the title words of its first lines; a page without a title continues the section
before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .common import Record, fast_init, squash
from .layout import Layout

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


def page_title(lines: list[str]) -> tuple[str, str] | None:
    """(kind, title) of a page from its first non-empty lines, or None."""
    seen = [flat for text in lines if (flat := squash(text))][:TITLE_LINES]
    if seen and NOT_TITLES.match(seen[0]):
        return None
    for flat in seen:
        for kind, pattern in PAGE_KINDS:
            if (pattern.search(flat) and len(flat) <= 60 and not SENTENCE.search(flat)
                    and not TABLE_HEADER.search(flat)):
                return kind, flat
    return None


def sections(layout: Layout) -> list[Section]:
    """The document's sections in page order."""
    out: list[Section] = []
    for page in layout.pages:
        found = page_title([ln.text for ln in page.lines])
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
