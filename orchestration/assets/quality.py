"""Quality: the GX suites as Dagster asset checks on the marts they read.

Pipeline invariants are blocking (a failure stops the publish); source-document findings are
warnings (visible on the check, never blocking).
"""


import dagster as dg
import duckdb
from dagster_dbt import get_asset_key_for_model

from ..resources import WarehouseResource
from ..settings import EXPECTATIONS_DIR
from .transform import dbt_models

FCT_PROJECT_YEAR = get_asset_key_for_model([dbt_models], "fct_project_year")


def _result(outcome, severity: dg.AssetCheckSeverity) -> dg.AssetCheckResult:
    failed = [o for o in outcome.outcomes if not o.success]
    lines = [
        f"- **{o.check_id}** {o.description} ({len(o.failing_rows)} rows; observed {o.observed})"
        for o in failed
    ]
    metadata = {
        "rows_validated": dg.MetadataValue.int(outcome.n_rows),
        "expectations": dg.MetadataValue.int(len(outcome.outcomes)),
        "failed": dg.MetadataValue.md("\n".join(lines) or "none"),
    }
    if outcome.data_docs:
        metadata["data_docs"] = dg.MetadataValue.url(outcome.data_docs)
    for o in failed:
        metadata[f"{o.check_id} rows"] = dg.MetadataValue.json(
            [{k: str(v) for k, v in row.items()} for row in o.failing_rows[:50]]
        )
    return dg.AssetCheckResult(passed=outcome.success, severity=severity, metadata=metadata)


def _run(name: str, warehouse: WarehouseResource, parameters: dict | None = None):
    # Imported here: GX is slow to import and only the check steps need it.
    from ..quality.suites import suite_specs
    from ..quality.validate import run_suite

    spec = next(s for s in suite_specs() if s.name == name)
    return run_suite(spec, warehouse.paths().build, EXPECTATIONS_DIR, parameters)


@dg.asset_check(asset=FCT_PROJECT_YEAR, blocking=True, name="self_evaluation_pipeline_invariants")
def self_evaluation_pipeline_invariants(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Every extracted self-evaluation form reaches the mart with its amounts (GX, blocking)."""
    with duckdb.connect(str(warehouse.paths().build), read_only=True) as con:
        forms = con.execute("select count(*) from raw.self_evaluation_project").fetchone()[0]
    outcome = _run("self_evaluation_pipeline_invariants", warehouse,
                   {"raw_self_evaluation_forms": forms})
    return _result(outcome, dg.AssetCheckSeverity.ERROR)


@dg.asset_check(asset=FCT_PROJECT_YEAR, name="self_evaluation_reconciliation")
def self_evaluation_reconciliation(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """执行率 = 全年执行数 / 全年预算数 (documents' rounding) and 总分 in 0..100 (GX, findings)."""
    return _result(_run("self_evaluation_reconciliation", warehouse), dg.AssetCheckSeverity.WARN)
