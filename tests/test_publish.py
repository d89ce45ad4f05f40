"""Write-audit-publish under a killed load: the published file is untouched and readable."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb

from orchestration.settings import Paths
from orchestration.warehouse.publish import publish

from .conftest import ROOT


def test_a_load_killed_mid_run_leaves_the_published_file_intact(tmp_path, sample_load):
    warehouse = tmp_path / "perf.duckdb"
    shutil.copy(sample_load.warehouse, warehouse)
    before = warehouse.read_bytes()
    build = tmp_path / "perf.build.duckdb"
    env = {**os.environ, "PERFWH_RAW_DIR": str(sample_load.raw_dir),
           "PERFWH_WAREHOUSE": str(warehouse), "DAGSTER_HOME": str(tmp_path)}
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    proc = subprocess.Popen([sys.executable, "-m", "orchestration.nightly"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Kill it once the load is writing its build file (mid-run), or after 120 s at most.
        deadline = time.monotonic() + 120
        while not build.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        assert proc.poll() is None, "the load finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert warehouse.read_bytes() == before
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from fct_project_year").fetchone()[0] == 25
    con.close()


def test_the_nightly_command_publishes_and_records_its_run(tmp_path):
    """`make run`'s command, to its end: exit status, message, the published file, and the
    run as the project's local instance recorded it."""
    import dagster as dg

    from orchestration.bench.stages import make_home

    home = make_home(tmp_path / "home")
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw" / "documents", raw)
    warehouse = tmp_path / "wh" / "perf.duckdb"
    env = {**os.environ, "PERFWH_RAW_DIR": str(raw), "PERFWH_WAREHOUSE": str(warehouse),
           "DAGSTER_HOME": str(home)}
    proc = subprocess.run([sys.executable, "-m", "orchestration.nightly"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().endswith(f"nightly_load succeeded: published {warehouse}")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from fct_project_year").fetchone()[0] == 25
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (record,) = instance.get_run_records()
        assert record.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        events = instance.all_logs(record.dagster_run.run_id)
        assert events[-1].dagster_event_type == dg.DagsterEventType.RUN_SUCCESS


def test_the_publish_is_a_rename_and_keeps_the_old_file_as_previous(tmp_path, sample_load):
    """A rename, not a copy: the published file is the build's inode; the old file lives on,
    unchanged, as perf.previous.duckdb (a copy over the published file would overwrite it
    through the hard link)."""
    p = Paths(tmp_path / "raw", tmp_path / "perf.duckdb")
    shutil.copy(sample_load.warehouse, p.warehouse)
    shutil.copy(sample_load.warehouse, p.previous)  # the day before's, to be replaced
    shutil.copy(sample_load.warehouse, p.build)
    with duckdb.connect(str(p.build)) as con:
        con.execute("create table main.tonight as select 1 as marker")
    old = hashlib.sha256(p.warehouse.read_bytes()).hexdigest()
    old_inode, build_inode = p.warehouse.stat().st_ino, p.build.stat().st_ino

    publish(p)
    assert p.warehouse.stat().st_ino == build_inode
    assert p.previous.stat().st_ino == old_inode
    assert hashlib.sha256(p.previous.read_bytes()).hexdigest() == old
    assert not p.build.exists()
    assert not p.build.with_name(p.build.name + ".wal").exists()
    code = ("import sys, duckdb\n"
            "for f in sys.argv[1:]:\n"
            "    con = duckdb.connect(f, read_only=True)\n"
            "    print(con.execute(\"select count(*) from duckdb_tables() "
            "where table_name = 'tonight'\").fetchone()[0])\n")
    seen = subprocess.run([sys.executable, "-c", code, str(p.warehouse), str(p.previous)],
                          capture_output=True, text=True, check=True).stdout.split()
    assert seen == ["1", "0"]


def test_a_reader_in_the_same_process_sees_a_publish_after_reconnecting(tmp_path, sample_load):
    """What the README tells a notebook: DuckDB hands a process its open database for a path,
    the old file, until every connection to it is closed."""
    p = Paths(tmp_path / "raw", tmp_path / "perf.duckdb")
    shutil.copy(sample_load.warehouse, p.warehouse)
    shutil.copy(sample_load.warehouse, p.build)
    with duckdb.connect(str(p.build)) as con:
        con.execute("delete from main.fct_project_year where document_kind = 'self_evaluation'")
    notebook = duckdb.connect(str(p.warehouse), read_only=True)
    count = "select count(*) from fct_project_year"
    assert notebook.execute(count).fetchone()[0] == 25
    publish(p)
    again = duckdb.connect(str(p.warehouse), read_only=True)
    assert again.execute(count).fetchone()[0] == 25  # the old file, though renamed over
    again.close()
    notebook.close()
    notebook = duckdb.connect(str(p.warehouse), read_only=True)
    assert notebook.execute(count).fetchone()[0] == 25 - 17
    notebook.close()
