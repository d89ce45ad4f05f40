"""is_number_token answers as the NUMBER pattern does, for every stripped token."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.extract.common import NUMBER, is_number_token

TOKEN_CHARS = st.sampled_from("0123456789,.-+ 年%=٣１\t")


@settings(max_examples=3000, derandomize=True)
@given(st.text(TOKEN_CHARS, max_size=12))
def test_is_number_token_is_the_pattern(text):
    token = text.strip()
    assert is_number_token(token) == (NUMBER.match(token) is not None)


@settings(max_examples=3000, derandomize=True)
@given(st.text(st.sampled_from("0123456789,.-"), max_size=14))
def test_is_number_token_is_the_pattern_on_digits_and_separators(token):
    assert is_number_token(token) == (NUMBER.match(token) is not None)


def test_is_number_token_examples():
    for token in ("579.29", "4,323.49", "-3", "+1,000", "０.5", "1,23", "12,345,678.00"):
        assert is_number_token(token) == (NUMBER.match(token) is not None)
    assert not is_number_token("年度资金总额：") and not is_number_token("=526.00(人)")
