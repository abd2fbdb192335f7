"""Handlers to name in a logging config where the standard ones are slow or unsafe.

``RotatingFileHandler`` and ``TimedRotatingFileHandler`` are drop-ins for the
standard classes that format each record once and let several processes share
one rotating file. ``RichConsoleHandler`` is a faster ``rich.logging.RichHandler``
with byte-identical output; it is imported lazily, so ``import logkit.handlers``
does not import rich.
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
