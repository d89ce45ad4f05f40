"""Transform: the dbt project (staging, intermediate, marts) via dagster-dbt."""

import json
import logging
from dataclasses import dataclass
from graphlib import TopologicalSorter

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from ..quality import preload
from ..resources import WarehouseResource
from ..settings import DBT_PROJECT_DIR
from ..warehouse import delta
from .blocking import fail_naming_documents

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
dbt_project.prepare_if_dev()  # `dagster dev` re-parses; elsewhere `make manifest` did it

# Unit tests are left out: they test the models' code on fixed inputs, not the night's data,
# and run in CI (tests/test_dbt_unit_tests.py).
BUILD = ["build", "--exclude-resource-type", "unit_test"]
# Models that read the audit findings (the department counts) are dbt's second stage: built
# after the quality step writes main.audit_findings, from the first stage's marts.
AFTER_FINDINGS = "tag:after_findings"


class _Translator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props) -> str:
        return "transform"

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        if _unchecked(manifest["nodes"][unique_id]):
            return None
        return super().get_asset_check_spec(asset_spec, manifest, unique_id, project)


def _unchecked(node: dict) -> bool:
    """dbt's not_null tests (195 of 305) run in every build and fail it, but are not Dagster
    asset checks: each check costs run-storage writes on every run (planned, then evaluated),
    and the tests that carry meaning stay visible without them."""
    return node.get("resource_type") == "test" and \
        node.get("test_metadata", {}).get("name") == "not_null"


TRANSLATOR = _Translator()


REUSED = {"reused": dg.MetadataValue.text(
    "not rebuilt: no raw table it reads changed since the published build, "
    "so its table is the published one")}


@dataclass(frozen=True)
class _Plan:
    sources: set[str]  # the changed raw tables that dbt reads
    rebuilt: set[str]  # unique_ids downstream of them: what `source:raw.<table>+` selects
    order: dict[str, int]  # every node's place in a dependency order


def _plan(tables: list[str]) -> _Plan:
    manifest = json.loads(dbt_project.manifest_path.read_text())
    sources = {uid: s["name"] for uid, s in manifest["sources"].items() if s["name"] in tables}
    todo, rebuilt = list(sources), set()
    while todo:
        for child in manifest["child_map"].get(todo.pop(), []):
            if child not in rebuilt:
                rebuilt.add(child)
                todo.append(child)
    order = TopologicalSorter(manifest["parent_map"]).static_order()
    return _Plan(set(sources.values()), rebuilt, {uid: i for i, uid in enumerate(order)})


class _UncheckedReuseFilter(logging.Filter):
    """Drops Dagster's notice, one per dbt test, that a test not run tonight gave no result:
    the tests of reused models tested the published tables, and hundreds of notices hide
    the night's real warnings. (Dagster proceeds the same way with or without the notice.)"""

    def filter(self, record: logging.LogRecord) -> bool:
        return "emitted no result in step 'dbt_models'" not in record.getMessage()


def _quiet_unrun_checks() -> None:
    logger = logging.getLogger("dagster._core.execution.plan.active")
    if not any(isinstance(f, _UncheckedReuseFilter) for f in logger.filters):
        logger.addFilter(_UncheckedReuseFilter())


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project,
            dagster_dbt_translator=TRANSLATOR, exclude=AFTER_FINDINGS)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource,
               warehouse: WarehouseResource):
    """dbt build: models, seeds and their data tests, into the build file (profiles.yml).

    On an incremental night (warehouse/delta.py) only the nodes downstream of the raw tables
    that changed are built and tested; the other models are reported as reused from the
    published file. A run of chosen models (a subset, from the UI) builds what was chosen.
    """
    changed = delta.planned_changes(warehouse.paths().build)
    if changed is None or context.is_subset:
        invocation = dbt.cli(BUILD, context=context)
        preload.start()  # GX's import, for the quality steps, while dbt runs in its process
        yield from _named(_events(invocation, context), warehouse)
        return
    plan = _plan(changed)
    # Reused models first, in dependency order: Dagster wants a multi-asset's outputs in that
    # order, and nothing upstream of a reused model is rebuilt.
    unique_ids = {key: context.assets_def.get_asset_spec(key).metadata["dagster_dbt/unique_id"]
                  for key in context.selected_asset_keys}
    reused = sorted((k for k, uid in unique_ids.items() if uid not in plan.rebuilt),
                    key=lambda k: plan.order[unique_ids[k]])
    for key in reused:
        yield dg.Output(None, output_name=context.assets_def.get_output_name_for_asset_key(key),
                        metadata=REUSED)
    _quiet_unrun_checks()
    context.log.info(f"incremental build: raw tables changed {changed or 'none'}; "
                     f"{len(reused)} models and seeds reused from the published file")
    if not plan.sources:
        return
    # Not given the context, dagster-dbt does not add its own `--select fqn:*`; the events
    # are still turned into this step's outputs and check results with the context.
    invocation = dbt.cli([*BUILD, "--select", " ".join(delta.dbt_selection(plan.sources)),
                          "--exclude", AFTER_FINDINGS],
                         manifest=dbt_project.manifest_path, dagster_dbt_translator=TRANSLATOR)
    preload.start()
    yield from _named(_events(invocation, context), warehouse)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project,
            dagster_dbt_translator=TRANSLATOR, select=AFTER_FINDINGS, name="dbt_after_findings")
def dbt_after_findings(context: dg.AssetExecutionContext, dbt: DbtCliResource,
                       warehouse: WarehouseResource):
    """dbt's second stage: the models that count the night's audit findings (by department
    and year), built whole every night once the quality step has written them."""
    invocation = dbt.cli(BUILD, context=context)
    yield from _named(_events(invocation, context), warehouse)


def _named(events, warehouse: WarehouseResource):
    """dbt's events; a failed build names the documents it failed on, when any does."""
    try:
        yield from events
    except Exception as exc:
        fail_naming_documents(warehouse.paths(), "dbt build (a test of error severity)", exc)
        raise


def _events(invocation: DbtCliInvocation, context: dg.AssetExecutionContext):
    """The step's outputs and check results from dbt's events. Tests that are not asset
    checks (not_null) would each add a warning and observations to the run storage: their
    outcome is in dbt's log, and an error fails the step."""
    nodes = invocation.manifest["nodes"]
    for raw_event in invocation.stream_raw_events():
        node = nodes.get(raw_event.raw_event["data"].get("node_info", {}).get("unique_id"))
        if node is not None and _unchecked(node):
            continue
        for event in raw_event.to_default_asset_events(
            manifest=invocation.manifest, dagster_dbt_translator=TRANSLATOR,
            context=context, target_path=invocation.target_path, project=dbt_project,
        ):
            if not isinstance(event, dg.AssetObservation):
                yield event
