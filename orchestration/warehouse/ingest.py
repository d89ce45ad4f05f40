"""The `raw` schema of a build file: the folder's documents, through the extraction store.

Only documents whose bytes (or extractor) changed are extracted again; the rest are copied from
the store. A document is loaded whole or not at all. One that fails (not UTF-8, empty, of an
unknown kind, the same bytes as another, a table it cannot read) is set aside in
raw.load_errors with its file and line, and the others still load. A document gone from the
folder is retired: its rows leave the warehouse and raw.retired_documents says when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..extract import registry
from . import store, versions
from .raw_tables import SCHEMA, create_tables

# Re-exported: the sensor and the tests list documents the way the load does.
document_files = store.document_files
IGNORED_NAMES = store.IGNORED_NAMES


@dataclass
class LoadError:
    source_file: str
    source_sha256: str | None
    document_kind: str | None
    line: int | None
    message: str


@dataclass
class LoadReport:
    loaded: dict[str, str] = field(default_factory=dict)  # file -> kind
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows
    errors: list[LoadError] = field(default_factory=list)
    extracted: list[store.Outcome] = field(default_factory=list)  # this load's extractions
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)


def refresh_store(raw_dir: Path, store_path: Path, report: LoadReport) -> None:
    """Bring the store in line with the folder: extract what changed, retire what left."""
    version = store.extractor_version()
    con = store.open_store(store_path)
    try:
        found = store.scan(raw_dir, con, version)
        store.retire(con, found.removed)
        report.retired = found.removed
        report.unchanged = len(found.unchanged)
        report.extracted = store.extract_into(con, raw_dir, found.to_extract, version)
    finally:
        con.close()


ASSEMBLE_SQL = f"""
-- The first file (by name) with given bytes loads; later copies are set aside.
create or replace temp table _docs as
select d.*,
       case when d.status = 'loaded' and d.source_file <> d.original then d.original end
           as duplicate_of
from (
    select *, min(source_file) over (partition by source_sha256, status) as original
    from store.{SCHEMA}.store_documents
) as d;

insert into {SCHEMA}.documents
select source_file, source_sha256, document_kind, n_bytes,
       case when duplicate_of is null then status else 'rejected' end,
       case when duplicate_of is null then n_rows else 0 end,
       extracted_at
from _docs;

insert into {SCHEMA}.load_errors
select * from store.{SCHEMA}.store_errors
union all
select source_file, source_sha256, document_kind, 1,
       'same content as ' || duplicate_of || '; loaded once', extracted_at
from _docs where duplicate_of is not null;

insert into {SCHEMA}.retired_documents select * from store.{SCHEMA}.retired_documents;
"""


def assemble(store_path: Path, con: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    """Write the raw schema of `con` (a fresh build file) from the store."""
    create_tables(con, registry.RAW_TABLES)
    con.execute(f"""create table if not exists {SCHEMA}.retired_documents (
        source_file varchar not null, source_sha256 varchar not null, document_kind varchar,
        n_rows bigint not null, retired_at timestamp not null)""")
    con.execute(f"attach '{store_path}' as store (read_only)")
    try:
        con.execute(ASSEMBLE_SQL)
        for table in registry.RAW_TABLES:
            con.execute(
                f"insert into {SCHEMA}.{table} select * from store.{SCHEMA}.{table} "
                f"where source_file not in "
                f"(select source_file from _docs where duplicate_of is not null)"
            )
    finally:
        con.execute("detach store")
    con.execute(
        f"create or replace table {SCHEMA}.load_state as "
        f"select ?::varchar as pipeline_version, now()::timestamp as loaded_at",
        [versions.pipeline_version()],
    )
    for table in [*registry.RAW_TABLES, "documents", "load_errors", "retired_documents"]:
        report.rows[table] = con.execute(f"select count(*) from {SCHEMA}.{table}").fetchone()[0]
    report.loaded = dict(con.execute(
        f"select source_file, document_kind from {SCHEMA}.documents where status = 'loaded'"
    ).fetchall())  # fmt: skip
    report.errors = [
        LoadError(*row)
        for row in con.execute(
            f"select source_file, source_sha256, document_kind, line, message "
            f"from {SCHEMA}.load_errors order by source_file"
        ).fetchall()
    ]


def load_raw(raw_dir: Path, con: duckdb.DuckDBPyConnection, store_path: Path) -> LoadReport:
    """Refresh the store from raw_dir, then fill the raw schema of `con` from it."""
    report = LoadReport()
    refresh_store(raw_dir, store_path, report)
    assemble(store_path, con, report)
    return report
