"""A faster ``rich.logging.RichHandler`` with byte-identical output (fast path to come)."""

from __future__ import annotations

from rich.logging import RichHandler

__all__ = ["RichConsoleHandler"]


class RichConsoleHandler(RichHandler):
    """``RichHandler`` with the same constructor; the fast rendering path is not in yet."""
