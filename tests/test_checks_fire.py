"""The checks no changed document makes fire elsewhere, each made to fail here on a changed copy
of a real load's warehouse (the samples', the corpus's 决算s): silent on the published file,
failing on the one row the change touches. test_catalogue requires every check to be named by a
test that makes it fire."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.quality.suites import suite_specs
from orchestration.quality.validate import run_suite
from orchestration.settings import EXPECTATIONS_DIR

S000 = "000_83445982ba865ebb.txt"  # 公安局's self-evaluation forms
S002 = "002_4c5fe3dc1ed34f84.txt"  # 人社局's evaluation report
GJXFJ = "gjxfj_2024_dept_final.pdf"

# The first form of 000, by its first line.
FIRST_FORM = (f"source_file = '{S000}' and document_kind = 'self_evaluation' and line_start = "
              f"(select min(line_start) from main.fct_project_year where source_file = '{S000}')")

# check id -> (the load, the change, the failing row's column and value)
CHANGES = {
    # 总分 105 printed: outside 0..100.
    "SE-TOTAL-RANGE": ("sample", f"update main.fct_project_year set total_score_reported = 105 "
                                 f"where {FIRST_FORM}", "source_file", S000),
    # A form lost between raw and the mart: fewer rows than raw's forms.
    "PI-SE-ROWS": ("sample", f"delete from main.fct_project_year where {FIRST_FORM}", None, None),
    # A figure of the form lost on the way to the mart.
    **{check_id: ("sample", f"update main.fct_project_year set {col} = null "
                            f"where {FIRST_FORM}", "source_file", S000)
       for check_id, col in (
           ("PI-SE-NOTNULL-full_year_budget_yuan", "full_year_budget_yuan"),
           ("PI-SE-NOTNULL-executed_yuan", "executed_yuan"),
           ("PI-SE-NOTNULL-execution_rate_reported", "execution_rate_reported"),
           ("PI-SE-NOTNULL-total_score_reported", "total_score_reported"))},
    # The report's 评价等级 printed 差 for a 总分 in the band 良.
    "ER-GRADE": ("sample", "update main.fct_project_year set grade_reported = '差' "
                           f"where source_file = '{S002}'", "source_file", S002),
    # One spending component 100 元 more: the components no longer add up to the spending.
    "ER-SPENDING-SUM": ("sample", "update raw.evaluation_spending_item set amount_yuan = "
                                  "amount_yuan + 100 where rowid = (select min(rowid) from "
                                  "raw.evaluation_spending_item)", "source_file", S002),
    # Group A1's weight printed 5 where its indicators weigh 1 + 1 + 2: A1 no longer adds up,
    # nor does module A (A1 + A2).
    "ER-WEIGHT-SUM": ("sample", f"update raw.evaluation_score set weight = 5 where source_file "
                                f"= '{S002}' and code = 'A1'", "code", {"A", "A1"}),
    # Module A's score printed 7 where its indicators score 6: A no longer adds up, nor does
    # the total, the modules' sum.
    "ER-SCORE-SUM": ("sample", f"update raw.evaluation_score set score = 7 where source_file = "
                               f"'{S002}' and code = 'A'", "code", {"A", "TOTAL"}),
    # The report's rate is one another rounding convention gives: a rounding note.
    "ER-RATE-ROUNDING": ("sample", "update main.fct_project_year set "
                                   "execution_rate_rounding_other = 'half_up' "
                                   f"where source_file = '{S002}'", "source_file", S002),
    # A 决算 line lost, a key broken, an amount lost between raw and fct_final_line.
    "PI-FA-DOC-ROWS": ("finals", "delete from main.fct_final_line where rowid = (select "
                                 f"min(rowid) from main.fct_final_line where source_file = "
                                 f"'{GJXFJ}')", "source_file", GJXFJ),
    "PI-FA-KEYS": ("finals", "update main.fct_final_line set code = null where rowid = (select "
                             f"min(rowid) from main.fct_final_line where source_file = "
                             f"'{GJXFJ}')", "source_file", GJXFJ),
    "PI-FA-AMOUNTS": ("finals", "update main.fct_final_line set expenditure_yuan = null where "
                                "rowid = (select min(rowid) from main.fct_final_line where "
                                f"source_file = '{GJXFJ}' and expenditure_yuan is not null)",
                      "source_file", GJXFJ),
}


def _spec(check_id: str):
    (spec,) = [s for s in suite_specs() if check_id in s.check_ids]
    return spec


def _outcome(spec, db: Path, check_id: str):
    with duckdb.connect(str(db), read_only=True) as con:
        forms = con.execute("select count(*) from raw.self_evaluation_project").fetchone()[0]
    outcome = run_suite(spec, db, EXPECTATIONS_DIR, {"raw_self_evaluation_forms": forms})
    (o,) = [o for o in outcome.outcomes if o.check_id == check_id]
    return o


@pytest.fixture(scope="module")
def loads(request) -> dict:
    return {"sample": request.getfixturevalue("sample_load"),
            "finals": request.getfixturevalue("finals_load")}


@pytest.mark.parametrize("check_id", sorted(CHANGES))
def test_each_check_fires_on_its_change(check_id, loads, tmp_path):
    load, change, column, value = CHANGES[check_id]
    published = loads[load].warehouse
    spec = _spec(check_id)
    assert _outcome(spec, published, check_id).success, "the real load must reconcile"
    copy = Path(shutil.copy(published, tmp_path / "changed.duckdb"))
    with duckdb.connect(str(copy)) as con:
        con.execute(change)
    o = _outcome(spec, copy, check_id)
    assert not o.success
    if column is not None:
        assert {r[column] for r in o.failing_rows} == (
            value if isinstance(value, set) else {value})
