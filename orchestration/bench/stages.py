"""Per-step wall times of the last run recorded in a Dagster instance (its event log)."""

from __future__ import annotations

from pathlib import Path


def make_home(home: Path) -> Path:
    """A fresh DAGSTER_HOME: the project's instance, its storage inside `home`."""
    import yaml

    from ..local_storage import instance_config

    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(yaml.safe_dump(instance_config(home.resolve())))
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
