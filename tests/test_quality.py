"""GX suites: stored suites match the code; findings in the samples; each check can fail."""

from __future__ import annotations

import json
from decimal import Decimal

import dagster as dg
import duckdb
import pytest

from orchestration.quality.suites import expectation_signature, suite_specs
from orchestration.settings import EXPECTATIONS_DIR

from .conftest import RAW

S000 = "000_83445982ba865ebb.txt"
S003 = "003_3e0fce185d0163d8.txt"


def test_stored_suites_match_the_code():
    for spec in suite_specs():
        stored = json.loads(
            (EXPECTATIONS_DIR / "gx" / "expectations" / f"{spec.name}.json").read_text()
        )
        got = [(e["type"], e["kwargs"], e["meta"]) for e in stored["expectations"]]
        assert got == expectation_signature(spec.expectations), spec.name


def findings(warehouse) -> list[dict]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute("select * from audit_findings order by check_id, source_file, "
                          "line_start")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


def test_findings_in_the_sample_documents(sample_load):
    """The samples' real inconsistencies: totals and scores that the national rule does not give."""
    got = findings(sample_load.warehouse)
    by_check = {}
    for f in got:
        by_check.setdefault(f["check_id"], []).append((f["source_file"], f["line_start"]))
    assert set(by_check) == {"SE-TOTAL-RULE", "SE-INDICATOR-RULE", "ER-QUOTE", "DB-RUNNING-COST",
                             "XD-TARGET-LOWERED", "SE-DEVIATION-REASON"}
    # Targets met yet scored below their weight, no 偏差原因 beside them (市民满意度 97 % of
    # ≥90 %: 9.70 of 10).
    assert by_check["SE-DEVIATION-REASON"] == [(S000, 626), (S000, 1243), (S003, 1751),
                                               (S003, 1760)]
    # 004: 机关运行经费 85,177.70 万元 is more than all 公用经费 (827,402,957 元) it is part of.
    (running,) = [f for f in got if f["check_id"] == "DB-RUNNING-COST"]
    assert (running["expected"], running["actual"]) == ("827402957.00", "851777000.00")
    assert (running["source_file"], running["line_start"]) == ("004_cacdc5d703bf78c7.txt", 1052)
    # 002: the prose quotes the 批复 budget, B11's and B32's scores unlike the tables.
    assert by_check["ER-QUOTE"] == [(S002, 179), (S002, 1722), (S002, 1822)]
    b32 = next(f for f in got if f["check_id"] == "ER-QUOTE" and f["line_start"] == 1822)
    assert (b32["expected"], b32["actual"]) == ("7.00", "6.00")
    assert by_check["SE-TOTAL-RULE"] == [
        (S000, 177), (S000, 487), (S000, 636), (S000, 1149),
        (S003, 2), (S003, 623), (S003, 806), (S003, 1217),
    ]
    assert len(by_check["SE-INDICATOR-RULE"]) == 12
    (car,) = [f for f in got if f["indicator_name"] == "车辆使用年限"]
    assert (car["expected"], car["actual"], car["difference"]) == ("0.63", "4.00", Decimal("3.37"))
    assert (car["line_start"], car["line_end"]) == (911, 916)
    assert car["message"] == ("交通工具购置及更新 / 车辆使用年限: target ≥8.00(年), "
                              "actual 1.00(年): score printed 4.00, the rule gives 0.63..0.63.")
    # Targets lowered between the 2023 declarations (001) and the 2024 self-evaluation (000).
    lowered = sorted((f["project_name"], f["indicator_name"], f["expected"], f["actual"])
                     for f in got if f["check_id"] == "XD-TARGET-LOWERED")
    assert lowered == [
        ("制卡设备更新及维护费", "制卡设备更新完成数", "=11.00(台)", "=6.00(台)"),
        ("正式居住证制作费", "正式居住证制发卡数量", "=70.00(万张)", "≥50.00(万张)"),
        ("申领、补换卡网点运行费", "维护工作完成数", "=337.00(个)", "=336.00(个)"),
    ]
    # Text documents have no pages: audit_findings.page is null.
    assert {f["page"] for f in got} == {None}
    warnings = ("XD-TARGET-LOWERED", "SE-DEVIATION-REASON")
    assert {f["severity"] for f in got if f["check_id"] in warnings} == {"warning"}
    assert {f["severity"] for f in got if f["check_id"] not in warnings} == {"error"}
    assert len(got) == 31
    assert {f["document_kind"] for f in got} == {"self_evaluation", "evaluation_report",
                                                 "department_budget"}


def test_quotes_resolved_through_the_alias_seed(sample_load):
    """002 quotes C12 制卡发放及时性 as 制作发放及时性: the aliases seed pairs them (6 of 8, as the
    table), so neither ER-QUOTE nor ER-QUOTE-UNRESOLVED reports it."""
    from orchestration.quality.frames import EVALUATION_QUOTE_FRAME
    from orchestration.quality.validate import read_frame

    frame = read_frame(sample_load.warehouse, EVALUATION_QUOTE_FRAME)
    c12 = frame[frame["indicator_name"] == "制作发放及时性"]
    assert sorted(c12["quoted_figure"]) == ["indicator_score C12", "indicator_score C12",
                                            "indicator_weight C12"]
    assert list(c12["table_value"]) == list(c12["quoted_value"])


# One copy of 000 with one number changed per project; each change must trip exactly its check.
CHANGES = {
    # 84.76: no rounding gives it (84.7416: truncated and half-up 84.74, rounded up 84.75, which
    # would be a rounding note: test_rounding).
    "SE-RATE": ("年度资金总额： 542.00 542.00 459.30 10.00 84.74 8.47",
                "年度资金总额： 542.00 542.00 459.30 10.00 84.76 8.47", "市民服务平台运行费"),
    # 其他资金 of one project only: its line is the one before that project's goals.
    "SE-FUNDING-SUM": ("其他资金 0.00 0.00 0.00 - 0.00 -\n\n年度\n\n总体\n\n目标\n\n"
                       "预期目标 实际完成情况\n\n通过对上海市市社会保障卡",
                       "其他资金 0.00 5.00 0.00 - 0.00 -\n\n年度\n\n总体\n\n目标\n\n"
                       "预期目标 实际完成情况\n\n通过对上海市市社会保障卡",
                       "信息化运维项目"),
    "SE-TOTAL-SUM": ("总分 100.00 99.88", "总分 100.00 99.78", "制卡设备更新及维护费"),
    "SE-GRADE": ("总分 100.00 99.59\n\n评分等级 优", "总分 100.00 99.59\n\n评分等级 良",
                 "正式居住证制作费"),
    # Score above weight, with another row lowered so the 总分 still adds up.
    "SE-SCORE-WEIGHT": ("维护工作完成数 =336.00(个) 336.00(个) 10.00 10.00\n\n"
                        "网点运维人员数 ≥20.00(位) 20.00(位) 5.00 5.00",
                        "维护工作完成数 =336.00(个) 336.00(个) 10.00 10.50\n\n"
                        "网点运维人员数 ≥20.00(位) 20.00(位) 5.00 4.50",
                        "申领、补换卡网点运行费"),
    "SE-WEIGHTS": ("电费缴纳完成数 =12.00(次) 12.00(次) 10.00 10.00",
                   "电费缴纳完成数 =12.00(次) 12.00(次) 11.00 10.00", "交换平台运行费"),
}
# In a copy of 003: executed above a (lowered) full-year budget, every other figure consistent.
OVERSPEND = (
    ("年度资金总额： 1,200.00 1,300.00 1,300.00 10.00 100.00 10.00",
     "年度资金总额： 1,200.00 1,250.00 1,300.00 10.00 104.00 10.00"),
    ("1,200.00 1,300.00 1,300.00 - 100.00 -", "1,200.00 1,250.00 1,300.00 - 104.00 -"),
)
CHANGES_003 = {"SE-OVERSPEND": "征地养老人员费用"}
# In a copy of 001: one request whose sources no longer add up, one plan ending next year.
S001 = "001_6e0e86b4a42f7fa4.txt"
CHANGES_001 = {"DC-FUNDING-SUM": "交换平台运行费", "DC-DATE-END": "敬老卡制作费",
               "DC-DATE-START": "市民服务平台运行费"}
# In a copy of 002: the first quote of the execution rate (the key figure) off by 0.02 (84.3122:
# 84.32 would be rounded up, a rounding note).
S002 = "002_4c5fe3dc1ed34f84.txt"
CHANGES_002 = {"ER-RATE": "社会保障卡制作费"}
# In a copy of 004: 公务用车运行费 raised by 100 万元 (its parts no longer add up), and
# 机关运行经费 lowered below the 公用经费 (so that check passes there).
S004 = "004_cacdc5d703bf78c7.txt"




def change_lines(text: str, changes: dict[int, tuple[str, str]]) -> str:
    """Replace `old` by `new` on the given 1-based line (the same figures repeat elsewhere)."""
    lines = text.split("\n")
    for n, (old, new) in changes.items():
        assert old in lines[n - 1], (n, lines[n - 1])
        lines[n - 1] = lines[n - 1].replace(old, new)
    return "\n".join(lines)


# 001: the third form (申领、补换卡网点运行费) declared for 2024 instead of 2023, dates included:
# its 1,685,000 元 request meets the 2024 self-evaluation's 168.00 万元 (XD-AMOUNT); and
# 敬老卡制作人员到位数 declared =45 where the self-evaluation says =40 (XD-TARGET-LOWERED).
CHANGES_001_LINES = {
    51: ("(2023年度)", "(2024年度)"),
    55: ("2023-01-01\t计划完成日期\t2023-12-31", "2024-01-01\t计划完成日期\t2024-12-31"),
    39: ("=40.00(人)", "=45.00(人)"),
    # 市民服务平台运行费 planned to start in the year before its fiscal year (DC-DATE-START).
    83: ("2023-01-01\t计划完成日期", "2022-12-01\t计划完成日期"),
}
# 002: the prose names C12 by a name neither its table nor the aliases seed knows.
CHANGES_002_LINES = {2044: ("制作发放及时性", "制作发放时效性")}
# 004: every amount sits in a row sum and a column sum, so one changed number breaks both (and
# moves the placer, which places amounts by those sums): each change below keeps every sum
# but the one its check asserts. The placer may then call a placement 'guessed', but places
# every amount where it was.
CHANGES_004_LINES = {
    # DB-CHILDREN-SUM: 2050205 (only child of 20502) moves 100 元 from 项目 to 基本支出:
    # its row still adds up, 20502's two columns no longer.
    476: ("29,883,620 152,215,533", "29,883,720 152,215,433"),
    # DB-BASIC-PROJECT: 项目支出 +100 元 on 2040201, 20402, 204 and 合计 of 部门支出预算总表:
    # the columns add up, the four rows no longer.
    361: ("2,609,748,321 1,850,000", "2,609,748,321 1,850,100"),
    359: ("2,644,683,572 1,524,125,880", "2,644,683,572 1,524,125,980"),
    357: ("2,644,683,572 1,524,125,880", "2,644,683,572 1,524,125,980"),
    552: ("1,724,968,513", "1,724,968,613"),
    # DB-PERSONNEL-PUBLIC: 人员经费 +100 元 on 30101, 301 and 合计 of the economic table (the
    # 合计 line is printed twice): the columns add up, 合计 = 人员 + 公用 no longer.
    824: ("308,558,400 308,558,400", "308,558,400 308,558,500"),
    822: ("2,818,239,998 2,818,239,998", "2,818,239,998 2,818,240,098"),
    1025: ("2,832,021,002", "2,832,021,102"),
    # DB-CROSS-TABLE: 合计 and 基本支出 +100 元 on 2040201, 20402, 204 and 合计 of the 一般公共预算
    # table: it adds up in itself, but disagrees with the 财政拨款 summary (204, 合计) and the
    # economic table (基本支出 合计).
    604: ("2,611,598,321 2,609,748,321", "2,611,598,421 2,609,748,421"),
    602: ("4,168,359,452 2,644,683,572", "4,168,359,552 2,644,683,672"),
    600: ("4,168,359,452 2,644,683,572", "4,168,359,552 2,644,683,672"),
    795: ("5,309,900,540 3,659,423,959", "5,309,900,640 3,659,424,059"),
    # DB-BALANCE: the 财政拨款 summary's 一般公共预算资金 and 收入总计 +100 元: the income side
    # adds up, 收入总计 no longer equals 支出总计.
    558: ("5,309,900,540 4,168", "5,309,900,640 4,168"),
    570: ("5,309,900,540 5,309", "5,309,900,640 5,309"),
}


@pytest.fixture(scope="module")
def changed_load(tmp_path_factory, run_nightly):
    base = tmp_path_factory.mktemp("changed")
    raw = base / "raw"
    raw.mkdir()
    text = (RAW / S000).read_text()
    for old, new, _ in CHANGES.values():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (raw / "000_changed.txt").write_text(text)
    text = (RAW / S003).read_text()
    for old, new in OVERSPEND:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (raw / "003_changed.txt").write_text(text)
    text = (RAW / S001).read_text()
    old = "当年财政拨款\t446,048.00"
    assert text.count(old) == 1
    text = text.replace(old, "当年财政拨款\t446,000.00")
    first, second, rest = text.split("2023-12-31", 2)  # the second form's 计划完成日期
    text = first + "2023-12-31" + second + "2024-03-31" + rest
    (raw / "001_changed.txt").write_text(text)
    text = (RAW / S002).read_text()
    old = "预算执行率为 84.31%。主要实施内容"
    assert text.count(old) == 1
    (raw / "002_changed.txt").write_text(text.replace(old, "预算执行率为 84.33%。主要实施内容"))
    text = (RAW / S004).read_text()
    old = "13,044.84 435.00 302.16 12,307.68 5,408.88 6,898.80 85,177.70"
    assert text.count(old) == 1
    (raw / "004_changed.txt").write_text(
        text.replace(old, "13,044.84 435.00 302.16 12,307.68 5,408.88 6,898.80 80,177.70"
                     ).replace("5,408.88 6,898.80 80", "5,408.88 6,998.80 80"))
    for name, changes in (("001_changed.txt", CHANGES_001_LINES),
                          ("002_changed.txt", CHANGES_002_LINES),
                          ("004_changed.txt", CHANGES_004_LINES)):
        (raw / name).write_text(change_lines((raw / name).read_text(), changes))
    load = run_nightly(raw, base / "perf.duckdb")
    assert load.result.success  # source inconsistencies never stop the publish
    return load


@pytest.mark.parametrize(
    "check_id", sorted([*CHANGES, *CHANGES_003, *CHANGES_001, *CHANGES_002]))
def test_each_check_reports_its_change(changed_load, check_id):
    if check_id in CHANGES:
        project, source = CHANGES[check_id][2], "000_changed.txt"
    elif check_id in CHANGES_003:
        project, source = CHANGES_003[check_id], "003_changed.txt"
    elif check_id in CHANGES_001:
        project, source = CHANGES_001[check_id], "001_changed.txt"
    else:
        project, source = CHANGES_002[check_id], "002_changed.txt"
    got = [f for f in findings(changed_load.warehouse) if f["check_id"] == check_id]
    assert [f["project_name"] for f in got] == [project]
    assert got[0]["source_file"] == source
    assert got[0]["line_start"] >= 1 and got[0]["message"]


def test_rate_finding_names_both_numbers(changed_load):
    (f,) = [f for f in findings(changed_load.warehouse) if f["check_id"] == "SE-RATE"]
    assert (f["expected"], f["actual"], f["difference"]) == ("84.74", "84.76", Decimal("0.02"))
    assert f["line_start"] == 191
    assert "84.76" in f["message"] and "84.74" in f["message"]


def test_data_docs_are_built(changed_load):
    by_name = {e.check_name: e for e in changed_load.result.get_asset_check_evaluations()}
    assert by_name["pipeline_invariants"].passed
    docs = by_name["pipeline_invariants"].metadata["data_docs"].value
    assert docs.startswith("file://") and docs.endswith("index.html")


def test_stored_validation_history_is_bounded(changed_load):
    """Each step prunes GX's stored results to the newest few per suite (the test session has
    run far more loads than that), and the newest result of every suite has its page."""
    from collections import Counter

    from orchestration.quality.data_docs import keep_runs
    from orchestration.quality.suites import file_context
    from orchestration.settings import EXPECTATIONS_DIR

    context = file_context(str(EXPECTATIONS_DIR))
    keys = context.validation_results_store.list_keys()
    per_suite = Counter(k.expectation_suite_identifier.name for k in keys)
    assert per_suite and max(per_suite.values()) <= keep_runs()
    # and no empty folder is left of the results removed
    uncommitted = EXPECTATIONS_DIR / "gx" / "uncommitted"
    assert not [d for d in uncommitted.rglob("*") if d.is_dir() and not any(d.iterdir())]
    newest = max(keys, key=lambda k: k.run_id.run_time)
    site = EXPECTATIONS_DIR / "gx" / "uncommitted" / "data_docs" / "local_site" / "validations"
    assert (site / newest.expectation_suite_identifier.name).is_dir()


def test_budget_checks_report_their_change(changed_load):
    """Each change to 004 is reported by its check alone, where it was made."""
    got = [f for f in findings(changed_load.warehouse) if f["source_file"] == "004_changed.txt"]
    by_check: dict[str, list] = {}
    for f in got:
        by_check.setdefault(f["check_id"], []).append(f)
    assert set(by_check) == {"DB-THREE-PUBLIC", "DB-CHILDREN-SUM", "DB-BASIC-PROJECT",
                             "DB-PERSONNEL-PUBLIC", "DB-CROSS-TABLE", "DB-BALANCE"}
    (f,) = by_check["DB-THREE-PUBLIC"]
    assert (f["expected"], f["actual"]) == ("12407.68", "12307.68")
    assert "公务用车购置及运行费" in f["message"]
    children = sorted((f["expected"], f["actual"]) for f in by_check["DB-CHILDREN-SUM"])
    assert children == [("152215433.00", "152215533.00"), ("29883720.00", "29883620.00")]
    assert all("部门支出预算总表 20502" in f["message"] for f in by_check["DB-CHILDREN-SUM"])
    assert sorted(f["line_start"] for f in by_check["DB-BASIC-PROJECT"]) == [357, 359, 361, 532]
    assert all(f["difference"] == Decimal("-100") for f in by_check["DB-BASIC-PROJECT"])
    (f,) = by_check["DB-PERSONNEL-PUBLIC"]
    assert (f["expected"], f["actual"]) == ("3659424059.00", "3659423959.00")
    cross = sorted((f["message"].split(":")[0], f["difference"])
                   for f in by_check["DB-CROSS-TABLE"])
    assert cross == [
        ("204 公共安全支出 (general_budget)", Decimal("100")),
        ("TOTAL 合计 (general_basic)", Decimal("-100")),
        ("TOTAL 合计 (general_budget)", Decimal("100")),
    ]
    (f,) = by_check["DB-BALANCE"]
    assert (f["expected"], f["actual"]) == ("5309900640.00", "5309900540.00")
    assert f["message"].startswith("部门财政拨款收支预算总表")
    assert {f["severity"] for f in got} == {"error"}


def test_cross_document_checks_report_their_change(changed_load):
    got = findings(changed_load.warehouse)
    (amount,) = [f for f in got if f["check_id"] == "XD-AMOUNT"]
    assert (amount["project_name"], amount["source_file"]) == ("申领、补换卡网点运行费",
                                                               "000_changed.txt")
    assert (amount["expected"], amount["actual"], amount["severity"]) == (
        "1685000.00", "1680000.00", "warning")
    assert "001_changed.txt line" in amount["message"]
    lowered = sorted((f["project_name"], f["indicator_name"]) for f in got
                     if f["check_id"] == "XD-TARGET-LOWERED")
    assert lowered == sorted([("制卡设备更新及维护费", "制卡设备更新完成数"),
                              ("正式居住证制作费", "正式居住证制发卡数量"),
                              ("申领、补换卡网点运行费", "维护工作完成数"),
                              ("敬老卡制作费", "敬老卡制作人员到位数")])
    (new,) = [f for f in got if f["indicator_name"] == "敬老卡制作人员到位数"]
    assert (new["expected"], new["actual"], new["severity"]) == ("=45.00(人)", "=40.00(人)",
                                                                 "warning")
    # The changed declaration trips no other check (its dates moved with its year) but the
    # three its other changes are for.
    assert {f["check_id"] for f in got if f["source_file"] == "001_changed.txt"} == {
        "DC-FUNDING-SUM", "DC-DATE-END", "DC-DATE-START"}


def test_unresolved_quote_is_a_finding(changed_load):
    got = [f for f in findings(changed_load.warehouse) if f["source_file"] == "002_changed.txt"]
    (f,) = [f for f in got if f["check_id"] == "ER-QUOTE-UNRESOLVED"]
    assert (f["indicator_name"], f["expected"], f["actual"]) == ("制作发放时效性", "3", "0")
    assert (f["line_start"], f["line_end"]) == (2044, 2054)
    assert "制作发放时效性" in f["message"]
    # Not compared, so not an ER-QUOTE finding either (the copy's other ER-QUOTEs are the
    # sample's three and the rate it changed).
    assert not [f for f in got if f["check_id"] == "ER-QUOTE"
                and f["indicator_name"] == "制作发放时效性"]


# The build file tampered with after dbt, one row per document kind and invariant: a mart row
# deleted, a key repeated, an amount nulled. Marts the rebuilt fct_project_year does not read.
S001_DC = S001
TAMPERING = {
    "PI-SE-DOC-ROWS": (S000, "raw.self_evaluation_indicator -> fct_indicator",
                       f"delete from main.fct_indicator where source_file = '{S000}' and seq = 1"),
    "PI-SE-KEYS": (S003, "raw.self_evaluation_indicator -> fct_indicator",
                   f"update main.fct_indicator set seq = 2 where source_file = '{S003}' "
                   "and seq = 3"),
    "PI-SE-AMOUNTS": (S003, "raw.self_evaluation_indicator -> fct_indicator",
                      f"update main.fct_indicator set weight = null where source_file = '{S003}' "
                      "and seq = 10"),
    "PI-DC-DOC-ROWS": (S001_DC, "raw.declaration_indicator -> fct_indicator",
                       f"delete from main.fct_indicator where source_file = '{S001_DC}' "
                       "and seq = 1"),
    "PI-DC-KEYS": (S001_DC, "raw.declaration_indicator -> fct_indicator",
                   f"update main.fct_indicator set seq = 2 where source_file = '{S001_DC}' "
                   "and seq = 3"),
    "PI-DC-AMOUNTS": (S001_DC, "raw.declaration_indicator -> fct_indicator",
                      "update main.fct_indicator set target_value = null where seq = ("
                      "select max(seq) from main.fct_indicator where source_file = "
                      f"'{S001_DC}' and target_value is not null) and source_file = '{S001_DC}'"),
    "PI-ER-DOC-ROWS": (S002, "raw.evaluation_score -> fct_evaluation_score",
                       "delete from main.fct_evaluation_score where code = 'C13'"),
    "PI-ER-KEYS": (S002, "raw.evaluation_score -> fct_evaluation_score",
                   "update main.fct_evaluation_score set code = 'C11' where code = 'C12'"),
    "PI-ER-AMOUNTS": (S002, "raw.evaluation_score -> fct_evaluation_score",
                      "update main.fct_evaluation_score set score = null where code = 'A11'"),
    "PI-DB-DOC-ROWS": (S004, "raw.budget_line -> fct_budget_line",
                       "delete from main.fct_budget_line where code = '2040204' "
                       "and table_name = '部门支出预算总表'"),
    "PI-DB-KEYS": (S004, "raw.budget_line -> fct_budget_line",
                   "update main.fct_budget_line set code = '2040206' where code = '2040207' "
                   "and table_name = '部门支出预算总表'"),
    "PI-DB-AMOUNTS": (S004, "raw.budget_line -> fct_budget_line",
                      "update main.fct_budget_line set total_yuan = null where code = '2040208' "
                      "and table_name = '部门支出预算总表'"),
}


@pytest.fixture(scope="module")
def tampered_load(tmp_path_factory, run_nightly):
    """Ingest and dbt on the samples; the build file tampered with; then fct_project_year
    rebuilt, its blocking check, the findings and the publish."""
    import shutil

    from orchestration.assets.ingest import DOCUMENT_KEY
    from orchestration.assets.publish import published_warehouse
    from orchestration.assets.quality import FCT_PROJECT_YEAR, audit_findings
    from orchestration.assets.report import data_dictionary, department_reports, workbook_exports
    from orchestration.definitions import defs

    base = tmp_path_factory.mktemp("tampered")
    raw = base / "raw"
    shutil.copytree(RAW, raw)
    warehouse = base / "perf.duckdb"
    last = {audit_findings.key, published_warehouse.key}
    # The nightly job's assets but the last two and the desk that reads the published file
    # (raw/document is the re-extraction job's).
    desk = {a.key for a in (data_dictionary, department_reports, workbook_exports)}
    first = run_nightly(raw, warehouse, [k for k in defs.resolve_all_asset_keys()
                                         if k not in last | desk and k != DOCUMENT_KEY])
    assert first.result.success and not warehouse.exists()
    build = base / "perf.build.duckdb"
    with duckdb.connect(str(build)) as con:
        for _, _, sql in TAMPERING.values():
            con.execute(sql)
    # The failed run removes its build: the invariants are validated again on a copy.
    tampered = shutil.copy(build, base / "tampered.duckdb")
    second = run_nightly(raw, warehouse, [FCT_PROJECT_YEAR, *last])
    return second, tampered


def test_tampered_build_is_not_published(tampered_load):
    load, _ = tampered_load
    by_name = {e.check_name: e for e in load.result.get_asset_check_evaluations()}
    assert not by_name["pipeline_invariants"].passed
    assert "documents_reconcile" not in by_name  # audit_findings never ran
    materialized = {e.asset_key.path[-1] for e in load.result.get_asset_materialization_events()}
    assert "published_warehouse" not in materialized and "audit_findings" not in materialized
    assert not load.warehouse.exists()
    failed = by_name["pipeline_invariants"].metadata["failed"].value
    assert all(check_id in failed for check_id in TAMPERING)
    # The step's failure names every tampered document, by file and line; the build is gone.
    (failure,) = [e for e in load.result.all_events
                  if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    message = failure.step_failure_data.error.message
    assert all(f"{file}:" in message for file, _, _ in TAMPERING.values())
    assert not (load.warehouse.parent / "perf.build.duckdb").exists()


def test_each_invariant_fails_on_its_tampering(tampered_load):
    """Every invariant fails, on exactly the document and flow that was tampered with."""
    from orchestration.quality.suites import suite_specs
    from orchestration.quality.validate import run_suite
    from orchestration.settings import EXPECTATIONS_DIR

    _, build = tampered_load
    got = {}
    for spec in suite_specs():
        if spec.name.endswith("_pipeline_flows"):
            outcome = run_suite(spec, build, EXPECTATIONS_DIR)
            for o in outcome.outcomes:
                if not o.success:
                    got[o.check_id] = sorted({(r["source_file"], r["flow"])
                                              for r in o.failing_rows})
    assert got == {check_id: [(file, flow)] for check_id, (file, flow, _) in TAMPERING.items()}
