"""Shared test helpers, as fixtures: every test runs with its own logging state,
working directory and LOGKIT_* environment.

Helpers are fixtures (not modules put on ``sys.path``): ``shipped`` runs a test
once per shipped config file, ``shipped_paths`` names them all, and
``logging_state``, ``picture_of``, ``child_environment``, ``run``, ``terminal_screen`` and
``open_descriptors`` are functions handed to the tests that ask for them.
``invalid_file`` runs a test once per bad file in ``tests/data/invalid``
(see its README), and ``invalid_data`` copies one of them by name.
``collectors`` starts real rsyslog and syslog-ng (``tests/collectors.py``).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import logging.handlers
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from collectors import Collectors, collectors_in

from logkit._transaction import logging_transaction

REPO = Path(__file__).resolve().parent.parent

# The config files the repository ships: the same scheme in three formats.
SHIPPED = {
    "yaml": REPO / "logging.yaml",
    "toml": REPO / "logging.toml",
    "ini": REPO / "logging.config",
}


@pytest.fixture(autouse=True)
def isolated_logging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Restore the logging module, cwd and LOGKIT_* variables after each test."""
    for name in list(os.environ):
        if name.startswith("LOGKIT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)

    root = logging.root
    saved_root = (root.level, root.handlers[:], root.filters[:], root.disabled)
    manager = root.manager
    saved_loggers = dict(manager.loggerDict)
    saved_logger_state = {
        name: (lg.level, lg.handlers[:], lg.propagate, lg.disabled, lg.filters[:])
        for name, lg in saved_loggers.items()
        if isinstance(lg, logging.Logger)
    }
    saved_handler_names = dict(logging._handlers)  # type: ignore[attr-defined]
    saved_handler_list = logging._handlerList[:]  # type: ignore[attr-defined]
    try:
        yield
    finally:
        known = set(map(id, (ref() for ref in saved_handler_list)))
        for ref in logging._handlerList[:]:  # type: ignore[attr-defined]
            handler = ref()
            if handler is not None and id(handler) not in known:
                with contextlib.suppress(Exception):
                    handler.close()
        logging._handlers.clear()  # type: ignore[attr-defined]
        logging._handlers.update(saved_handler_names)  # type: ignore[attr-defined]
        logging._handlerList[:] = saved_handler_list  # type: ignore[attr-defined]
        root.level, root.handlers[:], root.filters[:], root.disabled = saved_root
        manager.loggerDict.clear()
        manager.loggerDict.update(saved_loggers)
        for name, (level, handlers, propagate, disabled, filters) in saved_logger_state.items():
            lg = saved_loggers[name]
            assert isinstance(lg, logging.Logger)
            lg.level, lg.propagate, lg.disabled = level, propagate, disabled
            lg.handlers[:] = handlers
            lg.filters[:] = filters
        manager._clear_cache()  # type: ignore[attr-defined]


# -- the shipped files ---------------------------------------------------------


@pytest.fixture(params=list(SHIPPED.values()), ids=list(SHIPPED))
def shipped(request: pytest.FixtureRequest) -> Path:
    """Each shipped config file in turn (the test runs once per file)."""
    path: Path = request.param
    return path


@pytest.fixture
def shipped_paths() -> dict[str, Path]:
    """The shipped config files by format: ``yaml``, ``toml`` and ``ini``."""
    return dict(SHIPPED)


@pytest.fixture
def repo() -> Path:
    """The repository's root (read only: tests write under ``tmp_path``)."""
    return REPO


@pytest.fixture
def collectors(tmp_path: Path) -> Iterator[Collectors]:
    """Start real rsyslog or syslog-ng on loopback (``tests/collectors.py``); stopped after."""
    with collectors_in(tmp_path / "collectors") as started:
        yield started


# -- bad files, with what `logkit check` says about them -----------------------

INVALID = REPO / "tests" / "data" / "invalid"
INVALID_FILES = sorted(
    path for path in INVALID.iterdir() if path.suffix not in (".expected", ".md")
)


class InvalidFile(NamedTuple):
    """A bad config file, copied into the working directory under its own name."""

    path: Path  # relative: the name, as `logkit check` is given it
    expected: list[str]  # the lines `logkit check PATH` prints on stderr


def _copy_invalid(name: str, directory: Path) -> Path:
    shutil.copyfile(INVALID / name, directory / name)
    return Path(name)


@pytest.fixture(params=INVALID_FILES, ids=[path.name for path in INVALID_FILES])
def invalid_file(request: pytest.FixtureRequest, tmp_path: Path) -> InvalidFile:
    """Each file of ``tests/data/invalid`` in turn, with its ``.expected`` lines."""
    source: Path = request.param
    expected = Path(f"{source}.expected").read_text(encoding="utf-8").splitlines()
    return InvalidFile(_copy_invalid(source.name, tmp_path), expected)


@pytest.fixture
def invalid_data(tmp_path: Path) -> Callable[[str], Path]:
    """``invalid_data(name)``: that file of ``tests/data/invalid``, copied into the
    working directory (the path returned is relative to it)."""
    return lambda name: _copy_invalid(name, tmp_path)


# -- child processes -----------------------------------------------------------


@pytest.fixture
def child_environment() -> Callable[..., dict[str, str]]:
    """``child_environment(**extra)``: the environment for a child Python, with this
    checkout importable and no LOGKIT_* set (then ``extra``)."""

    def environment(**extra: str) -> dict[str, str]:
        result = {k: v for k, v in os.environ.items() if not k.startswith("LOGKIT_")}
        result["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
        )
        result.update(extra)
        return result

    return environment


@pytest.fixture
def run(
    child_environment: Callable[..., dict[str, str]],
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run(program, cwd, **env)``: ``python -c program`` in ``cwd``, its output
    captured; stdout is a pipe and no variable makes Rich call it a terminal."""

    def run_program(program: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
        environment = child_environment(**env)
        for variable in ("FORCE_COLOR", "TTY_COMPATIBLE"):  # they would make Rich swap in
            if variable not in env:
                environment.pop(variable, None)
        return subprocess.run(
            [sys.executable, "-c", program],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return run_program


def _screen_at_a_terminal(
    argv: list[str], cwd: Path, env: dict[str, str], columns: int = 100, rows: int = 40
) -> list[str]:
    """The lines a terminal shows once ``argv`` has exited (see ``terminal_screen``)."""
    import fcntl
    import select
    import struct
    import subprocess
    import termios
    import time

    import pyte

    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {**env, "TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(rows)}
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TQDM_DISABLE"):
        env.pop(name, None)
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    child = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=terminal, stdout=terminal, stderr=terminal
    )
    os.close(terminal)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 0.2)
            if ready:
                try:
                    data = os.read(controller, 65536)
                except OSError:  # EIO: every writer closed the terminal
                    break
                if not data:
                    break
                stream.feed(data)
            elif child.poll() is not None:
                break
        else:
            pytest.fail(f"{argv} did not finish within 60 s")
        assert child.wait(timeout=10) == 0, "\n".join(screen.display)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
        os.close(controller)
    return [line.rstrip() for line in screen.display]


@pytest.fixture
def terminal_screen() -> Callable[..., list[str]]:
    """``terminal_screen(argv, cwd, env, columns=100, rows=40)``: run a program in a
    pseudo-terminal of that size (its stdin, stdout and stderr) and return the lines of
    the final screen, as the ``pyte`` terminal emulator draws everything it wrote
    (cursor moves, erased lines, carriage returns). Fails if it runs over 60 s or
    exits with a status other than 0."""
    return _screen_at_a_terminal


# -- open files ----------------------------------------------------------------


@pytest.fixture
def open_descriptors() -> Callable[[], int]:
    """``open_descriptors()``: how many files this process holds open (Linux; else 0).

    Garbage of earlier tests is collected first, unless the caller has turned
    the collector off to hold the count still.
    """

    def count() -> int:
        if gc.isenabled():
            gc.collect()
        return len(os.listdir("/proc/self/fd")) if sys.platform == "linux" else 0

    return count


# -- numbered lines: counting records across processes and rotated files ----------


class NumberedLines:
    """Lines ``worker=W n=NNNNNN xxx`` whose padding length (``n % 37``) shows a torn line.

    Writers (threads, processes, forked children) log them; the tests count
    every line across a log file and its backups, so a lost, duplicated, split
    or torn line fails the test.
    """

    PATTERN = re.compile(r"worker=(\d+) n=(\d{6}) (x*)")
    FORMAT = "worker=%d n=%06d %s"

    @staticmethod
    def args(worker: int, n: int) -> tuple[int, int, str]:
        """The arguments that go with :attr:`FORMAT`."""
        return worker, n, "x" * (n % 37)

    def text(self, worker: int, n: int) -> str:
        """The line as written."""
        return self.FORMAT % self.args(worker, n)

    def record(self, worker: int, n: int) -> logging.LogRecord:
        """The line as a record (formatted with ``%(message)s``)."""
        return logging.LogRecord(
            "app", logging.INFO, __file__, 1, self.FORMAT, self.args(worker, n), None
        )

    def count(self, files: Iterable[Path]) -> Counter[tuple[int, int]]:
        """How often each (worker, n) line appears; fails on a split or torn line."""
        seen: Counter[tuple[int, int]] = Counter()
        for path in files:
            text = path.read_text()
            assert text.endswith("\n") or not text, f"{path.name} ends inside a line"
            for line in text.splitlines():
                match = self.PATTERN.fullmatch(line)
                assert match, f"split or garbled line in {path.name}: {line!r}"
                worker, n = int(match[1]), int(match[2])
                assert len(match[3]) == n % 37, f"torn line: {line!r}"
                seen[worker, n] += 1
        return seen

    def assert_each_once(self, files: Iterable[Path], expected: set[tuple[int, int]]) -> None:
        """Every expected line is in ``files`` exactly once, whole, and nothing else is."""
        seen = self.count(files)
        lost = expected - set(seen)
        assert not lost, f"lost {len(lost)} of {len(expected)} lines"
        assert set(seen) == expected, "lines nobody wrote"
        assert max(seen.values()) == 1, "duplicated lines"


@pytest.fixture
def numbered_lines() -> NumberedLines:
    """Write and count numbered lines (see :class:`NumberedLines`)."""
    return NumberedLines()


# -- pictures of the logging state ---------------------------------------------

# Attributes that say where and how a handler writes, by handler class.
_DESTINATION_ATTRIBUTES = (
    "baseFilename",
    "mode",
    "encoding",
    "delay",
    "maxBytes",
    "backupCount",
    "when",
    "interval",
    "utc",
    "atTime",
    "capacity",
    "flushLevel",
    "flushOnClose",
    "host",
    "port",
    "address",
    "facility",
    "socktype",
    "mailhost",
    "mailport",
    "fromaddr",
    "toaddrs",
    "subject",
    "secure",
    "timeout",
    "url",
    "method",
    "terminator",
)


def _describe_formatter(formatter: logging.Formatter | None) -> dict[str, Any] | None:
    if formatter is None:
        return None
    style = formatter._style
    return {
        "class": f"{type(formatter).__module__}.{type(formatter).__qualname__}",
        "format": style._fmt,
        "style": type(style).__name__,
        "datefmt": formatter.datefmt,
        "defaults": getattr(style, "_defaults", None),
    }


def _describe_filters(filterer: logging.Filterer) -> list[Any]:
    described: list[Any] = []
    for f in filterer.filters:
        if isinstance(f, logging.Filter):
            described.append({"class": type(f).__qualname__, "name": f.name})
        else:
            described.append(repr(type(f)))
    return described


def _describe_handler(handler: logging.Handler) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": handler.get_name(),
        "class": f"{type(handler).__module__}.{type(handler).__qualname__}",
        "level": handler.level,
        "formatter": _describe_formatter(handler.formatter),
        "filters": _describe_filters(handler),
    }
    for attribute in _DESTINATION_ATTRIBUTES:
        if attribute in handler.__dict__:
            value = handler.__dict__[attribute]
            if attribute == "baseFilename":
                value = os.path.normcase(value)
            described[attribute] = value
    stream = getattr(handler, "stream", None)
    if stream is not None and not isinstance(handler, logging.FileHandler):
        described["stream"] = getattr(stream, "name", repr(type(stream)))
    target = getattr(handler, "target", None)
    if isinstance(target, logging.Handler):
        described["target"] = target.get_name()
    return described


def _describe_logger(logger: logging.Logger) -> dict[str, Any]:
    return {
        "level": logger.level,
        # logging reads both as truths: fileConfig's propagate=10 means what True means.
        "propagate": bool(logger.propagate),
        "disabled": bool(logger.disabled),
        "handlers": [_describe_handler(h) for h in logger.handlers],
        "filters": _describe_filters(logger),
    }


def _logging_state() -> dict[str, Any]:
    """Describe the root logger and every named logger that exists now."""
    manager = logging.root.manager
    loggers = {
        name: _describe_logger(logger)
        for name, logger in sorted(manager.loggerDict.items())
        if isinstance(logger, logging.Logger)
    }
    return {"root": _describe_logger(logging.root), "loggers": loggers}


@pytest.fixture
def logging_state() -> Callable[[], dict[str, Any]]:
    """``logging_state()``: a plain-data picture of the live logging state.

    Two configurations mean the same logging when applying each produces equal
    pictures: the same loggers with the same levels, propagation and disabled
    flags, the same handlers (by class, level, formatter and destination) and
    formatters.
    """
    return _logging_state


@pytest.fixture
def picture_of() -> Callable[[Callable[[], object], Iterable[str]], dict[str, Any]]:
    """``picture_of(apply, loggers)``: the logging state ``apply()`` builds, rolled back.

    Only the root and the named loggers are pictured: others exist or not
    depending on what ran before, and a rollback leaves the loggers it created
    behind, inert.
    """

    def picture(apply: Callable[[], object], loggers: Iterable[str]) -> dict[str, Any]:
        with logging_transaction(trial=True):
            apply()
            state = _logging_state()
        state["loggers"] = {name: state["loggers"][name] for name in loggers}
        return state

    return picture
