"""Publish: after the blocking checks pass, the build file replaces the published warehouse."""


import dagster as dg
import duckdb

from ..resources import WarehouseResource
from ..warehouse.publish import publish
from .quality import FCT_PROJECT_YEAR, audit_findings
from .transform import dbt_after_findings, dbt_models


@dg.asset(
    deps=[dbt_models, dbt_after_findings, FCT_PROJECT_YEAR, audit_findings],
    group_name="publish",
    kinds={"duckdb"},
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """The DuckDB file auditors query (PERFWH_WAREHOUSE), swapped in atomically."""
    p = warehouse.paths()
    # Counted in the build before the swap: a connection to the published path, in a process
    # that already has it open, is handed the old file's database (one per path per process).
    with duckdb.connect(str(p.build), read_only=True) as con:
        forms = con.execute("select count(*) from main.fct_project_year").fetchone()[0]
        rejected, parts = con.execute(
            "select count(*) filter (not document_loaded), count(*) filter (document_loaded) "
            "from raw.load_errors").fetchone()
        findings = con.execute("select count(*) from main.audit_findings").fetchone()[0]
    path = publish(p)
    context.log.info(f"published {path}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(path)),
        "previous": dg.MetadataValue.path(str(p.previous)),
        "fct_project_year rows": dg.MetadataValue.int(forms),
        "documents set aside": dg.MetadataValue.int(rejected),
        "parts set aside (their documents loaded)": dg.MetadataValue.int(parts),
        "audit findings": dg.MetadataValue.int(findings),
    })  # fmt: skip
