"""The disclosure rule catalogue (orchestration/quality/rules.py) on the corpus's real final
accounts: silent where their figures reconcile (a rounding tail is reported as rounding, apart),
and each rule fires on a changed copy of their figures, naming file and page."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from orchestration.quality.findings import findings_of
from orchestration.quality.rules import DISCLOSURE_RULES
from orchestration.quality.suites import suite_specs
from orchestration.quality.validate import run_suite
from orchestration.settings import EXPECTATIONS_DIR

GJ = "gjxfj_2024_dept_final.pdf"
SPECS = {spec.name: spec for spec in suite_specs()}
RULE_IDS = {rule.id for rule in DISCLOSURE_RULES}

# One change per rule: a figure of 国家信访局's 2024 决算 printed otherwise (+10,000 元, or
# +10 万元 in the 三公 table) in a copy of the warehouse built from the real PDF.
CHANGES = {
    "FA-BALANCE": ("fct_final_summary", "amount_yuan = amount_yuan + 10000",
                   "table_name = '收入支出决算总表' and side = 'expenditure' "
                   "and item_name = '总计'"),
    "FA-TOTALS": ("fct_final_summary", "amount_yuan = amount_yuan + 10000",
                  "table_name = '收入支出决算总表' and item_name = '年初结转和结余'"),
    "FA-SUMMARY-PARTS": ("fct_final_summary", "amount_yuan = amount_yuan + 10000",
                         "table_name = '收入支出决算总表' and item_name = '其他收入'"),
    "FA-CHILDREN-SUM": ("fct_final_line", "expenditure_yuan = expenditure_yuan + 10000",
                        "table_name = '支出决算表' and code = '2014004'"),
    "FA-BASIC-PROJECT": ("fct_final_line", "project_yuan = project_yuan + 10000",
                         "table_name = '支出决算表' and code = '2014004'"),
    "FA-PERSONNEL-PUBLIC": ("fct_final_line", "expenditure_yuan = expenditure_yuan + 10000",
                            "code = 'TOTAL:人员经费合计'"),
    "FA-THREE-PUBLIC": ("fct_final_three_public", "amount_wan = amount_wan + 10",
                        "stage = 'final' and item = 'official_reception'"),
    "FA-NARRATIVE": ("fct_final_summary", "amount_yuan = amount_yuan + 10000",
                     "table_name = '收入支出决算总表' and item_name = '本年收入合计'"),
    # 本年支出合计 printed as 14,572.53 元 in a 万元 table: 10,000 times too small.
    "FA-UNIT": ("fct_final_summary", "amount_yuan = amount_yuan / 10000",
                "table_name = '收入支出决算总表' and item_name = '本年支出合计'"),
    # 2080505 printed with the name of its sibling 2080506.
    "FA-CODE-NAME": ("fct_final_line", "name_printed = '机关事业单位职业年金缴费支出'",
                     "table_name = '支出决算表' and code = '2080505'"),
    # 公用经费合计 10,000 元 below the 2,266.65 万元 the narrative says 机关运行经费 spent (p25).
    "FA-RUNNING-COST": ("fct_final_line", "expenditure_yuan = expenditure_yuan - 10000",
                        "code = 'TOTAL:公用经费合计'"),
}
# Tables a changed copy leaves out: (raw table, which rows).
DELETES = {"FA-REQUIRED-TABLES": ("raw.final_table", "title like '%三公%'")}
# The page each changed figure's finding names (the narrative rules: the sentence's page).
PAGES = {"FA-BALANCE": 7, "FA-TOTALS": 7, "FA-SUMMARY-PARTS": 7, "FA-CHILDREN-SUM": 9,
         "FA-BASIC-PROJECT": 9, "FA-PERSONNEL-PUBLIC": 11, "FA-THREE-PUBLIC": 15,
         "FA-NARRATIVE": 19, "FA-UNIT": 19, "FA-CODE-NAME": 9, "FA-REQUIRED-TABLES": 1,
         "FA-RUNNING-COST": 25}


# The budget rules, on a copy of the corpus budgets' warehouse, changing the 福利院's 2024 单位预算
# (p6 narrative, p7 and p10 summaries):
# (rule, table, change, which row, the page the finding names, its verdict).
FLW = "ptq_flw_2024_unit_budget.pdf"
_GRANT_TOTAL = ("table_name = '部门财政拨款收支预算总表' and side = 'expenditure' "
                "and is_total")
BUDGET_CHANGES = {
    # 事业收入 262.00 万元 +10,000 元: the items no longer add up to 收入总计 (p7).
    "DB-SUMMARY-PARTS": ("main.fct_budget_summary", "amount_yuan = amount_yuan + 10000",
                         "table_name = '部门财务收支预算总表' and item_name = '事业收入'", 7,
                         "DB-SUMMARY-PARTS"),
    # 财政拨款支出总计 9,501,164 元 +10,000: the narrative's 950.12 万元 no longer gives it.
    "DB-NARRATIVE": ("main.fct_budget_summary", "amount_yuan = amount_yuan + 10000",
                     _GRANT_TOTAL, 6, "DB-NARRATIVE"),
    # +100 元: 950.12 万元 is 9,501,264 cut, not rounded (a rounding note).
    "DB-NARRATIVE-ROUNDING": ("main.fct_budget_summary", "amount_yuan = amount_yuan + 100",
                              _GRANT_TOTAL, 6, "DB-NARRATIVE-ROUNDING"),
    # The summary's 元 read as 万元: 10,000 times the narrative's figure.
    "DB-UNIT": ("main.fct_budget_summary", "amount_yuan = amount_yuan * 10000",
                _GRANT_TOTAL, 6, "DB-UNIT"),
    # One table's 2080505 10,000 times the reference table's (table against table).
    "DB-UNIT-TABLES": ("intermediate.int_budget_cross_table",
                       "amount = reference_amount * 10000",
                       "code = '2080505' and measure = 'all_funds' "
                       "and table_name <> reference_table_name", None, "DB-UNIT"),
}


# Rules of classification names by year (tests below: the year boundary, siblings by year).
YEARS_RULES = {"DB-CODE-NAME", "DB-CODE-NAME-YEAR", "FA-CODE-NAME-YEAR"}

# Budget tables a changed copy leaves out (raw.budget_table: the title the budget prints):
# (file, title) -> the title DB-REQUIRED-TABLES names missing. The 福利院's 单位预算 is held to
# 上海's 单位 set, 江苏 2019 to its own.
JS = "js_swbgt_2019_dept_budget_tables.pdf"
BUDGET_DELETES = {
    (FLW, "单位“三公”经费和机关运行经费预算表"),
    (FLW, "预算单位国有资本经营预算支出功能分类预算表"),
    (JS, "财政拨款政府性基金支出预算表"),
}
# 北京 2026 prints its 情况说明 only (its tables are another attachment, MANIFEST.md).
BJ = "bj_czj_2026_dept_budget.pdf"

# One 决算 table's figure 10,000 times the reference table's (table against table): (measure,
# code) of int_final_cross_table in 国家信访局's 决算, and the page of the changed table.
FINAL_UNIT_SLIPS = {
    # 2014004's 本年支出 in the 一般公共预算财政拨款支出决算表 (p11) against the 支出决算表.
    ("general_budget_in_all", "2014004"): 11,
    # The 支出决算表's 合计 (p9) against the summary's 本年支出合计.
    ("all_funds", "TOTAL"): 9,
}

# Rules of the performance forms, tested on the corpus target forms and evaluation report
# (tests/test_corpus_targets.py: CHANGES there).
FORM_RULES = {"PT-SUBTOTAL", "ER-TABLE-SUM", "ER-TABLE-RATE"}


def test_every_rule_has_its_failing_test():
    budget = {check_id.removesuffix("-ROUNDING")
              for *_, check_id in BUDGET_CHANGES.values()}
    assert (set(CHANGES) | set(DELETES) | budget | FORM_RULES | YEARS_RULES
            | {"DB-YEAR-ON-YEAR", "DB-REQUIRED-TABLES", "DB-TABLES-ABSENT"}
            | set(PARTS_SET_ASIDE) == RULE_IDS)


@pytest.fixture
def expectations(tmp_path):
    """A copy of the GX context: the results of these runs stay out of the repository."""
    root = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, root, ignore=shutil.ignore_patterns("uncommitted"))
    return root


def _findings(db, rule_id: str, expectations):
    spec = SPECS[f"rule_{rule_id.lower().replace('-', '_')}"]
    return findings_of(run_suite(spec, db, expectations), spec.document_kind)


@pytest.mark.parametrize("rule_id", sorted([*CHANGES, *DELETES]))
def test_rule_fires_on_a_changed_copy(rule_id, finals_load, tmp_path, expectations):
    copy = tmp_path / "changed.duckdb"
    shutil.copy(finals_load.warehouse, copy)
    if rule_id in DELETES:
        table, where = DELETES[rule_id]
        change = None
    else:
        table, change, where = CHANGES[rule_id]
        table = f"main.{table}"
    with duckdb.connect(str(copy)) as con:
        (n,) = con.execute(f"select count(*) from {table} where source_file = ? and {where}",
                           [GJ]).fetchone()
        assert n == 1
        con.execute(f"update {table} set {change} where source_file = ? and {where}"
                    if change else f"delete from {table} where source_file = ? and {where}",
                    [GJ])
    before = [f for f in _findings(finals_load.warehouse, rule_id, expectations)
              if f.check_id == rule_id]
    after = [f for f in _findings(copy, rule_id, expectations) if f.check_id == rule_id]
    assert before == []
    assert after, f"{rule_id} is silent on the changed copy"
    assert {f.source_file for f in after} == {GJ}
    assert all(f.severity == "error" for f in after)
    assert any(f.message.startswith(f"p{PAGES[rule_id]} ") for f in after), \
        [f.message for f in after]
    assert PAGES[rule_id] in {f.page for f in after}


def test_rules_are_silent_where_the_documents_reconcile(finals_load):
    """Both 决算 reconcile but for rounding tails (their notes admit 尾差): the nightly load's
    audit_findings holds no rule error, and each tail is reported as rounding with its page."""
    with duckdb.connect(str(finals_load.warehouse), read_only=True) as con:
        found = con.execute(
            "select check_id, severity, source_file, message from main.audit_findings "
            "where check_id like 'FA-%'").fetchall()
        pages = con.execute("select page, message from main.audit_findings "
                            "where check_id like 'FA-%'").fetchall()
        # The self-evaluation forms bound in 西安's 决算: their findings name the form's page.
        forms = con.execute("select count(*), count(page) from main.audit_findings "
                            "where check_id like 'SE-%' and source_file like 'xian_%'"
                            ).fetchone()
    assert found, "the catalogue did not run on the final accounts"
    assert {c for c, *_ in found} <= {f"{r}-ROUNDING" for r in RULE_IDS - FORM_RULES}
    assert {s for _, s, *_ in found} == {"rounding"}
    messages = {(c, f, m) for c, _, f, m in found}
    # audit_findings.page is the page each message names first (p<page> …).
    assert all(m.startswith(f"p{page} ") for page, m in pages), pages
    assert forms[0] > 0 and forms[1] == forms[0], forms
    # 三公 决算数: 4.69 + 40.61 + 0.90 = 46.20, printed 46.21 (p15).
    assert ("FA-THREE-PUBLIC-ROUNDING", GJ,
            "p15 final “三公”经费合计: printed 46.21 万元, its parts add up to 46.20 万元. "
            "(rounding tail)") in messages
    # 西安: 2,074,962.01 + 6,374.88 + 399,035.80 = 2,480,372.69, 总计 printed 2,480,372.70.
    assert any(c == "FA-TOTALS-ROUNDING" and f.startswith("xian_") and m.startswith("p146 ")
               for c, f, m in messages)


# A part bound in a document, set aside while the document loaded (raw.load_errors): the kind
# of document each rule speaks of (test_bad_input runs DB-'s through the real job).
PARTS_SET_ASIDE = {"DB-PART-SET-ASIDE": "department_budget",
                   "FA-PART-SET-ASIDE": "final_accounts",
                   "SE-PART-SET-ASIDE": "self_evaluation"}


@pytest.mark.parametrize("rule_id", sorted(PARTS_SET_ASIDE))
def test_a_part_set_aside_is_a_finding_at_its_page(rule_id, sample_load, tmp_path,
                                                   expectations):
    """Silent on the samples (no part set aside); a row of raw.load_errors naming a part of a
    loaded document of the rule's kind, with its page, is one warning quoting its reason; a
    document set aside whole, or a part of another kind, is none."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(sample_load.warehouse, copy)
    kind = PARTS_SET_ASIDE[rule_id]
    reason = "page 7: a form not read (line 120: a word of no row)"
    with duckdb.connect(str(copy)) as con:
        for name, kind_of, page, loaded in (("bound.pdf", kind, 7, True),
                                            ("whole.pdf", kind, None, False),
                                            ("other.pdf", "evaluation_report", 7, True)):
            con.execute("insert into raw.load_errors values (?, 'ab', ?, 120, ?, now(), ?, ?)",
                        [name, kind_of, reason, page, loaded])
    assert _findings(sample_load.warehouse, rule_id, expectations) == []
    assert [(f.check_id, f.severity, f.source_file, f.page, f.line_start, f.message)
            for f in _findings(copy, rule_id, expectations)] == [
        (rule_id, "warning", "bound.pdf", 7, 120,
         f"p7: not read, set aside (the document loaded without it): {reason}")]


def test_budget_code_printed_with_a_siblings_name(sample_load, tmp_path, expectations):
    """DB-CODE-NAME on the sample 部门预算: silent as published; a copy whose line prints the
    name of another code under the same parent (from the seed) is found, with its line."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(sample_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        line = con.execute("""
            select lines.source_file, lines.table_name, lines.code, lines.line_start,
                   min(in_force.name)
            from main.fct_budget_line as lines
            inner join main.dim_budget_function as own on lines.code = own.code
            inner join main.dim_budget_function as sibling
                on sibling.parent_code = own.parent_code and sibling.code <> own.code
            -- the sibling's name in the line's year, not its name now
            inner join reference.classification_code_names as in_force
                on in_force.classification = 'function' and in_force.code = sibling.code
                and lines.fiscal_year between coalesce(in_force.valid_from, 0)
                                          and coalesce(in_force.valid_to, 9999)
            where lines.classification = 'function'
            group by all
            order by lines.source_file, lines.line_start
            limit 1""").fetchone()
        assert line is not None, "no budget line with a sibling in the seed"
        source_file, table_name, code, line_start, sibling_name = line
        con.execute("update main.fct_budget_line set name_printed = ? where source_file = ? "
                    "and table_name = ? and code = ?",
                    [sibling_name, source_file, table_name, code])
    before = [f for f in _findings(sample_load.warehouse, "DB-CODE-NAME", expectations)
              if f.check_id == "DB-CODE-NAME"]
    after = [f for f in _findings(copy, "DB-CODE-NAME", expectations)
             if f.check_id == "DB-CODE-NAME"]
    assert before == []
    assert [(f.source_file, f.line_start, f.actual) for f in after] == [
        (source_file, line_start, sibling_name)]


@pytest.mark.parametrize("change", sorted(BUDGET_CHANGES))
def test_budget_rule_fires_on_a_changed_copy(change, corpus_load, tmp_path, expectations):
    table, update, where, page, check_id = BUDGET_CHANGES[change]
    rule_id = check_id.removesuffix("-ROUNDING")
    copy = tmp_path / "changed.duckdb"
    shutil.copy(corpus_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        rows = con.execute(f"select line_start from {table} where source_file = ? and {where} "
                           "order by all limit 1", [FLW]).fetchall()
        assert rows, (table, where)
        (line_start,) = rows[0]
        con.execute(f"update {table} set {update} where source_file = ? and {where} "
                    "and line_start = ?", [FLW, line_start])
        if page is None:  # the changed line's own page
            (page,) = con.execute("select min(page) from main.fct_budget_line "
                                  "where source_file = ? and line_start = ?",
                                  [FLW, line_start]).fetchone()
    before = [f for f in _findings(corpus_load.warehouse, rule_id, expectations)
              if f.check_id.startswith(rule_id)]
    after = [f for f in _findings(copy, rule_id, expectations) if f.check_id == check_id]
    assert before == []
    assert after, f"{check_id} is silent on the changed copy"
    assert {f.source_file for f in after} == {FLW}
    assert page in {f.page for f in after}
    assert all(f.message.startswith(f"p{f.page} ") for f in after)


# --- classification names by year (seed classification_code_names) -------------------------

WANLI_2024 = "ptq_wanli_2024_dept_budget.pdf"


def _code_name_findings(corpus_load, tmp_path, expectations, code: str, year: int,
                        name: str) -> dict[str, list]:
    """DB-CODE-NAME and DB-CODE-NAME-YEAR on a copy of the corpus budgets' warehouse where
    万里 2024's lines of `code` print `name` and are dated `year`."""
    copy = tmp_path / f"names_{code}_{year}.duckdb"
    shutil.copy(corpus_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        (n,) = con.execute("select count(*) from main.fct_budget_line "
                           "where source_file = ? and code = ?", [WANLI_2024, code]).fetchone()
        assert n > 0
        con.execute("update main.fct_budget_line set name_printed = ?, fiscal_year = ? "
                    "where source_file = ? and code = ?", [name, year, WANLI_2024, code])
    return {rule_id: [f for f in _findings(copy, rule_id, expectations)
                      if f.check_id == rule_id and f.source_file == WANLI_2024
                      and f" {code} " in f.message]
            for rule_id in ("DB-CODE-NAME", "DB-CODE-NAME-YEAR")}


# 210 is 医疗卫生与计划生育支出 until 2018 and 卫生健康支出 from 2019 (the 2019 科目), and so is
# 207 文化体育与传媒支出, then 文化旅游体育与传媒支出: each name is right in its years; in the
# other years it is the code's own out-of-date (or not yet valid) name, a warning, never the
# error DB-CODE-NAME. (code -> its names until 2018 and from 2019, and the pages of 万里
# 2024's tables printing it: 收入预算总表, 支出预算总表, 功能分类.)
RENAMED_2019 = {"210": ("医疗卫生与计划生育支出", "卫生健康支出", [13, 18, 24]),
                "207": ("文化体育与传媒支出", "文化旅游体育与传媒支出", [12, 17, 23])}


@pytest.mark.parametrize(("code", "year", "name", "warned"), [
    ("210", 2018, "医疗卫生与计划生育支出", False),
    ("210", 2019, "医疗卫生与计划生育支出", True),
    ("210", 2024, "医疗卫生与计划生育支出", True),
    ("210", 2018, "卫生健康支出", True),
    ("210", 2019, "卫生健康支出", False),
    ("207", 2018, "文化体育与传媒支出", False),
    ("207", 2024, "文化体育与传媒支出", True),
    ("207", 2018, "文化旅游体育与传媒支出", True),
])
def test_a_codes_name_of_another_year_is_a_warning(code, year, name, warned, corpus_load,
                                                   tmp_path, expectations):
    found = _code_name_findings(corpus_load, tmp_path, expectations, code, year, name)
    assert found["DB-CODE-NAME"] == []
    if not warned:
        assert found["DB-CODE-NAME-YEAR"] == []
        return
    until_2018, from_2019, pages = RENAMED_2019[code]
    own = until_2018 if year <= 2018 else from_2019
    # One finding per table printing the code.
    found = found["DB-CODE-NAME-YEAR"]
    assert sorted(f.page for f in found) == pages
    assert {(f.source_file, f.severity, f.actual, f.expected) for f in found} == {
        (WANLI_2024, "warning", name, own)}
    assert all(f.message.startswith(f"p{f.page} ") and f"in {year} it is named {own}"
               in f.message for f in found), [f.message for f in found]


# 2080599 was 其他行政事业单位离退休支出 until 2019 and is 其他行政事业单位养老支出 from 2022:
# 2080501 printed with the one a year gives 2080599 is an error in that year only.
@pytest.mark.parametrize(("year", "name", "error"), [
    (2019, "其他行政事业单位离退休支出", True),
    (2024, "其他行政事业单位离退休支出", False),
    (2024, "其他行政事业单位养老支出", True),
    (2019, "其他行政事业单位养老支出", False),
])
def test_a_siblings_name_is_an_error_in_the_years_it_is_the_siblings(
        year, name, error, corpus_load, tmp_path, expectations):
    found = _code_name_findings(corpus_load, tmp_path, expectations, "2080501", year, name)
    assert found["DB-CODE-NAME-YEAR"] == []
    if not error:
        assert found["DB-CODE-NAME"] == []
        return
    own = "归口管理的行政单位离退休" if year <= 2019 else "行政单位离退休"
    found = found["DB-CODE-NAME"]
    assert sorted(f.page for f in found) == [12, 17, 24]
    assert {(f.source_file, f.severity, f.actual, f.expected) for f in found} == {
        (WANLI_2024, "error", name, own)}
    assert all(f"another code's in {year}" in f.message for f in found)


def test_a_final_accounts_code_with_its_name_of_another_year(finals_load, tmp_path,
                                                              expectations):
    """FA-CODE-NAME-YEAR: 国家信访局's 2024 决算 (p8) printing 210 by its name until 2018."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(finals_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update main.fct_final_line set name_printed = '医疗卫生与计划生育支出' "
                    "where source_file = ? and code = '210'", [GJ])
    before = [f for f in _findings(finals_load.warehouse, "FA-CODE-NAME-YEAR", expectations)
              if f.check_id == "FA-CODE-NAME-YEAR"]
    after = [f for f in _findings(copy, "FA-CODE-NAME-YEAR", expectations)
             if f.check_id == "FA-CODE-NAME-YEAR"]
    assert before == []
    assert after and {(f.source_file, f.severity, f.expected) for f in after} == {
        (GJ, "warning", "卫生健康支出")}
    assert 8 in {f.page for f in after}


# --- year on year: 万里 2024's 比2023年 sentences against 万里 2023 ----------------------------

WANLI_2023 = "ptq_wanli_2023_dept_budget.pdf"


def _year_on_year(db, expectations) -> list:
    return [f for f in _findings(db, "DB-YEAR-ON-YEAR", expectations)
            if f.check_id.startswith("DB-YEAR-ON-YEAR")]


def test_year_on_year_holds_on_the_wanli_pair(corpus_load, expectations):
    """万里 2024 (p6) says 财政拨款收入 and 财政拨款支出预算 15621.11 万元 are 876.75 万元 below
    the 2023 budget: 2023's 部门财政拨款收支预算总表 (p19) prints 164,978,640 元 for both totals,
    2024's (p21) 156,211,123 元, 8,767,517 元 less: 876.75 万元 to its printed digits. Its 三公
    sentences (p32: 合计 47.91 万元 and 公务用车购置及运行费 46.56 增加25万元, 购置费 25 增加25万元,
    the others 持平) are 2023's 三公 table (p28: 22.91, 21.56, 0 …) and 2024's (p31). Each is
    checked, and silent; 2023's sentences compare with 2022, whose budget the corpus lacks."""
    from orchestration.quality.rule_frames import DB_YEAR_ON_YEAR

    with duckdb.connect(str(corpus_load.warehouse), read_only=True) as con:
        rows = con.execute(
            "select source_file, page, line_start, previous_file, previous_page, current_page, "
            f"previous_item, expected, actual, verdict from ({DB_YEAR_ON_YEAR})").fetchall()
    grant = "部门财政拨款收支预算总表 "
    assert [r[:6] for r in rows] == [
        (WANLI_2024, 6, 68, WANLI_2023, 19, 21), (WANLI_2024, 6, 70, WANLI_2023, 19, 21),
        *[(WANLI_2024, 32, line, WANLI_2023, 28, 31) for line in (516, 517, 518, 518, 519,
                                                                    521)]]
    assert [(r[6].split()[-1], *r[7:]) for r in rows] == [
        ("收入总计", "-8767517.00", "-8767500.00", "holds"),
        ("支出总计", "-8767517.00", "-8767500.00", "holds"),
        ("“三公”经费合计", "250000.00", "250000.00", "holds"),
        ("因公出国（境）费", "0.00", "0.00", "holds"),
        ("公务用车购置费", "250000.00", "250000.00", "holds"),
        ("公务用车购置及运行费", "250000.00", "250000.00", "holds"),
        ("公务用车运行费", "0.00", "0.00", "holds"),
        ("公务接待费", "0.00", "0.00", "holds")]
    assert all(r[6].startswith(grant) for r in rows[:2])
    assert _year_on_year(corpus_load.warehouse, expectations) == []


def test_year_on_year_fires_when_the_year_before_prints_otherwise(corpus_load, tmp_path,
                                                                  expectations):
    """A copy where 万里 2023's 财政拨款 收入总计 is 100,000 元 more: 2024's stated decrease no
    longer is the difference; the finding names both documents and their pages."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(corpus_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update main.fct_budget_summary set amount_yuan = amount_yuan + 100000 "
                    "where source_file = ? and table_name = '部门财政拨款收支预算总表' "
                    "and item_name = '收入总计'", [WANLI_2023])
    (finding,) = _year_on_year(copy, expectations)
    assert (finding.check_id, finding.severity, finding.source_file, finding.page,
            finding.line_start, finding.expected, finding.actual) == (
        "DB-YEAR-ON-YEAR", "warning", WANLI_2024, 6, 68, "-8867517.00", "-8767500.00")
    assert finding.message.startswith("p6 财政拨款收入□万元 减少876.75万元 against 2023 预算")
    assert f"{WANLI_2023} p19 prints 部门财政拨款收支预算总表 收入总计 165078640.00 元" \
        in finding.message and "this budget p21 156211123.00 元" in finding.message


@pytest.mark.parametrize(("previous", "verdict"), [
    ("16497.86", None),  # 164,978,600 元 printed for 164,978,640: rounded, holds
    ("16497.8", "DB-YEAR-ON-YEAR-ROUNDING"),  # 164,978,000: within its last digit (0.1 万元)
    ("16487.86", "DB-YEAR-ON-YEAR"),  # 10 万元 less than the 2023 budget prints
])
def test_year_on_year_previous_figure(previous, verdict, corpus_load, tmp_path, expectations):
    """The previous figure a sentence prints (北京's "比2025年年初预算数44021.20万元增加…")
    against that year's budget: 万里 2024's sentence made to print one, in a copy."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(corpus_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        n = con.execute("update raw.budget_year_on_year set previous_value = ?, "
                        "previous_text = ?, previous_unit = '万元' where source_file = ? "
                        "and line_start = 68", [previous, previous, WANLI_2024]).fetchall()
        assert n == [(1,)]
    found = _year_on_year(copy, expectations)
    assert [f.check_id for f in found] == ([verdict] if verdict else [])
    if verdict:
        assert found[0].message.startswith(f"p6 财政拨款收入□万元 2023预算 {previous}万元: "
                                           f"the text says ")


def test_year_on_year_on_a_three_public_item(corpus_load, tmp_path, expectations):
    """A copy where 万里 2023's 三公 table (p28) prints 公务用车购置费 2 万元 instead of 0: 2024's
    "公务用车购置费25万元，比2023年预算增加25万元" (p32) no longer is 2024's 25 万元 less it (a
    change printed in whole 万元 may be one 万元 off: that is a rounding note)."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(corpus_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update main.fct_budget_three_public set amount_wan = amount_wan + 2 "
                    "where source_file = ? and item = 'vehicle_purchase'", [WANLI_2023])
    (finding,) = _year_on_year(copy, expectations)
    assert (finding.check_id, finding.page, finding.line_start, finding.expected,
            finding.actual) == ("DB-YEAR-ON-YEAR", 32, 518, "230000.00", "250000.00")
    assert finding.message.startswith("p32 公务用车购置费□万元 增加25万元 against 2023 预算")
    assert f"{WANLI_2023} p28 prints 部门“三公”经费和机关运行经费预算表 公务用车购置费 " \
        "20000.00 元 and this budget p31 250000.00 元" in finding.message, finding.message

@pytest.mark.parametrize(("source_file", "title"), sorted(BUDGET_DELETES))
def test_budget_table_left_out_is_named(source_file, title, corpus_load, tmp_path,
                                        expectations):
    """DB-REQUIRED-TABLES: silent on the corpus budgets, which print every table of their set;
    a copy without one title names that table, once, at the budget's first page."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(corpus_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        (n,) = con.execute("select count(*) from raw.budget_table where source_file = ? "
                           "and title = ?", [source_file, title]).fetchone()
        assert n == 1
        con.execute("delete from raw.budget_table where source_file = ? and title = ?",
                    [source_file, title])
    before = _findings(corpus_load.warehouse, "DB-REQUIRED-TABLES", expectations)
    after = _findings(copy, "DB-REQUIRED-TABLES", expectations)
    assert [f for f in before if f.check_id != "DB-TABLES-ABSENT"] == []
    assert [(f.check_id, f.severity, f.source_file, f.page, f.message) for f in after
            if f.check_id != "DB-TABLES-ABSENT"] == [
        ("DB-REQUIRED-TABLES", "error", source_file, 1,
         f"p1 {title}: the budget (from this page on) prints no such table.")]


def test_budget_without_its_tables_is_one_warning(corpus_load, expectations):
    """北京 2026's 情况说明 prints no table (they are published as another attachment): one
    DB-TABLES-ABSENT warning for the document, not a DB-REQUIRED-TABLES error per table; the
    other corpus budgets and the sample 部门预算 (2018, eight tables: the 国有资本经营预算 table
    is asked from 2023) are silent."""
    found = _findings(corpus_load.warehouse, "DB-REQUIRED-TABLES", expectations)
    assert [(f.check_id, f.severity, f.source_file, f.page, f.message) for f in found] == [
        ("DB-TABLES-ABSENT", "warning", BJ, 1,
         "p1 no table: the document prints no table of a 部门预算 set (seed required_tables); "
         "its tables may be published in another attachment.")]
    with duckdb.connect(str(corpus_load.warehouse), read_only=True) as con:
        titles = dict(con.execute("select source_file, count(*) from raw.budget_table "
                                  "group by all").fetchall())
    assert BJ not in titles and titles[JS] == 12 and titles[FLW] == 9


def test_budget_of_an_unknown_template_is_one_warning(corpus_load, tmp_path, expectations):
    """A budget whose titles are of no set the seed knows (江苏's, renamed in a copy) is one
    DB-TABLES-ABSENT warning naming how many titles it prints, not an error per table."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(corpus_load.warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("update raw.budget_table set title = '某省' || title where source_file = ?",
                    [JS])
    found = [(f.check_id, f.severity, f.source_file, f.message)
             for f in _findings(copy, "DB-REQUIRED-TABLES", expectations)
             if f.source_file == JS]
    assert found == [
        ("DB-TABLES-ABSENT", "warning", JS,
         "p1 12 titles of no known set: the document prints no table of a 部门预算 set (seed "
         "required_tables); its tables may be published in another attachment.")]


def test_sample_budget_prints_its_tables(sample_load, expectations):
    found = _findings(sample_load.warehouse, "DB-REQUIRED-TABLES", expectations)
    assert found == []


@pytest.mark.parametrize(("measure", "code"), sorted(FINAL_UNIT_SLIPS))
def test_final_unit_slip_table_against_table(measure, code, finals_load, tmp_path,
                                             expectations):
    """FA-UNIT compares each 决算 table with the reference table of the same code and measure
    (int_final_cross_table): silent on both corpus 决算; a figure 10,000 times its reference's
    (a 元 figure under the 万元 label) is found on its page."""
    copy = tmp_path / "changed.duckdb"
    shutil.copy(finals_load.warehouse, copy)
    where = "source_file = ? and measure = ? and code = ?"
    with duckdb.connect(str(copy)) as con:
        (n,) = con.execute(f"select count(*) from intermediate.int_final_cross_table "
                           f"where {where}", [GJ, measure, code]).fetchone()
        assert n == 1
        con.execute(f"update intermediate.int_final_cross_table "
                    f"set amount = reference_amount * 10000 where {where}", [GJ, measure, code])
    before = [f for f in _findings(finals_load.warehouse, "FA-UNIT", expectations)
              if f.check_id.startswith("FA-UNIT")]
    after = [f for f in _findings(copy, "FA-UNIT", expectations) if f.check_id == "FA-UNIT"]
    assert before == []
    page = FINAL_UNIT_SLIPS[(measure, code)]
    assert [(f.source_file, f.page) for f in after] == [(GJ, page)]
    assert after[0].message.startswith(f"p{page} ") and f"({measure})" in after[0].message
