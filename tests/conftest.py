"""Shared fixtures: the real nightly job, run in process on copies of the raw documents."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def local_instance(home: Path) -> Iterator:
    """A test instance with the project's dagster.yaml storage, its files under `home`."""
    import dagster as dg

    from orchestration.local_storage import instance_config

    home.mkdir(parents=True, exist_ok=True)
    storage = instance_config(home)["storage"]
    with dg.instance_for_test(temp_dir=str(home), overrides={"storage": storage}) as instance:
        yield instance


@pytest.fixture(scope="session")
def run_nightly(tmp_path_factory):
    """Run the nightly job on `raw_dir`, publishing to `warehouse`, via the env vars it reads."""

    from orchestration.assets.ingest import DOCUMENT_KEY
    from orchestration.assets.report import data_dictionary, department_reports, workbook_exports
    from orchestration.definitions import defs

    # The desk (dictionary, reports, workbooks: about 12 s a night) reads the published file
    # and nothing reads the desk back: tests of the warehouse run the job without it, the
    # desk's own tests (and the shared sample load) with it.
    desk_keys = {a.key for a in (data_dictionary, department_reports, workbook_exports)}
    without_desk = [k for k in defs.resolve_all_asset_keys()
                    if k not in desk_keys and k != DOCUMENT_KEY]

    def run(raw_dir: Path, warehouse: Path, asset_selection=None, run_config=None,
            desk: bool = False) -> Load:
        """`asset_selection`: asset keys of a partial run (default: the whole job, without
        the desk unless `desk`)."""
        if asset_selection is None and not desk:
            asset_selection = without_desk
        saved = {k: os.environ.get(k) for k in ("PERFWH_RAW_DIR", "PERFWH_WAREHOUSE")}
        os.environ["PERFWH_RAW_DIR"] = str(raw_dir)
        os.environ["PERFWH_WAREHOUSE"] = str(warehouse)
        try:
            with local_instance(tmp_path_factory.mktemp("dagster")) as instance:
                result = defs.resolve_job_def("nightly_load").execute_in_process(
                    instance=instance, raise_on_error=False, asset_selection=asset_selection,
                    run_config=run_config,
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
    load = run_nightly(raw, base / "warehouse" / "perf.duckdb", desk=True)
    assert load.result.success, "the nightly job failed on the sample documents"
    return load


@pytest.fixture
def published_samples(sample_load, tmp_path) -> tuple[Path, Path]:
    """A copy of the samples and of their published warehouse (with its extraction store),
    for a test whose first night is a full load of the samples: its next night starts from
    the copy, as it would from that load. (raw_dir, warehouse)"""
    raw = tmp_path / "raw"
    shutil.copytree(sample_load.raw_dir, raw)
    folder = tmp_path / "wh"
    shutil.copytree(sample_load.warehouse.parent, folder,
                    ignore=shutil.ignore_patterns("*.load.lock", "*.build.duckdb*"))
    return raw, folder / sample_load.warehouse.name


@pytest.fixture
def published(sample_load) -> Iterator:
    import duckdb

    con = duckdb.connect(str(sample_load.warehouse), read_only=True)
    yield con
    con.close()


def dbt(args: list[str], env: dict[str, str], target_path: Path) -> list[dict]:
    """Run dbt in the project with its own target and log folders; the run's results."""
    from orchestration.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR

    proc = subprocess.run(
        [DBT_EXECUTABLE, *args, "--target-path", str(target_path),
         "--log-path", str(target_path / "logs")],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, f"dbt {' '.join(args)} failed:\n{proc.stdout[-6000:]}"
    return json.loads((target_path / "run_results.json").read_text())["results"]


@pytest.fixture(scope="session")
def duckdb_build(tmp_path_factory) -> Path:
    """The samples through the pure ingest into a DuckDB file, then dbt's seeds and models."""
    import duckdb

    from orchestration.settings import DBT_PROJECT_DIR
    from orchestration.warehouse.ingest import load_raw

    base = tmp_path_factory.mktemp("duckdb")
    warehouse = base / "perf.duckdb"
    build = base / "perf.build.duckdb"  # the file profiles.yml's dev target writes
    con = duckdb.connect(str(build))
    report = load_raw(RAW, con, base / "perf.extracts.duckdb")
    con.close()
    assert report.loaded and not report.errors
    env = {**os.environ, "PERFWH_WAREHOUSE": str(warehouse),
           "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR)}
    dbt(["build", "--resource-type", "seed", "--resource-type", "model"], env, base / "target")
    return build


# The corpus's 部门决算 PDFs (tests/corpus/MANIFEST.md).
FINALS = ("5_final/gjxfj_2024_dept_final.pdf", "1_self_eval/xian_wjw_2022_final_with_selfeval.pdf")


@pytest.fixture(scope="session")
def finals_load(tmp_path_factory, run_nightly) -> Load:
    """The corpus's final accounts (and nothing else) through the whole job, once a session."""
    corpus = ROOT / "tests" / "corpus"
    base = tmp_path_factory.mktemp("finals")
    raw = base / "raw"
    raw.mkdir()
    for name in FINALS:
        shutil.copy(corpus / name, raw / Path(name).name)
    load = run_nightly(raw, base / "warehouse" / "perf.duckdb")
    assert load.result.success, "the nightly job failed on the corpus final accounts"
    return load


@pytest.fixture(scope="session")
def corpus_load(tmp_path_factory, run_nightly) -> Load:
    """Every corpus budget PDF (and nothing else) through the whole job, once a session: the
    corpus budget tests and the budget disclosure rules' changed copies share it."""
    base = tmp_path_factory.mktemp("corpus")
    raw = base / "raw"
    raw.mkdir()
    for pdf in sorted((ROOT / "tests" / "corpus" / "4_budget").glob("*.pdf")):
        shutil.copy(pdf, raw / pdf.name)
    load = run_nightly(raw, base / "warehouse" / "perf.duckdb")
    assert load.result.success, "the nightly job failed on the corpus budgets"
    return load
