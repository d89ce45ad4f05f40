"""Which kind of document a text is, and which extractor reads it."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

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
    # Only the first lines can hold a title: read non-empty lines as far as a kind needs.
    squashed = ((n, squash(text)) for n, text in enumerate(doc.lines, start=1))
    nonempty_lines = ((n, text) for n, text in squashed if text)
    nonempty = list(islice(nonempty_lines, 1))
    if not nonempty:
        raise ExtractionError(doc.source_file, 1, "empty document")
    for kind, title, within in KIND_TITLES:
        if len(nonempty) < within:
            nonempty.extend(islice(nonempty_lines, within - len(nonempty)))
        if any(title.search(text) for _, text in nonempty[:within]):
            return kind
    raise ExtractionError(
        doc.source_file, nonempty[0][0],
        f"unknown kind of document (first line {nonempty[0][1][:30]!r})",
    )


def extract(doc: SourceDocument) -> Extraction:
    kind = classify(doc)
    if kind not in EXTRACTORS:
        raise ExtractionError(doc.source_file, 1, f"no extractor for {kind} documents yet")
    return EXTRACTORS[kind](doc)
