"""The one Dagster code location: assets by stage, the nightly job and its schedule."""

from __future__ import annotations

import dagster as dg

from .assets.ingest import document, raw_tables
from .assets.publish import published_warehouse
from .assets.quality import audit_findings, documents_reconcile, pipeline_invariants
from .assets.report import data_dictionary, department_reports, workbook_exports
from .assets.transform import dbt_models, dbt_project
from .resources import DbtCli, WarehouseResource
from .review_job import review_finding
from .schedules import build_nightly_schedule
from .sensors.raw_documents import build_raw_documents_sensor
from .sensors.republish import build_republish_sensor
from .settings import DBT_EXECUTABLE

# The in-process executor: one process, no per-step start-up cost, one DuckDB writer at a time.
nightly_load = dg.define_asset_job(
    "nightly_load",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(document),
    description="Documents -> raw -> dbt -> GX checks -> publish (the main job). Extracts "
                "only new or changed documents; the rest come from the extraction store.",
    executor_def=dg.in_process_executor,
)

reextract_documents = dg.define_asset_job(
    "reextract_documents",
    selection=dg.AssetSelection.assets(document),
    description="Re-extract chosen documents (partitions) into the store; a sensor then runs "
                "the nightly load to publish them.",
    executor_def=dg.in_process_executor,
)

nightly_schedule = build_nightly_schedule(nightly_load)
raw_documents_sensor = build_raw_documents_sensor(nightly_load)
republish_sensor = build_republish_sensor(reextract_documents, nightly_load)

defs = dg.Definitions(
    assets=[document, raw_tables, dbt_models, audit_findings, published_warehouse,
            data_dictionary, department_reports, workbook_exports],
    asset_checks=[pipeline_invariants, documents_reconcile],
    jobs=[nightly_load, reextract_documents, review_finding],
    schedules=[nightly_schedule],
    sensors=[raw_documents_sensor, republish_sensor],
    resources={
        "dbt": DbtCli(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
        "warehouse": WarehouseResource(),
    },
)
