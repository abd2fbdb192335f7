"""RichConsoleHandler.handle takes Handler.handle's steps in fewer calls (handle_record):
filters (and their replacements), the lock, and the class's own emit when a subclass has one."""

from __future__ import annotations

import io
import logging
import re
import sys
from typing import Any

import pytest
from rich.console import Console

from logkit.handlers import RichConsoleHandler


def console_handler(cls: type[RichConsoleHandler] = RichConsoleHandler) -> RichConsoleHandler:
    handler = cls(console=Console(file=io.StringIO(), width=100, force_terminal=True))
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler


def output(handler: RichConsoleHandler) -> str:
    """What the handler wrote, link ids left out (each row gets fresh ones)."""
    file: Any = handler.console.file
    return re.sub(r"\x1b\]8;id=[^;]*;", "\x1b]8;id=*;", str(file.getvalue()))


def record(message: str = "request %d served", *args: object) -> logging.LogRecord:
    return logging.LogRecord("app", logging.INFO, "/src/app.py", 7, message, args or (12,), None)


def test_a_filter_that_refuses_keeps_the_record_out() -> None:
    handler = console_handler()
    handler.addFilter(lambda _: False)
    assert not handler.handle(record())
    assert output(handler) == ""


@pytest.mark.skipif(sys.version_info < (3, 12), reason="filters return records from 3.12")
def test_a_filter_that_returns_a_new_record_has_it_written() -> None:
    handler = console_handler()

    def replace(original: logging.LogRecord) -> logging.LogRecord:
        return record("replaced %d", original.args[0] if isinstance(original.args, tuple) else 0)

    handler.addFilter(replace)
    passed = handler.handle(record())
    assert isinstance(passed, logging.LogRecord)
    assert "replaced" in output(handler)


def test_the_return_value_is_handler_handles() -> None:
    ours, theirs = console_handler(), console_handler()
    usual = record()  # True up to 3.11, the record itself from 3.12
    assert RichConsoleHandler.handle(ours, usual) is logging.Handler.handle(theirs, usual)
    assert output(ours) == output(theirs)


def test_a_subclass_with_its_own_emit_has_it_called() -> None:
    emitted: list[str] = []

    class Counting(RichConsoleHandler):
        def emit(self, record: logging.LogRecord) -> None:
            emitted.append(record.getMessage())
            super().emit(record)

    handler = console_handler(Counting)
    handler.handle(record())
    assert emitted == ["request 12 served"]
    assert "request" in output(handler)


def test_the_lock_is_held_while_the_row_is_written() -> None:
    handler = console_handler()
    held: list[bool] = []
    file: Any = handler.console.file
    write = file.write

    def checking_write(text: str) -> int:
        lock: Any = handler.lock
        held.append(lock._is_owned())
        return int(write(text))

    file.write = checking_write
    handler.handle(record())
    assert held == [True]


def test_without_a_lock_the_record_is_still_written() -> None:
    handler = console_handler()
    handler.lock = None  # as Handler.acquire() allows (createLock not called)
    handler.handle(record())
    assert "request" in output(handler)
