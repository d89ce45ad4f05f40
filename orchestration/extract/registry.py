"""Which kind of document a text is, and which extractor reads it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from . import (
    budget_layout,
    declaration,
    declaration_layout,
    department_budget,
    evaluation_report,
    evaluation_report_layout,
    final_accounts,
    form_amounts,
    sections,
    self_evaluation,
    self_evaluation_layout,
)
from .common import (
    Extraction,
    ExtractionError,
    NothingOfKind,
    Record,
    SourceDocument,
    squash,
)
from .layout import Layout, from_layout_text, is_layout_text

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
# Kinds read from the layout model (a PDF, or a text rendering of one with its pages).
# A document holding several kinds (a 决算 with its self-evaluation forms) is read by each.
LAYOUT_EXTRACTORS = {
    "department_budget": budget_layout.extract,
    "final_accounts": final_accounts.extract,
    "self_evaluation": self_evaluation_layout.extract,
    "target_declaration": declaration_layout.extract,
    "evaluation_report": evaluation_report_layout.extract,
}

# Every raw table any extractor fills, with its record class.
RAW_TABLES: dict[str, type[Record]] = {
    **self_evaluation.TABLES,
    **declaration.TABLES,
    **evaluation_report.TABLES,
    **department_budget.TABLES,
    **final_accounts.TABLES,
    **form_amounts.TABLES,
    **sections.TABLES,
}


def layout_of(doc: SourceDocument) -> Layout | None:
    """The document's pages: a PDF's, or those of a text rendering that keeps them (pages
    parted by form feeds, as pdftotext writes them); None for a text without pages."""
    if doc.layout is not None:
        return doc.layout
    if "\f" in doc.text and is_layout_text(doc.text):
        return from_layout_text(doc.unix_text)
    return None


def classify(doc: SourceDocument) -> str:
    """The document kind, from its title (a paged document: from its sections, _main_kind);
    raises ExtractionError naming the file if unknown."""
    layout = layout_of(doc)
    if layout is not None:
        found = sections.sections(layout)
        kind = _main_kind(found)
        if kind is not None:
            return kind
        found = [s.kind for s in found if s.kind]
        if found and doc.layout is not None:
            return found[0]
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


# The kind a document holding several is kept as (raw.documents keeps one kind a document; its
# records keep each their own): the enclosing disclosure before the forms bound in it (a 决算
# with its self-evaluation forms is a 决算, however many pages the forms take), among the
# kinds holding a quarter of the pages or more (a budget's one page naming its 决算 is no 决算).
KIND_PRIORITY = ("final_accounts", "department_budget", "self_evaluation")
MAIN_KIND_SHARE = 4  # a kind holding at least 1/4 of the pages may be the document's


def _main_kind(found: list[sections.Section]) -> str | None:
    """Of the kinds read from a layout, the first by KIND_PRIORITY that holds a quarter of the
    pages; else the one holding the most pages."""
    pages: dict[str, int] = {}
    for s in found:
        if s.kind in LAYOUT_EXTRACTORS:
            pages[s.kind] = pages.get(s.kind, 0) + len(s.pages)
    total = sum(len(s.pages) for s in found)
    big = [k for k in KIND_PRIORITY if MAIN_KIND_SHARE * pages.get(k, 0) >= total]
    if big:
        return big[0]
    return max(pages, key=lambda k: pages[k]) if pages else None


def _nonempty_squashed(lines: list[str]) -> Iterator[tuple[int, str]]:
    for n, text in enumerate(lines, start=1):
        if flat := squash(text):
            yield n, flat


def extract(doc: SourceDocument) -> Extraction:
    kind = classify(doc)
    layout = layout_of(doc)
    if layout is not None and kind in LAYOUT_EXTRACTORS:
        return _extract_layout(doc, layout, kind)
    if "\f" in doc.text and layout is None and kind in LAYOUT_EXTRACTORS:
        raise ExtractionError(
            doc.source_file, 1, "a PDF's text without its layout (each cell on a line of its "
            "own, or a row's cells run together with the empty ones dropped): the cell order "
            "is lost, which column a figure stands in cannot be told, so its tables are not "
            "read; load the PDF, or a rendering that keeps the layout (pdftotext -layout, "
            "pypdf's layout mode)")
    if kind not in EXTRACTORS or doc.layout is not None:
        raise ExtractionError(doc.source_file, 1, f"no extractor for {kind} documents yet"
                              + (" (read from a PDF)" if doc.layout is not None else ""))
    return EXTRACTORS[kind](doc)


def _extract_layout(doc: SourceDocument, layout: Layout, kind: str) -> Extraction:
    """The pages of each kind's sections through that kind's extractor, all in one Extraction
    of the document's kind; every section recorded."""
    found = sections.sections(layout)
    out = Extraction(kind)
    for each, extractor in LAYOUT_EXTRACTORS.items():
        pages = [p for s in found if s.kind == each for p in s.pages]
        if not pages:
            continue
        try:
            extracted = extractor(doc, layout, pages)
        except NothingOfKind:
            if each == kind:
                raise
            # A page of another kind that holds none of that kind's tables (a budget's prose
            # naming its 决算): the pages stay recorded as their section, not read.
            continue
        except ExtractionError as err:
            if each == kind:
                raise
            # A part of another kind bound in the document (a budget's 填报表, a 决算's
            # 绩效自评表) refused: set aside whole, named with its page; the rest loads.
            out.set_aside.append(ExtractionError(
                doc.source_file, err.line, err.message, page=page_of(layout, err.line, pages)))
            continue
        # Forms refused one by one while the others of their kind read (a rendering's form
        # whose rows do not come apart): each set aside at its page.
        out.set_aside.extend(extracted.set_aside)
        for table, rows in extracted.tables.items():
            out.rows(table).extend(rows)
    for no, s in enumerate(found, start=1):
        first = layout.pages[s.pages[0] - 1].lines
        last = layout.pages[s.pages[-1] - 1].lines
        out.add("document_section", sections.DocumentSection(
            section_no=no, section_kind=s.kind, title=s.title, page_start=s.pages[0],
            page_end=s.pages[-1], source_file=doc.source_file, source_sha256=doc.sha256,
            document_kind=kind, line_start=first[0].line if first else s.title_line,
            line_end=last[-1].line if last else s.title_line, seq=no))  # fmt: skip
    return out


def page_of(layout: Layout, line: int, pages: list[int]) -> int:
    """The page printing a line of the layout's text (else the first of `pages`)."""
    for number in pages:
        lines = layout.pages[number - 1].lines
        if lines and lines[0].line <= line <= lines[-1].line:
            return number
    return pages[0]
