"""Run a suite on a frame read from a DuckDB file and turn GX's result into plain facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import great_expectations as gx
from great_expectations.exceptions import DataContextError

from .suites import SuiteSpec, expectation_suite_for, file_context


@dataclass
class ExpectationOutcome:
    check_id: str
    description: str
    success: bool
    observed: object
    meta: dict = field(default_factory=dict)
    failing_rows: list[dict] = field(default_factory=list)


@dataclass
class SuiteOutcome:
    suite: str
    severity: str
    success: bool
    n_rows: int
    outcomes: list[ExpectationOutcome]
    run_time: datetime  # the stored result's, for Data Docs (data_docs.publish)


def read_frame(db: Path, query: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(query).df()


def run_suite(
    spec: SuiteSpec,
    db: Path,
    expectations_root: Path,
    parameters: dict | None = None,
    query: str | None = None,
    context=None,
    frame=None,
) -> SuiteOutcome:
    """Validate the spec's frame (or `query`'s, the same frame restricted) with its suite.

    Pass one `context` to a series of suites: opening the file context parses its YAML. The
    result is stored in the context; `data_docs.publish` renders it. `frame`: the frame,
    when the caller has read it already.
    """
    if frame is None:
        frame = read_frame(db, query or spec.query)
    context = context or file_context(str(expectations_root))
    names = {ds.name for ds in context.data_sources.all().values()}
    if "warehouse" in names:
        source = context.data_sources.get("warehouse")
    else:
        source = context.data_sources.add_pandas("warehouse")
    asset = next((a for a in source.assets if a.name == spec.name), None)
    asset = asset or source.add_dataframe_asset(spec.name)
    batch = next((b for b in asset.batch_definitions if b.name == "whole_frame"), None)
    batch = batch or asset.add_batch_definition_whole_dataframe("whole_frame")
    # The suites in expectations/ are the versioned truth; a missing one is written from code.
    # tests/test_quality.py keeps the two in step. (One `get`, not a scan of `all()`: that
    # reads every stored suite and definition, for each suite run.)
    try:
        suite = context.suites.get(spec.name)
    except DataContextError:
        suite = context.suites.add(expectation_suite_for(spec))
    try:
        definition = context.validation_definitions.get(spec.name)
    except DataContextError:
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=spec.name, data=batch, suite=suite)
        )
    result = definition.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters=parameters or {},
        result_format="COMPLETE",
    )
    outcomes = []
    for r in result.results:
        meta = r.expectation_config.meta or {}
        failing = [
            frame.iloc[i].to_dict() for i in (r.result.get("unexpected_index_list") or [])
        ]
        outcomes.append(ExpectationOutcome(
            check_id=meta.get("check_id", r.expectation_config.type),
            description=meta.get("description", ""),
            success=bool(r.success),
            observed=r.result.get("observed_value"),
            meta=dict(meta),
            failing_rows=failing,
        ))  # fmt: skip
    return SuiteOutcome(spec.name, spec.severity, bool(result.success), len(frame), outcomes,
                        result.meta["run_id"].run_time)
