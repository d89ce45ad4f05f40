"""The GX suites, generated from the check catalogue (rules.py) and written into the file-backed
context in `expectations/` (`make suites`, which also writes the README's list of checks).

Each expectation carries `meta`: a check id, a sentence for auditors, which frame columns hold
the expected and the actual value, and a message template for one failing row.
A suite is "blocking" (the pipeline broke: nothing is published) or "finding" (a source
document's own numbers disagree: every failing row becomes a row of `audit_findings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import great_expectations as gx
import great_expectations.expectations as gxe

from .catalogue import frames_of, readme_lines
from .rules import RULES


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    query: str  # the frame the suite validates, read from the warehouse
    severity: str  # blocking | finding
    document_kind: str
    expectations: tuple[gxe.Expectation, ...]
    # False when a finding of one document can come from another document (the cross-document
    # checks): such a suite is always run over every document, even on an incremental night.
    per_document: bool = True

    @property
    def check_ids(self) -> set[str]:
        return {e.meta["check_id"] for e in self.expectations if e.meta}


def suite_specs() -> tuple[SuiteSpec, ...]:
    """One suite per frame of the catalogue, its rules' expectations in catalogue order."""
    out = []
    for frame, rules in frames_of(RULES):
        blocking = {rule.severity == "blocking" for rule in rules}
        if len(blocking) != 1:
            raise ValueError(f"{frame.name}: blocking and finding checks in one suite")
        out.append(SuiteSpec(
            name=frame.name, query=frame.query,
            severity="blocking" if blocking.pop() else "finding",
            document_kind=frame.scope,
            expectations=tuple(e for rule in rules for e in rule.expectations()),
            per_document=frame.per_document,
        ))  # fmt: skip
    return tuple(out)

def expectation_suite_for(spec: SuiteSpec) -> gx.ExpectationSuite:
    severity = "critical" if spec.severity == "blocking" else "warning"
    suite = gx.ExpectationSuite(name=spec.name, meta={"severity": spec.severity})
    for expectation in spec.expectations:
        expectation.severity = severity
        suite.add_expectation(expectation)
    return suite


def file_context(root: str):
    """The file-backed GX context in `root` (the project's expectations/ folder)."""
    return gx.get_context(mode="file", project_root_dir=root)


def expectation_signature(expectations) -> list[tuple]:
    """What a suite asserts (type, arguments, meta), without GX's generated ids."""
    return [(e.expectation_type, dict(e.configuration.kwargs), e.meta) for e in expectations]


def write_suites(root: str) -> list[str]:
    """Rewrite the stored suites that differ from this module (`make suites`); review, commit."""
    context = file_context(root)
    stored = {s.name: s for s in context.suites.all()}
    written = []
    for spec in suite_specs():
        if spec.name in stored:
            if expectation_signature(stored[spec.name].expectations) == \
                    expectation_signature(spec.expectations):
                continue
            context.suites.delete(spec.name)
        context.suites.add(expectation_suite_for(spec))
        written.append(spec.name)
    return written


# The README's list of checks sits between these two lines, written from the catalogue.
README_BEGIN = "<!-- checks: written by `make suites` from orchestration/quality/rules.py -->"
README_END = "<!-- end of checks -->"


def readme_with_checks(readme: str) -> str:
    """The README's text with its list of checks as the catalogue gives it."""
    head, rest = readme.split(README_BEGIN + "\n", 1)
    _, tail = rest.split(README_END, 1)
    return head + README_BEGIN + "\n" + "\n".join(readme_lines(RULES)) + "\n" + README_END + tail


def write_readme(path: Path) -> bool:
    """Rewrite the README's list of checks; True when it changed."""
    text = path.read_text(encoding="utf-8")
    new = readme_with_checks(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    from ..settings import EXPECTATIONS_DIR, PROJECT_ROOT

    print("rewrote:", ", ".join(write_suites(str(EXPECTATIONS_DIR))) or "nothing (all in step)")
    if write_readme(PROJECT_ROOT / "README.md"):
        print("rewrote the README's list of checks")
