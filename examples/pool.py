"""A pool of worker processes that log, and know nothing of logkit.

    LOGKIT_CONFIG=logging.yaml python examples/pool.py

The start-up hook installed with logkit applies the config in this process and
in every worker (they are started with ``spawn``, as on macOS and for CUDA
work, so they inherit nothing but the environment). Every record is in
logs/info.log exactly once, errors also in logs/error.log, and at a terminal
the workers' lines look like the parent's.
"""

from __future__ import annotations

import logging
import multiprocessing
import os

log = logging.getLogger("examples.pool")


def work(task: int) -> int:
    log.info("task %d runs in process %d", task, os.getpid())
    if task % 5 == 4:
        log.error("task %d: input %d is out of range", task, task * 10)
    return task * task


def main() -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        results = pool.map(work, range(20))
    log.info("done: %d results, sum %d", len(results), sum(results))


if __name__ == "__main__":
    main()
