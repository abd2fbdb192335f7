"""One writer of the multi-process test: ``python bench/_mp_worker.py KIND WORKER LINES MAX_BYTES``.

Waits for a ``go`` file in the current directory, then logs LINES numbered lines
to ``app.log`` through the handler KIND and prints a JSON line with its start
and end times (wall clock, so the parent can compare processes).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import sys
import time

BACKUPS = 1000  # keep every rotated file: a missing line is then a lost line


def make_handler(kind: str, max_bytes: int) -> logging.Handler:
    if kind == "stdlib":
        return logging.handlers.RotatingFileHandler(
            "app.log", maxBytes=max_bytes, backupCount=BACKUPS
        )
    if kind == "concurrent-log-handler":
        from concurrent_log_handler import ConcurrentRotatingFileHandler

        return ConcurrentRotatingFileHandler("app.log", "a", max_bytes, BACKUPS)
    if kind == "logkit":
        from logkit.handlers import RotatingFileHandler

        return RotatingFileHandler("app.log", maxBytes=max_bytes, backupCount=BACKUPS)
    if kind == "plain-append":
        return logging.FileHandler("app.log")
    raise SystemExit(f"unknown handler kind {kind!r}")


def main(argv: list[str]) -> int:
    kind, worker, lines, max_bytes = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    handler = make_handler(kind, max_bytes)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("worker")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    open(f"ready-{worker}", "w").close()
    while not os.path.exists("go"):
        time.sleep(0.001)
    started = time.time()
    for n in range(lines):
        logger.info("w=%d n=%06d %s", worker, n, "payload-" * 5)
    ended = time.time()
    handler.close()
    print(json.dumps({"started": started, "ended": ended}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
