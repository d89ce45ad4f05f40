"""Read every document in the raw folder, extract it, and write the `raw` schema.

A document is loaded whole or not at all: its rows are inserted in one transaction after its
extraction finished. A document that fails (not UTF-8, empty, of an unknown kind, the same
bytes as another, a table it cannot read) is set aside in raw.load_errors with its file and
line, and the others still load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..extract import registry
from ..extract.common import ExtractionError, SourceDocument
from .raw_tables import SCHEMA, create_tables, insert_records

# Files in the raw folder that are not documents.
IGNORED_NAMES = {"README.md", "MANIFEST.md", "manifest.csv", ".gitkeep"}


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


def document_files(raw_dir: Path) -> list[Path]:
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist (PERFWH_RAW_DIR)")
    return sorted(
        p for p in raw_dir.rglob("*")
        if p.is_file() and p.name not in IGNORED_NAMES and not p.name.startswith(".")
    )


def load_raw(raw_dir: Path, con: duckdb.DuckDBPyConnection) -> LoadReport:
    """Replace the raw schema's contents with what the documents in raw_dir say."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    create_tables(con, registry.RAW_TABLES)
    for table in [*registry.RAW_TABLES, "documents", "load_errors"]:
        con.execute(f"delete from {SCHEMA}.{table}")
    report = LoadReport()
    seen: dict[str, str] = {}  # sha256 -> first file with those bytes
    for path in document_files(raw_dir):
        name = path.relative_to(raw_dir).as_posix()
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        kind = None
        try:
            if sha in seen:
                raise ExtractionError(name, 1, f"same content as {seen[sha]}; loaded once")
            seen[sha] = name
            doc = SourceDocument.from_bytes(name, data)
            kind = registry.classify(doc)
            extraction = registry.extract(doc)
        except ExtractionError as exc:
            report.errors.append(LoadError(name, sha, kind, exc.line, exc.message))
        except Exception as exc:  # a parser bug must not stop the other documents
            report.errors.append(
                LoadError(name, sha, kind, None, f"extractor failed: {type(exc).__name__}: {exc}")
            )
        else:
            n = _insert_document(con, extraction.tables)
            report.loaded[name] = kind
            for table, rows in extraction.tables.items():
                report.rows[table] = report.rows.get(table, 0) + len(rows)
            con.execute(
                f"insert into {SCHEMA}.documents values (?, ?, ?, ?, 'loaded', ?, ?)",
                [name, sha, kind, len(data), n, now],
            )
            continue
        con.execute(
            f"insert into {SCHEMA}.documents values (?, ?, ?, ?, 'rejected', 0, ?)",
            [name, sha, kind, len(data), now],
        )
    for err in report.errors:
        con.execute(
            f"insert into {SCHEMA}.load_errors values (?, ?, ?, ?, ?, ?)",
            [err.source_file, err.source_sha256, err.document_kind, err.line, err.message, now],
        )
    return report


def _insert_document(con: duckdb.DuckDBPyConnection, tables: dict) -> int:
    con.execute("begin transaction")
    try:
        n = sum(
            insert_records(con, table, registry.RAW_TABLES[table], rows)
            for table, rows in tables.items()
        )
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
    return n
