"""Messages of several lines, drawn line by line from remembered cells, are RichHandler's bytes.

Plain tracebacks (``rich_tracebacks`` off, the console's default) are the
messages this is for: the same frames come back with every exception.
"""

from __future__ import annotations

import io
import logging
import re
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.logging import RichHandler
from rich.theme import Theme

from logkit.handlers import RichConsoleHandler, _rich_lines

LINK_ID = re.compile(r"\x1b\]8;id=[^;]*;")


def record_of(
    message: str, exc_info: Any = None, created: float = 1_700_000_000.0
) -> logging.LogRecord:
    record = logging.LogRecord("app", logging.ERROR, "/src/app.py", 42, message, (), exc_info, "f")
    record.created = created
    return record


def render(
    handler_class: type[RichHandler], records: list[logging.LogRecord], **options: Any
) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.pop("width", 100),
        force_terminal=True,
        color_system="truecolor",
        theme=options.pop("theme", None),
    )
    handler = handler_class(console=console, rich_tracebacks=False, **options)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for record in records:
        handler.handle(record)
    return LINK_ID.sub("\x1b]8;id=*;", buffer.getvalue())


def assert_same_output(records: list[logging.LogRecord], **options: Any) -> None:
    expected = render(RichHandler, records, **dict(options))
    actual = render(RichConsoleHandler, records, **dict(options))
    assert actual.splitlines() == expected.splitlines()
    assert actual == expected


def traceback_at_module_level(text: str) -> Any:
    """A real exception raised by code run as a module (its frames say ``<module>``)."""
    code = compile(
        f"def charge(order):\n    raise KeyError({text!r})\ncharge(7)\n", "<input>", "exec"
    )
    try:
        exec(code, {})  # noqa: S102 - our own code, compiled above
    except KeyError:
        return sys.exc_info()
    raise AssertionError("no exception")


@pytest.mark.parametrize("width", [24, 50, 120])
@pytest.mark.parametrize("markup", [False, True])
def test_repeated_tracebacks_render_identically(width: int, markup: bool) -> None:
    records = [
        record_of(f"order {order} failed", traceback_at_module_level(text), 1_700_000_000.0 + order)
        for order, text in enumerate(["card declined", "card declined", "limit: 3 :smile: ok", "x"])
    ]
    assert_same_output(records, width=width, markup=markup)


THEMES = {
    "tags-styled": Theme({"repr.tag_contents": "italic", "repr.tag_name": "underline"}),
    "strings-linked": Theme({"repr.str": "link https://example.com"}),
    "message-column-styled": Theme({"log.message": "reverse"}),
    "numbers-linked": Theme({"repr.number": "bold link https://example.com"}),
    "numbers-unstyled": Theme({"repr.number": "none"}),
}


@pytest.mark.parametrize("theme", THEMES.values(), ids=THEMES.keys())
def test_repeated_tracebacks_render_identically_under_themes(theme: Theme) -> None:
    records = [record_of("failed", traceback_at_module_level("declined")) for _ in range(3)]
    assert_same_output(records, theme=theme, markup=True)


# Lines drawn from a small pool, so that messages share lines and the kept cells are used.
LINE = st.sampled_from(
    [
        "",
        '  File "/src/app.py", line 12, in <module>',
        "    charge(order)",
        "KeyError: 'card declined' at 10.0.0.1",
        "a <b",
        "c> d",
        "GET /api/users 200",
        "x = None; y=True :smile: ok",
        "long " * 14,
        "日本語のテキスト 🎉 wide",
        "bell\x07 and cr\r",
        "[not markup",
        "order 12 failed",
        "  retry 2 of 5 after 0.25 s",
        "GET 3 items",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    messages=st.lists(
        st.lists(LINE, min_size=2, max_size=5).map("\n".join), min_size=1, max_size=5
    ),
    width=st.integers(min_value=20, max_value=130),
    markup=st.booleans(),
)
def test_messages_of_several_lines_render_identically(
    messages: list[str], width: int, markup: bool
) -> None:
    records = [record_of(message.replace("%", "%%")) for message in messages]
    assert_same_output(records, width=width, markup=markup)


def test_a_repeated_traceback_draws_only_its_new_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    draw_line = _rich_lines._draw_line

    def counting(plain: str, *args: Any, **kwargs: Any) -> Any:
        drawn.append(plain)
        return draw_line(plain, *args, **kwargs)

    monkeypatch.setattr(_rich_lines, "_draw_line", counting)
    console = Console(file=io.StringIO(), width=100, force_terminal=True)
    handler = RichConsoleHandler(console=console, markup=True)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.handle(record_of("order 1 failed", traceback_at_module_level("declined")))
    first = len(drawn)
    assert first > 4  # the traceback's lines
    handler.handle(record_of("order 2 failed", traceback_at_module_level("declined")))
    assert drawn[first:] == []  # its first line is new, but usual: painted as the lane does
    handler.handle(record_of("order 3 failed", traceback_at_module_level("other")))
    assert drawn[first:] == ["KeyError: 'other'"]


def test_a_message_with_a_markup_tag_is_drawn_whole() -> None:
    console = Console(file=io.StringIO(), width=100, force_terminal=True)
    handler = RichConsoleHandler(console=console, markup=True)
    message = "a\n[bold]b[/bold]"
    painter = handler._painter_for(console)
    assert handler._cells_by_line(record_of(message), message, 80, painter) is None
