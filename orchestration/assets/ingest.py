"""Ingest: the documents in PERFWH_RAW_DIR become the `raw` schema of a fresh build file."""


import dagster as dg
import duckdb

from ..extract.registry import RAW_TABLES
from ..resources import WarehouseResource
from ..warehouse.ingest import load_raw
from ..warehouse.publish import fresh_build

RAW_TABLE_NAMES = [*RAW_TABLES, "documents", "load_errors"]

RAW_SPECS = [
    dg.AssetSpec(
        key=dg.AssetKey(["raw", name]),
        group_name="ingest",
        kinds={"duckdb", "python"},
        description=f"raw.{name}, extracted from the documents (with file, sha256 and lines).",
    )
    for name in RAW_TABLE_NAMES
]


@dg.multi_asset(specs=RAW_SPECS, name="raw_tables", can_subset=False)
def raw_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Extract every document into a new build file; bad documents go to raw.load_errors."""
    p = warehouse.paths()
    build = fresh_build(p)
    with duckdb.connect(str(build)) as con:
        report = load_raw(p.raw_dir, con)
    for err in report.errors:
        context.log.warning(
            f"set aside {err.source_file}:{err.line if err.line is not None else '?'}: "
            f"{err.message}"
        )
    context.log.info(f"loaded {len(report.loaded)} documents from {p.raw_dir} into {build}")
    for name in RAW_TABLE_NAMES:
        if name == "documents":
            rows = len(report.loaded) + len(report.errors)
        elif name == "load_errors":
            rows = len(report.errors)
        else:
            rows = report.rows.get(name, 0)
        metadata = {"rows": dg.MetadataValue.int(rows)}
        if name == "load_errors" and report.errors:
            metadata["errors"] = dg.MetadataValue.md("\n".join(
                f"- `{e.source_file}` line {e.line}: {e.message}" for e in report.errors
            ))  # fmt: skip
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["raw", name]), metadata=metadata)
