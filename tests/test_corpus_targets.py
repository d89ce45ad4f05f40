"""Performance-target forms and evaluation reports of the corpus through the real nightly job:
every hand-read figure of kind target_declaration and evaluation_report (tests/corpus/
expected.csv) whose document has a text layer is found, on its page, in the row it belongs to;
k/n per kind is printed. The scanned 长沙 results are set aside as scanned.

Read: 上海's 财政项目支出绩效目标填报表 bound in 万里街道's 2023 budget (pp. 31-35), 广州
2026's 项目支出绩效目标表 (政务服务和数据管理局, 12 pages; 生态环境局, 140 pages) and
部门整体预算绩效目标申报表, 长沙 2020's 财政项目支出绩效评价报告 (its 项目支出情况表 and prose). The
documents' own oddities are findings: unit subtotals off their project rows by 0.01 万元
(PT-SUBTOTAL-ROUNDING), the 长沙 合计 预算到位 13,237.00 over rows adding to 13,027.00
(ER-TABLE-SUM), 84.69% printed where 2,614.12 / 3,087 gives 84.68% (ER-TABLE-RATE-ROUNDING:
84.69 is the figure rounded up).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.extract.pdf_reader import read_pdf
from orchestration.quality.findings import findings_of
from orchestration.quality.suites import suite_specs
from orchestration.quality.validate import run_suite
from orchestration.settings import EXPECTATIONS_DIR

from .corpus_figures import CORPUS, Figure, figures, norm, rows_by_file

FILES = ("2_target/gz_zsj_2026_project_targets.pdf", "2_target/gz_sthj_2026_project_targets.pdf",
         "2_target/gz_zsj_2026_dept_targets.pdf", "3_eval_report/changsha_gzw_2020_eval_report.pdf",
         "3_eval_report/changsha_jjzd_2023_eval_result_scan.pdf",
         "3_eval_report/changsha_scjg_2022_eval_result_scan.pdf",
         "4_budget/ptq_wanli_2023_dept_budget.pdf")
SCANNED = {"changsha_jjzd_2023_eval_result_scan.pdf": 7,
           "changsha_scjg_2022_eval_result_scan.pdf": 6}
TABLES = ("form_amount", "declaration_project", "declaration_indicator", "evaluation_quote",
          "evaluation_report")
# Column words a figure's note may name ("财政拨款 column").
COLUMNS = ("总计", "财政拨款", "财政专户拨款", "其他资金", "预算批复", "预算到位", "实际执行",
           "执行率", "指标结余")
WAN = Decimal(10_000)
# A project form's labelled amounts (上海's 填报表) -> the field holding them.
FORM_FIELDS = {"项目资金总额": "total_amount_yuan", "年度资金申请总额": "year_request_yuan"}
YUAN = {"元": Decimal(1), "万元": WAN}


@pytest.fixture(scope="module")
def targets_load(tmp_path_factory, run_nightly):
    base = tmp_path_factory.mktemp("targets")
    raw = base / "raw"
    raw.mkdir()
    for name in FILES:
        shutil.copy(CORPUS / name, raw / Path(name).name)
    load = run_nightly(raw, base / "warehouse" / "perf.duckdb")
    assert load.result.success, "the nightly job failed on the corpus target forms and reports"
    return load


@pytest.fixture(scope="module")
def rows(targets_load) -> dict[str, dict[str, list[dict]]]:
    return rows_by_file(targets_load.warehouse, TABLES)


@pytest.fixture(scope="module")
def pages_of_lines() -> dict[str, dict[int, int]]:
    """file -> line of the document's text -> its page, as the reader reads the PDF."""
    out = {}
    for name in FILES:
        if Path(name).name in SCANNED:
            continue
        layout = read_pdf(Path(name).name, (CORPUS / name).read_bytes())
        out[Path(name).name] = {ln.line: p.number for p in layout.pages for ln in p.lines}
    return out


def _column(fig: Figure) -> str | None:
    return next((w for w in COLUMNS if f"{w} column" in fig.note), None)


def found(fig: Figure, tables: dict[str, list[dict]], pages: dict[int, int]) -> bool:
    """A row printed on the figure's page naming its label, with its value (in its column
    when the note names one)."""
    label, column = norm(fig.label), _column(fig)

    def on_page(r: dict) -> bool:
        return fig.page in {pages.get(r["line_start"]), pages.get(r["line_end"])}

    for r in tables.get("form_amount", []):
        if (r["page"] == fig.page and norm(r["row_label"]) == label
                and r["value"] == fig.value and r["unit_printed"] == fig.unit
                and column in (None, r["column_label"])):
            return True
    if fig.unit in YUAN and column is None:
        for r in tables.get("declaration_project", []):
            yuan = fig.value * YUAN[fig.unit]
            if on_page(r) and ((norm(r["project_name"]) == label
                                and r["year_request_yuan"] == yuan)
                               or (label in FORM_FIELDS and r[FORM_FIELDS[label]] == yuan)):
                return True
    for r in tables.get("declaration_indicator", []):
        if (on_page(r) and norm(r["indicator_name"]) == label
                and r["target_value"] == fig.value and r["target_unit"] == fig.unit):
            return True
    if fig.narrative:
        for r in tables.get("evaluation_quote", []):
            if (on_page(r) and label == norm(r["subject"]) and r["value"] == fig.value
                    and r["unit"] == fig.unit):
                return True
    return False


@pytest.mark.parametrize("kind", ["target_declaration", "evaluation_report"])
def test_every_text_layer_figure_is_found(kind, rows, pages_of_lines, capsys):
    wanted = [f for f in figures(kind) if not f.scanned]
    assert {f.file for f in wanted} <= set(FILES)
    missed = [f for f in wanted if not found(f, rows[Path(f.file).name],
                                             pages_of_lines[Path(f.file).name])]
    with capsys.disabled():
        print(f"\ncorpus {kind} figures found: {len(wanted) - len(missed)}/{len(wanted)} "
              "(text-layer PDFs)")
    assert not missed, "\n".join(f"{f.file} p{f.page} {f.label} {f.value} {f.unit}"
                                 for f in missed)
    assert len(wanted) >= {"target_declaration": 28, "evaluation_report": 10}[kind]


def test_the_scanned_reports_are_set_aside_as_scanned(targets_load):
    con = duckdb.connect(str(targets_load.warehouse), read_only=True)
    try:
        errors = con.execute("select source_file, message from raw.load_errors").fetchall()
        loaded = {r[0] for r in con.execute(
            "select source_file from raw.documents where status = 'loaded'").fetchall()}
    finally:
        con.close()
    assert sorted(errors) == sorted(
        (name, f"scanned: no text layer ({n} pages)") for name, n in SCANNED.items())
    assert loaded == {Path(f).name for f in FILES} - set(SCANNED)


def test_project_rows_units_and_indicators(rows):
    """Every project row of 政务服务和数据管理局's table, under its unit, with its indicators."""
    t = rows["gz_zsj_2026_project_targets.pdf"]
    projects = t["declaration_project"]
    assert len(projects) == 70 and {p["fiscal_year"] for p in projects} == {2026}
    hotline = next(p for p in projects if p["project_name"].startswith("广州12345"))
    assert (hotline["unit_name"], hotline["year_request_yuan"],
            hotline["year_appropriation_yuan"]) == (
        "广州市政务服务和数据管理局", Decimal("120000000.00"), Decimal("120000000.00"))
    inds = [i for i in t["declaration_indicator"] if i["project_name"] == hotline["project_name"]]
    assert [i["indicator_name"] for i in inds][-3:] == ["话务接通率", "受理服务满意度",
                                                        "人工成本控制率"]
    rate = next(i for i in inds if i["indicator_name"] == "话务接通率")
    assert (rate["level1"], rate["level2"], rate["target_op"], rate["target_value"]) == (
        "效益指标", "社会效益", "≥", Decimal("93"))
    units = [r["row_label"] for r in t["form_amount"]
             if r["block"] == "unit" and r["column_label"] == "总计"]
    assert units == ["广州市政务服务和数据管理局", "广州市数字政府运营中心", "广州市政务服务中心",
                     "广州市市长专线电话受理中心"]


def test_a_blank_cell_never_shifts_a_figure(rows):
    """生态环境局's 合计: 财政专户拨款 blank, 其他资金 1,577.77 stays under 其他资金."""
    total = {r["column_label"]: r["value"] for r in rows["gz_sthj_2026_project_targets.pdf"][
        "form_amount"] if r["block"] == "total"}
    assert total == {"总计": Decimal("37367.86"), "财政拨款": Decimal("35790.09"),
                     "其他资金": Decimal("1577.77")}


def test_the_report_row_takes_the_tables_total_and_the_prose_score(rows):
    (report,) = rows["changsha_gzw_2020_eval_report.pdf"]["evaluation_report"]
    assert (report["fiscal_year"], report["approved_budget_yuan"],
            report["actual_spending_yuan"], report["execution_rate_pct"],
            report["total_score"], report["grade"]) == (
        2020, Decimal("132370000.00"), Decimal("126792100.00"), Decimal("95.79"),
        Decimal("92.25"), "优")
    assert report["project_name"] == "长沙市人民政府国有资产监督管理委员会国企改革稳定专项资金"
    assert (report["report_year"], report["report_month"], report["report_day"]) == (2021, 8, 22)


def test_the_documents_oddities_are_findings(targets_load, capsys):
    con = duckdb.connect(str(targets_load.warehouse), read_only=True)
    try:
        got = con.execute("""
            select check_id, severity, source_file, message from audit_findings
            where check_id like 'PT-%' or check_id like 'ER-TABLE%'
               or check_id like 'DC-%'
            order by 1, 3, 4""").fetchall()
    finally:
        con.close()
    with capsys.disabled():
        print(f"\n{len(got)} form findings:")
        for row in got:
            print("  ", *row)
    by_check: dict[str, list[tuple]] = {}
    for check, severity, source, message in got:
        by_check.setdefault(check, []).append((severity, source, message))
    # 本级 16,926.32 over project rows adding to 16,926.33: a rounding tail, not an error.
    zsj = [m for s, f, m in by_check.get("PT-SUBTOTAL-ROUNDING", [])
           if f == "gz_zsj_2026_project_targets.pdf"]
    assert any("广州市政务服务和数据管理局 总计" in m and "169263200" in m for m in zsj), zsj
    assert {s for s, _, _ in by_check.get("PT-SUBTOTAL-ROUNDING", [])} == {"rounding"}
    assert "PT-SUBTOTAL" not in by_check  # no real difference in either table
    # 长沙: 合计 预算到位 13,237.00 printed, its groups add up to 13,027.00.
    ((severity, _, message),) = by_check["ER-TABLE-SUM"]
    assert severity == "error" and "合计 预算到位" in message and "130270000" in message
    # 84.69% printed, 2,614.12 / 3,087 gives 84.68% (84.69 is the figure rounded up).
    ((severity, _, message),) = by_check["ER-TABLE-RATE-ROUNDING"]
    assert severity == "rounding" and "困难企业、职工帮扶资金" in message and "84.68" in message
    assert "ER-TABLE-RATE" not in by_check
    # Sums that hold are no findings: the other columns of the 合计 add up exactly.
    assert "ER-TABLE-SUM-ROUNDING" not in by_check
    # 万里 2023 p35 公共服务设施运行经费: 当年财政拨款 11,419,043.00 under a 年度资金申请总额 of
    # 10,903,043.00 (上年结转 and 其他资金 0.00), found by the declarations' own rule.
    assert by_check["DC-FUNDING-SUM"] == [(
        "error", "ptq_wanli_2023_dept_budget.pdf",
        "公共服务设施运行经费: 年度资金申请总额 printed 10903043.00 元, its sources add up to "
        "11419043.00 元.")]


# One change per rule, in a copy of the warehouse: a figure printed otherwise.
CHANGES = {
    # 政务服务和数据管理局's 本级 subtotal printed 10 万元 higher than its projects.
    "PT-SUBTOTAL": ("gz_zsj_2026_project_targets.pdf",
                    "value = value + 10, amount_yuan = amount_yuan + 100000",
                    "block = 'unit' and row_label = '广州市政务服务和数据管理局' "
                    "and column_label = '总计'", 1),
    # Group 三's 实际执行 printed 10 万元 higher than its items.
    "ER-TABLE-SUM": ("changsha_gzw_2020_eval_report.pdf",
                     "value = value + 10, amount_yuan = amount_yuan + 100000",
                     "block = 'group' and row_label = '困难企业、职工帮扶资金' "
                     "and column_label = '实际执行'", 8),
    # 应急资金 25.00% printed 26.00%.
    "ER-TABLE-RATE": ("changsha_gzw_2020_eval_report.pdf", "value = 26",
                      "row_label = '应急资金' and column_label = '执行率'", 9),
}


@pytest.fixture
def expectations(tmp_path):
    """A copy of the GX context: the results of these runs stay out of the repository."""
    root = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, root, ignore=shutil.ignore_patterns("uncommitted"))
    return root


def _findings(db: Path, rule_id: str, expectations: Path):
    spec = {s.name: s for s in suite_specs()}[f"rule_{rule_id.lower().replace('-', '_')}"]
    return [f for f in findings_of(run_suite(spec, db, expectations), spec.document_kind)
            if f.check_id == rule_id]


@pytest.mark.parametrize("rule_id", sorted(CHANGES))
def test_rule_fires_on_a_changed_copy(rule_id, targets_load, tmp_path, expectations):
    source, change, where, page = CHANGES[rule_id]
    copy = tmp_path / "changed.duckdb"
    shutil.copy(targets_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        sql = f"from main.fct_form_amount where source_file = ? and {where}"
        assert con.execute(f"select count(*) {sql}", [source]).fetchone() == (1,)
        con.execute(f"update main.fct_form_amount set {change} where source_file = ? "
                    f"and {where}", [source])
    before = [f.message for f in _findings(targets_load.warehouse, rule_id, expectations)
              if f.source_file == source]
    after = _findings(copy, rule_id, expectations)
    assert after, f"{rule_id} is silent on the changed copy"
    assert {f.source_file for f in after} == {source}
    assert all(f.severity == "error" for f in after)
    new = [f.message for f in after if f.message not in before]
    assert new and all(m.startswith(f"p{page} ") for m in new), new


def test_department_year_holds_the_department_target_form(targets_load):
    """政务服务's 部门整体预算绩效目标申报表 (p1, 万元: 基本支出 12,634.14, 项目支出 86,246.64,
    财政拨款 98,880.78) stands beside its 70 project declarations in fct_department_year, and
    is not counted as one of them."""
    con = duckdb.connect(str(targets_load.warehouse), read_only=True)
    try:
        got = con.execute("""
            select n_declaration_forms, n_department_target_forms, target_basic_yuan,
                   target_project_yuan, target_income_yuan
            from fct_department_year where department_name = '广州市政务服务和数据管理局'
                and fiscal_year = 2026""").fetchone()
    finally:
        con.close()
    assert got[:2] == (70, 1)
    assert [str(v) for v in got[2:]] == ["126341400.00", "862466400.00", "988807800.00"]
