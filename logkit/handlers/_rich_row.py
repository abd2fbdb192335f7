"""Pieces of ``RichConsoleHandler``'s per-record path, kept out of ``_rich_console``.

That module draws a record's row; what it needs that is not about the row's
layout lives here, so the handler module stays small.
"""

from __future__ import annotations

from rich.cells import cell_len

__all__ = ["cell_length"]


def cell_length(text: str) -> int:
    """``cell_len``, skipping its cache for printable ASCII (one cell per character)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return cell_len(text)
