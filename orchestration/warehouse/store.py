"""The extraction store: every document's extracted rows, kept from one load to the next.

A load extracts only the documents whose bytes changed since the store last read them (or
whose extractor changed since); the others keep their rows. The store is a DuckDB file beside
the warehouse (`perf.extracts.duckdb`); deleting it costs one full re-extraction, nothing else.

A document's rows, its register entry and its errors are replaced in one transaction, so a
load killed mid-way leaves every document either as it was or wholly re-extracted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import duckdb
import pandas as pd

from ..extract import registry
from ..extract.common import ExtractionError, Record, SourceDocument
from ..extract.targets import CONVENTION_FILES
from . import content, forms
from .raw_tables import SCHEMA, column_types, create_tables, insert_records

# Files in the raw folder that are not documents (and any name starting with a dot).
IGNORED_NAMES = {"README.md", "MANIFEST.md", "manifest.csv", ".gitkeep"}
# Documents extracted per transaction: big enough for bulk inserts, small enough that a killed
# load loses little work.
BATCH = 500
# Fewer documents than this are extracted in the calling process (see extract_into).
MIN_PARALLEL = 2_000
# A PDF counts as this many text documents towards MIN_PARALLEL: finding its tables costs
# about a second, a text form's extraction half a millisecond.
PDF_WORK = 1_000

STORE_DDL = f"""
create schema if not exists {SCHEMA};
create table if not exists {SCHEMA}.store_meta (key varchar primary key, value varchar);
create table if not exists {SCHEMA}.store_documents (
    source_file varchar primary key,
    source_sha256 varchar not null,
    document_kind varchar,
    n_bytes bigint not null,
    mtime_ns bigint not null,
    status varchar not null,          -- loaded | rejected
    n_rows bigint not null,
    extractor_version varchar not null,
    extracted_at timestamp not null,
    content_key varchar not null      -- content.content_key: copies share it
);
create table if not exists {SCHEMA}.store_errors (
    source_file varchar not null,
    source_sha256 varchar,
    document_kind varchar,
    line bigint,
    message varchar not null,
    detected_at timestamp not null,
    page bigint,                      -- the page of a part set aside, where known
    document_loaded boolean not null  -- a note: the document loaded, this part did not
);
-- Documents a failed blocking check singled out (quality/culprits.py): set aside while
-- their bytes and the pipeline's code are those it failed on.
create table if not exists {SCHEMA}.held_documents (
    source_file varchar not null,
    source_sha256 varchar not null,
    pipeline_version varchar not null,
    line bigint,
    message varchar not null,
    held_at timestamp not null
);
create table if not exists {SCHEMA}.retired_documents (
    source_file varchar not null,
    source_sha256 varchar not null,
    document_kind varchar,
    n_rows bigint not null,
    retired_at timestamp not null
);
"""


def schema_fingerprint() -> str:
    """The raw tables' columns and types, and the store's own tables: a change means the
    stored rows no longer fit."""
    spec = sorted((name, column_types(cls)) for name, cls in registry.RAW_TABLES.items())
    return hashlib.sha256((repr(spec) + STORE_DDL).encode()).hexdigest()[:16]


def extractor_version() -> str:
    """A hash of the extractors' source and of the value conventions they read (the seeds of
    targets.CONVENTION_FILES): a parser or convention change re-extracts every document."""
    h = hashlib.sha256(schema_fingerprint().encode())
    for path in [*sorted(Path(registry.__file__).parent.glob("*.py")),
                 Path(content.__file__), Path(forms.__file__)]:
        h.update(path.name.encode() + path.read_bytes())
    for path in CONVENTION_FILES:
        h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Listed:
    """A document in the raw folder, as one directory listing sees it."""

    name: str  # its path under the raw folder, with forward slashes
    path: str
    size: int
    mtime_ns: int


def list_documents(raw_dir: Path) -> list[Listed]:
    """Every document under raw_dir (at any depth), in path order, with its size and mtime.

    One os.scandir walk, one stat a file: Path.rglob, is_file and a second stat for the
    size cost 2.4 s a night for 100,000 files, this about 0.4 s. Symbolic links are followed,
    as Path.rglob and Path.is_file do; dot files and the folder's own notes are skipped."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist (PERFWH_RAW_DIR)")
    found: list[Listed] = []
    todo = [(os.fspath(raw_dir), "")]
    while todo:
        folder, prefix = todo.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    todo.append((entry.path, prefix + entry.name + "/"))
                elif (entry.is_file() and entry.name not in IGNORED_NAMES
                      and not entry.name.startswith(".")):
                    st = entry.stat()
                    found.append(Listed(prefix + entry.name, entry.path, st.st_size,
                                        st.st_mtime_ns))
    # Path order (by parts: "a/b" before "a-b"), as the names of one folder compare.
    found.sort(key=lambda d: d.name.split("/"))
    return found


def document_files(raw_dir: Path) -> list[Path]:
    """The documents' paths, in path order (list_documents)."""
    return [Path(d.path) for d in list_documents(raw_dir)]


def relative_name(path: Path, raw_dir: Path) -> str:
    """A document's name: its path under the raw folder, with forward slashes."""
    root = raw_dir.as_posix().rstrip("/") + "/"
    full = path.as_posix()
    # A string cut, not Path.relative_to (1.3 s for 100,000 files), when it is one.
    return full[len(root):] if full.startswith(root) else path.relative_to(raw_dir).as_posix()


def open_store(path: Path) -> duckdb.DuckDBPyConnection:
    """Open (or create) the store; rows extracted under another raw schema are dropped."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(STORE_DDL)
    row = con.execute(
        f"select value from {SCHEMA}.store_meta where key = 'schema'"
    ).fetchone()
    fingerprint = schema_fingerprint()
    if row is None or row[0] != fingerprint:
        con.execute("begin transaction")
        for (table,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = ? "
            "and table_name not in ('store_meta', 'retired_documents')", [SCHEMA]
        ).fetchall():
            con.execute(f"drop table {SCHEMA}.{table}")
        con.execute(STORE_DDL)
        con.execute(
            f"insert or replace into {SCHEMA}.store_meta values ('schema', ?)", [fingerprint]
        )
        con.execute("commit")
    create_tables(con, registry.RAW_TABLES)
    return con


@dataclass
class Scan:
    """The raw folder compared with the store."""

    to_extract: list[str] = field(default_factory=list)  # new, changed or re-parsed
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # file -> added | changed | extractor


def scan(raw_dir: Path, con: duckdb.DuckDBPyConnection, version: str) -> Scan:
    """Which documents need extracting. Size and mtime unchanged: the stored hash is trusted."""
    stored = {
        r[0]: r[1:]
        for r in con.execute(
            f"select source_file, source_sha256, n_bytes, mtime_ns, extractor_version "
            f"from {SCHEMA}.store_documents"
        ).fetchall()
    }
    out, seen = Scan(), set()
    for doc in list_documents(raw_dir):
        name = doc.name
        seen.add(name)
        old = stored.get(name)
        if old is None:
            out.to_extract.append(name)
            out.reasons[name] = "added"
            continue
        sha, size, mtime, old_version = old
        if (doc.size, doc.mtime_ns) != (size, mtime) and (
            hashlib.sha256(Path(doc.path).read_bytes()).hexdigest() != sha
        ):
            out.to_extract.append(name)
            out.reasons[name] = "changed"
        elif old_version != version:
            out.to_extract.append(name)
            out.reasons[name] = "extractor"
        else:
            out.unchanged.append(name)
    out.removed = sorted(set(stored) - seen)
    return out


@dataclass
class Outcome:
    """One document's extraction: its rows, or the error that set it aside."""

    source_file: str
    sha256: str
    n_bytes: int
    mtime_ns: int
    kind: str | None
    tables: dict[str, list[Record]] = field(default_factory=dict)
    error: ExtractionError | None = None
    row_counts: dict[str, int] = field(default_factory=dict)
    content_key: str = ""  # content.content_key of its text; its sha256 if it has none
    # Parts set aside while the document loads: a bound form refused (Extraction.set_aside),
    # repeated forms or rows dropped (forms.drop_repeated_forms).
    notes: list[ExtractionError] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return sum(self.row_counts.values())


def extract_file(raw_dir: Path, name: str) -> Outcome:
    """Read and extract one document; never raises for a bad document."""
    path = raw_dir / name
    data = path.read_bytes()
    st = path.stat()
    sha = hashlib.sha256(data).hexdigest()
    out = Outcome(name, sha, len(data), st.st_mtime_ns, None, content_key=sha)
    try:
        doc = SourceDocument.from_bytes(name, data)
        out.content_key = content.content_key(doc.text)
        out.kind = registry.classify(doc)
        extraction = registry.extract(doc)
        out.tables, repeats = forms.drop_repeated_forms(out.kind, extraction.tables)
        out.notes = [*extraction.set_aside, *repeats]
    except ExtractionError as exc:
        out.error = exc
    except Exception as exc:  # a parser bug must not stop the other documents
        out.error = ExtractionError(name, 0, f"extractor failed: {type(exc).__name__}: {exc}")
    if out.error is not None:
        out.tables, out.notes = {}, []
    out.row_counts = {t: len(rows) for t, rows in out.tables.items()}
    return out


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str],
                 rows: list[list]) -> None:
    """Many rows in one statement (executemany is one statement per row in DuckDB)."""
    if not rows:
        return
    con.register("_rows", pd.DataFrame(rows, columns=columns, dtype=object))
    try:
        con.execute(f"insert into {table} by name select * from _rows")
    finally:
        con.unregister("_rows")


def _delete(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> None:
    con.execute("create or replace temp table _gone (source_file varchar)")
    _insert_rows(con, "_gone", ["source_file"], [[n] for n in names])
    for table in [*registry.RAW_TABLES, "store_documents", "store_errors"]:
        con.execute(
            f"delete from {SCHEMA}.{table} where source_file in (select source_file from _gone)"
        )


_DOCUMENT_COLUMNS = ["source_file", "source_sha256", "document_kind", "n_bytes", "mtime_ns",
                     "status", "n_rows", "extractor_version", "extracted_at",
                     "content_key"]  # fmt: skip
_ERROR_COLUMNS = ["source_file", "source_sha256", "document_kind", "line", "message",
                  "detected_at", "page", "document_loaded"]  # fmt: skip


def write_outcomes(
    con: duckdb.DuckDBPyConnection, outcomes: list[Outcome], version: str
) -> None:
    """Replace the given documents' rows, register entries and errors, in one transaction."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        _delete(con, [o.source_file for o in outcomes])
        for table, cls in registry.RAW_TABLES.items():
            insert_records(con, table, cls, (r for o in outcomes for r in o.tables.get(table, ())))
        _insert_rows(con, f"{SCHEMA}.store_documents", _DOCUMENT_COLUMNS, [
            [o.source_file, o.sha256, o.kind, o.n_bytes, o.mtime_ns,
             "rejected" if o.error else "loaded", o.n_rows, version, now, o.content_key]
            for o in outcomes
        ])  # fmt: skip
        _insert_rows(con, f"{SCHEMA}.store_errors", _ERROR_COLUMNS, [
            [o.source_file, o.sha256, o.kind, e.line or None, e.message, now, e.page,
             o.error is None]
            for o in outcomes for e in ([o.error] if o.error else o.notes)
        ])  # fmt: skip
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def extract_workers() -> int:
    """Extraction processes: PERFWH_EXTRACT_WORKERS, else one per core."""
    return max(1, int(os.environ.get("PERFWH_EXTRACT_WORKERS") or os.cpu_count() or 1))


def _extracted(raw_dir: Path, names: list[str], workers: int,
               min_parallel: int) -> Iterator[list[Outcome]]:
    """The outcomes of `names`, BATCH documents at a time, in order.

    With several workers and enough documents, worker processes extract the next batch while
    the caller writes this one. Processes are spawned, not forked: the parent holds DuckDB
    connections and Dagster's threads, which a fork would copy mid-flight.
    """
    work = sum(PDF_WORK if n[-4:].lower() == ".pdf" else 1 for n in names)
    if workers <= 1 or work < min_parallel:
        for batch in _batches(names, BATCH):
            yield [extract_file(raw_dir, n) for n in batch]
        return
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=spawn) as pool:
        pending = None
        for batch in _batches(names, BATCH):
            submitted = pool.map(extract_file, repeat(raw_dir), batch,
                                 chunksize=max(1, len(batch) // (4 * workers)))
            if pending is not None:
                yield list(pending)
            pending = submitted
        if pending is not None:
            yield list(pending)


def extract_into(
    con: duckdb.DuckDBPyConnection, raw_dir: Path, names: list[str], version: str,
    workers: int | None = None, min_parallel: int = MIN_PARALLEL,
) -> list[Outcome]:
    """Extract `names` into the store, BATCH documents per transaction; returns the outcomes.

    `workers` processes (default extract_workers()) extract when there are at least
    `min_parallel` documents (a PDF counts PDF_WORK); fewer are not worth the workers'
    start-up (about a second each).
    """
    done: list[Outcome] = []
    for outcomes in _extracted(raw_dir, names, workers or extract_workers(), min_parallel):
        write_outcomes(con, outcomes, version)
        for o in outcomes:  # keep the counts, not the rows: 100k documents' rows add up
            o.tables = {}
        done += outcomes
    return done


def retire(con: duckdb.DuckDBPyConnection, names: list[str]) -> int:
    """Remove documents no longer in the folder; the retirement itself is kept as history."""
    if not names:
        return 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        con.execute("create or replace temp table _retiring (source_file varchar)")
        _insert_rows(con, "_retiring", ["source_file"], [[n] for n in names])
        con.execute(
            f"insert into {SCHEMA}.retired_documents "
            f"select source_file, source_sha256, document_kind, n_rows, ? "
            f"from {SCHEMA}.store_documents "
            f"where source_file in (select source_file from _retiring)", [now]
        )
        _delete(con, names)
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
    return len(names)


def hold_documents(path: Path, held: list[tuple[str, str, int | None, str]],
                   pipeline_version: str) -> None:
    """Hold back documents (file, sha256, line, why) a blocking check failed on."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con = open_store(path)
    try:
        _insert_rows(con, f"{SCHEMA}.held_documents",
                     ["source_file", "source_sha256", "pipeline_version", "line", "message",
                      "held_at"],
                     [[f, sha, pipeline_version, line, why, now] for f, sha, line, why in held])
    finally:
        con.close()
