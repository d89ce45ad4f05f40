"""The `raw` schema: one table per record class, plus the document register and load errors.

Values cross into DuckDB as text and are cast by the table's declared type, so a Decimal is
never routed through a float on the way in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import types
import typing
from collections.abc import Iterable
from decimal import Decimal

import duckdb
import pandas as pd

from ..extract.common import Record

SCHEMA = "raw"
DEFAULT_DECIMAL = "DECIMAL(18,2)"
_SQL_TYPES = {str: "VARCHAR", int: "BIGINT", bool: "BOOLEAN", dt.date: "DATE"}

DOCUMENTS_DDL = f"""
create table if not exists {SCHEMA}.documents (
    source_file varchar primary key,
    source_sha256 varchar not null,
    document_kind varchar,
    n_bytes bigint not null,
    status varchar not null,          -- loaded | rejected
    n_rows bigint not null,
    loaded_at timestamp not null
)"""

LOAD_ERRORS_DDL = f"""
create table if not exists {SCHEMA}.load_errors (
    source_file varchar not null,
    source_sha256 varchar,
    document_kind varchar,
    line bigint,
    message varchar not null,
    detected_at timestamp not null,
    -- The page of a part set aside (a form bound in a budget or 决算), where known.
    page bigint,
    -- false: the document is set aside whole; true: it loaded, and only the part this row
    -- names (a bound form refused, repeated rows dropped) was set aside.
    document_loaded boolean not null
)"""


@functools.cache  # get_type_hints is slow, and every batch of rows asks again
def column_types(cls: type[Record]) -> list[tuple[str, str]]:
    """(column, SQL type) for a record class: its own fields first, provenance last."""
    hints = typing.get_type_hints(cls)
    own = [f for f in dataclasses.fields(cls) if f.name not in _PROVENANCE]
    prov = [f for f in dataclasses.fields(cls) if f.name in _PROVENANCE]
    out = []
    for f in own + prov:
        base = _strip_optional(hints[f.name])
        if base is Decimal:
            sql = f.metadata.get("sql", DEFAULT_DECIMAL)
        elif base in _SQL_TYPES:
            sql = _SQL_TYPES[base]
        else:
            raise TypeError(f"{cls.__name__}.{f.name}: no SQL type for {base!r}")
        out.append((f.name, sql))
    return out


_PROVENANCE = {f.name for f in dataclasses.fields(Record)}


def _strip_optional(tp: object) -> object:
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def create_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, type[Record]]) -> None:
    con.execute(f"create schema if not exists {SCHEMA}")
    con.execute(DOCUMENTS_DDL)
    con.execute(LOAD_ERRORS_DDL)
    for name, cls in tables.items():
        cols = ", ".join(f"{c} {t}" for c, t in column_types(cls))
        con.execute(f"create table if not exists {SCHEMA}.{name} ({cols})")


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _column(rows: list[Record], name: str) -> list[str | None]:
    """One field of every row as text; most values are text or None already (no call)."""
    return [v if v is None or v.__class__ is str else _text(v)
            for v in map(operator.attrgetter(name), rows)]


def insert_records(
    con: duckdb.DuckDBPyConnection, table: str, cls: type[Record], rows: Iterable[Record]
) -> int:
    cols = column_types(cls)
    rows = list(rows)
    # Column by column: a frame from lists per column is built without a transpose.
    frame = pd.DataFrame({c: _column(rows, c) for c, _ in cols}, columns=[c for c, _ in cols],
                         dtype=object)
    if frame.empty:
        return 0
    casts = ", ".join(f"cast({c} as {t}) as {c}" for c, t in cols)
    con.register("_incoming", frame)
    try:
        con.execute(f"insert into {SCHEMA}.{table} select {casts} from _incoming")
    finally:
        con.unregister("_incoming")
    return len(frame)
