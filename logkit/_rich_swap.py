"""Swapping Rich in for the handler named ``console`` (the handler itself is
:class:`logkit.handlers.RichConsoleHandler`; this module decides when and how).

Rich is imported only when the swap happens (or when a stream might be a
terminal and Rich must decide), so plain runs pay nothing for it.
"""

from __future__ import annotations

import builtins
import logging
import os
import re
import sys

from ._private import format_string, handlers_by_name

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import IO, Any

CONSOLE_HANDLER_NAME = "console"


def _might_be_interactive(stream: IO[str]) -> bool:
    """A cheap pre-check, true whenever Rich could call the stream a terminal."""
    if os.environ.get("TTY_COMPATIBLE") or os.environ.get("FORCE_COLOR"):
        return True
    if hasattr(builtins, "get_ipython"):  # IPython or a notebook kernel
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def is_interactive(stream: IO[str]) -> bool:
    """Whether Rich would style output to this stream (a terminal or a notebook)."""
    if not _might_be_interactive(stream):
        return False
    from rich.console import Console

    console = Console(file=stream)
    return console.is_terminal or console.is_jupyter


def _shows(formatter: logging.Formatter | None, *fields: str) -> bool:
    if formatter is None:
        return False
    text = format_string(formatter) or ""
    return any(re.search(rf"\b{field}\b", text) for field in fields)


def build_rich_handler(handler: logging.StreamHandler[Any]) -> logging.Handler:
    """A Rich console handler writing where ``handler`` wrote, with its level and filters.

    It is logkit's :class:`~logkit.handlers.RichConsoleHandler`: byte-for-byte the
    output of ``rich.logging.RichHandler``, at a fraction of its cost per record.
    On the process's stdout or stderr it shares the console of Rich's progress
    bars and keeps tqdm's bars whole.

    Rich draws its own time, level and path columns; a column is turned off when
    the handler's own format already shows that field, so nothing shows twice.
    """
    from rich.console import Console

    from .handlers import RichConsoleHandler

    formatter = handler.formatter
    options: dict[str, Any] = {}
    if formatter is not None and formatter.datefmt:
        options["log_time_format"] = formatter.datefmt
    replacement = RichConsoleHandler(
        level=handler.level,
        console=Console(file=handler.stream),
        markup=True,
        rich_tracebacks=False,  # plain tracebacks: ~0.2 ms each, Rich's ~4 ms (bench/README.md)
        show_time=not _shows(formatter, "asctime", "created", "msecs"),
        show_level=not _shows(formatter, "levelname", "levelno"),
        show_path=not _shows(formatter, "pathname", "filename", "lineno"),
        **options,
    )
    replacement.setFormatter(formatter)
    replacement.filters = handler.filters[:]
    if handler.stream is sys.stdout or handler.stream is sys.stderr:
        # Rich's progress bars draw on a shared console: records go through it
        # to appear above a running bar (logkit.handlers._shared_console).
        replacement.share_console_for(handler.stream)
    return replacement


def _loggers_holding(handler: logging.Handler) -> list[logging.Logger]:
    manager = logging.root.manager
    candidates = [logging.root, *manager.loggerDict.values()]
    return [
        logger
        for logger in candidates
        if isinstance(logger, logging.Logger) and handler in logger.handlers
    ]


def inject_rich_console(rich: bool | None) -> bool:
    """Replace the ``console`` handler by a Rich one where that is wanted.

    Args:
        rich: True always swaps, False never, None swaps when the handler's
            stream is a terminal or a notebook (callers read ``LOGKIT_RICH``
            first: :func:`logkit._envvars.rich_from_environment`).

    Returns:
        Whether the swap happened.
    """
    if rich is False:
        return False
    registry = handlers_by_name()
    handler = registry.get(CONSOLE_HANDLER_NAME)
    if not isinstance(handler, logging.StreamHandler):
        return False
    if isinstance(handler, logging.FileHandler):
        return False
    if rich is None:
        rich = is_interactive(handler.stream)
    if not rich:
        return False

    replacement = build_rich_handler(handler)
    for logger in _loggers_holding(handler):
        logger.handlers[logger.handlers.index(handler)] = replacement
    for other in list(registry.values()):
        holder: Any = other  # e.g. a MemoryHandler, whose target was the console
        if id(getattr(holder, "target", None)) == id(handler):
            holder.setTarget(replacement)
        if hasattr(holder, "replace_handler"):  # a BackgroundHandler feeding the console
            holder.replace_handler(handler, replacement)
    handler.close()  # flushes; unregisters the name, so register it after
    replacement.set_name(CONSOLE_HANDLER_NAME)
    return True
