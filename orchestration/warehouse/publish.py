"""Write-audit-publish: loads build a separate file; a validated build replaces the published one.

The swap is a rename, so an auditor's open read-only connection keeps reading the file it
opened, and a load killed at any point leaves the published file as it was.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import duckdb

from ..settings import Paths


def remove_build(p: Paths) -> list[Path]:
    """Remove the build file and its WAL, if there; the paths removed."""
    removed = []
    for leftover in (p.build, p.build.with_name(p.build.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def fresh_build(p: Paths) -> Path:
    """Remove any half-built file left by an earlier load and return the build path."""
    p.build.parent.mkdir(parents=True, exist_ok=True)
    remove_build(p)
    return p.build


def publish(p: Paths) -> Path:
    """Checkpoint the build, keep the current published file as `previous`, swap the build in."""
    if not p.build.exists():
        raise FileNotFoundError(f"nothing to publish: {p.build} does not exist")
    with duckdb.connect(str(p.build)) as con:
        con.execute("checkpoint")
    if p.warehouse.exists():
        p.previous.unlink(missing_ok=True)
        os.link(p.warehouse, p.previous)  # a second name for the old file, no copy
    os.replace(p.build, p.warehouse)
    with contextlib.suppress(FileNotFoundError):
        p.build.with_name(p.build.name + ".wal").unlink()
    return p.warehouse
