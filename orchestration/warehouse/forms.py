"""Forms repeated inside one document: the first one stands, the repeats are not loaded.

A self-evaluation or target declaration holds one form per project; a form printed twice in
one document (a compilation that repeats a page run, a file of repeated form text) would give
the marts two rows for one project-year. A form spans from its project row's first line to
the next project row's; a repeat (same unit, whitespace-free name and year) is dropped with
every row inside its span, and noted with its line and the line of the form that stands.
Tables whose rows the models key within a document (a budget line by table and code, a
scored evaluation row by code, …) are kept unique the same way: a row repeating an earlier row's key
in one document is dropped, and noted once per table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from ..extract.common import ExtractionError, Record

# The table whose rows head a form, per document kind; the other tables' rows belong to the
# form whose span holds their first line.
FORM_HEADS = {
    "self_evaluation": "self_evaluation_project",
    "target_declaration": "declaration_project",
}
# Tables whose rows the marts key, within a document, by these columns.
ROW_KEYS = {
    "budget_line": ("table_name", "code"),
    "budget_summary": ("table_name", "side", "item_name"),
    "budget_three_public": ("item",),
    "budget_project": ("project_name",),
    "evaluation_score": ("code",),
}
_SPACE = re.compile(r"[\t\n\f\r ]+")  # as the dbt macro strip_whitespace


def form_key(row: Record) -> tuple[str, str, int]:
    """A project-year as the marts key it: unit, name without whitespace, year."""
    return (getattr(row, "unit_name", ""), _SPACE.sub("", row.project_name),  # type: ignore[attr-defined]
            row.fiscal_year)  # type: ignore[attr-defined]


def drop_repeated_forms(
    kind: str | None, tables: dict[str, list[Record]]
) -> tuple[dict[str, list[Record]], list[ExtractionError]]:
    """The tables without repeated forms or keyed rows, and one note per repeat dropped."""
    tables, notes = _drop_repeated_rows(tables)
    tables, form_notes = _drop_repeated_heads(kind, tables)
    return tables, notes + form_notes


def _drop_repeated_rows(
    tables: dict[str, list[Record]]
) -> tuple[dict[str, list[Record]], list[ExtractionError]]:
    notes = []
    for table, columns in ROW_KEYS.items():
        rows = tables.get(table)
        if not rows:
            continue
        seen: dict[tuple, Record] = {}
        kept, repeats = [], []
        for row in sorted(rows, key=lambda r: r.line_start):
            key = tuple(getattr(row, c) for c in columns)
            if key in seen:
                repeats.append(row)
            else:
                seen[key] = row
                kept.append(row)
        if repeats:
            first = seen[tuple(getattr(repeats[0], c) for c in columns)]
            notes.append(ExtractionError(
                first.source_file, repeats[0].line_start,
                f"{table}: {len(repeats)} rows repeat an earlier row's "
                f"{', '.join(columns)} (the first repeat at line {repeats[0].line_start} "
                f"repeats line {first.line_start}): the first stands, the repeats are not "
                f"loaded"))
            tables = {**tables, table: sorted(kept, key=lambda r: r.seq)}
    return tables, notes


def _drop_repeated_heads(
    kind: str | None, tables: dict[str, list[Record]]
) -> tuple[dict[str, list[Record]], list[ExtractionError]]:
    head = FORM_HEADS.get(kind or "")
    heads: Sequence[Record] = sorted(tables.get(head, ()), key=lambda r: r.line_start) \
        if head else ()
    first: dict[tuple[str, str, int], Record] = {}
    repeats: dict[tuple[str, str, int], list[int]] = {}  # key -> lines of its repeats
    dropped: list[tuple[int, int]] = []  # [start, end) line spans of the repeats
    for i, row in enumerate(heads):
        key = form_key(row)
        if key not in first:
            first[key] = row
            continue
        end = heads[i + 1].line_start if i + 1 < len(heads) else 1 << 62
        dropped.append((row.line_start, end))
        repeats.setdefault(key, []).append(row.line_start)
    notes = [ExtractionError(
        first[key].source_file, lines[0],
        f"form of {first[key].project_name} {first[key].fiscal_year} repeated "  # type: ignore[attr-defined]
        f"{len(lines)} times (lines {', '.join(map(str, lines[:5]))}"
        f"{', …' if len(lines) > 5 else ''}): the one at line {first[key].line_start} "
        f"stands, the repeats are not loaded") for key, lines in repeats.items()]
    if not dropped:
        return tables, notes
    starts = [a for a, _ in dropped]  # ascending, the spans disjoint

    def in_repeat(line: int) -> bool:
        i = bisect_right(starts, line) - 1
        return i >= 0 and line < dropped[i][1]

    kept = {table: [r for r in rows if not in_repeat(r.line_start)]
            for table, rows in tables.items()}
    return kept, notes
