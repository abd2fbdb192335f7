"""Distributed launches: each record knows its rank, and the console is not flooded N times.

torchrun, SLURM, MPI start N copies of one script; :mod:`logkit._launch` reads
which copy this is. ``configure()`` loads this module only in a launch of more
than one process or when a registered handler's format names the fields.

* Every format of the applied config can show ``%(rank)s`` and
  ``%(world_size)s`` (0 and 1 outside a launch): they are defaults of the
  formatters that name them, as ``Formatter(defaults=...)`` gives, so a record
  passing ``extra={"rank": ...}`` keeps working and wins. ``${RANK:-0}`` in a
  file name gives each rank its own file.
* In a launch of more than one process, the ``console`` handler of every rank
  but 0 shows WARNING and above only (``LOGKIT_ALL_RANKS=1``: everything), and
  each console line starts with ``[rank N]``. Files are left as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ._launch import FIELDS, Launch
from ._private import add_format_defaults, handlers_by_name
from ._rich_swap import CONSOLE_HANDLER_NAME

# What the console of a rank other than 0 shows, unless LOGKIT_ALL_RANKS=1.
OTHER_RANKS_CONSOLE_LEVEL = logging.WARNING


def give_formats_ranks(launch: Launch, formatters: Iterable[logging.Formatter]) -> None:
    """Let ``formatters`` (the registered handlers' that name the fields) show them."""
    values = dict(zip(FIELDS, launch, strict=True))  # Launch is (rank, world_size)
    for formatter in formatters:
        add_format_defaults(formatter, values)


class RankPrefix(logging.Formatter):
    """The formatter it wraps, with ``[rank N] `` in front of each console line."""

    def __init__(self, inner: logging.Formatter | None, rank: int, *, markup: bool) -> None:
        super().__init__()
        self.inner = inner if inner is not None else logging.Formatter()
        # Rich reads "[rank 1]" in a message as a style tag: escape it there.
        self.prefix = f"\\[rank {rank}] " if markup else f"[rank {rank}] "
        self.datefmt = self.inner.datefmt  # the Rich console reads its time format here

    def format(self, record: logging.LogRecord) -> str:
        return self.prefix + self.inner.format(record)


def show_ranks_on_console(launch: Launch, *, all_ranks: bool) -> None:
    """Give the ``console`` handler its rank prefix, and quiet it on ranks other than 0."""
    if not launch.distributed:
        return
    console = handlers_by_name().get(CONSOLE_HANDLER_NAME)
    if console is None:
        return
    markup = bool(getattr(console, "markup", False))
    console.setFormatter(RankPrefix(console.formatter, launch.rank, markup=markup))
    if launch.rank != 0 and not all_ranks:
        console.setLevel(max(console.level, OTHER_RANKS_CONSOLE_LEVEL))
