"""Bad documents are set aside with file and line; the rest load; the published file survives."""

from __future__ import annotations

import shutil
import subprocess
import sys

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


# A reader in its own process (DuckDB keeps one database per path per process: a reader in
# this one would be handed the load's own instance). It opens the file and reads one table;
# told to go on, it reads through the same connection tables it had not read yet (so from
# the file, not from its cache), then exits.
READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("select count(*) from fct_project_year").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute(sys.argv[2]).fetchone()[0], flush=True)
"""
# Every table's rows, read whole: a file changed under the reader would not give yesterday's.
UNREAD = ("select count(*) || ':' || sum(hash(i)) || ':' || (select sum(hash(d)) from "
          "raw.documents d) || ':' || (select sum(hash(f)) from audit_findings f) "
          "from fct_indicator i")


def test_a_reader_keeps_its_connection_while_a_load_publishes(tmp_path, sample_load, run_nightly):
    warehouse = tmp_path / "perf.duckdb"
    shutil.copy(sample_load.warehouse, warehouse)
    with duckdb.connect(str(sample_load.warehouse), read_only=True) as con:
        yesterday = con.execute(UNREAD).fetchone()[0]
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), UNREAD],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "25"
        raw = tmp_path / "raw"
        raw.mkdir()
        shutil.copy(RAW / GOOD, raw / GOOD)
        load = run_nightly(raw, warehouse)
        assert load.result.success
        # The open connection still reads the file it opened, all of it.
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == yesterday
    finally:
        reader.kill()
        reader.wait()
    fresh = subprocess.run([sys.executable, "-c", READER, str(warehouse), "select 1"],
                           input="\n", capture_output=True, text=True, check=True)
    assert fresh.stdout.split()[0] == "8"  # a new reader sees the new load
    assert (tmp_path / "perf.previous.duckdb").exists()


def test_a_part_not_read_is_set_aside_by_page_and_its_document_loads(tmp_path, run_nightly):
    """万里 2023's budget rendering with its p. 33 填报表 spoiled (a word under the 一级 / 二级
    headers that is no label): the forms are set aside, named by file, page and reason in
    raw.load_errors as a part of a loaded document; the budget's own records all load. 西安's
    five self-evaluation forms (pp. 60-64 rendered) with the first's 指标值 moved under the
    实际完成值: that form alone is set aside at its page, the other four load."""
    from orchestration.extract import registry
    from orchestration.extract.common import SourceDocument

    from .corpus_figures import CORPUS

    source = CORPUS / "text" / "ptq_wanli_2023_dept_budget.pdftotext-layout.txt"
    printed = "数量指标                  整治行动、病媒消杀"
    text = source.read_text()
    assert text.count(printed) == 1
    raw = tmp_path / "raw"
    raw.mkdir()
    name = "wanli_2023_p33_spoiled.txt"
    (raw / name).write_text(text.replace(printed, printed.replace("数量指标", "数量目标")))
    whole = registry.extract(SourceDocument.from_bytes(name, source.read_bytes()))
    budget_lines = len(whole.rows("budget_line"))
    forms = CORPUS / "text" / "xian_wjw_2022_final_with_selfeval.p60-64.pdftotext-layout.txt"
    printed = "单位职工人数             346           346"
    text = forms.read_text()
    assert text.count(printed) == 1
    xian = "xian_p60-64_p1_spoiled.txt"
    (raw / xian).write_text(text.replace(printed, "单位职工人数                           346"))

    load = run_nightly(raw, tmp_path / "wh" / "perf.duckdb")
    assert load.result.success
    with duckdb.connect(str(load.warehouse), read_only=True) as con:
        errors = con.execute("select source_file, page, document_loaded, message "
                             "from raw.load_errors order by source_file").fetchall()
        status = con.execute("select status from raw.documents").fetchall()
        findings = con.execute("select check_id, severity, page from main.audit_findings "
                               "where check_id like '%PART-SET-ASIDE' "
                               "order by check_id").fetchall()
        projects = con.execute("select page from raw.self_evaluation_project "
                               "where source_file = ? order by page", [xian]).fetchall()
        counts = con.execute(
            "select (select count(*) from raw.budget_line), "
            "(select count(*) from raw.declaration_project), "
            "(select count(*) from main.fct_budget_line where source_file = ?)", [name]
        ).fetchone()
    assert [e[:3] for e in errors] == [(name, 33, True), (xian, 1, True)]
    assert errors[0][3].startswith("page 33: a 财政项目支出绩效目标填报表 rendering not read")
    assert "'数量目标'" in errors[0][3]
    assert errors[1][3].startswith("page 1: a self-evaluation form is not read")
    assert status == [("loaded",), ("loaded",)]
    # The auditor's findings name them.
    assert findings == [("DB-PART-SET-ASIDE", "warning", 33), ("SE-PART-SET-ASIDE", "warning", 1)]
    assert projects == [(2,), (3,), (4,), (5,)]
    # The budget's rows load whole; none of the forms' (set aside together, never half read).
    assert budget_lines > 100 and counts == (budget_lines, 0, budget_lines)
