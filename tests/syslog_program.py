"""A program that logs numbered records through SyslogHandler: run by the syslog tests.

It runs in its own process so that the test's own threads (starting and
stopping collectors) do not compete with its log calls for the GIL: the time
it measures is the time a log call takes. ``python syslog_program.py PORT
COUNT RATE [CAPACITY] [FLUSH_TIMEOUT]`` logs COUNT records at RATE per second,
waits for the buffer to drain when asked (``DRAIN`` in the environment), and
prints one JSON line: the longest log call in seconds and the handler's
counters. It then exits, and the handler's exit flush runs.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time

from logkit.handlers import SyslogHandler


def main() -> None:
    port, count, rate = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    capacity = int(sys.argv[4]) if len(sys.argv) > 4 else 10_000
    flush_timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 2.0
    handler = SyslogHandler(port=port, capacity=capacity, flush_timeout=flush_timeout)
    logger = logging.getLogger("program")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    print("ready", flush=True)
    longest = 0.0
    start = time.perf_counter()
    for n in range(count):
        # Paced by the clock: a slow call is not hidden by a shorter sleep after it.
        pause = start + n / rate - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        before = time.perf_counter()
        logger.info("record %d", n)
        longest = max(longest, time.perf_counter() - before)
    drained = handler.drain(float(os.environ["DRAIN"])) if "DRAIN" in os.environ else None
    sender = handler._sender
    assert sender is not None
    print(json.dumps({
        "longest": longest, "dropped": handler.dropped, "resent": sender.resent,
        "outages": sender.outages, "drained": drained,
    }), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
