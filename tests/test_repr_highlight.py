"""The lane's highlighting shortcuts give rich's ReprHighlighter spans, found by search.

(The spans of the full highlighter are compared in test_handlers_rich_console.py.)
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.highlighter import ReprHighlighter
from rich.text import Text

from logkit.handlers._repr_highlight import (
    _COMBINED,
    NUMBER,
    numbers_only,
    paint_numbers,
    usual_test,
)

RICH_NUMBER = re.compile(next(pattern for pattern in _COMBINED if "(?P<number>" in pattern))

NUMBERS = st.text(alphabet=st.sampled_from(list("0123456789-.e+xXaAfF_ jé٣²bz")), max_size=20)
# Characters each highlighter pattern needs, and others.
MESSAGES = st.text(
    alphabet=st.sampled_from(list("0189aefjxAF .:-/()[]{}<>='\"_TrueFalsNonGETPOS…日\\b\n")),
    max_size=60,
)


@settings(max_examples=1500, deadline=None)
@given(NUMBERS)
@example("-0x1f 0x 1e5x 2e+10 a-1 --8 1_000 12. ٣3")
def test_number_matches_rich_number_pattern(text: str) -> None:
    expected = [match.span() for match in RICH_NUMBER.finditer(text)]
    assert [match.span() for match in NUMBER.finditer(text)] == expected


@settings(max_examples=1500, deadline=None)
@given(MESSAGES)
@example("failed to process order 19: timeout after 30s")
@example("request 12 served in 0.156 ms for user alice")
def test_numbers_only_means_rich_finds_only_numbers(text: str) -> None:
    spans = ReprHighlighter()(Text(text)).spans
    if numbers_only(text):
        assert {span.style for span in spans} <= {"repr.number"}
        assert [(span.start, span.end) for span in spans] == [
            match.span() for match in NUMBER.finditer(text)
        ]


def test_numbers_only_accepts_usual_log_lines() -> None:
    assert numbers_only("request 12 served in 0.156 ms for user alice")
    assert numbers_only("failed to process order 19: timeout after 30s")
    assert numbers_only("health check passed")
    assert not numbers_only("connected to 10.0.0.1")
    assert not numbers_only("ready: True")


def test_paint_numbers_wraps_each_number() -> None:
    assert paint_numbers("took 12 ms, -3 left, 0x1f", "<", ">") == "took <12> ms, <-3> left, <0x1f>"
    assert paint_numbers("no digits here", "<", ">") == "no digits here"


@settings(max_examples=1500, deadline=None)
@given(MESSAGES, st.sampled_from([(), ("GET", "POST"), ("", "a.b"), ("Fal",)]))
@example("request 12 served in 0.156 ms for user alice", ("GET",))
@example("POST 3", ("GET", "POST"))
@example("x\x07 1", ())
def test_usual_test_is_its_definition(text: str, words: tuple[str, ...]) -> None:
    definition = (
        text.isascii()
        and text.isprintable()
        and numbers_only(text)
        and not any(word in text for word in words)
    )
    assert usual_test(words)(text) == definition
