"""lines_that_fit gives Text.wrap's lines and spans for texts whose lines all fit."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Span, Text

from logkit.handlers._rich_row import lines_that_fit

CONSOLE = Console(file=io.StringIO(), width=200)
LINE_CHARACTERS = st.sampled_from(list("ab \n:/.'\"[]()0123456789-"))


def wrapped(plain: str, spans: list[Span], width: int) -> list[tuple[str, list[Span]]]:
    lines = Text(plain, spans=spans).wrap(
        CONSOLE, width, justify="left", overflow="fold", tab_size=8, no_wrap=False
    )
    return [(line.plain, line.spans) for line in lines]


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    plain = draw(st.text(LINE_CHARACTERS, max_size=80))
    bounds = st.integers(0, len(plain))
    spans = []
    for start, end, style in draw(
        st.lists(st.tuples(bounds, bounds, st.sampled_from(["a", "b", "c"])), max_size=8)
    ):
        spans.append(Span(min(start, end), max(start, end), style))
    return plain, spans


@settings(max_examples=400, deadline=None)
@given(texts_with_spans(), st.integers(1, 40))
def test_the_lines_and_spans_of_text_wrap(text: tuple[str, list[Span]], width: int) -> None:
    plain, spans = text
    fitting = lines_that_fit(plain, spans, width)
    if fitting is not None:
        assert fitting == wrapped(plain, spans, width)


def test_a_traceback_that_fits_is_split_not_wrapped() -> None:
    plain = (
        'failed\nTraceback (most recent call last):\n  File "/a.py", line 3, in f\n\nKeyError: 1\n'
    )
    spans = [Span(0, 20, "x"), Span(40, 60, "y"), Span(61, 61, "z")]
    assert lines_that_fit(plain, spans, 40) == wrapped(plain, spans, 40)


def test_lines_it_cannot_vouch_for_are_left_to_rich() -> None:
    assert lines_that_fit("a" * 41, [], 40) is None  # would wrap
    assert lines_that_fit("a\n" + "b" * 41, [], 40) is None
    assert lines_that_fit("tab\there", [], 40) is None  # tabs expand
    assert lines_that_fit("wide 日本", [], 40) is None  # not ASCII
    assert lines_that_fit("bell \x07", [], 40) is None  # not printable
