"""The shape of the check catalogue: a rule row, the frame it reads, and how it is judged.

One `Rule` is one check id: its severity, the document kind it speaks of (scope), a sentence
for auditors, a message template over its frame's columns, the frame (the SQL it runs) and the
test that judges the frame's rows (`Equal`, `NotAbove`, `IsNull` … or `Verdict`, the disclosure
rules' holds / rounding / differs). Rules sharing a frame make one GX suite (named after the
frame); `suites.suite_specs` builds them, `make suites` writes them into expectations/gx/.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import great_expectations.expectations as gxe

# error: a document contradicts itself or its rule; warning: for the auditor to look at; rounding:
# explained by rounding; blocking: the pipeline broke (nothing is published).
SEVERITIES = ("error", "warning", "rounding", "blocking")


@dataclass(frozen=True)
class Frame:
    """A frame read from the build file: one GX suite validates it."""

    name: str  # the suite's name
    query: str
    scope: str  # the document kind its rows speak of
    # False when a finding of one document can come from another (the cross-document checks):
    # such a frame is read over every document, even on an incremental night.
    per_document: bool = True


# --- tests: how a frame's rows are judged (each gives one GX expectation) ----------------------

@dataclass(frozen=True)
class Equal:
    """Column `actual` equals column `expected` on every row (compared as printed text)."""

    expected: str
    actual: str
    skip_missing: bool = False  # a row where either is null is not compared

    def expectation(self, meta: dict) -> gxe.Expectation:
        extra = {"ignore_row_if": "either_value_is_missing"} if self.skip_missing else {}
        return gxe.ExpectColumnPairValuesToBeEqual(column_A=self.expected,
                                                   column_B=self.actual, **extra, meta=meta)


@dataclass(frozen=True)
class NotAbove:
    """Column `value` is not above column `limit` (numbers, as doubles)."""

    limit: str
    value: str
    skip_missing: bool = False

    def expectation(self, meta: dict) -> gxe.Expectation:
        extra = {"ignore_row_if": "either_value_is_missing"} if self.skip_missing else {}
        return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=self.limit, column_B=self.value, or_equal=True, **extra, meta=meta)


@dataclass(frozen=True)
class IsNull:
    """Column `column` is null on every row (the frame fills it where the check fails)."""

    column: str

    def expectation(self, meta: dict) -> gxe.Expectation:
        return gxe.ExpectColumnValuesToBeNull(column=self.column, meta=meta)


@dataclass(frozen=True)
class NotNull:
    column: str

    def expectation(self, meta: dict) -> gxe.Expectation:
        return gxe.ExpectColumnValuesToNotBeNull(column=self.column, meta=meta)


@dataclass(frozen=True)
class Between:
    column: str
    low: int
    high: int

    def expectation(self, meta: dict) -> gxe.Expectation:
        return gxe.ExpectColumnValuesToBeBetween(column=self.column, min_value=self.low,
                                                 max_value=self.high, meta=meta)


@dataclass(frozen=True)
class InSet:
    column: str
    values: tuple

    def expectation(self, meta: dict) -> gxe.Expectation:
        return gxe.ExpectColumnValuesToBeInSet(column=self.column, value_set=list(self.values),
                                               meta=meta)


@dataclass(frozen=True)
class NotInSet:
    column: str
    values: tuple

    def expectation(self, meta: dict) -> gxe.Expectation:
        return gxe.ExpectColumnValuesToNotBeInSet(column=self.column,
                                                  value_set=list(self.values), meta=meta)


@dataclass(frozen=True)
class RowCount:
    """The frame has as many rows as the run's parameter `parameter` says."""

    parameter: str

    def expectation(self, meta: dict) -> gxe.Expectation:
        return gxe.ExpectTableRowCountToEqual(value={"$PARAMETER": self.parameter}, meta=meta)


@dataclass(frozen=True)
class Verdict:
    """A disclosure rule's frame (rules_frames.framed): its `verdict` column is not `differs`
    (the rule's severity) and not `rounding` (`<id>-ROUNDING`, severity rounding): two
    expectations, so a rounding tail is reported apart from a real difference."""


VERDICT = Verdict()
VERDICT_TOLERANCE = "exact; within the seed rounding_tails' tail: reported as rounding"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # one of SEVERITIES
    description: str
    message: str  # over the frame's columns, and {expected} / {actual}
    frame: Frame
    test: object = VERDICT  # Equal, NotAbove, IsNull, NotNull, Between, InSet, NotInSet …
    expected: str = ""  # the frame's column the finding quotes as expected
    actual: str = ""  # … and as printed
    lines: str = "line"  # the columns <lines>_start / <lines>_end locate a finding
    tolerance: str = "exact"
    extra_meta: dict = field(default_factory=dict)

    @property
    def scope(self) -> str:
        return self.frame.scope

    @property
    def check_ids(self) -> tuple[str, ...]:
        """The ids its findings carry (a verdict rule's rounding tails: `<id>-ROUNDING`)."""
        return (self.id, f"{self.id}-ROUNDING") if self.test is VERDICT else (self.id,)

    def expectations(self) -> tuple[gxe.Expectation, ...]:
        if self.test is VERDICT:
            meta = {"expected": "expected", "actual": "actual", "lines": "line",
                    "tolerance": self.tolerance, "scope": self.scope}
            return (
                NotInSet("verdict", ("differs",)).expectation(
                    {**meta, "check_id": self.id, "description": self.description,
                     "message": self.message, "severity": self.severity}),
                NotInSet("verdict", ("rounding",)).expectation(
                    {**meta, "check_id": f"{self.id}-ROUNDING",
                     "description": f"{self.id} off by a rounding tail only.",
                     "message": self.message + " (rounding tail)", "severity": "rounding"}),
            )
        meta = {"check_id": self.id, "description": self.description,
                "expected": self.expected, "actual": self.actual, "message": self.message,
                "lines": self.lines, "severity": self.severity, "tolerance": self.tolerance,
                **self.extra_meta}
        return (self.test.expectation(meta),)


def frames_of(rules: tuple[Rule, ...]) -> list[tuple[Frame, list[Rule]]]:
    """The frames in the order their first rule is listed, each with its rules in order."""
    out: dict[str, tuple[Frame, list[Rule]]] = {}
    for rule in rules:
        frame, listed = out.setdefault(rule.frame.name, (rule.frame, []))
        if frame != rule.frame:
            raise ValueError(f"two frames named {frame.name}")
        listed.append(rule)
    return list(out.values())


def readme_lines(rules: tuple[Rule, ...]) -> list[str]:
    """The README's list of checks: one line a rule, generated from the catalogue."""
    out = []
    for rule in rules:
        also = f" (and `{rule.id}-ROUNDING`)" if rule.test is VERDICT else ""
        out.append(f"- `{rule.id}`{also} ({rule.severity}, {rule.scope}): "
                   f"{' '.join(rule.description.split())}")
    return out
