"""The local Dagster instance's storage (orchestration/local_storage.py): Dagster's SQLite
files, read back as Dagster's own storage writes them, with a bounded number kept open."""

from pathlib import Path

import dagster as dg
import pytest

from .conftest import local_instance


@dg.asset
def upstream(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    context.log.info("a log entry")
    return dg.MaterializeResult(metadata={"rows": 1})


@dg.asset(deps=[upstream], check_specs=[dg.AssetCheckSpec("positive", asset="downstream")])
def downstream() -> dg.MaterializeResult:
    return dg.MaterializeResult(
        metadata={"rows": 2}, check_results=[dg.AssetCheckResult(passed=True)])


JOB = dg.define_asset_job("tiny")
DEFS = dg.Definitions(assets=[upstream, downstream], jobs=[JOB])


def run_tiny(instance: dg.DagsterInstance) -> str:
    result = DEFS.resolve_job_def("tiny").execute_in_process(instance=instance)
    assert result.success
    return result.run_id


def summary(instance: dg.DagsterInstance, run_id: str) -> dict:
    """What a run's records say, less ids and times."""
    logs = instance.all_logs(run_id)
    check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
        [dg.AssetCheckKey(dg.AssetKey("downstream"), "positive")])
    return {
        "events": [e.dagster_event_type or e.user_message for e in logs],
        "materialized": {
            key.to_user_string(): instance.get_latest_materialization_event(key)
            .asset_materialization.metadata
            for key in (dg.AssetKey("upstream"), dg.AssetKey("downstream"))
        },
        "check": [(k.name, v.status.value) for k, v in check.items()],
        "runs": len(instance.get_runs()),
    }


def test_the_project_instance_uses_the_pooled_event_log(tmp_path: Path):
    from orchestration.local_storage import PooledSqliteEventLogStorage

    with local_instance(tmp_path) as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        run_tiny(instance)
    # Dagster's own SQLite layout: run storage, the event log's index and per-run shards.
    assert (tmp_path / "storage" / "history" / "runs.db").exists()
    assert (tmp_path / "storage" / "history" / "runs" / "index.db").exists()


def test_a_run_reads_back_as_on_dagster_default_storage(tmp_path: Path):
    with local_instance(tmp_path / "pooled") as pooled:
        ours = summary(pooled, run_tiny(pooled))
    (tmp_path / "default").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "default")) as default:
        theirs = summary(default, run_tiny(default))
    assert ours == theirs
    assert ours["check"] == [("positive", "SUCCEEDED")]


def test_only_the_latest_shards_stay_open(tmp_path: Path):
    with local_instance(tmp_path) as instance:
        storage = instance.event_log_storage
        run_ids = [run_tiny(instance) for _ in range(storage.open_shards + 3)]
        assert len(storage._engines) <= storage.open_shards
        # A shard closed since is opened again to read it.
        assert summary(instance, run_ids[0])["events"] == summary(instance, run_ids[-1])["events"]


def test_a_wiped_instance_takes_new_runs(tmp_path: Path):
    with local_instance(tmp_path) as instance:
        run_tiny(instance)
        instance.wipe()
        assert instance.get_runs() == []
        run_id = run_tiny(instance)
        assert summary(instance, run_id)["runs"] == 1


@pytest.mark.parametrize("table", ["asset_event_tags", "no_such_table"])
def test_table_lookups_answer_as_dagster_does(tmp_path: Path, table: str):
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    with local_instance(tmp_path) as instance:
        storage = instance.event_log_storage
        expected = SqliteEventLogStorage.has_table(storage, table)
        assert storage.has_table(table) is expected
        assert storage.has_table(table) is expected  # and again, from what it remembered
