"""GX suites: stored suites match the code; findings in the samples; each check can fail."""

from __future__ import annotations

import json
from decimal import Decimal

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
    assert set(by_check) == {"SE-TOTAL-RULE", "SE-INDICATOR-RULE", "ER-QUOTE", "DB-RUNNING-COST"}
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
    assert all(f["severity"] == "warning" for f in got)
    assert {f["document_kind"] for f in got} == {"self_evaluation", "evaluation_report",
                                                 "department_budget"}


# One copy of 000 with one number changed per project; each change must trip exactly its check.
CHANGES = {
    "SE-RATE": ("年度资金总额： 542.00 542.00 459.30 10.00 84.74 8.47",
                "年度资金总额： 542.00 542.00 459.30 10.00 84.75 8.47", "市民服务平台运行费"),
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
CHANGES_001 = {"DC-FUNDING-SUM": "交换平台运行费", "DC-DATE-END": "敬老卡制作费"}
# In a copy of 002: the first quote of the execution rate (the key figure) off by 0.01.
S002 = "002_4c5fe3dc1ed34f84.txt"
CHANGES_002 = {"ER-RATE": "社会保障卡制作费"}
# In a copy of 004: 公务用车运行费 raised by 100 万元 (its parts no longer add up), and
# 机关运行经费 lowered below the 公用经费 (so that check passes there).
S004 = "004_cacdc5d703bf78c7.txt"


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
    (raw / "002_changed.txt").write_text(text.replace(old, "预算执行率为 84.32%。主要实施内容"))
    text = (RAW / S004).read_text()
    old = "13,044.84 435.00 302.16 12,307.68 5,408.88 6,898.80 85,177.70"
    assert text.count(old) == 1
    (raw / "004_changed.txt").write_text(
        text.replace(old, "13,044.84 435.00 302.16 12,307.68 5,408.88 6,898.80 80,177.70"
                     ).replace("5,408.88 6,898.80 80", "5,408.88 6,998.80 80"))
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
    assert (f["expected"], f["actual"], f["difference"]) == ("84.74", "84.75", Decimal("0.01"))
    assert f["line_start"] == 191
    assert "84.75" in f["message"] and "84.74" in f["message"]


def test_data_docs_are_built(changed_load):
    by_name = {e.check_name: e for e in changed_load.result.get_asset_check_evaluations()}
    assert by_name["pipeline_invariants"].passed
    docs = by_name["pipeline_invariants"].metadata["data_docs"].value
    assert docs.startswith("file://") and docs.endswith("index.html")


def test_budget_checks_report_their_change(changed_load):
    got = {f["check_id"]: f for f in findings(changed_load.warehouse)
           if f["source_file"] == "004_changed.txt"}
    assert set(got) == {"DB-THREE-PUBLIC"}
    f = got["DB-THREE-PUBLIC"]
    assert (f["expected"], f["actual"]) == ("12407.68", "12307.68")
    assert "公务用车购置及运行费" in f["message"]
