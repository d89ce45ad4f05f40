"""Bad documents are set aside with file and line; the rest load; the published file survives."""

from __future__ import annotations

import shutil

import duckdb

from .conftest import RAW

GOOD = "000_83445982ba865ebb.txt"


def test_bad_documents_are_set_aside_and_the_others_load(tmp_path, run_nightly):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / GOOD, raw / GOOD)
    text = (RAW / GOOD).read_text()
    (raw / "copy_of_000.txt").write_bytes((RAW / GOOD).read_bytes())           # same content
    (raw / "empty.txt").write_text("")                                         # empty
    (raw / "gbk.txt").write_bytes(text.encode("gb18030"))                      # not UTF-8
    (raw / "truncated.txt").write_text("\n".join(text.split("\n")[:120]))      # cut mid-table
    (raw / "letter.txt").write_text("关于开展2024年度工作的通知\n各单位：\n")      # unknown kind

    load = run_nightly(raw, tmp_path / "wh" / "perf.duckdb")
    assert load.result.success
    con = duckdb.connect(str(load.warehouse), read_only=True)
    errors = {f: (line, msg) for f, line, msg in con.execute(
        "select source_file, line, message from raw.load_errors").fetchall()}
    assert set(errors) == {"copy_of_000.txt", "empty.txt", "gbk.txt", "truncated.txt",
                           "letter.txt"}
    assert "same content as 000_83445982ba865ebb.txt" in errors["copy_of_000.txt"][1]
    assert "empty" in errors["empty.txt"][1]
    assert "UTF-8" in errors["gbk.txt"][1] and errors["gbk.txt"][0] == 2
    assert 1 <= errors["truncated.txt"][0] <= 120 and "总分" in errors["truncated.txt"][1]
    assert "unknown kind" in errors["letter.txt"][1]
    # Nothing of the truncated document was half-loaded; the good one loaded whole.
    files = {f for (f,) in con.execute(
        "select distinct source_file from raw.self_evaluation_indicator").fetchall()}
    assert files == {GOOD}
    assert con.execute("select count(*) from fct_project_year").fetchone()[0] == 8
    statuses = dict(con.execute("select source_file, status from raw.documents").fetchall())
    assert statuses[GOOD] == "loaded" and statuses["gbk.txt"] == "rejected"
    con.close()


def test_a_failed_load_keeps_the_published_warehouse(tmp_path, sample_load, run_nightly):
    """A run that breaks (its raw folder is gone) publishes nothing; yesterday's file stays."""
    warehouse = tmp_path / "perf.duckdb"
    shutil.copy(sample_load.warehouse, warehouse)
    before = warehouse.read_bytes()
    load = run_nightly(tmp_path / "no_such_folder", warehouse)
    assert not load.result.success
    assert warehouse.read_bytes() == before
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from fct_project_year").fetchone()[0] == 25
    con.close()


def test_a_reader_keeps_its_connection_while_a_load_publishes(tmp_path, sample_load, run_nightly):
    warehouse = tmp_path / "perf.duckdb"
    shutil.copy(sample_load.warehouse, warehouse)
    reader = duckdb.connect(str(warehouse), read_only=True)
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / GOOD, raw / GOOD)
    load = run_nightly(raw, warehouse)
    assert load.result.success
    # The open connection still reads the file it opened; a new one sees the new load.
    assert reader.execute("select count(*) from fct_project_year").fetchone()[0] == 25
    reader.close()
    fresh = duckdb.connect(str(warehouse), read_only=True)
    assert fresh.execute("select count(*) from fct_project_year").fetchone()[0] == 8
    fresh.close()
    assert (tmp_path / "perf.previous.duckdb").exists()
