"""One benchmark case, run in a fresh process: ``python bench/_scheme.py CASE RECORDS LOAD``.

Builds the logging setup for CASE in the current directory (``logs/`` and
``console.out`` are created here), sends RECORDS records of the LOAD through it
and prints a JSON line: records, wall and CPU seconds, peak RSS. Run by run.py.

Loads: ``mixed`` is 45% plain INFO, 45% %-args INFO, 9% ERROR and 1%
``log.exception`` (raised in :func:`fail`, a few frames down);
``mixed-no-exceptions`` turns the 1% into ERROR; ``errors`` (the single-file
rows) is nine %-args INFO then one ERROR.
"""

from __future__ import annotations

import json
import logging
import logging.config
import logging.handlers
import os
import resource
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO

MINIMAL = "%(message)s"
DETAILED = "%(levelname)s %(asctime)s [%(name)s:%(filename)s:%(funcName)s:%(lineno)d]\n%(message)s"
MAX_BYTES = 10485760
BACKUPS = 10
CONSOLE_WIDTH = 120

LogCall = Callable[..., Any]


def stdlib_scheme(console: dict[str, Any], file_class: str) -> dict[str, Any]:
    """The issue's scheme as a dictConfig dict, with the console and file classes swapped in."""
    files = {
        "class": file_class,
        "maxBytes": MAX_BYTES,
        "backupCount": BACKUPS,
        "formatter": "detailed",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"minimal": {"format": MINIMAL}, "detailed": {"format": DETAILED}},
        "handlers": {
            "console": {**console, "formatter": "minimal", "level": "DEBUG"},
            "info": {**files, "filename": "logs/info.log", "level": "INFO"},
            "error": {**files, "filename": "logs/error.log", "level": "ERROR"},
        },
        "root": {"level": "INFO", "handlers": ["console", "info", "error"]},
    }


def rich_console(handler_class: str, stream: TextIO, tracebacks: bool = False) -> dict[str, Any]:
    """A Rich console handler that does the styling work a terminal would get."""
    from rich.console import Console

    console = Console(
        file=stream, width=CONSOLE_WIDTH, force_terminal=True, color_system="truecolor"
    )
    return {
        "()": handler_class,
        "console": console,
        "markup": True,
        "rich_tracebacks": tracebacks,
    }


def plain_console(stream: TextIO) -> dict[str, Any]:
    return {"class": "logging.StreamHandler", "stream": stream}


STD_FILES = "logging.handlers.RotatingFileHandler"
KIT_FILES = "logkit.handlers.RotatingFileHandler"

STDLIB_CASES: dict[str, Callable[[TextIO], dict[str, Any]]] = {
    "stdlib-plain": lambda s: stdlib_scheme(plain_console(s), STD_FILES),
    # The course's console: RichHandler(markup=True), plain-text tracebacks.
    "stdlib-richhandler": lambda s: stdlib_scheme(
        rich_console("rich.logging.RichHandler", s), STD_FILES
    ),
    "logkit-plain": lambda s: stdlib_scheme(plain_console(s), KIT_FILES),
}
SHIPPED_CASES = ("logkit-shipped", "logkit-rich-tracebacks")
# A terminal as Rich detects one, for the cases that go through logkit.configure().
TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": str(CONSOLE_WIDTH), "COLORTERM": "truecolor"}


def write_shipped_config() -> None:
    """The scheme as the user's ``logging.yaml`` (written before the clock starts:
    the file is on disk before a program runs). JSON is YAML, so no YAML library is
    loaded here: reading the file with PyYAML stays inside ``configure()``'s time."""
    scheme = stdlib_scheme(
        {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}, KIT_FILES
    )
    with open("logging.yaml", "w", encoding="utf-8") as config:
        json.dump(scheme, config, indent=2)


def run_logkit_shipped(case: str, records: int, load: str, stream: TextIO) -> None:
    """``logkit.configure()`` at a terminal: the shipped scheme, logkit's rotating files."""
    os.environ.update(TERMINAL)
    import logkit

    saved, sys.stdout = sys.stdout, stream
    try:
        applied = logkit.configure("logging.yaml", rich=True)
        assert applied.rich_console, "the console was not swapped"
        if case == "logkit-rich-tracebacks":
            console: Any = next(h for h in logging.root.handlers if h.get_name() == "console")
            console.rich_tracebacks = True
        logger = logging.getLogger("bench")
        workload(logger.info, logger.error, records, load, logger.exception)
        logging.shutdown()
    finally:
        sys.stdout = saved


class OrderFailed(Exception):
    """What the mixed load's 1% of records log with their traceback."""


def fail(order: int) -> None:
    """Raise from two frames down, as application code would."""

    def charge(amount: float) -> None:
        raise OrderFailed(f"card declined for order {order} ({amount:.2f} EUR)")

    charge(order * 0.5)


def workload(
    info: LogCall,
    error: LogCall,
    records: int,
    load: str = "errors",
    exception: LogCall | None = None,
    *,
    loguru_style: bool = False,
) -> None:
    """The records every case writes (see the module doc for the loads)."""
    if loguru_style:
        ok, failed = "request {} served in {:.3f} ms for user {}", "failed to process order {}: {}"
    else:
        ok, failed = "request %d served in %.3f ms for user %s", "failed to process order %d: %s"
    if load == "errors":
        for n in range(records):
            if n % 10 == 9:
                error(failed, n, "timeout after 30s")
            else:
                info(ok, n, n * 0.013, "alice")
        return
    with_exceptions = load == "mixed"
    plain = "health check passed"
    infos = 0
    for n in range(records):
        slot = n % 100
        if slot == 99 and with_exceptions and exception is not None:
            try:
                fail(n)
            except OrderFailed:
                exception("order {} failed" if loguru_style else "order %d failed", n)
        elif slot % 10 == 9:
            error(failed, n, "timeout after 30s")
        else:
            infos += 1
            if infos % 2:
                info(plain)
            else:
                info(ok, n, n * 0.013, "alice")


def run_stdlib(case: str, records: int, load: str, stream: TextIO) -> None:
    logging.config.dictConfig(STDLIB_CASES[case](stream))
    logger = logging.getLogger("bench")
    workload(logger.info, logger.error, records, load, logger.exception)
    logging.shutdown()


def run_structlog(records: int, load: str, stream: TextIO) -> None:
    """structlog in front of the stdlib scheme (its usual production set-up)."""
    import structlog

    logging.config.dictConfig(stdlib_scheme(plain_console(stream), STD_FILES))
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.stdlib.add_log_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.format_exc_info,
            structlog.processors.KeyValueRenderer(key_order=["event"]),
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    logger = structlog.stdlib.get_logger("bench")
    workload(logger.info, logger.error, records, load, logger.exception)
    logging.shutdown()


def run_loguru(records: int, load: str, stream: TextIO) -> None:
    from loguru import logger

    detailed = "{level} {time:YYYY-MM-DD HH:mm:ss,SSS} [{name}:{file}:{function}:{line}]\n{message}"
    logger.remove()
    logger.add(stream, format="{message}", level="DEBUG", colorize=False)
    for name, level in (("info", "INFO"), ("error", "ERROR")):
        logger.add(
            f"logs/{name}.log",
            format=detailed,
            level=level,
            rotation=MAX_BYTES,
            retention=BACKUPS,
            colorize=False,
        )
    workload(logger.info, logger.error, records, load, logger.exception, loguru_style=True)
    logger.remove()


def run_picologging(records: int, load: str, stream: TextIO) -> None:
    import picologging
    import picologging.handlers

    root = picologging.getLogger()
    root.setLevel(picologging.INFO)
    console = picologging.StreamHandler(stream)
    console.setFormatter(picologging.Formatter(MINIMAL))
    console.setLevel(picologging.DEBUG)
    root.addHandler(console)
    for name, level in (("info", picologging.INFO), ("error", picologging.ERROR)):
        rotating = picologging.handlers.RotatingFileHandler(
            f"logs/{name}.log", maxBytes=MAX_BYTES, backupCount=BACKUPS
        )
        rotating.setFormatter(picologging.Formatter(DETAILED))
        rotating.setLevel(level)
        root.addHandler(rotating)
    logger = picologging.getLogger("bench")
    workload(logger.info, logger.error, records, load, logger.exception)
    for handler in root.handlers:
        handler.close()


def run_single_file(case: str, records: int) -> None:
    """One file handler alone, with the detailed format, as the issue measured it."""
    handler: logging.Handler
    if case == "file-stdlib-rotating":
        handler = logging.handlers.RotatingFileHandler(
            "logs/info.log", maxBytes=MAX_BYTES, backupCount=BACKUPS
        )
    elif case == "file-logkit-rotating":
        from logkit.handlers import RotatingFileHandler as LogkitRotating

        handler = LogkitRotating("logs/info.log", maxBytes=MAX_BYTES, backupCount=BACKUPS)
    else:
        handler = logging.FileHandler("logs/info.log")
    handler.setFormatter(logging.Formatter(DETAILED))
    logger = logging.getLogger("bench")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    workload(logger.info, logger.error, records)
    handler.close()


def main(argv: list[str]) -> int:
    case, records = argv[0], int(argv[1])
    load = argv[2] if len(argv) > 2 else "errors"
    os.makedirs("logs", exist_ok=True)
    if case in SHIPPED_CASES:
        write_shipped_config()
    with open("console.out", "w", encoding="utf-8") as stream:
        started, started_cpu = time.perf_counter(), time.process_time()
        if case in STDLIB_CASES:
            run_stdlib(case, records, load, stream)
        elif case in SHIPPED_CASES:
            run_logkit_shipped(case, records, load, stream)
        elif case == "loguru":
            run_loguru(records, load, stream)
        elif case == "picologging":
            run_picologging(records, load, stream)
        elif case == "structlog":
            run_structlog(records, load, stream)
        elif case.startswith("file-"):
            run_single_file(case, records)
        else:
            print(f"unknown case {case!r}", file=sys.stderr)
            return 2
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - started_cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "records": records,
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "peak_rss_kb": peak_kb,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
