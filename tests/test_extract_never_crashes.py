"""Every extractor on arbitrary text: rows, or an ExtractionError naming the file and a real line.

Text is drawn three ways: any characters; shuffled lines of the kind's sample document; and a
slice of the sample after its first lines (the title), so that the parser gets deep into
truncated and reordered forms.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.extract import (
    declaration,
    department_budget,
    evaluation_report,
    self_evaluation,
)
from orchestration.extract.common import ExtractionError, SourceDocument

from .conftest import RAW

KINDS = {
    "self_evaluation": (self_evaluation, "000_83445982ba865ebb.txt"),
    "target_declaration": (declaration, "001_6e0e86b4a42f7fa4.txt"),
    "evaluation_report": (evaluation_report, "002_4c5fe3dc1ed34f84.txt"),
    "department_budget": (department_budget, "004_cacdc5d703bf78c7.txt"),
}


def texts(lines: list[str]):
    return st.one_of(
        st.text(max_size=400),
        st.lists(st.sampled_from(lines), max_size=300).map("\n".join),
        st.tuples(st.integers(0, len(lines)), st.integers(0, len(lines)))
          .map(lambda ab: "\n".join(lines[:3] + lines[min(ab):max(ab)])),
    )  # fmt: skip


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_never_crashes_on_arbitrary_text(kind):
    module, sample = KINDS[kind]
    lines = (RAW / sample).read_text().split("\n")

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(texts(lines))
    def check(text: str) -> None:
        try:
            ex = module.extract(SourceDocument.from_bytes("x.txt", text.encode("utf-8")))
        except ExtractionError as err:
            assert err.source_file == "x.txt"
            assert 1 <= err.line <= max(1, len(re.split(r"\r\n|\r|\n", text)))
            return
        for rows in ex.tables.values():
            for r in rows:
                assert r.document_kind == kind
                assert 1 <= r.line_start <= r.line_end

    check()
