"""Real published budget PDFs of many bodies through the real nightly job: every figure read by
hand (tests/corpus/expected.csv) is found in the row it belongs to, on its page."""

from __future__ import annotations

from pathlib import Path

import pytest

from .corpus_figures import CORPUS, figures, found, rows_by_file

BUDGET_TABLES = ("budget_line", "budget_summary", "budget_three_public", "budget_other_amount",
                 "budget_quote")
SCANNED = "bj_zsj_2026_dept_budget_scan.pdf"


@pytest.fixture(scope="session")
def corpus_rows(corpus_load) -> dict[str, dict[str, list[dict]]]:
    """source file -> raw table -> rows (as dicts), from the published warehouse."""
    return rows_by_file(corpus_load.warehouse, BUDGET_TABLES)


def test_every_budget_figure_of_the_corpus_is_found(corpus_rows, capsys):
    wanted = [f for f in figures("department_budget") if not f.scanned]
    missed = [f for f in wanted if not found(f, corpus_rows[Path(f.file).name])]
    with capsys.disabled():
        print(f"\ncorpus department_budget figures found: {len(wanted) - len(missed)}"
              f"/{len(wanted)} (text-layer PDFs)")
    assert not missed, "\n".join(f"{f.file} p{f.page} {f.label} {f.value} {f.unit}"
                                 for f in missed)
    assert len(wanted) >= 110  # the manifest's text-layer budget figures, narrative included


def test_the_scanned_budget_is_set_aside_with_its_reason(corpus_load):
    import duckdb

    con = duckdb.connect(str(corpus_load.warehouse), read_only=True)
    try:
        errors = con.execute(
            "select source_file, message from raw.load_errors").fetchall()
        loaded = {r[0] for r in con.execute(
            "select source_file from raw.documents where status = 'loaded'").fetchall()}
    finally:
        con.close()
    assert errors == [(SCANNED, "scanned: no text layer (8 pages)")]
    assert len(loaded) == len(list((CORPUS / "4_budget").glob("*.pdf"))) - 1


def test_every_pdf_row_knows_its_page_table_and_row(corpus_load):
    """Provenance: file, sha256, page (1-based), table on the page, row, and the line of the
    document's text; the row's figure is printed on that line."""
    import duckdb

    con = duckdb.connect(str(corpus_load.warehouse), read_only=True)
    try:
        for table in ("budget_line", "budget_summary", "budget_three_public"):
            missing = con.execute(
                f"select count(*) from raw.{table} where page is null or table_no is null "
                f"or row_no is null or source_sha256 is null or line_start is null").fetchone()
            assert missing == (0,), table
        sample = con.execute(
            "select source_file, source_sha256, page, code, total_yuan, unit "
            "from raw.budget_line where code = '2010301' and source_file like 'ptq_zfb_%' "
            "and table_name = '部门支出预算总表'").fetchall()
    finally:
        con.close()
    assert {(f, p) for f, _, p, *_ in sample} == {
        ("ptq_zfb_2025_dept_budget.pdf", 11), ("ptq_zfb_2025_unit_budget.pdf", 11)}
    import hashlib

    for name, sha, *_ in sample:
        assert sha == hashlib.sha256((CORPUS / "4_budget" / name).read_bytes()).hexdigest()


def test_sections_record_what_each_pdf_holds(corpus_load):
    """Kinds by content: the 2023 万里 budget binds its project target forms (pp. 31-35)
    after the budget; they are a section of their own, recorded, not read as budget tables."""
    import duckdb

    con = duckdb.connect(str(corpus_load.warehouse), read_only=True)
    try:
        rows = con.execute(
            "select section_kind, page_start, page_end, is_extracted from fct_document_section "
            "where source_file = 'ptq_wanli_2023_dept_budget.pdf' order by section_no").fetchall()
    finally:
        con.close()
    assert rows == [("department_budget", 1, 30, True), ("target_declaration", 31, 35, False)]


def test_amounts_are_stored_in_yuan_from_the_tables_own_unit(corpus_rows):
    """江苏 prints 万元 tables, 普陀 prints 元: both are stored exactly in yuan."""
    js = corpus_rows["js_swbgt_2019_dept_budget_tables.pdf"]["budget_line"]
    row = next(r for r in js if r["code"] == "2013101")
    assert (row["unit"], str(row["total_yuan"])) == ("万元", "93701200.00")
    ptq = corpus_rows["ptq_wanli_2024_dept_budget.pdf"]["budget_line"]
    row = next(r for r in ptq if r["code"] == "2120104" and r["page"] == 19)
    assert (row["unit"], str(row["total_yuan"])) == ("元", "6043390.00")


def test_a_third_part_of_the_total_is_kept_and_checked(corpus_rows, corpus_load):
    """江苏's 支出预算总表 (p3, 万元) prints 合计 27,664.22 = 基本支出 11,700.63 + 项目支出
    13,025.38 + 单位预留机动经费 2,938.21: the reserve is kept, and DB-BASIC-PROJECT holds."""
    import duckdb

    js = corpus_rows["js_swbgt_2019_dept_budget_tables.pdf"]["budget_line"]
    (total,) = [r for r in js if r["page"] == 3 and r["code"] is None]
    assert [str(total[c]) for c in ("total_yuan", "basic_yuan", "project_yuan",
                                    "reserve_yuan")] == [
        "276642200.00", "117006300.00", "130253800.00", "29382100.00"]
    con = duckdb.connect(str(corpus_load.warehouse), read_only=True)
    try:
        found = con.execute("select count(*) from main.audit_findings where check_id = "
                            "'DB-BASIC-PROJECT' and source_file like 'js_%'").fetchone()
    finally:
        con.close()
    assert found == (0,)


def test_every_summary_item_printed_as_a_class_gets_its_code(corpus_load):
    """fct_budget_summary.function_code: every expenditure item of a corpus summary printed by
    a 类's name (seed classification_code_names, of any year) gets a code, 一般公共服务支出 (201)
    in every budget, 江苏 2019's whole list of 类 (p1, amounts or not) included; the items
    left uncoded are 江苏's 支出用途 column (基本支出 …) and its 结转下年资金, no 类."""
    import duckdb

    con = duckdb.connect(str(corpus_load.warehouse), read_only=True)
    try:
        uncoded = con.execute(
            "select distinct item_name from main.fct_budget_summary "
            "where side = 'expenditure' and not is_total and function_code is null "
            "order by all").fetchall()
        coded = dict(con.execute(
            "select item_name, string_agg(distinct function_code, ',') "
            "from main.fct_budget_summary where source_file like 'js_%' "
            "and function_code <> 'TOTAL' group by all").fetchall())
        general = con.execute(
            "select count(*), count(distinct source_file) from main.fct_budget_summary "
            "where item_name = '一般公共服务支出' and function_code = '201'").fetchone()
    finally:
        con.close()
    assert [n for (n,) in uncoded] == ["单位预留机动经费", "基本支出", "结转下年资金", "项目支出"]
    assert general == (21, 11)
    # 215 by its name until 2018 still names 215 (a warning, see the rule catalogue test).
    assert coded["资源勘探信息等支出"] == "215"
    assert coded["文化旅游体育与传媒支出"] == "207"
    assert coded["灾害防治及应急管理支出"] == "224"
    assert len(coded) == 21  # 一、 … 二十一、 of p1


def test_the_rule_catalogue_on_the_corpus_budgets(corpus_load):
    """The disclosure rules run on every corpus budget: no 决算 rule speaks of a budget (北京's
    budget names a 决算 on a page, it is no 决算), and DB-CODE-NAME finds the 福利院 budget's
    economic codes printed beside their neighbours' names (p14: 302 02 咨询费, where 30202 is
    印刷费 and 咨询费 is 30203 …), each with its page and both names."""
    import duckdb

    con = duckdb.connect(str(corpus_load.warehouse), read_only=True)
    try:
        fa = con.execute("select count(*) from main.audit_findings "
                         "where check_id like 'FA-%'").fetchone()
        names = con.execute(
            "select source_file, expected, actual, message from main.audit_findings "
            "where check_id = 'DB-CODE-NAME' order by line_start").fetchall()
        # Every code is printed by its name of the document's year (2019 江苏's 20805
        # 行政事业单位离退休, 2022-2026's 行政事业单位养老支出, 卫生健康支出 …) but the 福利院's
        # 2024 summaries (p7, p10), whose 类 210 keeps its name until 2018, and 江苏 2019's
        # summary (p1), whose list of 类 prints 215 by its name until 2018 (资源勘探信息等支出)
        # beside the 2019 科目's names of 207, 210, 220 and 224: a 2019 budget is compiled
        # with the 2019 科目, so its out-of-date name is a true warning.
        by_year = con.execute(
            "select check_id, severity, source_file, page, expected, actual, message "
            "from main.audit_findings where check_id like '%-CODE-NAME-YEAR%' "
            "order by page").fetchall()
        # audit_findings.page: the page of every finding on a PDF whose frame has one.
        pages = con.execute(
            "select check_id, page from main.audit_findings "
            "where check_id = 'DB-CODE-NAME' or check_id like 'DB-%' and page is null"
        ).fetchall()
    finally:
        con.close()
    assert fa == (0,)
    assert [f[:6] for f in by_year] == [
        ("DB-CODE-NAME-YEAR", "warning", "js_swbgt_2019_dept_budget_tables.pdf", 1,
         "资源勘探工业信息等支出", "资源勘探信息等支出")] + [
        ("DB-CODE-NAME-YEAR", "warning", "ptq_flw_2024_unit_budget.pdf", page, "卫生健康支出",
         "医疗卫生与计划生育支出") for page in (7, 10)]
    assert by_year[0][6] == (
        "p1 部门财务收支预算总表 215 is printed with the name 资源勘探信息等支出, its name "
        "until 2018; in 2019 it is named 资源勘探工业信息等支出.")
    assert by_year[1][6] == (
        "p7 部门财务收支预算总表 210 is printed with the name 医疗卫生与计划生育支出, its name "
        "until 2018; in 2024 it is named 卫生健康支出.")
    assert {f for f, *_ in names} == {"ptq_flw_2024_unit_budget.pdf"}
    assert all(m.startswith("p14 ") for *_, m in names)
    assert pages and {p for _, p in pages} == {14}
    assert ("印刷费", "咨询费") in {(e, a) for _, e, a, _ in names}
    # 302 08 福利费 is found too once a document prints 福利费 beside its own code (30229: the
    # seed lacks it, and names the seed lacks are completed by the documents': 国家信访局's
    # 决算 prints it; the corpus budgets do not).
    assert sorted(m.split()[2] for *_, m in names) == [
        "30202", "30203", "30204", "30205", "30207", "30213", "30301"]


def test_year_on_year_sentences_are_kept_as_data(corpus_load):
    """The narrative's comparisons with a year before (raw.budget_year_on_year), each with the
    figure it speaks of (its clause, as budget_quote labels it), the year and basis, direction,
    sign, change and the previous figure where printed, on its page and lines: 万里 2024's
    totals (p6, 上年预算) and one of its items (against 2023's 预算执行数, a rate), a sentence
    opening with 比 (p32: "公务接待费1.35万元。比2023年预算持平"), 万里 2023's 比2022年（上一年度，
    下同）预算, and 北京's 年初预算数 with the previous figure and a rate."""
    import duckdb

    columns = ("page, line_start, line_end, label, value_text, compared_year, basis, "
               "compared_with, direction, sign, change_text, change_unit, previous_text, "
               "percent_text")
    with duckdb.connect(str(corpus_load.warehouse), read_only=True) as con:
        def rows(source_file: str, where: str) -> list[tuple]:
            return con.execute(f"select {columns} from raw.budget_year_on_year "
                               f"where source_file = ? and {where} order by seq",
                               [source_file]).fetchall()

        wanli_2024 = rows("ptq_wanli_2024_dept_budget.pdf",
                          "(page = 6 and line_start <= 76) or line_start = 521")
        wanli_2023 = rows("ptq_wanli_2023_dept_budget.pdf", "line_start = 65")
        bj = rows("bj_czj_2026_dept_budget.pdf", "page = 6")
    cut = ("财政拨款收入□万元", "财政拨款支出预算□万元", "一般公共预算拨款支出预算□万元")
    assert wanli_2024 == [
        (6, 68, 69, cut[0], "15621.11", 2023, "预算", "budget", "减少", -1, "876.75", "万元",
         None, None),
        (6, 70, 70, cut[1], "15621.11", 2023, "预算", "budget", "减少", -1, "876.75", "万元",
         None, None),
        (6, 71, 71, cut[2], "15621.11", 2023, "预算", "budget", "减少", -1, "876.75", "万元",
         None, None),
        (6, 71, 71, "政府性基金拨款支出预算□万元", "0.00", 2023, "预算", "budget", "持平", 0,
         None, None, None, None),
        (6, 72, 72, "国有资本经营预算拨款支出预算□万元", "0.00", 2023, "预算", "budget", "持平",
         0, None, None, None, None),
        (6, 76, 76, "2023年当年预算执行数为60.13万元，2024年预算安排□万元", "25.77", 2023,
         "预算执行数", "execution", "减少", -1, "57.14", "%", None, None),
        (32, 521, 521, "（三）公务接待费□万元", "1.35", 2023, "预算", "budget", "持平", 0, None,
         None, None, None),
    ]
    assert wanli_2023 == [(6, 65, 66, cut[0], "16497.86", 2022, "预算", "budget", "增加", 1,
                           "1421.25", "万元", None, None)]
    assert [r[4:] for r in bj] == [("44169.36", 2025, "年初预算数", "budget", "增加", 1,
                                    "148.16", "万元", "44021.20", "0.34")]


def test_budget_titles_are_kept_with_their_pages_and_a_removed_table_is_not():
    """raw.budget_table: the 福利院's 单位预算 prints its nine tables on p7–p15, titled as a unit
    budget prints them (预算单位…, 单位“三公”…), each kept under the 部门 name its rows take; a
    copy whose 三公 page is blanked (the table removed) keeps the other eight."""
    import dataclasses

    from orchestration.extract import registry
    from orchestration.extract.common import SourceDocument

    path = CORPUS / "4_budget" / "ptq_flw_2024_unit_budget.pdf"
    doc = SourceDocument.from_bytes(path.name, path.read_bytes())

    def titles(d: SourceDocument) -> list[tuple[int, str, str, str]]:
        return [(r.page, r.title, r.table_name, r.budget_scope)
                for r in registry.extract(d).tables["budget_table"]]

    got = titles(doc)
    assert [page for page, *_ in got] == list(range(7, 16))
    assert got[0] == (7, "预算单位财务收支预算总表", "部门财务收支预算总表", "unit")
    assert got[-1] == (15, "单位“三公”经费和机关运行经费预算表",
                       "部门“三公”经费和机关运行经费预算表", "unit")
    layout = doc.layout
    blank = dataclasses.replace(layout.pages[14], lines=(), tables=())
    changed = dataclasses.replace(
        doc, layout=dataclasses.replace(layout, pages=(*layout.pages[:14], blank,
                                                       *layout.pages[15:])))
    assert titles(changed) == got[:-1]
