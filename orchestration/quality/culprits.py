"""The documents a failed blocking check is about, by file and line.

A blocking failure (a dbt test of error severity, the GX pipeline invariants) stops the
publish. When the invariants' per-document frame (invariants.py: rows lost between raw and
the marts, mart keys repeated or null, amounts lost) singles out documents, those are named
in the failure and held back from the next load (warehouse/store.hold_documents), so the
other documents publish. A failure no document explains, or one every loaded document of a
kind meets, stays a pipeline defect: named, nothing held back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from .invariants import FLOWS, flow_sql


@dataclass(frozen=True)
class Culprit:
    source_file: str
    document_kind: str
    source_sha256: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.source_file}:{self.line if self.line is not None else '?'}: {self.message}"


def find_culprits(build: Path) -> list[Culprit]:
    """Each document a flow's invariants fail on, with its first line in that raw table."""
    found: dict[str, Culprit] = {}
    with duckdb.connect(str(build), read_only=True) as con:
        for kind, flows in FLOWS.items():
            for flow in flows:
                try:
                    rows = con.execute(
                        f"select * from ({flow_sql(kind, flow)}) where raw_rows <> mart_rows "
                        f"or bad_keys > 0 or amounts_lost > 0").fetchall()
                except duckdb.Error:  # a mart the failed build did not reach
                    continue
                for source_file, name, raw_rows, mart_rows, bad_keys, lost in rows:
                    line, sha = con.execute(
                        f"select min(line_start), any_value(source_sha256) from raw.{flow.raw} "
                        f"where source_file = ?", [source_file]).fetchone()
                    message = (f"{name}: {raw_rows} raw rows, {mart_rows} mart rows, "
                               f"{bad_keys} keys repeated or null, {lost} amounts lost")
                    old = found.get(source_file)
                    if old is not None:  # one entry a document: its flows joined
                        lines = [x for x in (old.line, line) if x is not None]
                        line = min(lines) if lines else None
                        message = f"{old.message}; {message}"
                    found[source_file] = Culprit(source_file, kind, sha, line, message)
    return sorted(found.values(), key=lambda c: c.source_file)


def of_the_pipeline(build: Path, culprits: list[Culprit]) -> set[str]:
    """The kinds whose every loaded document fails: a defect of the pipeline, not of the
    documents (holding them all back would publish a warehouse without that kind)."""
    with duckdb.connect(str(build), read_only=True) as con:
        loaded = dict(con.execute(
            "select document_kind, count(*) from raw.documents where status = 'loaded' "
            "group by 1").fetchall())
    failing: dict[str, int] = {}
    for c in culprits:
        failing[c.document_kind] = failing.get(c.document_kind, 0) + 1
    return {kind for kind, n in failing.items() if n >= loaded.get(kind, 0)}


def describe(culprits: list[Culprit], limit: int = 20) -> str:
    shown = "\n".join(f"  {c}" for c in culprits[:limit])
    more = f"\n  … and {len(culprits) - limit} more" if len(culprits) > limit else ""
    return f"the documents it fails on:\n{shown}{more}"
