"""Real published performance forms through the real nightly job: every hand-read figure of
kind self_evaluation (tests/corpus/expected.csv) on a page this project reads is found in the
row it belongs to, on its page; the k/n over all of them is printed.

Read: the 项目支出绩效自评表 of the national template, bound in a 决算 (国家信访局 2024, p30-36)
or by the dozen (西安 2022, about 90 forms), 宁德 2024's 部门整体绩效自评表, and 西安 2022's
部门整体支出绩效自评表 (p30-31), whose funding rows are function classes (社会保障和就业支出 …).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.extract.pdf_reader import read_pdf

from .corpus_figures import CORPUS, Figure, figures, norm, rows_by_file

FILES = ("5_final/gjxfj_2024_dept_final.pdf", "1_self_eval/xian_wjw_2022_final_with_selfeval.pdf",
         "1_self_eval/ningde_zfb_2024_dept_selfeval.pdf")
TABLES = ("self_evaluation_project", "self_evaluation_funding", "self_evaluation_indicator")
LABEL_FIELDS = ("project_name", "source_label", "indicator_name")
# The documents' own inconsistencies, checked on the page (tests/corpus/MANIFEST.md), one per
# rule: (file, page, check_id, project, expected, actual).
EXPECTED_FINDINGS = (
    # 执行率 printed 1000% for 400 / 400 (分值 left blank).
    ("xian_wjw_2022_final_with_selfeval.pdf", 98, "SE-RATE", "公共卫生事业发展资金", "100.00",
     "1000.00"),
    # 总分 分值 100, but the weights add up to 96 (indicators 86 + 预算执行 10).
    ("xian_wjw_2022_final_with_selfeval.pdf", 74, "SE-WEIGHTS", "安保服务项目", "100.00",
     "96.00"),
)


@pytest.fixture(scope="module")
def performance_load(tmp_path_factory, run_nightly):
    base = tmp_path_factory.mktemp("performance")
    raw = base / "raw"
    raw.mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, raw / Path(name).name)
    load = run_nightly(raw, base / "warehouse" / "perf.duckdb")
    assert load.result.success, "the nightly job failed on the corpus performance forms"
    return load


@pytest.fixture(scope="module")
def rows(performance_load) -> dict[str, dict[str, list[dict]]]:
    return rows_by_file(performance_load.warehouse, TABLES)


@pytest.fixture(scope="module")
def pages_of_lines() -> dict[str, dict[int, int]]:
    """file -> line of the document's text -> its page, from the PDF as the reader reads it."""
    out = {}
    for name in FILES:
        layout = read_pdf(Path(name).name, (CORPUS / name).read_bytes())
        out[Path(name).name] = {ln.line: p.number for p in layout.pages for ln in p.lines}
    return out


def found(fig: Figure, tables: dict[str, list[dict]], pages: dict[int, int]) -> bool:
    """A row printed on the figure's page, naming its label (总分: the form's own row), with
    the figure among its numbers."""
    label = norm(fig.label)
    for table, rs in tables.items():
        for r in rs:
            if fig.page not in {pages.get(n) for n in (r["line_start"], r["line_end"])}:
                continue
            if label.startswith("总分"):  # 总分, 总分值、评价总分(S): the form's own row
                if table != "self_evaluation_project":
                    continue
                numbers = (r["total_weight"], r["total_score_reported"])
            else:
                if not any(label and label in norm(r.get(f)) for f in LABEL_FIELDS):
                    continue
                numbers = tuple(v for v in r.values() if isinstance(v, Decimal))
            if fig.value in numbers:
                return True
    return False


def test_every_project_form_figure_is_found(rows, pages_of_lines, capsys):
    wanted = figures("self_evaluation")
    assert {f.file for f in wanted} <= set(FILES)
    missed = [f for f in wanted
              if not found(f, rows[Path(f.file).name], pages_of_lines[Path(f.file).name])]
    with capsys.disabled():
        print(f"\ncorpus self_evaluation figures found: {len(wanted) - len(missed)}/{len(wanted)}"
              " (missed: " + "; ".join(f"{Path(f.file).name} p{f.page} {f.label} {f.value}"
                                        for f in missed) + ")")
    assert not missed


def test_a_department_form_stands_beside_its_projects(performance_load, rows):
    """宁德's 部门整体 form: 92.33 printed, its indicator scores and budget score add up to it
    (no SE-TOTAL-SUM), and fct_department_year shows it beside the derived score."""
    (form,) = rows["ningde_zfb_2024_dept_selfeval.pdf"]["self_evaluation_project"]
    assert (form["form_scope"], form["total_score_reported"], form["grade_reported"]) == (
        "department", Decimal("92.33"), "优")
    con = duckdb.connect(str(performance_load.warehouse), read_only=True)
    try:
        sums = con.execute("""
            select check_id from audit_findings
            where source_file = 'ningde_zfb_2024_dept_selfeval.pdf'""").fetchall()
        dept = con.execute("""
            select n_projects_evaluated, n_department_forms, department_form_score_reported,
                   department_form_score_derived
            from fct_department_year where department_name = '宁德市人民政府办公室'""").fetchall()
        years = con.execute("""
            select department_name, fiscal_year, n_projects_evaluated from fct_department_year
            order by 1, 2""").fetchall()
    finally:
        con.close()
    assert ("SE-TOTAL-SUM",) not in sums and ("SE-WEIGHTS",) not in sums  # no 总分 weight printed
    ((n_projects, n_forms, reported, derived),) = dept
    assert (n_projects, n_forms, reported) == (0, 1, Decimal("92.33"))
    assert derived is not None
    # 国家信访局 2024 and 西安市卫生健康委员会 2022, their project forms counted per department.
    assert ("国家信访局", 2024, 4) in years
    assert any(d == "西安市卫生健康委员会" and y == 2022 and n >= 80 for d, y, n in years)


def test_a_department_form_by_function_class(rows):
    """西安's 部门整体支出绩效自评表 (p30-31): named by its title, a row per function class with
    the 总额 of its budget and execution (not the 财政拨款 / 其他资金 parts), 金额合计 the total."""
    t = rows["xian_wjw_2022_final_with_selfeval.pdf"]
    (form,) = [r for r in t["self_evaluation_project"] if r["form_scope"] == "department"]
    assert (form["project_name"], form["page"], form["total_weight"],
            form["total_score_reported"]) == (
        "西安市卫生健康委员会部门整体支出绩效自评表", 30, Decimal("100"), Decimal("99.5"))
    funding = [r for r in t["self_evaluation_funding"] if r["project_name"] == form["project_name"]]
    classes = {r["source_label"]: r for r in funding if r["funding_source"] == "function_class"}
    assert len(classes) == 17
    social = classes["社会保障和就业支出"]
    assert (social["full_year_budget_wan"], social["executed_wan"], social["weight"],
            social["execution_rate_pct"], social["score"]) == (
        Decimal("16108.32"), Decimal("14994.95"), Decimal("0.58"), Decimal("93.09"),
        Decimal("0.58"))
    (total,) = [r for r in funding if r["funding_source"] == "total"]
    assert (total["source_label"], total["full_year_budget_wan"], total["executed_wan"],
            total["execution_rate_pct"]) == (
        "金额合计", Decimal("2495142.55"), Decimal("2074962.01"), Decimal("83.16"))
    assert sum(r["executed_wan"] for r in classes.values()) == total["executed_wan"]
    indicators = [r for r in t["self_evaluation_indicator"]
                  if r["project_name"] == form["project_name"]]
    assert len(indicators) == 20 and sum(r["weight"] for r in indicators) == Decimal("90")


def test_forms_bound_in_a_final_account_are_read_beside_it(rows):
    """国家信访局's 决算 holds four project forms (p30-36); 西安's about ninety."""
    gj = rows["gjxfj_2024_dept_final.pdf"]["self_evaluation_project"]
    assert [r["project_name"] for r in gj][:1] == ["信访干部培训专项"]
    assert len(gj) == 4 and all(r["page"] and r["fiscal_year"] == 2024 for r in gj)
    xa = rows["xian_wjw_2022_final_with_selfeval.pdf"]["self_evaluation_project"]
    assert len(xa) >= 80 and {r["department_name"] for r in xa} == {"西安市卫生健康委员会"}
    # Every form has its 年度资金总额 row and its indicators.
    for name in ("gjxfj_2024_dept_final.pdf", "xian_wjw_2022_final_with_selfeval.pdf"):
        t = rows[name]
        forms = {(r["project_name"], r["line_start"]) for r in t["self_evaluation_project"]}
        totals = [r for r in t["self_evaluation_funding"] if r["funding_source"] == "total"]
        assert len(totals) == len(forms)
        assert {r["project_name"] for r in t["self_evaluation_indicator"]} == {
            p for p, _ in forms}


def test_deviation_reasons_and_levels_carried_over(rows):
    inds = rows["gjxfj_2024_dept_final.pdf"]["self_evaluation_indicator"]
    (rate,) = [r for r in inds if r["indicator_name"] == "设备完好率"]
    assert (rate["level1"], rate["level2"], rate["target_raw"], rate["actual_raw"]) == (
        "产出指标", "质量指标", "≥96%", "85%")  # 质量指标 printed between it and the row above
    assert (rate["weight"], rate["score_reported"]) == (Decimal("10"), Decimal("7.1"))
    assert rate["deviation_note"].startswith("终端电脑经常电源故障")


def test_each_corpus_documents_rounding_is_in_the_warehouse(performance_load, capsys):
    con = duckdb.connect(str(performance_load.warehouse), read_only=True)
    try:
        got = con.execute("""
            select source_file, rounding_detected, n_rates, n_telling, n_truncate, n_half_up,
                   n_up from fct_document_rounding order by 1""").fetchall()
        loaded = {r[0] for r in con.execute(
            "select source_file from raw.documents where status = 'loaded'").fetchall()}
    finally:
        con.close()
    with capsys.disabled():
        print("\nrounding per document (detected, rates, telling, truncate/half_up/up):")
        for row in got:
            print("  ", *row)
    assert {r[0] for r in got} == loaded == {Path(f).name for f in FILES}
    # Each document's convention explains at least as many telling rates as any other.
    for _, detected, _, _, *counts in got:
        if detected != "undetermined":
            best = dict(zip(("truncate", "half_up", "up"), counts, strict=True))
            assert best[detected] == max(counts) > 0


def test_marts_carry_each_rows_page_table_and_row(performance_load):
    """fct_project_year, fct_project_funding and fct_indicator keep the page, table and row of
    the raw row they come from (file.pdf#page=N opens it); fct_project_year also the page of
    the budget row, which for 国家信访局's 信息化运行维护 (p35-36) is its first page."""
    pairs = {  # mart -> its raw table, and the columns pairing their rows
        "fct_project_year": ("self_evaluation_project", ("line_start",)),
        "fct_project_funding": ("self_evaluation_funding",
                                ("line_start", "funding_source", "source_label")),
        "fct_indicator": ("self_evaluation_indicator", ("seq",)),
    }
    con = duckdb.connect(str(performance_load.warehouse), read_only=True)
    try:
        for mart, (raw, keys) in pairs.items():
            on = " and ".join(f"m.{k} = r.{k}" for k in keys)
            counts = con.execute(f"""
                select count(*), count(m.page),
                       count(*) filter (where (m.page, m.table_no, m.row_no)
                                        is distinct from (r.page, r.table_no, r.row_no))
                from main.{mart} as m
                inner join raw.{raw} as r
                    on m.source_file = r.source_file and {on}
                where m.document_kind = 'self_evaluation'""").fetchone()
            assert counts[0] > 90 and counts[1] == counts[0] and counts[2] == 0, (mart, counts)
        budget = con.execute("""
            select page, budget_page from fct_project_year
            where project_name = '信息化运行维护'""").fetchall()
    finally:
        con.close()
    assert budget == [(35, 35)]



def test_the_documents_own_inconsistencies_are_findings(performance_load, pages_of_lines):
    con = duckdb.connect(str(performance_load.warehouse), read_only=True)
    try:
        got = con.execute("""
            select source_file, line_start, check_id, project_name, expected, actual
            from audit_findings""").fetchall()
    finally:
        con.close()
    on_pages = {(f, pages_of_lines[f].get(line), c, p, e, a) for f, line, c, p, e, a in got}
    for finding in EXPECTED_FINDINGS:
        assert finding in on_pages, finding
