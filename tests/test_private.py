"""The private rich and logging names logkit relies on exist and mean what it reads them for.

Each name has a probe in ``logkit._private``; a new rich or Python that renames
one fails here by name, instead of a handler quietly taking its slow path.
"""

from __future__ import annotations

import io
import logging

from rich.console import Console
from rich.logging import RichHandler

from logkit import _private
from logkit.handlers import RichConsoleHandler
from logkit.handlers._repr_highlight import MATCHES_RICH


def test_every_private_name_is_present() -> None:
    assert _private.missing_names() == []


def test_the_highlighter_patterns_are_riches() -> None:
    # Otherwise every message silently goes through rich's slower highlighter.
    assert MATCHES_RICH


def test_a_probe_that_cannot_read_its_name_reports_the_name() -> None:
    class Renamed:
        _new_name = 1

    def gone() -> object:
        return Renamed._old_name  # as a release that renamed it would answer

    probes = {"Renamed._old_name": gone, "Renamed._new_name": lambda: Renamed._new_name}
    assert _private.missing_names(probes) == ["Renamed._old_name"]


def test_a_name_that_changed_meaning_is_reported() -> None:
    def drifted() -> None:
        _private._require(False, "a counter that no longer counts")

    assert _private.missing_names({"Console._drifted": drifted}) == ["Console._drifted"]


def test_the_accessors_read_a_console_and_a_handler() -> None:
    console = Console(file=io.StringIO(), width=64, force_terminal=True)
    assert _private.console_width(console) == 64

    handler = RichConsoleHandler(console=console, show_path=False)
    render = _private.log_render(handler)
    assert _private.last_time(render) is None
    handler.handle(logging.LogRecord("app", logging.INFO, __file__, 1, "hello", None, None))
    shown = _private.last_time(render)
    assert shown is not None and shown.plain.strip()


def test_the_handler_keeps_riches_last_time_for_its_own_fallback() -> None:
    # Records drawn by rich after fast ones still omit a repeated time.
    buffers = []
    for handler_class in (RichHandler, RichConsoleHandler):
        buffer = io.StringIO()
        handler = handler_class(console=Console(file=buffer, width=80), show_path=False)
        first = logging.LogRecord("app", logging.INFO, __file__, 1, "fast", None, None)
        second = logging.LogRecord("app", logging.INFO, __file__, 1, "slow", None, None)
        second.created = first.created
        handler.handle(first)
        with handler.console.capture() as capture:  # a capture makes rich draw it
            handler.handle(second)
        buffers.append(buffer.getvalue() + capture.get())
    assert buffers[1] == buffers[0]


def test_a_closed_handler_is_seen_as_closed() -> None:
    handler = logging.Handler()
    assert not _private.handler_is_closed(handler)
    handler.close()
    assert _private.handler_is_closed(handler)
