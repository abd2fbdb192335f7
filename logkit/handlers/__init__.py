"""Handlers to name in a logging config where the standard ones are slow or unsafe.

Each is a drop-in: same constructor and output as the class it replaces, so a
config switches by changing ``class`` (or ``()``) and nothing else.

``logkit.handlers.RotatingFileHandler`` / ``TimedRotatingFileHandler``
    For ``logging.handlers.RotatingFileHandler`` / ``TimedRotatingFileHandler``.
    Name them when more than one process writes the same log file (gunicorn or
    uvicorn workers, multiprocessing pools, cron jobs overlapping a service):
    the standard classes then lose lines at every rotation. They also halve the
    cost of a record in a single process (one ``format``, no ``stat``). Same
    files (``app.log``, ``app.log.1`` …), ``namer``/``rotator``, ``delay``,
    ``encoding``, ``errors``. Differences: ``maxBytes`` counts encoded bytes,
    an empty file is never rotated (as in Python 3.13), and a hidden
    ``.app.log.lock`` appears next to the log at the first rotation. On
    Windows (no ``fcntl``) they are single-process handlers, like the standard.

``logkit.handlers.RichConsoleHandler``
    For ``rich.logging.RichHandler``: the same columns, colours and bytes,
    about ten times faster for ordinary records (rich tracebacks and unusual
    consoles are drawn by ``RichHandler`` itself). Name it for a console that
    a human reads on a terminal and that logs more than a few records a second.
    Importing this package does not import rich; the class is loaded on first
    use.

In YAML::

    handlers:
      console:
        class: logkit.handlers.RichConsoleHandler
        markup: true
      info:
        class: logkit.handlers.RotatingFileHandler
        filename: logs/info.log
        maxBytes: 10485760
        backupCount: 10
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from logkit.handlers._rotating import RotatingFileHandler, TimedRotatingFileHandler

if TYPE_CHECKING:
    from logkit.handlers._rich_console import RichConsoleHandler

__all__ = ["RichConsoleHandler", "RotatingFileHandler", "TimedRotatingFileHandler"]


def __getattr__(name: str) -> Any:
    """Import the Rich handler on first use, so rich loads only when asked for."""
    if name == "RichConsoleHandler":
        from logkit.handlers._rich_console import RichConsoleHandler

        return RichConsoleHandler
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
