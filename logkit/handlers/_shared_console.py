"""One console with Rich's progress bars, tqdm's bars and notebooks.

Rich's live displays (``rich.progress``, ``Live``, ``Status``) draw on a console,
by default Rich's global one, and place whatever is printed *through that same
console object* above the display; bytes written to the stream any other way
land inside the bar. ``RichHandler()`` without a console uses the global one; the
``console`` swap builds ``RichConsoleHandler(console=Console(file=stream))`` so
that records go where the replaced handler wrote. When that stream is the
process's stdout or stderr, :meth:`ConsoleSharingHandler.share_console_for`
makes each record go through the console of a live display that runs there:

- while a live display redirects the stream (``sys.stdout``/``sys.stderr`` is
  Rich's ``FileProxy`` over it, Rich's default at a terminal), that display's
  console;
- while a live display runs on Rich's global console and that console writes
  to the stream, the global console;
- else the handler's own console, on the stream it was given: the same bytes
  as the global console's when no display runs (both describe one stream), and
  the right ones when ``sys.stdout`` was replaced (pytest's capture,
  ``redirect_stdout``) or in a forked child, whose copy of a console carries
  the parent's displays.

Around each record, open tqdm bars are cleared and redrawn (:mod:`._tqdm_bars`),
and in IPython the path column names the cell (:mod:`._notebook`).
"""

from __future__ import annotations

import os
import sys
import weakref
from logging import LogRecord
from typing import IO, Any

from rich.console import Console
from rich.file_proxy import FileProxy

from logkit._rich_private import (
    CONSOLE_RENDER_HOOKS,
    global_console,
    proxy_console,
    renew_console_lock,
)
from logkit.handlers._notebook import cell_record
from logkit.handlers._per_record import handle_record
from logkit.handlers._rich_markup import TemplateMarkupHandler
from logkit.handlers._tqdm_bars import around_bars, mute_tqdm_redirect

__all__ = ["ConsoleSharingHandler", "live_console"]

# Consoles a forked child inherited: their live displays belong to the parent.
_INHERITED: weakref.WeakSet[Console] = weakref.WeakSet()
# The consoles handlers print through (their own ones).
_OWN_CONSOLES: weakref.WeakSet[Console] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    """Leave the parent's live displays to it, and unlock the child's consoles.

    A console's lock that another thread of the parent held at the fork stays
    held in the child (only the handlers' own locks are renewed by logging):
    the child's next record drawn by Rich itself would wait forever.
    """
    console = global_console()
    if console is not None:
        _INHERITED.add(console)
    for stream in (sys.stdout, sys.stderr):
        if type(stream) is FileProxy:
            _INHERITED.add(proxy_console(stream))
    for own in [*_OWN_CONSOLES, *_INHERITED]:
        renew_console_lock(own)


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)


def live_console(stream: IO[str]) -> Console | None:
    """The console a running live display prints through for ``stream``, if any."""
    for current in (sys.stdout, sys.stderr):
        # type(), not isinstance(): FileProxy is an io ABC, slow to check, and
        # Rich's Live makes FileProxy objects, never subclasses.
        if type(current) is FileProxy and current.rich_proxied_file is stream:
            console = proxy_console(current)
            return None if _INHERITED and console in _INHERITED else console
    shared = global_console()
    if shared is None or not getattr(shared, CONSOLE_RENDER_HOOKS, True):
        return None  # no display runs on it: the handler's own console prints the same
    if shared.file is not stream:
        return None
    return None if _INHERITED and shared in _INHERITED else shared


class ConsoleSharingHandler(TemplateMarkupHandler):
    """``RichHandler`` that shares its stream's console with progress bars (see module)."""

    _shared_stream: IO[str] | None = None
    _own_console: Console | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _OWN_CONSOLES.add(self.console)

    def share_console_for(self, stream: IO[str]) -> None:
        """Print through the console live displays use for ``stream`` whenever there is one.

        The handler's current console stays its own, for the other times.
        """
        self._shared_stream = stream
        self._own_console = self.console

    def pick_console(self) -> None:
        """Print through the console of a live display on the shared stream, if one runs."""
        stream = self._shared_stream
        if stream is not None:
            console = live_console(stream) or self._own_console
            if console is not None and console is not self.console:
                self.console = console

    def handle(self, record: LogRecord) -> bool:
        """Pick the console, then handle the record with tqdm's bars out of the way."""
        self.pick_console()
        if "tqdm.std" in sys.modules:  # tqdm is imported: bars may be open
            mute_tqdm_redirect(self, record)
            record = cell_record(record)
            bars = around_bars(self._console_file)
            if bars is not None:
                with bars:
                    return super().handle(record)
        else:
            record = cell_record(record)
        return handle_record(self, record)

    def _console_file(self) -> IO[str]:
        return self.console.file
