"""Which kind of document a text is, and which extractor reads it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from . import declaration, department_budget, evaluation_report, self_evaluation
from .common import Extraction, ExtractionError, Record, SourceDocument, squash

# (kind, title pattern, how many non-empty lines from the top the title may sit in).
# Order matters: the first kind whose title is found wins.
KIND_TITLES: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("self_evaluation", re.compile(r"项目支出绩效自评表"), 5),
    ("target_declaration", re.compile(r"绩效目标申报表"), 5),
    ("evaluation_report", re.compile(r"绩效评价报告"), 5),
    ("department_budget", re.compile(r"部门预算|功能分类预算表"), 200),
)

EXTRACTORS: dict[str, Callable[[SourceDocument], Extraction]] = {
    "self_evaluation": self_evaluation.extract,
    "target_declaration": declaration.extract,
    "evaluation_report": evaluation_report.extract,
    "department_budget": department_budget.extract,
}

# Every raw table any extractor fills, with its record class.
RAW_TABLES: dict[str, type[Record]] = {
    **self_evaluation.TABLES,
    **declaration.TABLES,
    **evaluation_report.TABLES,
    **department_budget.TABLES,
}


def classify(doc: SourceDocument) -> str:
    """The document kind, from its title; raises ExtractionError naming the file if unknown."""
    # Only the first lines can hold a title: non-empty lines are squashed as far as a kind
    # needs them, and a kind's search stops at its title (most documents show it first).
    nonempty = _nonempty_squashed(doc.lines)
    seen: list[tuple[int, str]] = []  # (line number, squashed text), as far as read
    for kind, title, within in KIND_TITLES:
        for k in range(within):
            if k == len(seen):
                line = next(nonempty, None)
                if line is None:
                    break
                seen.append(line)
            if title.search(seen[k][1]):
                return kind
    if not seen:
        raise ExtractionError(doc.source_file, 1, "empty document")
    raise ExtractionError(
        doc.source_file, seen[0][0],
        f"unknown kind of document (first line {seen[0][1][:30]!r})",
    )


def _nonempty_squashed(lines: list[str]) -> Iterator[tuple[int, str]]:
    for n, text in enumerate(lines, start=1):
        if flat := squash(text):
            yield n, flat


def extract(doc: SourceDocument) -> Extraction:
    kind = classify(doc)
    if kind not in EXTRACTORS:
        raise ExtractionError(doc.source_file, 1, f"no extractor for {kind} documents yet")
    return EXTRACTORS[kind](doc)
