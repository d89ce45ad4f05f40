"""An incremental night: the build starts from the published file and dbt rebuilds what changed.

When the code running now is the code that built the published warehouse (the same
`raw.load_state.pipeline_version`: extractors, dbt project, suites), the night's build file
starts as a copy of the published one. Its raw schema is written anew from the extraction
store, and the raw tables whose rows changed are recorded in `raw.load_state.changed_tables`.
The transform step then rebuilds and tests only the dbt nodes downstream of those tables
(`source:raw.<table>+`); every other model's table is the published one, built by the same
code from the same rows. Otherwise (no published file, other code, a file that cannot be read)
the build starts empty, `changed_tables` is null, and everything is built.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from ..extract.registry import RAW_TABLES
from ..settings import Paths
from . import versions
from .publish import fresh_build
from .raw_tables import SCHEMA

# Tables with one row per document or per error: compared whole (they are small).
_WHOLE = ("documents", "load_errors", "retired_documents")

# Documents loaded, set aside or gone since the publish, in either direction.
_CHANGED_DOCUMENTS = f"""
create or replace temp table _changed_documents as
(select source_file, source_sha256, status, n_rows from {SCHEMA}.documents
 except select source_file, source_sha256, status, n_rows from published.{SCHEMA}.documents)
union
(select source_file, source_sha256, status, n_rows from published.{SCHEMA}.documents
 except select source_file, source_sha256, status, n_rows from {SCHEMA}.documents)
"""


def start_build(p: Paths) -> bool:
    """Create the build file: a copy of the published file when its code is today's (True),
    else nothing (False: the load writes an empty file)."""
    build = fresh_build(p)
    if not p.warehouse.exists():
        return False
    if versions.published_version(p.warehouse) != versions.pipeline_version():
        return False
    shutil.copyfile(p.warehouse, build)  # a copy: the published file is never written
    return True


def clear_raw(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the raw schema's tables of a copied build, so the load writes them anew."""
    tables = con.execute(
        "select table_name from duckdb_tables() "
        "where schema_name = ? and database_name = current_database()", [SCHEMA]
    ).fetchall()
    for (table,) in tables:
        con.execute(f'drop table {SCHEMA}."{table}"')


def changed_tables(con: duckdb.DuckDBPyConnection, published: Path) -> list[str]:
    """The raw tables whose rows differ from the published file's.

    The rows of a document depend only on its bytes and the extractors (both unchanged for a
    document whose sha256 and status are unchanged), so a per-document table changed exactly
    when it holds rows of a changed document, in the build or in the published file.
    """
    con.execute(f"attach '{published}' as published (read_only)")
    try:
        con.execute(_CHANGED_DOCUMENTS)
        changed = []
        for table in _WHOLE:
            differs = con.execute(
                f"select exists (select * from {SCHEMA}.{table} "
                f"except all select * from published.{SCHEMA}.{table}) "
                f"or exists (select * from published.{SCHEMA}.{table} "
                f"except all select * from {SCHEMA}.{table})"
            ).fetchone()[0]
            if differs:
                changed.append(table)
        for table in RAW_TABLES:
            touched = con.execute(
                f"select exists (select 1 from {SCHEMA}.{table} where source_file in "
                f"(select source_file from _changed_documents)) "
                f"or exists (select 1 from published.{SCHEMA}.{table} where source_file in "
                f"(select source_file from _changed_documents))"
            ).fetchone()[0]
            if touched:
                changed.append(table)
        return changed
    finally:
        con.execute("drop table if exists _changed_documents")
        con.execute("detach published")


def record(con: duckdb.DuckDBPyConnection, changed: list[str] | None) -> None:
    """Write the plan into raw.load_state: null means build everything."""
    con.execute(f"alter table {SCHEMA}.load_state add column changed_tables varchar[]")
    con.execute(f"update {SCHEMA}.load_state set changed_tables = ?", [changed])


def planned_changes(build: Path) -> list[str] | None:
    """The raw tables to rebuild downstream of, or None for a full build."""
    with duckdb.connect(str(build), read_only=True) as con:
        try:
            row = con.execute(f"select changed_tables from {SCHEMA}.load_state").fetchone()
        except duckdb.Error:  # no plan recorded: build everything
            return None
    return None if row is None or row[0] is None else list(row[0])


def dbt_selection(sources: set[str]) -> list[str]:
    """dbt selectors for the nodes downstream of these raw tables (dbt sources)."""
    return [f"source:{SCHEMA}.{table}+" for table in sorted(sources)]
