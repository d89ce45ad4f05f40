"""A failed blocking check names the documents it fails on, holds them back, and the night
still publishes the others (`make run` loads again without them)."""

from __future__ import annotations

import os
import subprocess
import sys

import dagster as dg
import duckdb

from orchestration.bench.stages import make_home

from .conftest import ROOT

SE = "000_83445982ba865ebb.txt"


SE2 = "003_3e0fce185d0163d8.txt"
NIGHTLY = [sys.executable, "-m", "orchestration.nightly", "--full-build"]


def _published_night(tmp_path, published_samples):
    """The samples as loaded and published (a copy of the shared sample load, its extraction
    store included) and an instance of the project's own: (env, warehouse, home)."""
    raw, warehouse = published_samples
    home = make_home(tmp_path / "home")
    env = {**os.environ, "PERFWH_RAW_DIR": str(raw),
           "PERFWH_WAREHOUSE": str(warehouse), "DAGSTER_HOME": str(home)}
    return env, warehouse, home


def _repeat_a_funding_row(warehouse, source_file) -> int:
    """A defect in the store: the document's extraction gave one funding row twice."""
    with duckdb.connect(str(warehouse.with_name("perf.extracts.duckdb"))) as con:
        return con.execute(
            "insert into raw.self_evaluation_funding select * from raw.self_evaluation_funding "
            "where source_file = ? order by line_start limit 1 returning line_start",
            [source_file]).fetchone()[0]


def test_a_blocking_failure_names_the_document_and_the_night_publishes_the_rest(
        tmp_path, published_samples):
    env, warehouse, home = _published_night(tmp_path, published_samples)
    line = _repeat_a_funding_row(warehouse, SE)  # a defect only one document meets
    nightly = NIGHTLY

    night = subprocess.run(nightly, cwd=ROOT, env=env, capture_output=True, text=True)
    assert night.returncode == 0, night.stderr[-3000:]
    assert "held back; loading again without them" in night.stderr
    named = [ln for ln in night.stderr.splitlines() if f"{SE}:{line}:" in ln]
    assert named and "raw.self_evaluation_funding -> fct_project_funding" in named[0]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        errors = con.execute("select source_file, line, message from raw.load_errors"
                             ).fetchall()
        status = dict(con.execute("select source_file, status from raw.documents").fetchall())
        forms = con.execute("select count(*) from fct_project_year").fetchone()[0]
    ((f, at, message),) = errors
    assert (f, at) == (SE, line) and message.startswith("held back: a blocking check failed")
    assert status.pop(SE) == "rejected" and set(status.values()) == {"loaded"}
    assert forms == 25 - 8  # the other documents published
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = [r.dagster_run for r in reversed(instance.get_run_records())]
        # The night that failed on the document, then the night loaded again without it.
        assert [r.status for r in runs] == [dg.DagsterRunStatus.FAILURE,
                                            dg.DagsterRunStatus.SUCCESS]
        failures = [e for e in instance.all_logs(runs[0].run_id)
                    if e.dagster_event_type == dg.DagsterEventType.STEP_FAILURE]
        assert any(f"{SE}:{line}:" in e.dagster_event.step_failure_data.error.message
                   for e in failures)


def test_a_failure_every_document_of_a_kind_meets_is_the_pipelines(tmp_path, published_samples):
    env, warehouse, _ = _published_night(tmp_path, published_samples)
    before = warehouse.read_bytes()
    lines = {f: _repeat_a_funding_row(warehouse, f) for f in (SE, SE2)}
    night = subprocess.run(NIGHTLY, cwd=ROOT, env=env, capture_output=True, text=True)
    assert night.returncode == 1
    assert "every self_evaluation document fails: a pipeline defect" in night.stderr
    assert all(f"{f}:{n}:" in night.stderr for f, n in lines.items())
    assert "loading again" not in night.stderr
    assert warehouse.read_bytes() == before
    with duckdb.connect(str(warehouse.with_name("perf.extracts.duckdb")), read_only=True) as con:
        assert con.execute("select count(*) from raw.held_documents").fetchone()[0] == 0
