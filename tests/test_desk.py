"""The auditor's desk: the report in a real headless Chromium, the workbooks read back with
openpyxl, reviews that survive a rebuild, the data dictionary and the perfwh command."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main as perfwh
from orchestration.desk.paths import DeskPaths

from .browser import open_page
from .conftest import RAW

DEPARTMENT, YEAR = "上海市公安局", 2024


def published_rows(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def department_files(warehouse: Path) -> list[str]:
    return [r[0] for r in published_rows(
        warehouse, "select distinct source_file from main.fct_project_year "
        "where department_name = ? and fiscal_year = ?", [DEPARTMENT, YEAR])]


def test_the_report_renders_in_chromium_offline(sample_load, tmp_path):
    """Projects, both charts and the findings render, nothing is fetched, no console error;
    the Chinese title is drawn with a CJK font. The screenshot is kept in the test's folder."""
    report = DeskPaths(sample_load.warehouse).reports / f"{DEPARTMENT}_{YEAR}.html"
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in html
    projects = published_rows(sample_load.warehouse, """
        select project_name, execution_rate_derived is not null, total_score_reported is not null
        from main.fct_project_year where department_name = ? and fiscal_year = ?""",
        [DEPARTMENT, YEAR])
    files = department_files(sample_load.warehouse)
    findings = published_rows(
        sample_load.warehouse, "select finding_id from main.audit_findings "
        f"where source_file in ({', '.join('?' for _ in files)})", files)
    assert projects and findings

    page = open_page(report.as_uri(), {
        "title": "document.querySelector('h1').textContent",
        "text": "document.body.innerText",
        "charts": "document.querySelectorAll('svg.chart').length",
        "rate_bars": "document.querySelectorAll('svg.chart')[0].querySelectorAll('rect.s1')"
                     ".length",
        "total_bars": "document.querySelectorAll('svg.chart')[1].querySelectorAll('rect.s0')"
                      ".length",
        "links": "[...document.querySelectorAll('a[href^=\"#src-\"]')]"
                 ".filter(a => !document.getElementById(a.getAttribute('href').slice(1)))"
                 ".length",
    })
    (tmp_path / "report.png").write_bytes(page.screenshot)

    assert page.console_errors == []
    assert page.requests == [report.as_uri()]  # the page itself, and nothing else
    assert page.values["title"] == f"{DEPARTMENT} {YEAR}年度 预算绩效审计报告"
    for name, _, _ in projects:
        assert name in page.values["text"]
    assert page.values["charts"] == 2
    assert page.values["rate_bars"] == sum(rate for _, rate, _ in projects)
    assert page.values["total_bars"] == sum(total for _, _, total in projects)
    for (finding_id,) in findings:
        assert finding_id in page.values["text"]
    assert page.values["links"] == 0  # every source link lands on its quoted lines
    # The department's own figures (fct_department_year); no 决算 of it is loaded.
    ((executed,),) = published_rows(
        sample_load.warehouse, "select executed_yuan from main.fct_department_year "
        "where department_name = ? and fiscal_year = ?", [DEPARTMENT, YEAR])
    assert f"{executed:,.2f}" in page.values["text"]
    assert "本部门本年度无记录" in page.values["text"]
    assert "not available" not in page.values["text"]
    assert any("CJK" in f or "Noto Sans SC" in f for f in page.fonts), page.fonts
    assert page.screenshot[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_workbook_holds_the_numbers_and_chinese_headers(sample_load):
    from openpyxl import load_workbook

    desk = DeskPaths(sample_load.warehouse)
    book = load_workbook(desk.exports / f"{DEPARTMENT}_{YEAR}.xlsx")
    assert {"fct_project_year", "fct_indicator", "audit_findings"} <= set(book.sheetnames)
    ws = book["fct_project_year"]
    head = [c.value for c in ws[1]]
    assert "项目名称（project_name）" in head and "全年执行数（executed_yuan）" in head
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    names = [c.value for c in ws[1]]
    col_name = names.index("项目名称（project_name）") + 1
    col_exec = names.index("全年执行数（executed_yuan）") + 1
    got = {ws.cell(r, col_name).value: ws.cell(r, col_exec) for r in range(2, ws.max_row + 1)}
    want = dict(published_rows(sample_load.warehouse, """
        select project_name, executed_yuan from main.fct_project_year
        where department_name = ? and fiscal_year = ?""", [DEPARTMENT, YEAR]))
    assert set(got) == set(want)
    for name, cell in got.items():
        assert isinstance(cell.value, int | float) and cell.number_format == "#,##0.00"
        assert Decimal(str(cell.value)).quantize(Decimal("0.01")) == want[name]

    files = department_files(sample_load.warehouse)
    (n_department,) = published_rows(
        sample_load.warehouse, "select count(*) from main.audit_findings "
        f"where source_file in ({', '.join('?' for _ in files)})", files)[0]
    assert book["audit_findings"].max_row == n_department + 1

    whole = load_workbook(desk.exports / "全部.xlsx")
    assert n_department < whole["audit_findings"].max_row - 1
    (n_findings,) = published_rows(sample_load.warehouse, "select count(*) from audit_findings")[0]
    assert whole["audit_findings"].max_row == n_findings + 1
    with (desk.exports / "csv" / "全部" / "fct_project_year.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    (n_forms,) = published_rows(sample_load.warehouse, "select count(*) from fct_project_year")[0]
    assert "项目名称（project_name）" in rows[0] and len(rows) == n_forms + 1


def test_the_data_dictionary_has_both_languages(sample_load):
    page = DeskPaths(sample_load.warehouse).dictionary.read_text(encoding="utf-8")
    # The manifest is inside the page as JSON (Chinese as \u escapes).
    description = "项目年度事实 Grain: project x fiscal year x document kind"
    assert json.dumps(description)[1:-1] in page
    assert '"executed_yuan": {"type": "DECIMAL' in page  # the catalog: the published types
    report = DeskPaths(sample_load.warehouse).reports / f"{DEPARTMENT}_{YEAR}.html"
    assert 'href="../dictionary/index.html"' in report.read_text(encoding="utf-8")


def _finding(warehouse: Path, check_id: str, source_file: str) -> tuple:
    return published_rows(warehouse, """
        select finding_id, review_status, reviewer, review_reason, reviewed_at, needs_recheck
        from main.audit_findings where check_id = ? and source_file = ?
        order by line_start limit 1""", [check_id, source_file])[0]


def test_a_review_survives_rebuilds_and_a_changed_document_asks_for_another_look(
        tmp_path, run_nightly, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    warehouse = tmp_path / "warehouse" / "perf.duckdb"
    assert run_nightly(raw, warehouse, desk=True).result.success
    target = "000_83445982ba865ebb.txt"
    finding_id, status, *_ = _finding(warehouse, "SE-TOTAL-RULE", target)
    assert status is None
    other = _finding(warehouse, "SE-TOTAL-RULE", "003_3e0fce185d0163d8.txt")[0]

    assert perfwh(["--warehouse", str(warehouse), "review", "set", finding_id,
                   "--status", "dismissed", "--reviewer", "王审计"]) == 1  # no reason
    assert perfwh(["--warehouse", str(warehouse), "review", "set", "0" * 16,
                   "--status", "confirmed", "--reviewer", "王审计"]) == 1  # no such finding
    assert perfwh(["--warehouse", str(warehouse), "review", "set", finding_id,
                   "--status", "dismissed", "--reviewer", "王审计",
                   "--reason", "预算调整已批复"]) == 0
    capsys.readouterr()

    # A rebuild from an empty file: the warehouse is new, the review is joined back.
    full = {"resources": {"warehouse": {"config": {"full_build": True}}}}
    assert run_nightly(raw, warehouse, run_config=full, desk=True).result.success
    fid, status, reviewer, reason, reviewed_at, recheck = _finding(warehouse, "SE-TOTAL-RULE",
                                                                   target)
    assert (fid, status, reviewer, reason, recheck) == (
        finding_id, "dismissed", "王审计", "预算调整已批复", False)
    assert reviewed_at is not None
    assert _finding(warehouse, "SE-TOTAL-RULE", "003_3e0fce185d0163d8.txt")[:2] == (other, None)
    report = (DeskPaths(warehouse).reports / f"{DEPARTMENT}_{YEAR}.html").read_text()
    assert "已排除" in report and "预算调整已批复" in report and "需复核" not in report

    # The document is re-issued (same figures, one more line): same finding, another look.
    untouched = DeskPaths(warehouse).reports / "上海市人力资源和社会保障局_2024.html"
    before = untouched.stat().st_mtime_ns
    with (raw / target).open("a", encoding="utf-8") as f:
        f.write("\n")
    assert run_nightly(raw, warehouse, desk=True).result.success
    assert untouched.stat().st_mtime_ns == before  # its documents and reviews did not change
    fid, status, reviewer, _, _, recheck = _finding(warehouse, "SE-TOTAL-RULE", target)
    assert (fid, status, reviewer, recheck) == (finding_id, "dismissed", "王审计", True)
    report = (DeskPaths(warehouse).reports / f"{DEPARTMENT}_{YEAR}.html").read_text()
    assert "需复核" in report
    assert perfwh(["--warehouse", str(warehouse), "review", "list", "--needs-recheck"]) == 0
    listed = capsys.readouterr().out
    assert finding_id in listed and "look again" in listed and "1 findings" in listed

    # Looked at again: a new review against the new bytes clears the flag (history kept).
    assert perfwh(["--warehouse", str(warehouse), "review", "set", finding_id,
                   "--status", "confirmed", "--reviewer", "李审计"]) == 0
    assert perfwh(["--warehouse", str(warehouse), "review", "list", "--needs-recheck"]) == 0
    assert "0 findings" in capsys.readouterr().out
    assert perfwh(["--warehouse", str(warehouse), "review", "history", finding_id]) == 0
    history = capsys.readouterr().out.splitlines()
    assert [h.split()[2] for h in history] == ["dismissed", "confirmed"]


def test_a_warehouse_without_the_department_and_final_tables_says_so(sample_load, tmp_path):
    """An older warehouse without fct_department_year and fct_budget_vs_final still renders,
    saying those sections are not available; with them, their rows show."""
    from orchestration.desk.data import department_year
    from orchestration.desk.report import render

    copy = tmp_path / "perf.duckdb"
    shutil.copyfile(sample_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table main.fct_department_year")
        con.execute("drop table main.fct_budget_vs_final")
    with duckdb.connect(str(copy), read_only=True) as con:
        html = render(department_year(con, tmp_path / "reviews.sqlite", DEPARTMENT, YEAR),
                      None, None)
    assert html.count("not available") == 2
    with duckdb.connect(str(sample_load.warehouse), read_only=True) as con:
        html = render(department_year(con, tmp_path / "reviews.sqlite", DEPARTMENT, YEAR),
                      None, None)
        (n_forms,) = con.execute(
            "select n_self_evaluation_forms from main.fct_department_year "
            "where department_name = ? and fiscal_year = ?", [DEPARTMENT, YEAR]).fetchone()
    assert "not available" not in html and "n_self_evaluation_forms" in html
    assert f"<td>{n_forms}</td>" in html or f">{n_forms}<" in html


def test_perfwh_help_and_a_report_on_demand(sample_load, tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        perfwh(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("report", "export", "review", "dictionary"):
        assert command in out
    assert perfwh(["--warehouse", str(sample_load.warehouse), "report", "--department",
                   DEPARTMENT, "--year", str(YEAR), "--out", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.glob("*.html")] == [f"{DEPARTMENT}_{YEAR}.html"]
    assert perfwh(["--warehouse", str(sample_load.warehouse), "report", "--department",
                   "不存在的部门"]) == 1


def test_a_review_from_the_dagster_ui_job(sample_load, tmp_path):
    """The review_finding job (the UI's Launchpad) records the same review as perfwh."""
    from orchestration.definitions import defs
    from orchestration.desk.reviews import current

    from .conftest import local_instance

    copy = tmp_path / "perf.duckdb"
    shutil.copyfile(sample_load.warehouse, copy)
    finding_id = _finding(copy, "ER-QUOTE", "002_4c5fe3dc1ed34f84.txt")[0]
    job = defs.resolve_job_def("review_finding")

    def run(status: str, reason: str = ""):
        config = {"ops": {"record_review": {"config": {
                      "finding_id": finding_id, "status": status, "reviewer": "张审计",
                      "reason": reason}}},
                  "resources": {"warehouse": {"config": {"warehouse": str(copy)}}}}
        with local_instance(tmp_path / "dagster") as instance:
            return job.execute_in_process(run_config=config, instance=instance,
                                          raise_on_error=False)

    assert not run("dismissed").success  # a dismissal without a reason is refused
    assert run("dismissed", "引文笔误，表格数字正确").success
    (row,) = current(DeskPaths(copy).reviews).to_dict("records")
    assert (row["finding_id"], row["status"], row["reviewer"], row["reason"]) == (
        finding_id, "dismissed", "张审计", "引文笔误，表格数字正确")


def test_source_links_open_a_pdf_at_its_page_and_quote_a_text_at_its_lines(tmp_path):
    from orchestration.desk.report import Sources

    (tmp_path / "a.txt").write_text("one\ntwo\nthree\nfour\n", encoding="utf-8")
    src = Sources(tmp_path)
    assert f'href="{tmp_path.as_uri()}/b.pdf#page=7"' in src.link("b.pdf", 10, 12, page=7)
    assert ">b.pdf 第7页<" in src.link("b.pdf", None, None, page=7)
    link = src.link("a.txt", 2, 3)
    assert 'href="#src-a_txt-2-3"' in link and "第2–3行" in link
    appendix = src.appendix()
    assert 'id="src-a_txt-2-3"' in appendix and "two" in appendix and "three" in appendix
    assert "four" not in appendix and "one" not in appendix


def test_a_pdf_budget_and_its_findings_open_at_their_pages(tmp_path, run_nightly):
    """A 单位预算 PDF through the job: its budget rows and its findings link to their pages."""
    import re

    pdf = "sh_czj_2025_unit_budget.pdf"
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW.parents[1] / "tests" / "corpus" / "4_budget" / pdf, raw / pdf)
    warehouse = tmp_path / "wh" / "perf.duckdb"
    assert run_nightly(raw, warehouse, desk=True).result.success
    ((department, year),) = published_rows(
        warehouse, "select distinct department_name, fiscal_year from fct_budget_line")
    pages = {p for (p,) in published_rows(warehouse, """
        select distinct page from fct_budget_line
        where classification = 'function' and level in ('类', '合计')""")}
    finding_pages = published_rows(warehouse, """
        select f.finding_id, min(l.page) from audit_findings f
        join fct_budget_line l on l.source_file = f.source_file and l.line_start = f.line_start
        group by 1""")
    html = (DeskPaths(warehouse).reports / f"{department}_{year}.html").read_text()
    linked = {int(n) for n in re.findall(re.escape(pdf) + r"#page=(\d+)", html)}
    assert pages and pages <= linked
    assert finding_pages  # the document's sum that does not add up (DB-CHILDREN-SUM)
    for finding_id, page in finding_pages:
        end = html.index(f"<code>{finding_id}</code>")
        assert f"{pdf}#page={page}" in html[html.rindex("<tr>", 0, end):end]
