"""The shipped scheme through logkit's BackgroundHandler: ``python bench/background_cost.py``.

Measures, for the shipped scheme (``logkit.configure()`` at a terminal: the Rich
console, logkit's rotating ``info.log`` and ``error.log``) under the issue's mixed
load (1% ``log.exception``), the scheme as shipped against the same scheme with
the root naming only a ``BackgroundHandler`` that feeds the three handlers:

- the caller's time per record: wall time of the log calls alone (GIL waits
  for the drain thread included), and the calling thread's CPU time;
- the drain rate: records per second from the first call until everything is
  written (``flush()`` returned); without the background handler it is the
  caller's own rate;

with a fast sink (the console writes to a file) and a deliberately slow one
(every console write takes 0.2 ms more, a terminal drawing ~5,000 lines a
second, e.g. over a slow ssh link). The slow sink also runs with a queue 5x
smaller than the burst (the default capacity is 10,000): then the caller waits
for room (back-pressure) and its rate falls to the drain rate.

Every case runs in a fresh process in a temporary directory (after 200 warm-up
records: the thread's start and the first lookups are not per-record costs);
the figures are medians over the runs, cases round-robin. Each run counts the
records in ``info.log``: a lost record fails the run.

Options: ``--records N`` (per run, default 5,000), ``--runs N`` (default 5).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # _scheme and run, also when run from elsewhere
SLOW_WRITE = 0.0002  # seconds each console write takes in the slow sink
WARM_UP = 200

# case: (through the background handler, slow console, a queue 5x smaller than the burst)
CASES: dict[str, tuple[bool, bool, bool]] = {
    "direct-fast": (False, False, False),
    "background-fast": (True, False, False),
    "direct-slow": (False, True, False),
    "background-slow": (True, True, False),
    "background-slow-small-queue": (True, True, True),
}
LABELS = {
    "direct-fast": "shipped scheme, console to a file",
    "background-fast": "  through BackgroundHandler",
    "direct-slow": "shipped scheme, slow console (+0.2 ms a write)",
    "background-slow": "  through BackgroundHandler",
    "background-slow-small-queue": "  through BackgroundHandler, capacity records/5",
}


class SlowFile:
    """A stream whose every write takes ``SLOW_WRITE`` longer (the GIL released meanwhile)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        time.sleep(SLOW_WRITE)
        written: int = self.inner.write(text)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def run_case_here(case: str, records: int) -> dict[str, float]:
    """In this (fresh) process and the current directory: one case, its figures."""
    import logging

    import yaml
    from _scheme import KIT_FILES, TERMINAL, stdlib_scheme, workload

    background, slow, small_queue = CASES[case]
    os.environ.update(TERMINAL)
    scheme = stdlib_scheme(
        {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}, KIT_FILES
    )
    if background:
        scheme["handlers"]["background"] = {
            "class": "logkit.handlers.BackgroundHandler",
            "handlers": list(scheme["root"]["handlers"]),
            **({"capacity": max(1, records // 5)} if small_queue else {}),
        }
        scheme["root"]["handlers"] = ["background"]
    Path("logging.yaml").write_text(yaml.safe_dump(scheme), encoding="utf-8")
    os.makedirs("logs", exist_ok=True)
    import logkit

    with open("console.out", "w", encoding="utf-8") as console:
        saved, sys.stdout = sys.stdout, (SlowFile(console) if slow else console)
        try:
            assert logkit.configure("logging.yaml", rich=True).rich_console
            logger = logging.getLogger("bench")

            def flush() -> None:
                for handler in logging.root.handlers:
                    handler.flush()

            workload(logger.info, logger.error, WARM_UP, "mixed", logger.exception)
            flush()
            started, started_cpu = time.perf_counter(), time.thread_time()
            workload(logger.info, logger.error, records, "mixed", logger.exception)
            called, called_cpu = time.perf_counter(), time.thread_time()
            flush()
            drained = time.perf_counter()
            logging.shutdown()
        finally:
            sys.stdout = saved
    lines = Path("logs/info.log").read_text().splitlines()
    written = sum(line.startswith(("INFO ", "ERROR ")) for line in lines)
    if written != WARM_UP + records:
        raise RuntimeError(f"{case}: {written} records in info.log, {WARM_UP + records} logged")
    return {
        "caller_us": (called - started) / records * 1e6,
        "caller_cpu_us": (called_cpu - started_cpu) / records * 1e6,
        "drain_rate": records / (drained - started),
    }


RunCase = Callable[..., dict[str, Any]]  # bench/run.py's run_case


def measure_all(records: int, runs: int, run_case: RunCase) -> dict[str, dict[str, float]]:
    """Median figures per case over ``runs`` fresh processes, cases round-robin."""
    figures: dict[str, list[dict[str, float]]] = {case: [] for case in CASES}
    for _ in range(runs):
        for case in CASES:
            figures[case].append(run_case(case, records, "mixed", script=Path(__file__).name))
    return {
        case: {key: statistics.median(run[key] for run in found) for key in found[0]}
        for case, found in figures.items()
    }


def rows(sizes: Any, row_class: Any, run_case: RunCase) -> list[Any]:
    """bench/run.py's section: one row per case (``rate`` is the caller's wall rate)."""
    records = max(1_000, sizes.records // 20)  # 5,000; 1,000 with --quick
    runs = 5 if sizes.repeats > 1 else 1
    section = f"background (caller's time; median of {runs} processes)"
    return [
        row_class(
            section,
            f"background:{case}",
            LABELS[case],
            records,
            rate=1e6 / found["caller_us"],
            note=(
                f"caller CPU {found['caller_cpu_us']:.1f} us; "
                f"drained at {found['drain_rate']:,.0f} records/s"
            ),
            extra=found,
        )
        for case, found in measure_all(records, runs, run_case).items()
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 3 and argv[0] in CASES:  # a case, in a fresh process (run.py's run_case)
        print(json.dumps(run_case_here(argv[0], int(argv[1]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    from run import run_case

    found = measure_all(options.records, options.runs, run_case)
    print(
        f"Python {sys.version.split()[0]}; {options.records:,} records of the mixed load"
        f" (1% exceptions) per process, median of {options.runs} fresh processes"
    )
    width = max(map(len, LABELS.values()))
    print(f"  {'case':<{width}}  caller us/rec  caller CPU us/rec  drained records/s")
    for case, figures in found.items():
        print(
            f"  {LABELS[case]:<{width}}  {figures['caller_us']:13.1f}"
            f"  {figures['caller_cpu_us']:17.1f}  {figures['drain_rate']:17,.0f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
