"""Where the documents and the warehouse are: environment variables with embedded defaults."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
# dbt installed beside this interpreter (the project's virtualenv), whatever PATH says.
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")


@dataclass(frozen=True)
class Paths:
    raw_dir: Path
    warehouse: Path  # the published file auditors open

    @property
    def build(self) -> Path:
        """The file a load writes and validates before publishing it (same rule as profiles.yml)."""
        return self.warehouse.with_name(self.warehouse.name[: -len(".duckdb")] + ".build.duckdb")

    @property
    def previous(self) -> Path:
        """The file published before the last publish, kept as a backup."""
        return self.warehouse.with_name(self.warehouse.name[: -len(".duckdb")] + ".previous.duckdb")

    @property
    def lock(self) -> Path:
        """The load lock: one load at a time on this warehouse (warehouse/lock.py)."""
        return self.warehouse.with_name(self.warehouse.name[: -len(".duckdb")] + ".load.lock")

    @property
    def extracts(self) -> Path:
        """The extraction store: documents' rows kept between loads (warehouse/store.py)."""
        return self.warehouse.with_name(self.warehouse.name[: -len(".duckdb")] + ".extracts.duckdb")


def paths() -> Paths:
    raw = Path(os.environ.get("PERFWH_RAW_DIR") or PROJECT_ROOT / "raw" / "documents")
    default = PROJECT_ROOT / "warehouse" / "perf.duckdb"
    warehouse = Path(os.environ.get("PERFWH_WAREHOUSE") or default)
    if warehouse.suffix != ".duckdb":
        raise ValueError(f"PERFWH_WAREHOUSE must name a .duckdb file, got {warehouse}")
    return Paths(raw.resolve(), warehouse.resolve())
