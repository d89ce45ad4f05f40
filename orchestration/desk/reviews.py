"""Reviews of audit findings, kept in a SQLite file beside the warehouse (never inside it:
the warehouse is rebuilt every night).

A finding's id (`finding_id`, computed by the findings step) hashes its check, its document's
file name and its place there (project, indicator, and the ordinal among findings sharing
those), not its line numbers or the document's bytes: a corrected or re-issued document keeps
the ids of the findings it still has. Each review records the document's sha256 when it was
made; a finding whose document has changed since is shown as needing another look.

The store is append-only (`review_log`): the current review of a finding is its newest row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

STATUSES = ("confirmed", "dismissed", "open")
STATUS_ZH = {"confirmed": "已确认", "dismissed": "已排除", "open": "待处理"}

_SCHEMA = """
create table if not exists review_log (
    seq integer primary key autoincrement,
    finding_id text not null,
    status text not null check (status in ('confirmed', 'dismissed', 'open')),
    reviewer text not null,
    reason text,
    reviewed_at text not null,
    document_sha256 text,
    check_id text,
    source_file text,
    message text
);
create index if not exists review_log_finding on review_log (finding_id, seq);
"""

# The review columns of main.audit_findings (filled by join_reviews).
REVIEW_COLUMNS = {
    "review_status": "varchar",
    "reviewer": "varchar",
    "review_reason": "varchar",
    "reviewed_at": "timestamp",
    "needs_recheck": "boolean",
}


@dataclass(frozen=True)
class Review:
    finding_id: str
    status: str
    reviewer: str
    reason: str | None
    reviewed_at: datetime
    document_sha256: str | None


@contextmanager
def _store(path: Path) -> Iterator[sqlite3.Connection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=30)
    try:
        con.executescript(_SCHEMA)
        yield con
        con.commit()
    finally:
        con.close()


def record(store: Path, warehouse: Path, finding_id: str, status: str, reviewer: str,
           reason: str | None = None, now: datetime | None = None) -> Review:
    """Append a review of a finding of the published warehouse; the finding must exist there."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    if status == "dismissed" and not (reason or "").strip():
        raise ValueError("a dismissal needs a reason (--reason)")
    if not reviewer.strip():
        raise ValueError("a review needs a reviewer (--reviewer)")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row = con.execute(
            "select f.check_id, f.source_file, f.message, d.source_sha256 "
            "from main.audit_findings f left join raw.documents d using (source_file) "
            "where f.finding_id = ?", [finding_id]).fetchone()
    if row is None:
        raise KeyError(f"no finding {finding_id} in {warehouse.name}")
    check_id, source_file, message, sha = row
    review = Review(finding_id, status, reviewer.strip(), (reason or "").strip() or None,
                    now or datetime.now(UTC).replace(tzinfo=None), sha)
    with _store(store) as con:
        con.execute(
            "insert into review_log (finding_id, status, reviewer, reason, reviewed_at, "
            "document_sha256, check_id, source_file, message) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [finding_id, status, review.reviewer, review.reason,
             review.reviewed_at.isoformat(sep=" "), sha, check_id, source_file, message])
    return review


def current(store: Path) -> pd.DataFrame:
    """The newest review of each finding (an empty frame when there is no store yet)."""
    columns = ["finding_id", "status", "reviewer", "reason", "reviewed_at", "document_sha256",
               "check_id", "source_file", "message"]
    if not store.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    with _store(store) as con:
        rows = con.execute(
            f"select {', '.join(columns)} from review_log r where seq = "
            "(select max(seq) from review_log where finding_id = r.finding_id) "
            "order by finding_id").fetchall()
    return pd.DataFrame(rows, columns=columns, dtype=object)


def history(store: Path, finding_id: str) -> list[tuple]:
    if not store.exists():
        return []
    with _store(store) as con:
        return con.execute("select reviewed_at, status, reviewer, reason from review_log "
                           "where finding_id = ? order by seq", [finding_id]).fetchall()


def join_reviews(con: duckdb.DuckDBPyConnection, store: Path) -> int:
    """Fill the review columns of `con`'s main.audit_findings from the store; the number of
    findings that have a review. needs_recheck: the document's sha256 (raw.documents) is no
    longer the one the reviewer saw."""
    for column, kind in REVIEW_COLUMNS.items():
        con.execute(f"alter table main.audit_findings add column if not exists {column} {kind}")
    reviews = current(store)
    con.register("_reviews", reviews)
    try:
        cleared = ", ".join(f"{c} = null" for c in REVIEW_COLUMNS)
        con.execute(f"update main.audit_findings set {cleared}")
        return con.execute("""
            update main.audit_findings f set
                review_status = r.status,
                reviewer = r.reviewer,
                review_reason = r.reason,
                reviewed_at = cast(r.reviewed_at as timestamp),
                needs_recheck = r.document_sha256 is distinct from d.source_sha256
            from _reviews r left join raw.documents d on d.source_file = r.source_file
            where f.finding_id = r.finding_id
        """).fetchone()[0]
    finally:
        con.unregister("_reviews")


def findings_with_reviews(con: duckdb.DuckDBPyConnection, store: Path,
                          where: str = "true", params: list | None = None) -> pd.DataFrame:
    """audit_findings of a published file with the store's reviews as they are now (the
    warehouse's own review columns date from its build), joined the same way."""
    reviews = current(store)
    con.register("_reviews_now", reviews)
    try:
        cur = con.execute(f"""
            select f.* exclude ({', '.join(c for c in REVIEW_COLUMNS)}),
                   coalesce(r.status, 'open') as review_status,
                   r.reviewer, r.reason as review_reason,
                   cast(r.reviewed_at as timestamp) as reviewed_at,
                   r.finding_id is not null
                       and r.document_sha256 is distinct from d.source_sha256 as needs_recheck,
                   d.source_sha256
            from main.audit_findings f
            left join _reviews_now r using (finding_id)
            left join raw.documents d on d.source_file = f.source_file
            where {where}
            order by f.severity, f.check_id, f.source_file, f.line_start
        """, params or [])
        names = [d[0] for d in cur.description]
        return pd.DataFrame(cur.fetchall(), columns=names, dtype=object)
    finally:
        con.unregister("_reviews_now")
