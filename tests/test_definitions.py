"""The code location loads, validates, and has the asset graph, jobs and schedule it should."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

SNAPSHOT = Path(__file__).parent / "snapshots" / "definitions.json"


def graph_snapshot() -> dict:
    from orchestration.definitions import defs

    repo = defs.get_repository_def()
    graph = repo.asset_graph
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(p.to_user_string() for p in node.parent_keys),
        }
        if node.partitions_def is not None:
            assets[key.to_user_string()]["partitions"] = repr(node.partitions_def)
    checks = sorted(
        f"{c.asset_key.to_user_string()}:{c.name}" for c in graph.asset_check_keys
        if not c.name.startswith(("not_null", "unique", "accepted_values", "relationships",
                                  "expression_is_true"))
    )
    schedules = {
        s.name: {"job": s.job_name, "cron": s.cron_schedule, "tz": s.execution_timezone}
        for s in repo.schedule_defs
    }
    sensors = {
        s.name: sorted(t.job_name for t in s.targets) for s in repo.sensor_defs
    }
    return {
        "assets": assets,
        "sensors": sensors,
        "custom_checks": checks,
        "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
        "schedules": schedules,
    }


def test_asset_graph_jobs_and_schedules_match_the_snapshot():
    """Lineage documents -> raw -> dbt -> checks -> publish; regenerate deliberately if changed:
    UPDATE_SNAPSHOTS=1 pytest tests/test_definitions.py"""
    got = graph_snapshot()
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n")
    assert got == json.loads(SNAPSHOT.read_text())


def test_lineage_runs_from_documents_to_the_published_file():
    assets = graph_snapshot()["assets"]
    staging = assets["staging/stg_raw__self_evaluation_projects"]
    assert "raw/self_evaluation_project" in staging["deps"]
    assert "main/fct_project_year" in assets["published_warehouse"]["deps"]


def test_schedule_is_nightly_at_two_shanghai_time():
    (schedule,) = graph_snapshot()["schedules"].values()
    assert schedule == {"job": "nightly_load", "cron": "0 2 * * *", "tz": "Asia/Shanghai"}


def test_dagster_definitions_validate(tmp_path):
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path)}
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "definitions", "validate",
         "-m", "orchestration.definitions"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_dbt_resource_is_told_the_version_dbt_reports():
    """resources.DbtCli skips dagster-dbt's `dbt --version` call; the answer must not differ."""
    from orchestration.assets.transform import dbt_project
    from orchestration.resources import DbtCli
    from orchestration.settings import DBT_EXECUTABLE

    reported = subprocess.run([DBT_EXECUTABLE, "--version"], capture_output=True, text=True,
                              check=True).stdout
    resource = DbtCli(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
    assert f"installed: {resource._cli_version}" in reported


def test_the_dbt_resource_loads_no_adapter_the_assets_would_not_use():
    """resources.DbtCli skips dagster-dbt's in-process adapter, which only serves column
    metadata and row counts; the assets must not ask for them, and dbt still runs."""
    from orchestration.assets.transform import dbt_project
    from orchestration.resources import DbtCli
    from orchestration.settings import DBT_EXECUTABLE, PROJECT_ROOT

    for module in (PROJECT_ROOT / "orchestration" / "assets").glob("*.py"):
        source = module.read_text()
        assert "fetch_column_metadata" not in source and "fetch_row_counts" not in source

    resource = DbtCli(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)
    invocation = resource.cli(["ls", "--select", "fct_project_year", "--output", "name"],
                              manifest=dbt_project.manifest_path)
    assert invocation.adapter is None
    listed = [e.raw_event["info"]["msg"] for e in invocation.stream_raw_events()]
    assert invocation.is_successful()
    assert "fct_project_year" in listed  # dbt ran and listed the model
