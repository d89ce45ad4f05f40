"""Dagster resources: the warehouse paths, resolved from the environment when a run starts."""


from pathlib import Path

import dagster as dg

from .settings import Paths, paths


class WarehouseResource(dg.ConfigurableResource):
    """Paths of the raw folder and the published DuckDB file.

    Empty fields fall back to PERFWH_RAW_DIR / PERFWH_WAREHOUSE, then to the embedded
    defaults (raw/documents, warehouse/perf.duckdb).
    """

    raw_dir: str = ""
    warehouse: str = ""

    def paths(self) -> Paths:
        base = paths()
        return Paths(
            raw_dir=Path(self.raw_dir).resolve() if self.raw_dir else base.raw_dir,
            warehouse=Path(self.warehouse).resolve() if self.warehouse else base.warehouse,
        )
