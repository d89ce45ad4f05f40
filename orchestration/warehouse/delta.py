"""An incremental night: the build starts from the published file and dbt rebuilds what changed.

When the code running now is the code that built the published warehouse (the same
`raw.load_state.pipeline_version`: extractors, dbt project, suites), the night's build file
starts as a copy of the published one. In its raw schema only the rows of documents changed
since are replaced from the extraction store (warehouse/ingest.update), and the raw tables
whose rows changed are recorded in `raw.load_state.changed_tables`.
The transform step then rebuilds and tests only the dbt nodes downstream of those tables
(`source:raw.<table>+`); every other model's table is the published one, built by the same
code from the same rows. Otherwise (no published file, other code, a file that cannot be read)
the build starts empty, `changed_tables` is null, and everything is built.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from ..settings import Paths
from . import versions
from .publish import fresh_build
from .raw_tables import SCHEMA


def start_build(p: Paths, full: bool = False) -> bool:
    """Create the build file: a copy of the published file when its code is today's (True),
    else nothing (False: the load writes an empty file). `full`: nothing, whatever the code."""
    build = fresh_build(p)
    if full or not p.warehouse.exists():
        return False
    if versions.published_version(p.warehouse) != versions.pipeline_version():
        return False
    shutil.copyfile(p.warehouse, build)  # a copy: the published file is never written
    return True


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
