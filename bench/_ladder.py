"""The exception-position ladder, in one fresh process: ``python bench/_ladder.py REPEATS``.

Writes modules whose function raises at line 10, 500, 2000 and 5000 (filler
functions above it, comment lines below), then logs the exception with
``log.exception`` through each console handler and prints a JSON line: per
handler and line, milliseconds for the first exception from that file and the
median of the next REPEATS. Consoles write to a file, as in _scheme.py.
Run by run.py.
"""

from __future__ import annotations

import importlib.util
import io
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

LINES = (10, 500, 2000, 5000)
FILLER = (
    "def helper_{n}(value, other=None):\n"
    '    """Helper {n}, with a docstring."""\n'
    "    result = [x * 2 for x in range(value) if x % 3]  # comment {n}\n"
    "    return sum(result) + len({{'key': value, 'other': other}})\n"
    "\n"
)


def module_raising_at(line: int, directory: Path) -> ModuleType:
    """A module whose ``fail()`` raises at exactly ``line``."""
    lines: list[str] = []
    n = 0
    while len(lines) + 5 + 2 < line:
        lines += FILLER.format(n=n).splitlines()
        n += 1
    lines += ["# pad"] * (line - 2 - len(lines))
    lines += ["def fail():", "    raise ValueError('raised at line %d' % " + str(line) + ")"]
    lines += [f"# trailing line {i}" for i in range(100)]
    path = directory / f"raises_at_{line}.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def handlers(stream: io.TextIOBase) -> dict[str, Callable[[], logging.Handler]]:
    from rich.console import Console
    from rich.logging import RichHandler

    from logkit.handlers import RichConsoleHandler

    def console() -> Console:
        return Console(file=stream, width=120, force_terminal=True, color_system="truecolor")

    return {
        "stdlib StreamHandler": lambda: logging.StreamHandler(stream),
        "rich RichHandler, rich tracebacks": lambda: RichHandler(
            console=console(), markup=True, rich_tracebacks=True
        ),
        "logkit console, rich tracebacks": lambda: RichConsoleHandler(
            console=console(), markup=True, rich_tracebacks=True
        ),
        "logkit console as shipped (plain tracebacks)": lambda: RichConsoleHandler(
            console=console(), markup=True
        ),
    }


def main(argv: list[str]) -> int:
    repeats = int(argv[0])
    modules = {line: module_raising_at(line, Path.cwd()) for line in LINES}
    results: dict[str, dict[str, Any]] = {}
    with open("console.out", "w", encoding="utf-8") as stream:
        for name, make in handlers(stream).items():
            logger = logging.getLogger(f"ladder.{name}")
            logger.handlers[:] = [make()]
            logger.propagate = False
            results[name] = {}
            for line, module in modules.items():
                times = []
                for _ in range(repeats + 1):
                    try:
                        module.fail()
                    except ValueError:
                        started = time.perf_counter()
                        logger.exception("failed")
                        times.append((time.perf_counter() - started) * 1000)
                results[name][str(line)] = {
                    "first_ms": times[0],
                    "median_ms": statistics.median(times[1:]),
                }
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
