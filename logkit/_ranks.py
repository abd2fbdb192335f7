"""Distributed launches: each record knows its rank, and the console is not flooded N times.

torchrun, accelerate and DeepSpeed start N copies of one script and tell each its
place in ``RANK``/``WORLD_SIZE``; SLURM's ``srun`` in ``SLURM_PROCID``/
``SLURM_NTASKS``; Open MPI's ``mpirun`` in ``OMPI_COMM_WORLD_RANK``/
``OMPI_COMM_WORLD_SIZE``; MPICH and Intel MPI in ``PMI_RANK``/``PMI_SIZE``.

* Every record carries ``rank`` and ``world_size`` (0 and 1 outside a launch),
  so any format can show ``%(rank)s``; ``${RANK:-0}`` in a file name gives each
  rank its own file.
* In a launch of more than one process, the ``console`` handler of every rank
  but 0 shows WARNING and above only (``LOGKIT_ALL_RANKS=1``: everything), and
  each console line starts with ``[rank N]``. Files are left as they are.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any, NamedTuple

from ._private import handlers_by_name
from ._rich_swap import CONSOLE_HANDLER_NAME

# (rank, world size) variables of each launcher, the first complete pair wins:
# torchrun sets RANK even under SLURM, and it is the rank the program uses.
LAUNCHER_VARIABLES = (
    ("RANK", "WORLD_SIZE"),  # torchrun, accelerate, DeepSpeed
    ("SLURM_PROCID", "SLURM_NTASKS"),  # srun
    ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"),  # Open MPI's mpirun
    ("PMI_RANK", "PMI_SIZE"),  # MPICH, Intel MPI
)

# What the console of a rank other than 0 shows, unless LOGKIT_ALL_RANKS=1.
OTHER_RANKS_CONSOLE_LEVEL = logging.WARNING


class Launch(NamedTuple):
    """This process's place in a distributed launch (rank 0 of 1 outside one)."""

    rank: int = 0
    world_size: int = 1

    @property
    def distributed(self) -> bool:
        return self.world_size > 1


def _whole_number(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.strip())
    except ValueError:
        return None


def detect_launch(environ: Mapping[str, str] | None = None) -> Launch:
    """The launch the environment describes; a pair that does not make sense is ignored."""
    environ = os.environ if environ is None else environ
    for rank_name, size_name in LAUNCHER_VARIABLES:
        rank = _whole_number(environ.get(rank_name))
        size = _whole_number(environ.get(size_name))
        if rank is not None and size is not None and 0 <= rank < size:
            return Launch(rank, size)
    return Launch()


class _RankStamp:
    """A LogRecord factory: the one it wraps, plus ``rank`` and ``world_size``."""

    def __init__(self, inner: Any, launch: Launch) -> None:
        self.inner = inner
        self.rank, self.world_size = launch

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = self.inner(*args, **kwargs)
        record.rank = self.rank
        record.world_size = self.world_size
        return record


def stamp_records(launch: Launch) -> None:
    """Make every record created from now on carry ``launch``'s rank and world size.

    Applying a config again replaces the stamp; a factory another library set
    stays underneath it.
    """
    current = logging.getLogRecordFactory()
    inner = current.inner if isinstance(current, _RankStamp) else current
    logging.setLogRecordFactory(_RankStamp(inner, launch))


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
