"""The auditor queries in queries/ run on the built warehouse and return the expected rows."""

from __future__ import annotations

from decimal import Decimal

from .conftest import ROOT

QUERIES = ROOT / "queries"


def run(con, name: str) -> list[dict]:
    cur = con.execute((QUERIES / name).read_text())
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_lowest_execution_rates(published):
    got = [(r["project_name"], r["execution_rate_derived"])
           for r in run(published, "lowest_execution_rates.sql")]
    assert got == [
        ("社会保险经办业务费", Decimal("76.20")),
        ("社会保障卡制作费", Decimal("84.31")),  # the 2018 evaluation report (002)
        ("机关事业单位运行保障经费", Decimal("84.57")),
        ("市民服务平台运行费", Decimal("84.74")),
        ("办公用房修缮及装修经费", Decimal("88.32")),
    ]


def test_reported_total_above_derived(published):
    got = run(published, "reported_total_above_derived.sql")
    # 交通工具购置及更新: 车辆使用年限 ≥8.00(年), actual 1.00(年), weight 5.00, reported 4.00;
    # the rule gives 5 x 1 / 8 = 0.63, so the reported 总分 98.99 is 3.37 above 95.62.
    assert [(r["project_name"], r["indicator_name"]) for r in got][:1] == [
        ("交通工具购置及更新", "车辆使用年限")]
    first = got[0]
    assert first["total_score_reported"] == Decimal("98.99")
    assert first["total_score_derived"] == Decimal("95.62")
    assert first["indicator_score_gap"] == Decimal("3.37")
    assert first["source_file"] == "003_3e0fce185d0163d8.txt"


def test_budget_children_sum_to_their_parents(published):
    """004 adds up in every table and column: 135 parent amounts compared, none differs."""
    assert run(published, "budget_children_not_summing.sql") == []
    (n,) = published.execute(
        "select count(*) from intermediate.int_budget_line_children").fetchone()
    assert n == 135


def test_targets_lowered_then_met(published):
    got = [(r["project_name"], r["indicator_name"], r["declared_target_raw"],
            r["later_target_raw"], r["achieved"]) for r in run(published, "targets_lowered.sql")]
    assert got == [
        ("制卡设备更新及维护费", "制卡设备更新完成数", "=11.00(台)", "=6.00(台)", "yes"),
        ("正式居住证制作费", "正式居住证制发卡数量", "=70.00(万张)", "≥50.00(万张)", "yes"),
        ("申领、补换卡网点运行费", "维护工作完成数", "=337.00(个)", "=336.00(个)", "yes"),
    ]


def test_budget_against_actual_shows_the_final_accounts_codes_without_a_budget(finals_load):
    """The corpus holds no budget of 国家信访局: its 2024 决算's codes are all listed, as
    final_only, with what was spent and the page; none is dropped."""
    import duckdb

    with duckdb.connect(str(finals_load.warehouse), read_only=True) as con:
        got = run(con, "budget_against_actual.sql")
        (codes,) = con.execute(
            "select count(*) from main.fct_final_line where source_file = ? "
            "and table_name in ('支出决算表', '一般公共预算财政拨款支出决算表')",
            ["gjxfj_2024_dept_final.pdf"]).fetchone()
    assert {r["department_name"] for r in got} == {"国家信访局"}
    assert len(got) == codes
    assert {r["matched"] for r in got} == {"final_only"}
    total = next(r for r in got if r["measure"] == "all_funds" and r["code"] == "TOTAL")
    assert (total["final_yuan"], total["budgeted_yuan"], total["final_page"]) == (
        Decimal("145725300.00"), None, 9)
    assert total["difference_yuan"] == Decimal("145725300.00")
