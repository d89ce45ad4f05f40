"""Which documents an incremental night must validate again, and the findings it carries over.

A night whose code equals the code that built the published warehouse (raw.load_state) only
validates the documents that are new, changed, or changed status (a duplicate whose original
left) since then; the findings of the other documents are carried over from the published
file. Suites that relate documents to each other (a declaration and a later self-evaluation of
one project) validate the documents of every project a changed, added or removed document
belongs to, before or after the change, and carry the other projects' findings over.
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


# The documents of the projects of tonight's changed documents (raw.changed_documents: also
# those removed or set aside), in the build or in the published file: a cross-document
# finding pairs documents of one project (dim_project's key).
_PARTNERS_SQL = """
with projects as (
    select project_key from main.fct_project_year
    where source_file in (select source_file from raw.changed_documents)
    union
    select project_key from published.main.fct_project_year
    where source_file in (select source_file from raw.changed_documents)
)
select source_file from main.fct_project_year
where project_key in (select project_key from projects)
union
select source_file from published.main.fct_project_year
where project_key in (select project_key from projects)
order by source_file
"""


def project_partners(build: Path, published: Path, changed: list[str]) -> list[str]:
    """The documents whose cross-document findings tonight's changes can alter: those of the
    projects of the changed documents (raw.changed_documents), before and after the change,
    and the changed documents themselves."""
    with duckdb.connect(str(build), read_only=True) as con:
        con.execute(f"attach '{published}' as published (read_only)")
        partners = {f for (f,) in con.execute(_PARTNERS_SQL).fetchall()}
    return sorted(partners | set(changed))


def restrict(query: str, files: list[str]) -> str:
    """The suite's frame, for the given documents only."""
    values = ", ".join("'" + f.replace("'", "''") + "'" for f in files) or "null"
    return f"select * from ({query}) as frame where source_file in ({values})"


def carry_over(con: duckdb.DuckDBPyConnection, published: Path, changed: list[str],
               cross_checks: set[str], partners: list[str]) -> int:
    """Copy into `con`'s table the published findings of still loaded documents that were not
    validated again: per-document findings of unchanged documents, and cross-document
    findings (`cross_checks`) of documents outside the changed projects (`partners`)."""
    con.execute(f"attach '{published}' as published (read_only)")
    try:
        # Frames, not executemany: DuckDB runs executemany one row at a time.
        con.register("_changed", pd.DataFrame({"source_file": changed}, dtype=object))
        con.register("_cross", pd.DataFrame({"check_id": sorted(cross_checks)}, dtype=object))
        con.register("_partners", pd.DataFrame({"source_file": partners}, dtype=object))
        return con.execute("""
            insert into main.audit_findings by name
            select * from published.main.audit_findings
            where source_file not in (select source_file from _changed)
              and (check_id not in (select check_id from _cross)
                   or source_file not in (select source_file from _partners))
              and source_file in (
                  select source_file from raw.documents where status = 'loaded')
        """).fetchone()[0]
    finally:
        for name in ("_changed", "_cross", "_partners"):
            con.unregister(name)
        con.execute("detach published")
