"""The accessors for rich's private names read a real console and handler.

Whether each name still exists and means the same is checked in
test_private_check.py.
"""

from __future__ import annotations

import io
import logging

from rich.console import Console
from rich.logging import RichHandler

from logkit import _rich_private
from logkit.handlers import RichConsoleHandler


def test_the_accessors_read_a_console_and_a_handler() -> None:
    console = Console(file=io.StringIO(), width=64, force_terminal=True)
    assert _rich_private.console_width(console) == 64

    handler = RichConsoleHandler(console=console, show_path=False)
    render = _rich_private.log_render(handler)
    assert _rich_private.last_time(render) is None
    handler.handle(logging.LogRecord("app", logging.INFO, __file__, 1, "hello", None, None))
    shown = _rich_private.last_time(render)
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
