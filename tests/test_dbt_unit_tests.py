"""dbt's unit tests (the scoring and parsing rules on fixed inputs) run here, in CI.

The nightly `dbt build` leaves them out: they test the models' code, not the night's data,
and the code a night runs is the code CI passed. Each unit test needs its upstream relations to
exist for their column types, hence the DuckDB build of the samples.
"""

from __future__ import annotations

import json
import os
from collections import Counter

from orchestration.settings import DBT_PROJECT_DIR

from .conftest import dbt


def test_every_dbt_unit_test_passes_on_duckdb(duckdb_build, tmp_path):
    warehouse = duckdb_build.with_name("perf.duckdb")  # the profile writes <name>.build.duckdb
    env = {**os.environ, "PERFWH_WAREHOUSE": str(warehouse),
           "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR)}
    results = dbt(["test", "--select", "test_type:unit"], env, tmp_path / "target")
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    assert len(results) == len(manifest["unit_tests"]) > 0
    assert Counter(r["status"] for r in results) == {"pass": len(results)}
