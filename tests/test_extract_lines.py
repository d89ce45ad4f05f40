"""Line-start searches find the lines the ^-anchored multiline patterns find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.extract.common import (
    INLINE_SPACE,
    line_indices,
    search_line_start,
    spaced,
)

TEXT = st.text(st.sampled_from("总分一级 \t\u3000\nx"), max_size=40)
WORD = spaced("总分")


def _line_of(text: str, m: re.Match[str] | None) -> int | None:
    return None if m is None else text.count("\n", 0, m.start())


@settings(max_examples=3000, derandomize=True)
@given(TEXT, st.integers(0, 8))
def test_search_line_start_is_the_anchored_search(text, line):
    starts = [0] + [k + 1 for k, c in enumerate(text) if c == "\n"]
    pos = starts[min(line, len(starts) - 1)]
    anchored = re.compile(f"^{INLINE_SPACE}{WORD}", re.M)
    assert _line_of(text, search_line_start(re.compile(WORD), text, pos)) == \
        _line_of(text, anchored.search(text, pos))


@settings(max_examples=3000, derandomize=True)
@given(TEXT)
def test_line_indices_at_line_start_are_the_anchored_ones(text):
    anchored = re.compile(f"^{INLINE_SPACE}{WORD}{INLINE_SPACE}$", re.M)
    led = re.compile(f"{WORD}{INLINE_SPACE}$", re.M)
    assert line_indices(text, led, line_start=True) == line_indices(text, anchored)


def test_the_only_printable_whitespace_is_the_space():
    # declaration._row tells a cell without whitespace by " " not in it and str.isprintable.
    assert [c for c in map(chr, range(0x110000)) if c.isspace() and c.isprintable()] == [" "]
