"""Source problems are set-aside documents or notes, never a failed night: copies by content,
a corrected re-issue of a document, a file of one form repeated to 50 MB."""

from __future__ import annotations

import os
import shutil

import duckdb

from orchestration.warehouse.content import content_key, normalise

from .conftest import RAW

SE = "000_83445982ba865ebb.txt"
DECL = "001_6e0e86b4a42f7fa4.txt"
REPORT = "002_4c5fe3dc1ed34f84.txt"
BUDGET = "004_cacdc5d703bf78c7.txt"


def test_the_content_key_ignores_line_ends_bom_and_trailing_blanks():
    text = "标题\n项目名称\t甲\n\n合计 1.00\n"
    assert normalise(text) == "标题\n项目名称\t甲\n\n合计 1.00"
    same = ["\ufeff" + text, text.replace("\n", "\r\n"), text.replace("\n", "\r"),
            text.replace("\n", "  \n") + "\n\n  \n", text.rstrip("\n")]
    assert {content_key(t) for t in same} == {content_key(text)}
    # A changed figure, a changed line inside, leading blanks: another document.
    for other in (text.replace("1.00", "1.01"), text.replace("\n\n", "\n"), " " + text):
        assert content_key(other) != content_key(text)


def test_copies_versions_and_repeated_forms_publish_the_good_documents(tmp_path, run_nightly):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)  # copy2: the samples keep their modification times
    se = (RAW / SE).read_text()
    (raw / "se_crlf.txt").write_bytes(se.replace("\n", "\r\n").encode())
    (raw / "se_bom_blanks.txt").write_bytes(
        b"\xef\xbb\xbf" + "\n".join(line + " \t" for line in se.split("\n")).encode() + b"\n\n")
    # One form of the self-evaluation (lines 1-176) repeated to 50 MB.
    form = "\n".join(se.split("\n")[:176]) + "\n"
    (raw / "repeated_form.txt").write_text(form * (50_000_000 // len(form.encode())))
    # A corrected declaration, delivered after the one it corrects.
    corrected = (RAW / DECL).read_text().replace("446,048.00", "446,148.00")
    (raw / "decl_corrected.txt").write_text(corrected)
    stat = (raw / DECL).stat()
    os.utime(raw / "decl_corrected.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    # A budget and an evaluation report printed twice in one file, delivered later.
    for name, twice in ((BUDGET, "budget_twice.txt"), (REPORT, "report_twice.txt")):
        text = (RAW / name).read_text()
        (raw / twice).write_text(text + "\n" + text)

    load = run_nightly(raw, tmp_path / "wh" / "perf.duckdb")
    assert load.result.success
    with duckdb.connect(str(load.warehouse), read_only=True) as con:
        errors = {}
        for f, line, msg in con.execute("select source_file, line, message "
                                        "from raw.load_errors order by line").fetchall():
            errors.setdefault(f, []).append((line, msg))
        status = dict(con.execute("select source_file, status from raw.documents").fetchall())
        projects = con.execute("select count(*), count(distinct (project_key, fiscal_year, "
                               "document_kind)) from fct_project_year").fetchone()
        declared = con.execute(
            "select source_file, declared_amount_yuan from fct_project_year "
            "where project_name = '交换平台运行费' and document_kind = 'target_declaration'"
        ).fetchall()
    assert set(errors) == {"se_crlf.txt", "se_bom_blanks.txt", "repeated_form.txt", DECL,
                           BUDGET, REPORT, "budget_twice.txt"}
    assert errors["se_crlf.txt"] == [(1, f"same content as {SE}; loaded once")]
    assert errors["se_bom_blanks.txt"] == [(1, f"same content as {SE}; loaded once")]
    (superseded, repeats) = errors["repeated_form.txt"]
    assert superseded[1].startswith(f"superseded by {SE}: both report ")
    assert "reports 8 project-years, this one 1" in superseded[1]
    assert repeats[0] == 178 and "repeated 21293 times (lines 178, 354," in repeats[1]
    (line, msg) = errors[DECL][0]
    assert msg.startswith("superseded by decl_corrected.txt: both report ")
    assert "(the later version)" in msg
    for name, twice in ((BUDGET, "budget_twice.txt"), (REPORT, "report_twice.txt")):
        assert errors[name][0][1].startswith(f"superseded by {twice}: both report ")
    # The budget's repeated tables are noted (the report's repeats no keyed row).
    assert {m.split(":")[0] for _, m in errors["budget_twice.txt"]} == \
        {"budget_line", "budget_summary", "budget_three_public", "budget_project"}
    assert status[SE] == "loaded" and status["decl_corrected.txt"] == "loaded"
    assert status["budget_twice.txt"] == status["report_twice.txt"] == "loaded"
    assert {status[f] for f in errors if f != "budget_twice.txt"} == {"rejected"}
    # The marts hold the five samples' 25 project-years once each, the correction's figure.
    assert projects == (25, 25)
    assert declared == [("decl_corrected.txt", 446148)]
