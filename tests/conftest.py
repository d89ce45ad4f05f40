"""Shared fixtures: the real nightly job, run in process on copies of the raw documents."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw" / "documents"
GOLDEN = Path(__file__).parent / "golden"


@dataclass
class Load:
    raw_dir: Path
    warehouse: Path
    result: object  # dagster ExecuteInProcessResult


@pytest.fixture(scope="session")
def run_nightly():
    """Run the nightly job on `raw_dir`, publishing to `warehouse`, via the env vars it reads."""
    import dagster as dg

    from orchestration.definitions import defs

    def run(raw_dir: Path, warehouse: Path, asset_selection=None) -> Load:
        """`asset_selection`: asset keys of a partial run (default: the whole job)."""
        saved = {k: os.environ.get(k) for k in ("PERFWH_RAW_DIR", "PERFWH_WAREHOUSE")}
        os.environ["PERFWH_RAW_DIR"] = str(raw_dir)
        os.environ["PERFWH_WAREHOUSE"] = str(warehouse)
        try:
            with dg.instance_for_test() as instance:
                result = defs.resolve_job_def("nightly_load").execute_in_process(
                    instance=instance, raise_on_error=False, asset_selection=asset_selection
                )
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        return Load(raw_dir, warehouse, result)

    return run


@pytest.fixture(scope="session")
def sample_load(tmp_path_factory, run_nightly) -> Load:
    """The five sample documents through the whole job, once per test session."""
    base = tmp_path_factory.mktemp("sample")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    load = run_nightly(raw, base / "warehouse" / "perf.duckdb")
    assert load.result.success, "the nightly job failed on the sample documents"
    return load


@pytest.fixture
def published(sample_load) -> Iterator:
    import duckdb

    con = duckdb.connect(str(sample_load.warehouse), read_only=True)
    yield con
    con.close()
