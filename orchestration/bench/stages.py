"""Per-step wall times of the last run recorded in a Dagster instance (its event log)."""

from __future__ import annotations

from pathlib import Path

INSTANCE_YAML = """\
storage:
  custom:
    module: orchestration.local_storage
    class: LocalSqliteStorage
    config:
      base_dir: {home}/storage
local_artifact_storage:
  module: dagster._core.storage.root
  class: LocalArtifactStorage
  config:
    base_dir: {home}
compute_logs:
  module: dagster._core.storage.local_compute_log_manager
  class: LocalComputeLogManager
  config:
    base_dir: {home}/compute_logs
telemetry:
  enabled: false
"""


def make_home(home: Path) -> Path:
    """A fresh DAGSTER_HOME whose storage stays inside it."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(INSTANCE_YAML.format(home=home.resolve()))
    return home


def last_run_steps(home: Path) -> dict[str, float]:
    """{step key: seconds} of the newest run, plus "run" for the run itself (start to end)."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        records = instance.get_run_records(limit=1)
        if not records:
            return {}
        record = records[0]
        out = {
            s.step_key: s.end_time - s.start_time
            for s in instance.get_run_step_stats(record.dagster_run.run_id)
            if s.start_time is not None and s.end_time is not None
        }
        if record.start_time is not None and record.end_time is not None:
            out["run"] = record.end_time - record.start_time
        return out
