"""Which copy of a distributed launch this process is, from the launcher's variables.

torchrun, accelerate and DeepSpeed tell each copy its place in ``RANK``/
``WORLD_SIZE``; SLURM's ``srun`` in ``SLURM_PROCID``/``SLURM_NTASKS``; Open
MPI's ``mpirun`` in ``OMPI_COMM_WORLD_RANK``/``OMPI_COMM_WORLD_SIZE``; MPICH and
Intel MPI in ``PMI_RANK``/``PMI_SIZE``. Read by the console (:mod:`logkit._ranks`)
and by the syslog handler's structured data.
"""

from __future__ import annotations

import os
from collections import namedtuple
from collections.abc import Mapping

# (rank, world size) variables of each launcher, the first complete pair wins:
# torchrun sets RANK even under SLURM, and it is the rank the program uses.
LAUNCHER_VARIABLES = (
    ("RANK", "WORLD_SIZE"),  # torchrun, accelerate, DeepSpeed
    ("SLURM_PROCID", "SLURM_NTASKS"),  # srun
    ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"),  # Open MPI's mpirun
    ("PMI_RANK", "PMI_SIZE"),  # MPICH, Intel MPI
)


TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import NamedTuple

    class _Place(NamedTuple):
        rank: int = 0
        world_size: int = 1

else:  # the same class without importing typing (~2 ms of every configure())
    _Place = namedtuple("_Place", ("rank", "world_size"), defaults=(0, 1))


class Launch(_Place):
    """This process's place in a distributed launch (rank 0 of 1 outside one)."""

    __slots__ = ()

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
