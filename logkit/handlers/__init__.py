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

``logkit.handlers.SyslogHandler``
    For ``logging.handlers.SysLogHandler``, which over TCP ends messages with
    NUL (rsyslog splits them on newlines), never reconnects after a collector
    restart and blocks the program while the collector hangs. This one sends
    RFC 5424 messages, octet-counted over ``tcp`` (the default) or ``tls``, or
    over ``udp``, from a thread of its own: a log call queues the record and
    returns. Records wait in a bounded buffer (``capacity``, 10,000) while the
    collector is away and go out in order when it is back, at least once;
    ``dropped`` counts what the full buffer refused. Constructor keywords:
    ``host``, ``port``, ``transport``, ``facility``, ``app_name`` ... (see the
    class). Not a drop-in: its arguments are not ``address=``/``socktype=``.

``logkit.handlers.BackgroundHandler``
    Hands records to a thread that gives them to the handlers it names
    (``handlers: [console, info, error]``), so a slow console, network file
    system or collector does not slow the program. The queue is bounded
    (``capacity``, 10,000): when it is full the log call waits; nothing is
    dropped. Emptied by ``flush()``, ``close()`` and at exit.

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
      syslog:
        class: logkit.handlers.SyslogHandler
        host: logs.example.com
        port: 514
"""

from __future__ import annotations

from logkit.handlers._rotating import RotatingFileHandler, TimedRotatingFileHandler

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from logkit.handlers._background import BackgroundHandler
    from logkit.handlers._rich_console import RichConsoleHandler
    from logkit.handlers._syslog import SyslogHandler

__all__ = [
    "BackgroundHandler",
    "RichConsoleHandler",
    "RotatingFileHandler",
    "SyslogHandler",
    "TimedRotatingFileHandler",
]


def __getattr__(name: str) -> Any:
    """Import the Rich and syslog handlers on first use, so rich, ssl and the sender thread's
    module load only when asked for."""
    if name == "BackgroundHandler":
        from logkit.handlers._background import BackgroundHandler

        return BackgroundHandler
    if name == "RichConsoleHandler":
        from logkit.handlers._rich_console import RichConsoleHandler

        return RichConsoleHandler
    if name == "SyslogHandler":
        from logkit.handlers._syslog import SyslogHandler

        return SyslogHandler
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
