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
from .findings_table import create_findings_table
from .raw_tables import SCHEMA, create_tables

# Re-exported: the sensor and the tests list documents the way the load does.
document_files = store.document_files
relative_name = store.relative_name
IGNORED_NAMES = store.IGNORED_NAMES


@dataclass
class LoadError:
    source_file: str
    source_sha256: str | None
    document_kind: str | None
    line: int | None
    message: str
    page: int | None = None
    document_loaded: bool = False  # True: the document loaded, this part of it did not


@dataclass
class LoadReport:
    loaded: dict[str, str] = field(default_factory=dict)  # file -> kind
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows
    errors: list[LoadError] = field(default_factory=list)
    extracted: list[store.Outcome] = field(default_factory=list)  # this load's extractions
    unchanged: int = 0
    retired: list[str] = field(default_factory=list)
    changed_tables: list[str] | None = None  # None: the raw schema was written whole


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


# What each loaded document reports, as the marts key it: a project-year of one kind (unit,
# name without whitespace, year), or a department's budget year of one scope (a re-issued
# 部门预算 replaces the earlier one; a unit's 单位预算 beside it is another disclosure).
_CLAIMS_SQL = " union ".join([
    *(f"select source_file, document_kind, unit_name as who, "
      f"regexp_replace(project_name, '[\\t\\n\\f\\r ]+', '', 'g') as what, fiscal_year, "
      f"unit_name || ' ' || project_name || ' ' || fiscal_year as label "
      f"from store.{SCHEMA}.{t}"
      for t in ("self_evaluation_project", "declaration_project", "evaluation_report")),
    # A department's 部门预算 and a unit's 单位预算 of one year are two disclosures, not versions.
    *(f"select source_file, document_kind, coalesce(department_name, '') as who, "
      f"coalesce(budget_scope, 'department') as what, fiscal_year, "
      f"coalesce(department_name, '?') || ' ' || coalesce(budget_scope, 'department') "
      f"|| ' budget ' || fiscal_year as label "
      f"from store.{SCHEMA}.{t}"
      for t in ("budget_line", "budget_summary", "budget_three_public")),
])

# Copies: the first file (by name) with given content (content.content_key: line ends, BOM
# and trailing blanks aside) loads, later copies are set aside. Versions: of two documents
# reporting the same project-year, the one reporting more of
# them stands (a compilation over the single form it includes, a whole document over a cut
# or repeated excerpt); between equals, the later version, whose file was modified later
# (then the later name): a re-issued or corrected document is delivered after the one it
# replaces. The other is set aside whole, naming the one that stands and what both report.
# Held: a document a blocking check failed on (quality/culprits.py) is set aside while its
# bytes and the pipeline's code (the parameter) are the ones it failed with.
_DOCS_SQL = f"""
create or replace temp table _docs as
with held as (
    select source_file, source_sha256, min(line) as held_line,
           string_agg(distinct message, '; ') as held
    from store.{SCHEMA}.held_documents where pipeline_version = ?
    group by 1, 2
),
d as (
    select s.*, h.held, h.held_line,
           min(s.source_file) over (partition by s.content_key, s.status) as original
    from store.{SCHEMA}.store_documents s left join held h using (source_file, source_sha256)
),
claims as (
    select distinct * from ({_CLAIMS_SQL})
    where source_file in (select source_file from d where status = 'loaded'
                          and source_file = original and held is null)
),
standing as (  -- (n_claims, mtime_ns, source_file) orders which stands
    select d.source_file, d.mtime_ns, c.n_claims
    from d join (select source_file, count(*) as n_claims from claims group by 1) c
        using (source_file)
),
superseded as (
    select a.source_file,
           first(b.source_file order by b.n_claims desc, b.mtime_ns desc, b.source_file desc)
               as superseded_by,
           first(ca.label order by b.n_claims desc, b.mtime_ns desc, b.source_file desc,
                 ca.label) as claim,
           first(case when b.n_claims > a.n_claims
                      then 'it reports ' || b.n_claims || ' project-years, this one '
                           || a.n_claims
                      else 'the later version' end
                 order by b.n_claims desc, b.mtime_ns desc, b.source_file desc) as why
    from claims ca
    join claims cb using (document_kind, who, what, fiscal_year)
    join standing a on a.source_file = ca.source_file
    join standing b on b.source_file = cb.source_file
    where b.n_claims > a.n_claims
       or (b.n_claims = a.n_claims and (b.mtime_ns > a.mtime_ns
           or (b.mtime_ns = a.mtime_ns and b.source_file > a.source_file)))
    group by a.source_file
)
select d.*,
       case when d.status = 'loaded' and d.source_file <> d.original then d.original end
           as duplicate_of,
       s.superseded_by, s.claim, s.why
from d left join superseded s using (source_file)
"""

# The register tables' rows, one per document or error, from the store's.
_REGISTER_ROWS = {
    "documents": """
select source_file, source_sha256, document_kind, n_bytes,
       case when coalesce(duplicate_of, superseded_by, held) is null then status
            else 'rejected' end as status,
       case when coalesce(duplicate_of, superseded_by, held) is null then n_rows else 0
       end as n_rows,
       extracted_at as loaded_at
from _docs""",
    # A note (a part set aside, the document loaded) of a document then set aside whole (a
    # copy, a superseded version, held back) no longer says its document loaded.
    "load_errors": f"""
select e.source_file, e.source_sha256, e.document_kind, e.line, e.message, e.detected_at,
       e.page,
       e.document_loaded and coalesce(d.duplicate_of, d.superseded_by, d.held) is null
from store.{SCHEMA}.store_errors e left join _docs d using (source_file)
union all
select source_file, source_sha256, document_kind, 1,
       'same content as ' || duplicate_of || '; loaded once', extracted_at, null, false
from _docs where duplicate_of is not null
union all
select source_file, source_sha256, document_kind, 1,
       'superseded by ' || superseded_by || ': both report ' || claim || '; '
       || superseded_by || ' stands (' || why || ')', extracted_at, null, false
from _docs where superseded_by is not null
union all
select source_file, source_sha256, document_kind, held_line,
       'held back: a blocking check failed on it (' || held || ')', extracted_at, null, false
from _docs where held is not null and duplicate_of is null""",
    "retired_documents": f"select * from store.{SCHEMA}.retired_documents",
}
REGISTER_TABLES = tuple(_REGISTER_ROWS)  # documents, load_errors, retired_documents
# Tables every load writes whole: a night's own, not the documents' rows.
LOAD_TABLES = ("changed_documents",)

# A document's rows in the record tables, from the store; set-aside copies and superseded
# versions have none.
_ROWS_SQL = (
    "insert into {schema}.{table} select * from store.{schema}.{table} where {where} "
    "and source_file not in (select source_file from _docs "
    "where coalesce(duplicate_of, superseded_by, held) is not null)"
)


def _create(con: duckdb.DuckDBPyConnection) -> None:
    create_tables(con, registry.RAW_TABLES)
    create_findings_table(con, replace=False)  # dbt's department models read it
    con.execute(f"""create table if not exists {SCHEMA}.retired_documents (
        source_file varchar not null, source_sha256 varchar not null, document_kind varchar,
        n_rows bigint not null, retired_at timestamp not null)""")
    # The documents whose rows this load replaced in a copy of the published file (empty
    # when the raw schema was written whole): dbt's incremental models rebuild their rows.
    con.execute(f"create table if not exists {SCHEMA}.changed_documents "
                f"(source_file varchar primary key)")
    con.execute(f"delete from {SCHEMA}.changed_documents")


def assemble(store_path: Path, con: duckdb.DuckDBPyConnection, report: LoadReport) -> None:
    """Write the raw schema of `con` (a fresh build file) from the store."""
    _create(con)
    con.execute(f"attach '{store_path}' as store (read_only)")
    try:
        con.execute(_DOCS_SQL, [versions.pipeline_version()])
        for table, rows in _REGISTER_ROWS.items():
            con.execute(f"insert into {SCHEMA}.{table} {rows}")
        for table in registry.RAW_TABLES:
            con.execute(_ROWS_SQL.format(schema=SCHEMA, table=table, where="true"))
    finally:
        con.execute("detach store")
    _finish(con, report)


# Documents loaded, set aside or gone since the publish, in either direction.
_CHANGED_DOCUMENTS_SQL = f"""
create or replace temp table _changed_documents as
(select source_file, source_sha256, status, n_rows from _new_documents
 except select source_file, source_sha256, status, n_rows from {SCHEMA}.documents)
union
(select source_file, source_sha256, status, n_rows from {SCHEMA}.documents
 except select source_file, source_sha256, status, n_rows from _new_documents)
"""

# raw.documents rows that are new, gone or differ in any column (a join on the key: cheaper
# than two EXCEPT ALLs over every row).
_DIFFERING_DOCUMENTS_SQL = f"""
create or replace temp table _differing as
select coalesce(o.source_file, n.source_file) as source_file
from {SCHEMA}.documents as o
full outer join _new_documents as n on o.source_file = n.source_file
where o.source_file is null or n.source_file is null
   or row(o.source_sha256, o.document_kind, o.n_bytes, o.status, o.n_rows, o.loaded_at)
      is distinct from row(n.source_sha256, n.document_kind, n.n_bytes, n.status, n.n_rows,
                           n.loaded_at)
"""


def update(store_path: Path, con: duckdb.DuckDBPyConnection, report: LoadReport) -> list[str]:
    """Bring the raw schema of `con` (a copy of the published file) in line with the store,
    replacing only the rows of documents loaded, set aside or gone since; the raw tables
    that changed.

    A document's rows depend only on its bytes and the extractors (both unchanged for a
    document whose sha256 and status are unchanged), so a record table changed exactly when
    it held or now holds rows of a changed document.
    """
    _create(con)
    con.execute(f"attach '{store_path}' as store (read_only)")
    changed = []
    try:
        con.execute(_DOCS_SQL, [versions.pipeline_version()])
        for table, rows in _REGISTER_ROWS.items():
            con.execute(f"create or replace temp table _new_{table} as {rows}")
        con.execute(_CHANGED_DOCUMENTS_SQL)
        # raw.documents: only the rows that differ are replaced (deleting all 100,000 rows
        # from its primary-key index took 0.9 s); the error tables are small: written whole.
        con.execute(_DIFFERING_DOCUMENTS_SQL)
        if con.execute("select count(*) from _differing").fetchone()[0]:
            changed.append("documents")
            where = "where source_file in (select source_file from _differing)"
            con.execute(f"delete from {SCHEMA}.documents {where}")
            con.execute(f"insert into {SCHEMA}.documents select * from _new_documents {where}")
        for table in REGISTER_TABLES[1:]:  # the error tables
            if _differ(con, f"{SCHEMA}.{table}", f"_new_{table}"):
                changed.append(table)
                con.execute(f"delete from {SCHEMA}.{table}")
                con.execute(f"insert into {SCHEMA}.{table} select * from _new_{table}")
        con.execute(f"insert into {SCHEMA}.changed_documents "
                    f"select distinct source_file from _changed_documents order by 1")
        for table in registry.RAW_TABLES:
            deleted = con.execute(
                f"delete from {SCHEMA}.{table} "
                f"where source_file in (select source_file from _changed_documents)"
            ).fetchone()[0]
            inserted = con.execute(_ROWS_SQL.format(
                schema=SCHEMA, table=table,
                where="source_file in (select source_file from _changed_documents)",
            )).fetchone()[0]
            if deleted or inserted:
                changed.append(table)
    finally:
        for table in ("_changed_documents", "_differing",
                      *(f"_new_{t}" for t in REGISTER_TABLES)):
            con.execute(f"drop table if exists {table}")
        con.execute("detach store")
    _finish(con, report, changed)
    return changed


def _differ(con: duckdb.DuckDBPyConnection, a: str, b: str) -> bool:
    return con.execute(
        f"select exists (select * from {a} except all select * from {b}) "
        f"or exists (select * from {b} except all select * from {a})"
    ).fetchone()[0]


def _finish(con: duckdb.DuckDBPyConnection, report: LoadReport,
            changed: list[str] | None = None) -> None:
    """Record the code that loaded, the raw tables that changed (null: the build started
    empty, build everything) and what was loaded, in load_state and the report."""
    con.execute(
        f"create or replace table {SCHEMA}.load_state as "
        f"select ?::varchar as pipeline_version, ?::varchar[] as changed_tables, "
        f"now()::timestamp as loaded_at",
        [versions.pipeline_version(), changed],
    )
    for table in [*registry.RAW_TABLES, *REGISTER_TABLES, *LOAD_TABLES]:
        report.rows[table] = con.execute(f"select count(*) from {SCHEMA}.{table}").fetchone()[0]
    report.loaded = dict(con.execute(
        f"select source_file, document_kind from {SCHEMA}.documents where status = 'loaded'"
    ).fetchall())  # fmt: skip
    report.errors = [
        LoadError(*row)
        for row in con.execute(
            f"select source_file, source_sha256, document_kind, line, message, page, "
            f"document_loaded from {SCHEMA}.load_errors order by source_file"
        ).fetchall()
    ]


def load_raw(raw_dir: Path, con: duckdb.DuckDBPyConnection, store_path: Path,
             *, from_published: bool = False) -> LoadReport:
    """Refresh the store from raw_dir, then fill the raw schema of `con` from it: written
    whole in an empty build file, or only the changed documents' rows replaced in a copy of
    the published one (`from_published`; report.changed_tables says which tables changed)."""
    report = LoadReport()
    refresh_store(raw_dir, store_path, report)
    if from_published:
        report.changed_tables = update(store_path, con, report)
    else:
        assemble(store_path, con, report)
    return report
