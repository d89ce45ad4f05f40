"""GX suites: stored suites match the code, and a changed number in a document is reported."""

from __future__ import annotations

import json
import shutil

from orchestration.quality.suites import suite_specs
from orchestration.settings import EXPECTATIONS_DIR

from .conftest import RAW


def test_stored_suites_match_the_code():
    for spec in suite_specs():
        stored = json.loads(
            (EXPECTATIONS_DIR / "gx" / "expectations" / f"{spec.name}.json").read_text()
        )
        got = [(e["type"], e["kwargs"], e["meta"]) for e in stored["expectations"]]
        want = [
            (e.expectation_type, e.configuration.kwargs, e.meta) for e in spec.expectations
        ]
        assert got == [(t, dict(k), m) for t, k, m in want], spec.name


def test_a_rate_that_does_not_reconcile_is_a_warning_not_a_failure(tmp_path, run_nightly):
    """One 执行率 changed in a copy of 000: the reconciliation check names that project."""
    raw = tmp_path / "raw"
    raw.mkdir()
    text = (RAW / "000_83445982ba865ebb.txt").read_text()
    changed = text.replace("年度资金总额： 542.00 542.00 459.30 10.00 84.74 8.47",
                           "年度资金总额： 542.00 542.00 459.30 10.00 84.75 8.47", 1)
    assert changed != text
    (raw / "000_changed.txt").write_text(changed)
    shutil.copy(RAW / "003_3e0fce185d0163d8.txt", raw)
    load = run_nightly(raw, tmp_path / "perf.duckdb")
    assert load.result.success  # a source inconsistency never stops the publish
    by_name = {e.check_name: e for e in load.result.get_asset_check_evaluations()}
    check = by_name["self_evaluation_reconciliation"]
    assert not check.passed
    assert check.severity.value == "WARN"
    rows = check.metadata["SE-RATE rows"].value
    assert [r["project_name"] for r in rows] == ["市民服务平台运行费"]
    assert rows[0]["execution_rate_reported"] == "84.75"
    assert rows[0]["execution_rate_derived"] == "84.74"
    assert by_name["self_evaluation_pipeline_invariants"].passed
    assert (tmp_path / "perf.duckdb").exists()
