"""fct_department_year on the samples: one row per department and year, its figures recomputed
here from the project rows by the written rules, and the auditor query that ranks by gap."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .test_queries import run

CENT = Decimal("0.01")


def rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_department_years_of_the_samples(published):
    got = {(r["department_name"], r["fiscal_year"]): r
           for r in rows(published, "select * from fct_department_year")}
    # 公安局: its 2018 budget (004), its 2023 declarations (001), its 2024 self-evaluations
    # (000); 人社局: its 2024 self-evaluations (003).
    assert {("上海市公安局", 2018), ("上海市公安局", 2023), ("上海市公安局", 2024),
            ("上海市人力资源和社会保障局", 2024)} <= set(got)
    assert got[("上海市公安局", 2023)]["n_declaration_forms"] == 7
    assert got[("上海市公安局", 2018)]["budget_expenditure_total_yuan"] > 0
    assert (got[("上海市公安局", 2024)]["n_self_evaluation_forms"]
            + got[("上海市人力资源和社会保障局", 2024)]["n_self_evaluation_forms"]) == 17


def test_department_figures_follow_the_rules(published):
    forms = rows(published, """
        select department_name, fiscal_year, project_key, full_year_budget_yuan, executed_yuan,
               total_score_reported, total_score_derived, grade_reported, grade_derived
        from fct_project_year where document_kind = 'self_evaluation'""")
    by_dept = defaultdict(list)
    for f in forms:
        by_dept[(f["department_name"], f["fiscal_year"])].append(f)
    got = {(r["department_name"], r["fiscal_year"]): r
           for r in rows(published, "select * from fct_department_year")}
    assert by_dept
    for key, fs in by_dept.items():
        d = got[key]
        budget = sum(f["full_year_budget_yuan"] for f in fs)
        executed = sum(f["executed_yuan"] for f in fs)
        assert (d["full_year_budget_yuan"], d["executed_yuan"]) == (budget, executed)
        # The samples truncate: the department's rate from its totals, cut to two decimals.
        assert d["execution_rate_rounding"] == "truncate"
        assert d["execution_rate_derived"] == (executed * 100 / budget).quantize(CENT, ROUND_DOWN)
        reported = [f["total_score_reported"] for f in fs]
        derived = [f["total_score_derived"] for f in fs]
        mean = (sum(reported) / len(reported)).quantize(CENT, ROUND_HALF_UP)
        assert d["total_score_reported_mean"] == mean
        assert d["total_score_derived_mean"] == (sum(derived) / len(derived)).quantize(
            CENT, ROUND_HALF_UP)
        assert d["total_score_derived_min"] == min(derived)
        assert d["n_projects_evaluated"] == len({f["project_key"] for f in fs})
        assert d["n_excellent_derived"] == sum(f["grade_derived"] == "优" for f in fs)
        assert d["n_excellent_reported"] == sum(f["grade_reported"] == "优" for f in fs)


def test_departments_ranked_by_reported_vs_derived_gap(published):
    got = run(published, "department_score_gap.sql")
    gaps = [abs(r["score_mean_gap"]) for r in got]
    assert len(got) == 2 and gaps == sorted(gaps, reverse=True)
    # Both departments print totals outside what the rule gives (SE-TOTAL-RULE: 4 forms each).
    assert [r["n_score_gaps"] for r in got] == [4, 4]
    assert all(r["score_mean_gap"] == r["total_score_reported_mean"]
               - r["total_score_derived_mean"] for r in got)
    # Findings of the documents of that department and year (000's and 003's SE-* errors).
    errors = {(d, y): n for d, y, n in published.execute("""
        select p.department_name, p.fiscal_year, count(*) from audit_findings as a
        inner join (select distinct source_file, department_name, fiscal_year
                    from fct_project_year) as p
            on a.source_file = p.source_file
        where a.severity = 'error' group by 1, 2""").fetchall()}
    assert {(r["department_name"], r["fiscal_year"]): r["n_errors"] for r in got} == {
        (r["department_name"], r["fiscal_year"]): errors[(r["department_name"], r["fiscal_year"])]
        for r in got}
    assert all(r["n_errors"] > 0 for r in got)


def test_findings_by_severity_in_the_department_table(published):
    """The night's findings, counted per department and year by severity, as the written rule
    attributes them: every sample document names one department and year, so each finding
    counts under its document's."""
    documents = {f: (d, y) for f, d, y in published.execute("""
        select distinct source_file, department_name, fiscal_year from fct_project_year
        union select distinct source_file, department_name, fiscal_year
        from fct_budget_summary""").fetchall()}
    expected: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    findings = published.execute("select source_file, severity from audit_findings").fetchall()
    for source_file, severity in findings:
        expected[documents[source_file]][severity] += 1
    got = {(r["department_name"], r["fiscal_year"]): r
           for r in rows(published, "select * from fct_department_year")}
    assert findings and set(expected) <= set(got)
    for key, d in got.items():
        assert {s: d[f"n_{s}_findings"] for s in ("error", "warning", "rounding")} == {
            s: expected.get(key, {}).get(s, 0) for s in ("error", "warning", "rounding")}, key
        assert d["n_dismissed_findings"] == 0  # no review in a fresh load
    assert sum(d["n_error_findings"] + d["n_warning_findings"] + d["n_rounding_findings"]
               for d in got.values()) == len(findings)
