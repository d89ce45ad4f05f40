"""Incremental loads: unchanged documents are not extracted again, changed ones are, removed
ones are retired; one document can be re-extracted as a partition, with retries on a lock."""

from __future__ import annotations

import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from .conftest import RAW

SE = "000_83445982ba865ebb.txt"
SE2 = "003_3e0fce185d0163d8.txt"


def raw_documents_metadata(result) -> dict:
    (event,) = [
        e for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["raw", "documents"])
    ]
    return {k: v.value for k, v in event.materialization.metadata.items()}


def scalar(warehouse, sql):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchone()[0]


@pytest.fixture
def two_forms(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (SE, SE2):
        shutil.copy(RAW / name, raw / name)
    return raw, tmp_path / "wh" / "perf.duckdb"


@pytest.fixture(scope="module")
def two_forms_load(tmp_path_factory, run_nightly):
    """The two self-evaluations loaded and published once, for this file's tests whose first
    night is that load."""
    base = tmp_path_factory.mktemp("two_forms")
    (base / "raw").mkdir()
    for name in (SE, SE2):
        shutil.copy(RAW / name, base / "raw" / name)
    load = run_nightly(base / "raw", base / "wh" / "perf.duckdb")
    assert load.result.success
    return load


@pytest.fixture
def two_forms_published(two_forms_load, tmp_path):
    """A copy of the two forms and of their published warehouse (its extraction store
    included): the next night starts from it as from that load. (raw_dir, warehouse)"""
    shutil.copytree(two_forms_load.raw_dir, tmp_path / "raw")
    shutil.copytree(two_forms_load.warehouse.parent, tmp_path / "wh",
                    ignore=shutil.ignore_patterns("*.load.lock", "*.build.duckdb*"))
    return tmp_path / "raw", tmp_path / "wh" / two_forms_load.warehouse.name


def test_a_night_extracts_only_what_changed_and_retires_what_left(
        two_forms_load, two_forms_published, run_nightly):
    raw, warehouse = two_forms_published
    meta = raw_documents_metadata(two_forms_load.result)  # the first night
    assert (meta["extracted"], meta["unchanged"], meta["retired"]) == (2, 0, 0)
    forms = scalar(warehouse, "select count(*) from fct_project_year")

    quiet = run_nightly(raw, warehouse)
    assert quiet.result.success
    meta = raw_documents_metadata(quiet.result)
    assert (meta["extracted"], meta["unchanged"], meta["retired"]) == (0, 2, 0)
    assert scalar(warehouse, "select count(*) from fct_project_year") == forms

    text = (raw / SE).read_text().replace("167.35", "167.36", 1)
    (raw / SE).write_text(text)
    changed = run_nightly(raw, warehouse)
    meta = raw_documents_metadata(changed.result)
    assert (meta["extracted"], meta["unchanged"]) == (1, 1)
    assert scalar(warehouse, "select executed_yuan from fct_project_year "
                             "where project_name = '申领、补换卡网点运行费'") == 1673600

    (raw / SE2).unlink()
    retired = run_nightly(raw, warehouse)
    meta = raw_documents_metadata(retired.result)
    assert (meta["extracted"], meta["unchanged"], meta["retired"]) == (0, 1, 1)
    assert scalar(warehouse, f"select count(*) from raw.self_evaluation_project "
                             f"where source_file = '{SE2}'") == 0
    assert scalar(warehouse, "select string_agg(source_file, ',') from raw.retired_documents") \
        == SE2
    assert scalar(warehouse, "select count(distinct source_file) from fct_indicator") == 1


def test_a_new_extractor_re_extracts_every_document(two_forms_published, run_nightly):
    raw, warehouse = two_forms_published
    store = warehouse.with_name("perf.extracts.duckdb")
    with duckdb.connect(str(store)) as con:  # as if the documents were read by an older parser
        con.execute("update raw.store_documents set extractor_version = 'older'")
    again = run_nightly(raw, warehouse)
    assert raw_documents_metadata(again.result)["extracted"] == 2


def test_one_document_re_extracts_as_a_partition_and_retries_a_locked_store(
    two_forms, run_nightly, monkeypatch
):
    from orchestration.definitions import defs

    raw, warehouse = two_forms
    store = warehouse.with_name("perf.extracts.duckdb")
    store.parent.mkdir(parents=True)
    monkeypatch.setenv("PERFWH_RAW_DIR", str(raw))
    monkeypatch.setenv("PERFWH_WAREHOUSE", str(warehouse))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("documents", [SE, SE2])
        # Another process holds the store (a load in progress) for a few seconds.
        holder = subprocess.Popen(
            [sys.executable, "-c",
             "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
             " print('held', flush=True); time.sleep(6)", str(store)],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert holder.stdout.readline().strip() == "held"
            result = defs.resolve_job_def("reextract_documents").execute_in_process(
                instance=instance, partition_key=SE, raise_on_error=False
            )
        finally:
            holder.wait(timeout=30)
    assert result.success
    assert any(e.event_type_value == "STEP_UP_FOR_RETRY" for e in result.all_events)
    (mat,) = result.get_asset_materialization_events()
    assert mat.materialization.partition == SE
    assert mat.materialization.metadata["status"].value == "loaded"
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("select source_file from raw.store_documents").fetchall() == [(SE,)]


def test_a_bad_document_partition_fails_readably_without_retrying(tmp_path, monkeypatch):
    from orchestration.definitions import defs

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "letter.txt").write_text("关于开展2024年度工作的通知\n各单位：\n")
    monkeypatch.setenv("PERFWH_RAW_DIR", str(raw))
    monkeypatch.setenv("PERFWH_WAREHOUSE", str(tmp_path / "perf.duckdb"))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("documents", ["letter.txt"])
        result = defs.resolve_job_def("reextract_documents").execute_in_process(
            instance=instance, partition_key="letter.txt", raise_on_error=False
        )
    assert not result.success
    assert not any(e.event_type_value == "STEP_UP_FOR_RETRY" for e in result.all_events)
    (failure,) = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "letter.txt:1: unknown kind of document" in failure.step_failure_data.error.message


def test_the_schedule_skips_an_unchanged_night(two_forms, run_nightly, monkeypatch):
    from orchestration.definitions import defs

    raw, warehouse = two_forms
    monkeypatch.setenv("PERFWH_RAW_DIR", str(raw))
    monkeypatch.setenv("PERFWH_WAREHOUSE", str(warehouse))
    schedule = defs.get_schedule_def("nightly_load_0200_shanghai")

    def tick():
        with dg.instance_for_test() as instance:
            return schedule.evaluate_tick(dg.build_schedule_context(instance=instance))

    assert len(tick().run_requests) == 1  # nothing published yet
    assert run_nightly(raw, warehouse).result.success
    quiet = tick()
    assert quiet.run_requests == [] and "2 documents unchanged" in quiet.skip_message
    (raw / SE2).unlink()
    assert len(tick().run_requests) == 1


def findings_of(warehouse) -> set[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return set(con.execute(
            "select check_id, severity, source_file, line_start, message from audit_findings"
        ).fetchall())


def test_an_incremental_night_finds_what_a_full_load_finds(tmp_path, run_nightly,
                                                          published_samples):
    from .test_quality import CHANGES_001_LINES, S001, change_lines

    raw, warehouse = published_samples  # the samples' full load
    before = findings_of(warehouse)
    # 001 declared for 2024, with a higher target: two cross-document findings in 000.
    (raw / S001).write_text(change_lines((raw / S001).read_text(), CHANGES_001_LINES))
    night = run_nightly(raw, warehouse)
    assert night.result.success
    (event,) = [e for e in night.result.get_asset_materialization_events()
                if e.asset_key == dg.AssetKey(["audit_findings"])]
    meta = {k: v.value for k, v in event.materialization.metadata.items()}
    assert meta["documents_validated"] == "1 changed since the publish"
    assert meta["findings_carried_over"] > 0
    full = run_nightly(raw, tmp_path / "full" / "perf.duckdb")
    assert findings_of(warehouse) == findings_of(full.warehouse) != before
    # The night's build started from the published file and rebuilt only what lies downstream
    # of the declaration tables; every model still equals the full load's.
    assert built_from_published(night.result) == [
        "documents", "declaration_project", "declaration_indicator"]
    reused = reused_models(night.result)
    assert {"fct_budget_line", "fct_evaluation_score", "stg_raw__self_evaluation_indicators",
            "grade_bands"} <= reused
    assert not reused & {"stg_raw__declaration_projects", "fct_project_funding"}
    assert built_from_published(full.result) is None
    assert reused_models(full.result) == set()
    assert model_rows(warehouse) == model_rows(full.warehouse)


def test_an_incremental_night_of_self_evaluations_equals_a_full_load(tmp_path, run_nightly,
                                                                     published_samples):
    """A changed and a removed self-evaluation: the incremental models (rows replaced by
    document, raw.changed_documents) hold what a full load builds."""
    raw, warehouse = published_samples  # the samples' full load
    text = (raw / SE).read_text()
    text = text.replace("维护工作完成数 =336.00(个) 336.00(个)",
                        "维护工作完成数 =336.00(个) 300.00(个)", 1)  # an indicator's actual
    (raw / SE).write_text(text.replace("167.35", "167.36", 1))
    (raw / SE2).unlink()
    night = run_nightly(raw, warehouse)
    assert night.result.success
    assert {"self_evaluation_indicator", "self_evaluation_funding"} <= set(
        built_from_published(night.result))
    assert not reused_models(night.result) & {
        "int_self_evaluation_indicators_scored", "fct_indicator", "fct_project_funding",
        "fct_indicator_target_change"}
    assert scalar(warehouse, "select count(*) from raw.changed_documents") == 2
    assert scalar(warehouse, f"select count(*) from fct_indicator where source_file = '{SE2}'") \
        == 0
    assert scalar(warehouse, f"select actual_value from fct_indicator where source_file = '{SE}' "
                             "and indicator_name = '维护工作完成数'") == 300
    full = run_nightly(raw, tmp_path / "full" / "perf.duckdb")
    assert model_rows(warehouse) == model_rows(full.warehouse)


def test_a_full_build_can_be_asked_for(two_forms_published, run_nightly):
    """The run config `full_build` (Launchpad, or `nightly --full-build`) builds from an
    empty file and validates every document although the code is the published file's."""
    raw, warehouse = two_forms_published
    night = run_nightly(raw, warehouse, run_config={
        "resources": {"warehouse": {"config": {"full_build": True}}}})
    assert night.result.success
    assert built_from_published(night.result) is None
    assert reused_models(night.result) == set()
    (event,) = [e for e in night.result.get_asset_materialization_events()
                if e.asset_key == dg.AssetKey(["audit_findings"])]
    assert event.materialization.metadata["documents_validated"].value == "all"
    assert event.materialization.metadata["findings_carried_over"].value == 0


def built_from_published(result) -> list[str] | None:
    """The raw tables the night found changed (None: it built everything)."""
    (event,) = [e for e in result.get_asset_materialization_events()
                if e.asset_key == dg.AssetKey(["raw", "documents"])]
    value = event.materialization.metadata["changed_tables"].value
    return None if value == "all (the build started empty)" else value.split(", ")


def reused_models(result) -> set[str]:
    return {e.asset_key.path[-1] for e in result.get_asset_materialization_events()
            if "reused" in e.materialization.metadata}


def model_rows(warehouse) -> dict[str, list]:
    """Every row of every table and view dbt and the findings wrote, in a stable order."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = con.execute(
            "select schema_name || '.' || table_name from duckdb_tables() "
            "where schema_name in ('main', 'staging', 'intermediate') "
            "union all select schema_name || '.' || view_name from duckdb_views() "
            "where schema_name in ('main', 'staging', 'intermediate') and not internal"
        ).fetchall()
        return {n: con.execute(f"select * from {n} order by all").fetchall() for (n,) in names}


def test_an_incremental_night_keeps_the_raw_schema_a_full_load_writes(tmp_path, run_nightly,
                                                                      published_samples):
    """Changed, removed, copied and unreadable documents in one night: the rows replaced in
    the copy of the published file equal a full load's raw schema."""
    from .test_quality import CHANGES_001_LINES, S001, change_lines

    raw, warehouse = published_samples  # the samples' full load
    (raw / S001).write_text(change_lines((raw / S001).read_text(), CHANGES_001_LINES))
    (raw / "002_4c5fe3dc1ed34f84.txt").unlink()  # the evaluation report leaves
    shutil.copy(raw / "003_3e0fce185d0163d8.txt", raw / "005_copy_of_003.txt")
    (raw / "006_unreadable.txt").write_bytes(b"\xff\xfe not a form")
    night = run_nightly(raw, warehouse)
    assert night.result.success
    changed = built_from_published(night.result)
    assert changed is not None and {"documents", "load_errors", "retired_documents",
                                    "declaration_project", "evaluation_report"} <= set(changed)
    assert "self_evaluation_indicator" not in changed  # 003's copy adds no rows
    full = run_nightly(raw, tmp_path / "full" / "perf.duckdb")
    night_raw, full_raw = raw_rows(warehouse), raw_rows(full.warehouse)
    # What only the night can know: the document that left, and what it rebuilt.
    assert [r[0] for r in night_raw.pop("retired_documents")] == ["002_4c5fe3dc1ed34f84.txt"]
    assert full_raw.pop("retired_documents") == []
    assert night_raw.pop("load_state")[0][1] == changed
    assert full_raw.pop("load_state")[0][1] is None
    assert night_raw.pop("changed_documents") == [
        (S001,), ("002_4c5fe3dc1ed34f84.txt",), ("005_copy_of_003.txt",),
        ("006_unreadable.txt",)]
    assert full_raw.pop("changed_documents") == []
    assert night_raw == full_raw
    assert model_rows(warehouse) == model_rows(full.warehouse)


def raw_rows(warehouse) -> dict[str, list]:
    """Every row of the raw schema, less the times of extraction and loading (each load has
    its own extraction store)."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'raw'").fetchall()]
        out = {}
        for table in tables:
            columns = [c for c, kind in con.execute(
                "select column_name, data_type from duckdb_columns() "
                "where schema_name = 'raw' and table_name = ?", [table]).fetchall()
                if "TIMESTAMP" not in kind]
            out[table] = con.execute(
                f"select {', '.join(columns)} from raw.{table} order by all").fetchall()
        return out
