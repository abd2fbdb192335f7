"""One benchmark case, run in a fresh process: ``python bench/_scheme.py CASE RECORDS``.

Builds the logging setup for CASE in the current directory (``logs/`` and
``console.out`` are created here), sends RECORDS records through it (one in ten
at ERROR) and prints a JSON line: records, wall and CPU seconds, peak RSS.
Run by run.py.
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


def rich_console(handler_class: str, stream: TextIO) -> dict[str, Any]:
    """A Rich console handler that does the styling work a terminal would get."""
    from rich.console import Console

    console = Console(
        file=stream, width=CONSOLE_WIDTH, force_terminal=True, color_system="truecolor"
    )
    return {
        "()": handler_class,
        "console": console,
        "markup": True,
        "rich_tracebacks": True,
    }


def plain_console(stream: TextIO) -> dict[str, Any]:
    return {"class": "logging.StreamHandler", "stream": stream}


STD_FILES = "logging.handlers.RotatingFileHandler"
KIT_FILES = "logkit.handlers.RotatingFileHandler"

STDLIB_CASES: dict[str, Callable[[TextIO], dict[str, Any]]] = {
    "stdlib-plain": lambda s: stdlib_scheme(plain_console(s), STD_FILES),
    "stdlib-richhandler": lambda s: stdlib_scheme(
        rich_console("rich.logging.RichHandler", s), STD_FILES
    ),
    "stdlib-logkit-console": lambda s: stdlib_scheme(
        rich_console("logkit.handlers.RichConsoleHandler", s), STD_FILES
    ),
    "logkit-plain": lambda s: stdlib_scheme(plain_console(s), KIT_FILES),
    "logkit-rich": lambda s: stdlib_scheme(
        rich_console("logkit.handlers.RichConsoleHandler", s), KIT_FILES
    ),
}


def workload(info: LogCall, error: LogCall, records: int, loguru_style: bool = False) -> None:
    """The records every case writes: nine requests, then one failure."""
    if loguru_style:
        ok, failed = "request {} served in {:.3f} ms for user {}", "failed to process order {}: {}"
    else:
        ok, failed = "request %d served in %.3f ms for user %s", "failed to process order %d: %s"
    for n in range(records):
        if n % 10 == 9:
            error(failed, n, "timeout after 30s")
        else:
            info(ok, n, n * 0.013, "alice")


def run_stdlib(case: str, records: int, stream: TextIO) -> None:
    logging.config.dictConfig(STDLIB_CASES[case](stream))
    logger = logging.getLogger("bench")
    workload(logger.info, logger.error, records)
    logging.shutdown()


def run_loguru(records: int, stream: TextIO) -> None:
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
    workload(logger.info, logger.error, records, loguru_style=True)
    logger.remove()


def run_picologging(records: int, stream: TextIO) -> None:
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
    workload(logger.info, logger.error, records)
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
    os.makedirs("logs", exist_ok=True)
    with open("console.out", "w", encoding="utf-8") as stream:
        started, started_cpu = time.perf_counter(), time.process_time()
        if case in STDLIB_CASES:
            run_stdlib(case, records, stream)
        elif case == "loguru":
            run_loguru(records, stream)
        elif case == "picologging":
            run_picologging(records, stream)
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
