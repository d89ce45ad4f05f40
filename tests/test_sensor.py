"""The raw-folder sensor: runs for added, changed (by hash) and removed documents only."""

from __future__ import annotations

import shutil

import dagster as dg

from orchestration.definitions import defs

from .conftest import RAW


def evaluate(monkeypatch, raw_dir, cursor):
    monkeypatch.setenv("PERFWH_RAW_DIR", str(raw_dir))
    sensor = defs.get_sensor_def("raw_documents_sensor")
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, cursor=cursor)
        result = sensor.evaluate_tick(context)
    return result


def test_sensor_runs_on_new_changed_and_removed_documents(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / "000_83445982ba865ebb.txt", raw)

    first = evaluate(monkeypatch, raw, None)
    assert len(first.run_requests) == 1
    assert first.run_requests[0].tags["perfwh/added"] == "000_83445982ba865ebb.txt"

    unchanged = evaluate(monkeypatch, raw, first.cursor)
    assert unchanged.run_requests == [] and unchanged.skip_message

    # Touched but identical bytes: not a change.
    (raw / "000_83445982ba865ebb.txt").write_bytes((RAW / "000_83445982ba865ebb.txt").read_bytes())
    touched = evaluate(monkeypatch, raw, first.cursor)
    assert touched.run_requests == []

    text = (raw / "000_83445982ba865ebb.txt").read_text().replace("167.35", "167.36", 1)
    (raw / "000_83445982ba865ebb.txt").write_text(text)
    shutil.copy(RAW / "003_3e0fce185d0163d8.txt", raw)
    changed = evaluate(monkeypatch, raw, touched.cursor)
    (request,) = changed.run_requests
    assert request.tags["perfwh/changed"] == "000_83445982ba865ebb.txt"
    assert request.tags["perfwh/added"] == "003_3e0fce185d0163d8.txt"
    assert request.run_key != first.run_requests[0].run_key

    (raw / "003_3e0fce185d0163d8.txt").unlink()
    removed = evaluate(monkeypatch, raw, changed.cursor)
    assert removed.run_requests[0].tags["perfwh/removed"] == "003_3e0fce185d0163d8.txt"


def test_documents_are_listed_in_path_order_under_their_relative_names(tmp_path):
    """Nested folders whose names sort one way as strings and another as paths; dot files and
    folders' own entries left out; names relative to the raw folder, also when it is '.'."""
    import os
    from pathlib import Path

    from orchestration.warehouse.ingest import document_files, relative_name
    from orchestration.warehouse.store import list_documents

    for rel in ["a/x.txt", "a-b/x.txt", "a b/y.txt", "a.txt", "b/c/d.txt", ".hidden.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("1")
    names = [relative_name(p, tmp_path) for p in document_files(tmp_path)]
    assert names == ["a/x.txt", "a b/y.txt", "a-b/x.txt", "a.txt", "b/c/d.txt"]
    listed = list_documents(tmp_path)
    assert [d.name for d in listed] == names
    assert [(d.size, d.mtime_ns) for d in listed] == [
        (os.stat(d.path).st_size, os.stat(d.path).st_mtime_ns) for d in listed]
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert [relative_name(p, Path(".")) for p in document_files(Path("."))] == names
    finally:
        os.chdir(cwd)
