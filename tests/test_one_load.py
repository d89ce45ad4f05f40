"""One load at a time, permanent errors not retried, failed builds removed, dead runs failed.

Real `python -m orchestration.nightly` processes on copies of the samples. The read-only
folder and the full file system are real mounts in a private mount namespace where the
machine allows it (root, unshare); otherwise a permission refused at the file layer.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.bench.stages import make_home
from orchestration.settings import Paths
from orchestration.warehouse import lock

from .conftest import RAW, ROOT


def _env(tmp_path: Path, warehouse: Path) -> dict[str, str]:
    return {**os.environ, "PERFWH_RAW_DIR": str(tmp_path / "raw"),
            "PERFWH_WAREHOUSE": str(warehouse), "DAGSTER_HOME": str(tmp_path / "home")}


@pytest.fixture
def setup(tmp_path, sample_load):
    """The samples, yesterday's published file, the project's instance: (env, warehouse)."""
    shutil.copytree(RAW, tmp_path / "raw")
    make_home(tmp_path / "home")
    warehouse = tmp_path / "wh" / "perf.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(sample_load.warehouse, warehouse)
    return _env(tmp_path, warehouse), warehouse


def _nightly(env, prefix: list[str] = (), **kw) -> subprocess.Popen:
    return subprocess.Popen([*prefix, sys.executable, "-m", "orchestration.nightly"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def _finish(proc: subprocess.Popen, timeout: int) -> tuple[int, str, str]:
    """Wait for a load reading its output as it comes: a load's log outgrows the pipe's buffer,
    and a child blocked on a full pipe never exits (wait() alone would deadlock)."""
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def _files(folder: Path) -> dict[str, tuple[int, int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.iterdir()}


def _runs(home: Path) -> list:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return [(r.dagster_run, instance.all_logs(r.dagster_run.run_id))
                for r in instance.get_run_records()]


def test_two_loads_started_together_one_runs_the_other_says_so(setup, tmp_path):
    env, warehouse = setup
    procs = [_nightly(env), _nightly(env)]
    outs = [_finish(p, 600) for p in procs]
    codes = sorted(code for code, _, _ in outs)
    assert codes == [0, 2], outs
    (_, _, err), = [o for o in outs if o[0] == 2]
    assert "nightly_load not started: another load is running since" in err
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from fct_project_year").fetchone()[0] == 25
    (run, _), = _runs(tmp_path / "home")  # the second load recorded no run
    assert run.status == dg.DagsterRunStatus.SUCCESS


def test_a_load_finding_the_lock_held_touches_no_file(setup, tmp_path):
    env, warehouse = setup
    p = Paths(tmp_path / "raw", warehouse)
    with lock.hold(p.lock):
        before = _files(warehouse.parent)
        proc = _nightly(env)
        code, _, err = _finish(proc, 300)
        assert code == 2 and "another load is running since" in err
        assert f"pid {os.getpid()}" in err
        assert _files(warehouse.parent) == before
        # A run Dagster starts (schedule, sensor, UI: not through the command line) fails
        # the same way, in its resource, before any step.
        code = ("import dagster as dg\nfrom orchestration.definitions import defs\n"
                "with dg.DagsterInstance.get() as i:\n"
                "    r = defs.resolve_job_def('nightly_load').execute_in_process(\n"
                "        instance=i, raise_on_error=False)\n"
                "print(r.success)\n")
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.stdout.strip() == "False", proc.stderr[-2000:]
        assert _files(warehouse.parent) == before
    (run, events), = _runs(tmp_path / "home")
    assert run.status == dg.DagsterRunStatus.FAILURE
    assert not [e for e in events if e.dagster_event_type == dg.DagsterEventType.STEP_START]
    assert any("another load is running since" in (e.message or "") + str(e.dagster_event)
               for e in events)


def test_dagster_queues_loads_one_at_a_time(tmp_path):
    from orchestration.definitions import defs

    home = make_home(tmp_path / "home")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
        assert {"key": "perfwh/load", "limit": 1} in limits
        assert instance.run_monitoring_enabled
    for job in ("nightly_load", "reextract_documents"):
        assert defs.resolve_job_def(job).tags.get("perfwh/load") == "warehouse"


def test_a_killed_run_is_marked_failed_by_the_next_load(setup, tmp_path):
    env, warehouse = setup
    build = warehouse.with_name("perf.build.duckdb")
    proc = _nightly(env)
    deadline = time.monotonic() + 120
    while not build.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the load finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    (killed, _), = _runs(tmp_path / "home")
    assert killed.status == dg.DagsterRunStatus.STARTED  # what Dagster alone leaves
    again = _nightly(env)
    code, _, err = _finish(again, 600)
    assert code == 0, err[-3000:]
    runs = {run.run_id: (run, events) for run, events in _runs(tmp_path / "home")}
    run, events = runs[killed.run_id]
    assert run.status == dg.DagsterRunStatus.FAILURE
    assert "ended without finishing it" in events[-1].message
    assert [r.status for r, _ in runs.values()].count(dg.DagsterRunStatus.SUCCESS) == 1


def _private_mount(folder: Path, how: str) -> list[str] | None:
    """A command prefix running the load with `folder` mounted `how` (ro: read-only; a size:
    a tmpfs that small) in a private mount namespace; None where the machine allows none."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return None
    mount = (f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder}"
             if how == "ro" else f"mount -t tmpfs -o size={how} tmpfs {folder}")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"{mount} && true"],
                           capture_output=True, check=False)
    if probe.returncode != 0:
        return None
    return ["unshare", "-m", "sh", "-c", f'{mount} && exec "$@"', "sh"]


def test_a_read_only_warehouse_folder_fails_at_once_and_keeps_the_file(setup, tmp_path):
    env, warehouse = setup
    before = _files(warehouse.parent)
    prefix = _private_mount(warehouse.parent, "ro")
    if prefix is None:  # not root: a folder the load may not write
        warehouse.parent.chmod(0o555)
    try:
        start = time.monotonic()
        proc = _nightly(env, prefix or [])
        code, _, err = _finish(proc, 300)
    finally:
        warehouse.parent.chmod(0o755)
    assert code == 1
    assert ("Read-only file system" if prefix else "Permission denied") in err, err[-2000:]
    assert time.monotonic() - start < 60  # no retries with back-off (65 s before)
    assert _files(warehouse.parent) == before


def test_a_full_file_system_fails_without_retry_and_removes_the_build(tmp_path, setup):
    env, _ = setup
    folder = tmp_path / "small"
    folder.mkdir()
    env["PERFWH_WAREHOUSE"] = str(folder / "perf.duckdb")
    prefix = _private_mount(folder, "1m")
    if prefix is None:  # no mount: the store refused at the file layer
        (folder / "perf.extracts.duckdb").write_bytes(b"")
        (folder / "perf.extracts.duckdb").chmod(0o444)
    proc = _nightly(env, prefix or [])
    code, _, err = _finish(proc, 300)
    assert code == 1
    assert "not retried: a retry cannot heal this" in err, err[-3000:]
    assert ("No space left on device" if prefix else "Permission denied") in err
    (run, events), = _runs(tmp_path / "home")
    assert run.status == dg.DagsterRunStatus.FAILURE
    assert not [e for e in events
                if e.dagster_event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY]
    # The failed build and its WAL were removed (in the namespace: the hook says so).
    assert "removed the failed build" in " ".join(e.message or "" for e in events)
    assert not any(folder.glob("perf.build.duckdb*"))
