"""Real published 部门决算 PDFs through the real nightly job: every final_accounts figure read by
hand (tests/corpus/expected.csv) is found in the row it belongs to, on its page; the forms bound
in the same PDFs stay sections of their own kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from .corpus_figures import figures, found, rows_by_file

FINAL_TABLES = ("final_line", "final_summary", "final_three_public", "final_other_amount",
                "final_quote")


@pytest.fixture(scope="session")
def finals_rows(finals_load) -> dict[str, dict[str, list[dict]]]:
    return rows_by_file(finals_load.warehouse, FINAL_TABLES)


def test_every_final_accounts_figure_of_the_corpus_is_found(finals_rows, capsys):
    wanted = [f for f in figures("final_accounts") if not f.scanned]
    missed = [f for f in wanted if not found(f, finals_rows[Path(f.file).name])]
    with capsys.disabled():
        print(f"\ncorpus final_accounts figures found: {len(wanted) - len(missed)}/{len(wanted)}")
    assert not missed, "\n".join(f"{f.file} p{f.page} {f.label} {f.value} {f.unit}"
                                 for f in missed)
    assert len(wanted) >= 15


def test_final_accounts_load_as_final_accounts_with_their_forms_as_sections(finals_load):
    """Both PDFs are read as 决算 (not set aside); the self-evaluation forms bound in them are
    recorded as self_evaluation sections on their pages."""
    import duckdb

    con = duckdb.connect(str(finals_load.warehouse), read_only=True)
    try:
        docs = con.execute("select source_file, status, document_kind from raw.documents "
                           "order by source_file").fetchall()
        forms = con.execute(
            "select source_file, page_start, page_end from fct_document_section "
            "where section_kind = 'self_evaluation' order by source_file, page_start").fetchall()
        # An indicator row "… 不超过预算" (国家信访局 p46) and prose wrapped after "预算"
        # (西安 p170) are not budget titles.
        budgets = con.execute("select count(*) from fct_document_section "
                              "where section_kind = 'department_budget'").fetchone()
    finally:
        con.close()
    assert docs == [("gjxfj_2024_dept_final.pdf", "loaded", "final_accounts"),
                    ("xian_wjw_2022_final_with_selfeval.pdf", "loaded", "final_accounts")]
    assert ("gjxfj_2024_dept_final.pdf", 30, 36) in forms
    assert ("xian_wjw_2022_final_with_selfeval.pdf", 30, 143) in forms
    assert budgets == (0,)


def test_final_lines_keep_every_column_in_yuan_from_the_tables_unit(finals_rows):
    """支出决算表 of 国家信访局 (万元): 2014099 其他信访事务支出 1,788.46 = 基本 540.61 + 项目
    1,247.85, kept exactly in yuan with its page."""
    rows = finals_rows["gjxfj_2024_dept_final.pdf"]["final_line"]
    row = next(r for r in rows if r["code"] == "2014099" and r["table_name"] == "支出决算表")
    assert (row["page"], row["unit"]) == (9, "万元")
    assert [str(row[c]) for c in ("expenditure_yuan", "basic_yuan", "project_yuan")] == [
        "17884600.00", "5406100.00", "12478500.00"]


def test_department_year_carries_the_final_totals_beside_its_forms(finals_load):
    """fct_department_year joins each 决算's totals to the department its bound forms name:
    西安's tables say "西安市卫生健康委员会（汇总）" and its forms "西安市卫生健康委员会", one
    department. The figures are the 收入支出决算总表's and the 支出决算表's 合计 row as printed
    (国家信访局 p7, 万元: 本年收入合计 20,451.35, 本年支出合计 14,572.53, 年初 1,615.24, 年末
    7,494.06; p9: 基本 11,073.11, 项目 3,499.42; 三公 决算数 46.21)."""
    import duckdb

    con = duckdb.connect(str(finals_load.warehouse), read_only=True)
    try:
        got = {r[0]: r[1:] for r in con.execute("""
            select department_name, fiscal_year, n_self_evaluation_forms, final_income_yuan,
                   final_expenditure_yuan, final_carryover_start_yuan, final_carryover_end_yuan,
                   final_basic_yuan, final_project_yuan, three_public_final_wan
            from fct_department_year""").fetchall()}
    finally:
        con.close()
    assert set(got) == {"国家信访局", "西安市卫生健康委员会"}
    year, forms, *figures = got["国家信访局"]
    assert (year, forms) == (2024, 4)
    assert [str(f) for f in figures] == [
        "204513500.00", "145725300.00", "16152400.00", "74940600.00", "110731100.00",
        "34994200.00", "46.21"]
    year, forms, *figures = got["西安市卫生健康委员会"]
    assert year == 2022 and forms > 80 and all(f is not None for f in figures)
