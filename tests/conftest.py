"""Shared fixtures: the real nightly job, run in process on copies of the raw documents."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw" / "documents"
GOLDEN = Path(__file__).parent / "golden"


# The test files that take longest (a profile of the suite with `--durations=0`, slowest
# first): `make test` hands them out first (`--no-loadscope-reorder` keeps this order), so that
# no worker is left running a long file alone at the end. The other files follow as collected.
SLOWEST_FIRST = (
    "test_incremental.py", "test_desk.py", "test_rules.py", "test_quality.py",
    "test_one_load.py", "test_corpus_finals.py", "test_corpus_targets.py", "test_bad_input.py",
    "test_corpus_text.py", "test_blocking_names_documents.py", "test_publish.py",
    "test_corpus_performance.py", "test_postgres.py", "test_synthetic.py", "test_rounding.py",
    "test_source_problems.py", "test_corpus_budgets.py", "test_dbt_unit_tests.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a file's order


@dataclass
class Load:
    raw_dir: Path
    warehouse: Path
    result: object  # dagster ExecuteInProcessResult, or the StoredRun of a shared load
    home: Path | None = None  # the Dagster instance's folder, which keeps the run
    run_id: str | None = None


class StoredRun:
    """A finished run read back from its instance's storage, as the UI shows it: the result of
    a load that one test worker ran for all (`shared_load`)."""

    def __init__(self, home: Path, run_id: str) -> None:
        self.home, self.run_id = home, run_id

    def _events(self, kind) -> list:
        import dagster as dg

        with dg.DagsterInstance.from_config(str(self.home)) as instance:
            return [e.dagster_event for e in instance.all_logs(self.run_id, of_type=kind)]

    @property
    def success(self) -> bool:
        import dagster as dg

        with dg.DagsterInstance.from_config(str(self.home)) as instance:
            return instance.get_run_by_id(self.run_id).status == dg.DagsterRunStatus.SUCCESS

    def get_asset_check_evaluations(self) -> list:
        import dagster as dg

        return [e.event_specific_data
                for e in self._events(dg.DagsterEventType.ASSET_CHECK_EVALUATION)]

    def get_asset_materialization_events(self) -> list:
        import dagster as dg

        return self._events(dg.DagsterEventType.ASSET_MATERIALIZATION)


def shared_load(name: str, tmp_path_factory, build: Callable[[Path], Load]) -> Load:
    """A load built once for the whole test run: pytest-xdist's workers are separate sessions,
    so the first worker to ask builds it, under a file lock, in a folder all the workers share;
    the others wait for it and read the same files (tests only read them, or copy them)."""
    workers = os.environ.get("PYTEST_XDIST_WORKER") is not None
    root = tmp_path_factory.getbasetemp().parent if workers else tmp_path_factory.getbasetemp()
    record = root / f"{name}.load.json"
    with FileLock(str(root / f"{name}.load.lock")):
        if not record.exists():
            folder = root / f"shared-{name}"
            folder.mkdir()
            load = build(folder)
            assert load.result.success, f"the nightly job failed on the {name} documents"
            record.write_text(json.dumps({k: str(getattr(load, k)) for k in
                                          ("raw_dir", "warehouse", "home", "run_id")}))
    saved = {k: Path(v) for k, v in json.loads(record.read_text()).items() if k != "run_id"}
    run_id = json.loads(record.read_text())["run_id"]
    return Load(saved["raw_dir"], saved["warehouse"], StoredRun(saved["home"], run_id),
                saved["home"], run_id)


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
            home = tmp_path_factory.mktemp("dagster")
            with local_instance(home) as instance:
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
        return Load(raw_dir, warehouse, result, home, result.run_id)

    return run


@pytest.fixture(scope="session")
def sample_load(tmp_path_factory, run_nightly) -> Load:
    """The five sample documents through the whole job, once per test run."""
    def build(base: Path) -> Load:
        shutil.copytree(RAW, base / "raw")
        return run_nightly(base / "raw", base / "warehouse" / "perf.duckdb", desk=True)

    return shared_load("sample", tmp_path_factory, build)


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
    """The corpus's final accounts (and nothing else) through the whole job, once a run."""
    def build(base: Path) -> Load:
        (base / "raw").mkdir()
        for name in FINALS:
            shutil.copy(ROOT / "tests" / "corpus" / name, base / "raw" / Path(name).name)
        return run_nightly(base / "raw", base / "warehouse" / "perf.duckdb")

    return shared_load("finals", tmp_path_factory, build)


@pytest.fixture(scope="session")
def corpus_load(tmp_path_factory, run_nightly) -> Load:
    """Every corpus budget PDF (and nothing else) through the whole job, once a session: the
    corpus budget tests and the budget disclosure rules' changed copies share it."""
    def build(base: Path) -> Load:
        (base / "raw").mkdir()
        for pdf in sorted((ROOT / "tests" / "corpus" / "4_budget").glob("*.pdf")):
            shutil.copy(pdf, base / "raw" / pdf.name)
        return run_nightly(base / "raw", base / "warehouse" / "perf.duckdb")

    return shared_load("corpus", tmp_path_factory, build)
