"""Which documents an incremental night must validate again, and the findings it carries over.

A night whose code equals the code that built the published warehouse (raw.load_state) only
validates the documents that are new, changed, or changed status (a duplicate whose original
left) since then; the findings of the other documents are carried over from the published
file. Suites that relate documents to each other always run over everything.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

# Beyond this share of changed documents a full validation costs about the same: do that.
MAX_INCREMENTAL_SHARE = 0.2

_CHANGED_SQL = """
select b.source_file
from raw.documents as b
left join published.raw.documents as p on p.source_file = b.source_file
where b.status = 'loaded'
  and (p.source_file is null or p.source_sha256 <> b.source_sha256 or p.status <> b.status)
order by b.source_file
"""


def changed_documents(build: Path, published: Path) -> list[str] | None:
    """The loaded documents to validate again, or None when everything must be validated."""
    if not published.exists():
        return None
    with duckdb.connect(str(build), read_only=True) as con:
        try:
            con.execute(f"attach '{published}' as published (read_only)")
            versions = con.execute(
                "select b.pipeline_version = p.pipeline_version "
                "from raw.load_state as b, published.raw.load_state as p"
            ).fetchone()
            con.execute("select count(*) from published.main.audit_findings").fetchone()
        except duckdb.Error:  # an older file, without the tables this relies on
            return None
        if not versions or not versions[0]:
            return None
        changed = [f for (f,) in con.execute(_CHANGED_SQL).fetchall()]
        loaded = con.execute(
            "select count(*) from raw.documents where status = 'loaded'"
        ).fetchone()[0]
    if loaded and len(changed) > MAX_INCREMENTAL_SHARE * loaded:
        return None
    return changed


def restrict(query: str, files: list[str]) -> str:
    """The suite's frame, for the given documents only."""
    values = ", ".join("'" + f.replace("'", "''") + "'" for f in files) or "null"
    return f"select * from ({query}) as frame where source_file in ({values})"


def carry_over(con: duckdb.DuckDBPyConnection, published: Path, changed: list[str],
               rerun_checks: set[str]) -> int:
    """Copy the published findings of unchanged, still loaded documents into `con`'s table."""
    con.execute(f"attach '{published}' as published (read_only)")
    try:
        # Frames, not executemany: DuckDB runs executemany one row at a time.
        con.register("_changed", pd.DataFrame({"source_file": changed}, dtype=object))
        con.register("_rerun", pd.DataFrame({"check_id": sorted(rerun_checks)}, dtype=object))
        return con.execute("""
            insert into main.audit_findings
            select * from published.main.audit_findings
            where check_id not in (select check_id from _rerun)
              and source_file not in (select source_file from _changed)
              and source_file in (
                  select source_file from raw.documents where status = 'loaded')
        """).fetchone()[0]
    finally:
        con.unregister("_changed")
        con.unregister("_rerun")
        con.execute("detach published")
