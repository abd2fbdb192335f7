"""Which copy of a distributed launch this process is, from the launcher's variables.

torchrun, accelerate and DeepSpeed tell each copy its place in ``RANK``/
``WORLD_SIZE``; SLURM's ``srun`` in ``SLURM_PROCID``/``SLURM_NTASKS``; Open
MPI's ``mpirun`` in ``OMPI_COMM_WORLD_RANK``/``OMPI_COMM_WORLD_SIZE``; MPICH and
Intel MPI in ``PMI_RANK``/``PMI_SIZE``. Read by the console (:mod:`logkit._ranks`)
and by the syslog handler's structured data.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# (rank, world size) variables of each launcher, the first complete pair wins:
# torchrun sets RANK even under SLURM, and it is the rank the program uses.
LAUNCHER_VARIABLES = (
    ("RANK", "WORLD_SIZE"),  # torchrun, accelerate, DeepSpeed
    ("SLURM_PROCID", "SLURM_NTASKS"),  # srun
    ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"),  # Open MPI's mpirun
    ("PMI_RANK", "PMI_SIZE"),  # MPICH, Intel MPI
)

# The record attributes a format shows a launch with: %(rank)s, %(world_size)s.
FIELDS = ("rank", "world_size")


class Launch(tuple[int, int]):
    """This process's place in a distributed launch (rank 0 of 1 outside one).

    A pair ``(rank, world_size)`` written out by hand: ``collections.namedtuple``
    builds its class from source text (~0.1 ms of every configure()).
    """

    __slots__ = ()

    def __new__(cls, rank: int = 0, world_size: int = 1) -> Launch:
        return tuple.__new__(cls, (rank, world_size))

    def __getnewargs__(self) -> tuple[int, int]:
        return (self[0], self[1])

    @property
    def rank(self) -> int:
        return self[0]

    @property
    def world_size(self) -> int:
        return self[1]

    @property
    def distributed(self) -> bool:
        return self[1] > 1

    def __repr__(self) -> str:
        return f"Launch(rank={self[0]!r}, world_size={self[1]!r})"


def shows_launch(format_text: str) -> bool:
    """Whether a format's text names one of :data:`FIELDS` (a superset test: a substring)."""
    return any(field in format_text for field in FIELDS)


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
