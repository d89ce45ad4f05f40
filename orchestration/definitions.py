"""The one Dagster code location: assets by stage, the nightly job and its schedule."""

from __future__ import annotations

import dagster as dg

from .assets.ingest import document, raw_tables
from .assets.publish import published_warehouse
from .assets.quality import audit_findings, documents_reconcile, pipeline_invariants
from .assets.report import data_dictionary, department_reports, workbook_exports
from .assets.transform import dbt_after_findings, dbt_models, dbt_project
from .resources import DbtCli, WarehouseResource
from .review_job import review_finding
from .schedules import build_nightly_schedule
from .sensors.raw_documents import build_raw_documents_sensor
from .sensors.republish import build_republish_sensor
from .settings import DBT_EXECUTABLE
from .warehouse.publish import remove_build

# Dagster queues a run tagged so while another is in progress (dagster.yaml, concurrency):
# runs it launches (schedule, sensors, UI) wait; the load lock stops any other start.
ONE_LOAD = {"perfwh/load": "warehouse"}


@dg.failure_hook(required_resource_keys={"warehouse"})
def remove_failed_build(context: dg.HookContext) -> None:
    """A failed load's build file and WAL go at once (a full disk stays full otherwise)."""
    removed = remove_build(context.resources.warehouse.paths())
    if removed:
        context.log.info(f"removed the failed build: {', '.join(map(str, removed))}")


# The in-process executor: one process, no per-step start-up cost, one DuckDB writer at a time,
# resources (the load lock) held for the whole run.
nightly_load = dg.define_asset_job(
    "nightly_load",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(document),
    description="Documents -> raw -> dbt -> GX checks -> publish (the main job). Extracts "
                "only new or changed documents; the rest come from the extraction store.",
    executor_def=dg.in_process_executor,
    tags=ONE_LOAD,
    hooks={remove_failed_build},
)

reextract_documents = dg.define_asset_job(
    "reextract_documents",
    selection=dg.AssetSelection.assets(document),
    description="Re-extract chosen documents (partitions) into the store; a sensor then runs "
                "the nightly load to publish them.",
    executor_def=dg.in_process_executor,
    tags=ONE_LOAD,
)

nightly_schedule = build_nightly_schedule(nightly_load)
raw_documents_sensor = build_raw_documents_sensor(nightly_load)
republish_sensor = build_republish_sensor(reextract_documents, nightly_load)

defs = dg.Definitions(
    assets=[document, raw_tables, dbt_models, audit_findings, dbt_after_findings,
            published_warehouse,
            data_dictionary, department_reports, workbook_exports],
    asset_checks=[pipeline_invariants, documents_reconcile],
    jobs=[nightly_load, reextract_documents, review_finding],
    schedules=[nightly_schedule],
    sensors=[raw_documents_sensor, republish_sensor],
    executor=dg.in_process_executor,  # also for runs of chosen assets from the UI
    resources={
        "dbt": DbtCli(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE),
        "warehouse": WarehouseResource(),
    },
)
