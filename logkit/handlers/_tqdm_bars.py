"""Keeping tqdm's bars whole while the Rich console prints a record.

tqdm draws a bar as one line that it keeps rewriting after a carriage return, so
a record written meanwhile starts after the bar's text and the bar is redrawn
inside the next record. tqdm's own remedy is ``tqdm.write()``: clear the bars,
write, redraw them (its public ``external_write_mode``). The console handler does
that around each record while a bar is open, so ``logging_redirect_tqdm()`` is
not needed. A program may use it anyway: it puts a plain handler beside the
console's (it only replaces ``logging.StreamHandler`` objects), and that handler
is muted here, so each record prints once, in the console's Rich form.

tqdm is imported by the program, never by logkit: nothing happens until it is.
"""

from __future__ import annotations

import logging
import os
import sys
import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import IO, Any

from logkit._rich_private import tqdm_bars, tqdm_redirect_handler_class

__all__ = ["around_bars", "mute_tqdm_redirect"]

# A forked child holds copies of its parent's bars: the parent draws those, so a
# child that cleared and redrew them would leave stale bars on the terminal.
_INHERITED: weakref.WeakSet[Any] = weakref.WeakSet()


def _remember_inherited_bars() -> None:
    std = sys.modules.get("tqdm.std")
    if std is not None:
        _INHERITED.update(_open_bars(std.tqdm))


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_remember_inherited_bars)


def _open_bars(tqdm_class: Any) -> list[Any]:
    while True:
        try:
            return list(tqdm_bars(tqdm_class))
        except RuntimeError:  # another thread opened a bar while we copied the set
            continue


def around_bars(file: Callable[[], IO[str]]) -> AbstractContextManager[object] | None:
    """What clears this process's open tqdm bars for a write, and redraws them after.

    ``None`` when no bar is open. ``file()`` is the stream to be written, asked
    only then; tqdm decides which bars share the terminal with it (the same
    stream, or both the process's stdout/stderr).
    """
    std = sys.modules.get("tqdm.std")
    if std is None:
        return None
    tqdm_class = std.tqdm
    if not tqdm_bars(tqdm_class):
        return None
    if _INHERITED and all(bar in _INHERITED for bar in _open_bars(tqdm_class)):
        return None
    manager: AbstractContextManager[object] = tqdm_class.external_write_mode(file=file())
    return manager


def _printed_by_the_console(record: logging.LogRecord) -> bool:
    """The filter that mutes ``logging_redirect_tqdm``'s handler: the console prints it."""
    return False


def mute_tqdm_redirect(console_handler: logging.Handler, record: logging.LogRecord) -> None:
    """Mute the handler ``logging_redirect_tqdm()`` put beside ``console_handler``.

    It is looked for on the loggers the record passes on its way to the console
    (the logger ``logging_redirect_tqdm`` was given holds both). Records the
    console's level rejects never reach it, so one logged below that level before
    any other may still print once through tqdm's handler.
    """
    if "tqdm.contrib.logging" not in sys.modules:
        return
    redirect_class = tqdm_redirect_handler_class()
    logger: Any = logging.root.manager.loggerDict.get(record.name)
    if not isinstance(logger, logging.Logger):
        logger = logging.root
    while logger is not None:
        handlers = logger.handlers
        if console_handler in handlers:
            for handler in handlers:
                if isinstance(handler, redirect_class) and (
                    _printed_by_the_console not in handler.filters
                ):
                    handler.addFilter(_printed_by_the_console)
            return
        logger = logger.parent if logger.propagate else None
