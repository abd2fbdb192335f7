"""Caller-side cost of a log record sent to a syslog collector: ``python bench/syslog_cost.py``.

Measures, in one run and in this process, the time ``logger.info("record %d", n)``
takes with one handler attached (median of 5 rounds of 20,000 records, per
record):

- ``logkit.handlers.SyslogHandler`` (TCP, octet-counted) with the collector up:
  a sink that reads and discards, in another process;
- the same with the collector hung: a listener whose backlog is full, so the
  sender thread's ``connect()`` hangs (records queue; buffer large enough that
  none is dropped);
- ``logging.handlers.SysLogHandler`` over UDP (its default) and over TCP to the
  same sink;
- a plain ``logging.FileHandler``;

and, with the collector hung, the longest single call (issue 13's goal: < 5 ms).

Options: ``--records N`` (per round), ``--rounds N``.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from logkit.handlers import SyslogHandler

SINK = """\
import socket, sys, threading
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(16)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", server.getsockname()[1]))
print(server.getsockname()[1], flush=True)
def drain(connection):
    while connection.recv(1 << 16):
        pass
def drain_udp():
    while True:
        udp.recv(1 << 16)
threading.Thread(target=drain_udp, daemon=True).start()
while True:
    connection, _ = server.accept()
    threading.Thread(target=drain, args=(connection,), daemon=True).start()
"""


@contextmanager
def sink() -> Iterator[int]:
    """A collector in another process that reads (TCP and UDP) and discards."""
    process = subprocess.Popen([sys.executable, "-c", SINK], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield int(process.stdout.readline())
    finally:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def hung() -> Iterator[int]:
    """A port whose listen backlog is full: connect() to it hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    clients = []
    for _ in range(64):
        client = socket.socket()
        client.setblocking(False)
        client.connect_ex(server.getsockname())
        clients.append(client)
        if not select.select([], [client], [], 0.2)[1]:
            break
    try:
        yield server.getsockname()[1]
    finally:
        for client in clients:
            client.close()
        server.close()


def per_record(handler: logging.Handler, records: int, rounds: int) -> float:
    """Median seconds per ``logger.info`` call through ``handler`` alone."""
    logger = logging.getLogger(f"bench.syslog.{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for n in range(records):
            logger.info("record %d", n)
        times.append((time.perf_counter() - started) / records)
        if isinstance(handler, SyslogHandler):
            handler.drain(0.5)  # the next round starts from an empty buffer when it can
    logger.removeHandler(handler)
    return statistics.median(times)


def longest_call(handler: logging.Handler, records: int) -> float:
    """The longest single ``logger.info`` call through ``handler`` alone, in seconds."""
    logger = logging.getLogger(f"bench.syslog.longest.{id(handler)}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    longest = 0.0
    clock = time.perf_counter
    for n in range(records):
        started = clock()
        logger.info("record %d", n)
        longest = max(longest, clock() - started)
    logger.removeHandler(handler)
    return longest


def measure_all(records: int, rounds: int) -> list[tuple[str, float, str]]:
    """(handler, median seconds per record, note) for each handler, in one run."""
    capacity = records * rounds + 1
    results: list[tuple[str, float, str]] = []
    with sink() as port, hung() as hung_port, tempfile.TemporaryDirectory() as directory:

        def measure(name: str, handler: logging.Handler, note: str = "") -> None:
            results.append((name, per_record(handler, records, rounds), note))
            if isinstance(handler, SyslogHandler) and handler.dropped:
                results[-1] = (name, results[-1][1], f"{note}{handler.dropped} dropped")
            handler.close()

        measure(
            "logkit SyslogHandler, tcp, collector up",
            SyslogHandler(port=port, capacity=capacity, flush_timeout=0),
        )
        measure(
            "logkit SyslogHandler, tcp, collector hung (connect hangs)",
            SyslogHandler(port=hung_port, capacity=capacity, flush_timeout=0),
        )
        hung_handler = SyslogHandler(port=hung_port, capacity=capacity, flush_timeout=0)
        longest = longest_call(hung_handler, records)
        hung_handler.close()
        results[-1] = (
            results[-1][0],
            results[-1][1],
            f"longest single call of {records:,}: {longest * 1e3:.2f} ms (goal < 5 ms)",
        )
        measure("stdlib SysLogHandler, udp", logging.handlers.SysLogHandler(("127.0.0.1", port)))
        measure(
            "stdlib SysLogHandler, tcp",
            logging.handlers.SysLogHandler(("127.0.0.1", port), socktype=socket.SOCK_STREAM),
        )
        measure("stdlib FileHandler", logging.FileHandler(f"{directory}/bench.log"))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args(argv)
    results = measure_all(options.records, options.rounds)
    print(
        f"Python {sys.version.split()[0]}, {options.rounds} rounds of {options.records:,} "
        "records, median per record (the caller's time)"
    )
    width = max(len(name) for name, _, _ in results)
    for name, seconds, note in results:
        print(f"  {name:<{width}}  {seconds * 1e6:7.2f} us  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
