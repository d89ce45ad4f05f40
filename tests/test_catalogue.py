"""The check catalogue (orchestration/quality/rules.py): one row per check id, the suites and the
README's list generated from it, and every check named by a test that makes it fire."""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.quality.catalogue import SEVERITIES
from orchestration.quality.rules import RULES
from orchestration.quality.suites import readme_with_checks, suite_specs

ROOT = Path(__file__).resolve().parents[1]
CHECK_IDS = [check_id for rule in RULES for check_id in rule.check_ids]

# Checks no test makes fire yet: none (tests/test_checks_fire.py fires the older ones).
NOT_YET_FIRED: set[str] = set()


def test_one_row_per_check_id():
    assert len(CHECK_IDS) == len(set(CHECK_IDS))
    assert {rule.severity for rule in RULES} <= set(SEVERITIES)
    assert all(rule.description and rule.scope for rule in RULES)


def test_the_suites_are_the_catalogues_rows():
    """Every expectation of every suite comes from one row, and every row is in a suite."""
    in_suites = [e.meta["check_id"] for spec in suite_specs() for e in spec.expectations]
    assert sorted(in_suites) == sorted(CHECK_IDS)
    severity = {check_id: rule.severity for rule in RULES for check_id in rule.check_ids}
    for spec in suite_specs():
        for e in spec.expectations:
            expected = severity[e.meta["check_id"]]
            assert e.meta["severity"] in {expected, "rounding"}, e.meta["check_id"]
        assert (spec.severity == "blocking") == all(
            e.meta["severity"] == "blocking" for e in spec.expectations), spec.name


def test_the_readme_lists_every_check_from_the_catalogue():
    """`make suites` writes the list; it is in step, and names each id on a line of its own."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_checks(readme) == readme, "run make suites: the README's list is stale"
    listed = re.findall(r"^- `([A-Za-z0-9_-]+)`", readme, flags=re.MULTILINE)
    assert set(CHECK_IDS) - {i for i in CHECK_IDS if i.endswith("-ROUNDING")} <= set(listed)
    assert all(f"`{i}`" in readme for i in CHECK_IDS)


def test_every_check_is_made_to_fire_by_a_test():
    """A row is added with its test: its id is named in a test (a changed copy of a real
    document) or in the synthetic corpus's injections, which the tests run."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py")
             if p.name != Path(__file__).name]
    texts.append((ROOT / "orchestration" / "synthetic" / "inject.py").read_text(encoding="utf-8"))
    named = {rule.id for rule in RULES if any(rule.id in text for text in texts)}
    assert {rule.id for rule in RULES} - named == NOT_YET_FIRED
