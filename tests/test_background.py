"""BackgroundHandler: every record once, in order, rendered as without it, flushed at exit.

Records are counted (numbered lines across rotated files), never timed.
"""

from __future__ import annotations

import io
import logging
import logging.config
import os
import re
import subprocess
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import NumberedLines

import logkit
from logkit.handlers import BackgroundHandler

WAIT = 10.0  # seconds any wait in these tests may take at most

BACKGROUND_YAML = """\
version: 1
disable_existing_loggers: false
formatters:
  minimal: {format: "%(message)s"}
handlers:
  background:
    class: logkit.handlers.BackgroundHandler
    handlers: [console, app]
    capacity: 100
  console: {class: logging.StreamHandler, stream: ext://sys.stdout, formatter: minimal}
  app:
    class: logkit.handlers.RotatingFileHandler
    filename: logs/app.log
    maxBytes: 20000
    backupCount: 10000
    formatter: minimal
root: {level: INFO, handlers: [background]}
"""


class Gate(logging.Handler):
    """Keeps the records it gets; each ``emit`` waits until the gate is open."""

    def __init__(self) -> None:
        super().__init__()
        self.open = threading.Event()
        self.entered = threading.Event()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.entered.set()
        assert self.open.wait(WAIT), "the gate was never opened"
        self.messages.append(record.getMessage())


class Kept(logging.Handler):
    """Keeps what it formats."""

    def __init__(self, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _background(*fed: logging.Handler, capacity: int = 100) -> BackgroundHandler:
    handler = BackgroundHandler(list(fed), capacity=capacity)
    logger = logging.getLogger("bg")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return handler


def _configured(tmp_path: Path) -> BackgroundHandler:
    """``configure()`` with the background handler feeding ``logs/app.log`` alone."""
    (tmp_path / "logging.yaml").write_text(BACKGROUND_YAML.replace("console, app", "app"))
    logkit.configure("logging.yaml")
    (background,) = logging.root.handlers
    assert isinstance(background, BackgroundHandler)
    return background


def _rotated_in_order(directory: Path, name: str) -> list[Path]:
    """``name`` and its backups, oldest first."""
    backups = sorted(
        directory.glob(f"{name}.*"), key=lambda path: int(path.suffix[1:]), reverse=True
    )
    return [*backups, directory / name]


# -- every record once, in order ---------------------------------------------------


def test_threads_through_rotating_file_each_record_once_in_order(
    tmp_path: Path, numbered_lines: NumberedLines
) -> None:
    background = _configured(tmp_path)
    logger = logging.getLogger("app")
    workers, count = 4, 5000

    def write(worker: int) -> None:
        for n in range(count):
            logger.info(numbered_lines.FORMAT, *numbered_lines.args(worker, n))

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 3)
    background.flush()

    files = _rotated_in_order(tmp_path / "logs", "app.log")
    assert len(files) > 20, "the small maxBytes should have rotated many times"
    expected = {(worker, n) for worker in range(workers) for n in range(count)}
    numbered_lines.assert_each_once(files, expected)
    last = dict.fromkeys(range(workers), -1)
    for path in files:
        for match in numbered_lines.PATTERN.finditer(path.read_text()):
            worker, n = int(match[1]), int(match[2])
            assert n == last[worker] + 1, f"worker {worker}: {n} after {last[worker]}"
            last[worker] = n


def test_full_queue_makes_the_caller_wait_and_loses_nothing() -> None:
    gate = Gate()
    handler = _background(gate, capacity=5)
    logger = logging.getLogger("bg")
    logged: list[int] = []

    def write() -> None:
        for n in range(20):
            logger.info("record %d", n)
            logged.append(n)

    writer = threading.Thread(target=write)
    writer.start()
    assert gate.entered.wait(WAIT)
    # One record in the gate, five queued: the seventh call waits for room.
    writer.join(0.2)
    assert writer.is_alive(), "the caller should be waiting for room"
    assert len(logged) <= 6
    assert handler.pending <= 6
    gate.open.set()
    writer.join(WAIT)
    assert not writer.is_alive()
    handler.flush()
    assert gate.messages == [f"record {n}" for n in range(20)]


def test_a_record_logged_by_a_fed_handler_does_not_deadlock_on_a_full_queue() -> None:
    class Chatty(Kept):
        def emit(self, record: logging.LogRecord) -> None:
            super().emit(record)
            if not record.getMessage().startswith("echo"):
                logging.getLogger("bg").info("echo of %s", record.getMessage())

    chatty = Chatty()
    handler = _background(chatty, capacity=1)
    for n in range(50):
        logging.getLogger("bg").info("record %d", n)
    handler.flush()
    assert sorted(chatty.lines) == sorted(
        [f"record {n}" for n in range(50)] + [f"echo of record {n}" for n in range(50)]
    )


# -- what the fed handlers see ---------------------------------------------------------


def test_arguments_are_frozen_at_the_call_and_levels_and_filters_apply_in_the_thread() -> None:
    everything, errors, odd = Kept(), Kept(logging.ERROR), Kept()
    odd.addFilter(lambda record: int(record.getMessage()[0]) % 2 == 1)
    handler = _background(everything, errors, odd)
    handler.addFilter(lambda record: record.levelno != logging.WARNING)
    logger = logging.getLogger("bg")
    items = ["a"]
    logger.info("%d %s %r", 1, items, {"k": items})
    items.append("changed later")
    logger.error("%d %(k)s", 3)  # a format that does not fit: reported in the caller
    logger.error("%d error", 3)
    logger.warning("%d filtered out by the background handler", 4)
    logger.info("%(n)d %(items)s", {"n": 5, "items": items})
    items.append("changed even later")
    handler.flush()
    assert everything.lines == [
        "1 ['a'] {'k': ['a']}",
        "3 error",
        "5 ['a', 'changed later']",
    ]
    assert errors.lines == ["3 error"]
    assert odd.lines == everything.lines


def test_an_error_in_a_fed_handler_goes_to_its_handle_error() -> None:
    class Broken(logging.Handler):
        def __init__(self) -> None:
            super().__init__()
            self.failed: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            raise OSError("disk full")

        def handleError(self, record: logging.LogRecord) -> None:
            self.failed.append(f"{record.getMessage()} in {threading.current_thread().name}")

    class BrokenFilter(Broken):
        def handle(self, record: logging.LogRecord) -> Any:
            raise RuntimeError("filter failed")

    broken, broken_filter, kept = Broken(), BrokenFilter(), Kept()
    handler = _background(broken, broken_filter, kept)
    handler.set_name("bg")
    logging.getLogger("bg").warning("one")
    handler.flush()
    assert broken.failed == ["one in logkit-background bg"]
    assert broken_filter.failed == ["one in logkit-background bg"]
    assert kept.lines == ["one"]


@pytest.mark.parametrize("rich_tracebacks", [False, True], ids=["plain", "rich"])
def test_exceptions_render_through_the_thread(rich_tracebacks: bool) -> None:
    from rich.console import Console

    stream = io.StringIO()
    config: dict[str, Any] = {
        "version": 1,
        "handlers": {
            "background": {"class": "logkit.handlers.BackgroundHandler", "handlers": ["console"]},
            "console": {
                "()": "logkit.handlers.RichConsoleHandler",
                "console": Console(file=stream, width=100, color_system=None),
                "rich_tracebacks": rich_tracebacks,
            },
        },
        "root": {"level": "INFO", "handlers": ["background"]},
    }
    logging.config.dictConfig(config)

    def settle_order(order: int) -> None:
        raise ValueError(f"order {order} declined")

    try:
        settle_order(7)
    except ValueError:
        logging.getLogger("shop").exception("settling failed")
    logging.root.handlers[0].flush()
    text = stream.getvalue()
    assert "settling failed" in text
    assert "ValueError: order 7 declined" in text
    assert "settle_order" in text
    if rich_tracebacks:
        assert "Traceback (most recent call last)" in text and "│" in text  # Rich's panel
    else:
        assert "Traceback (most recent call last):" in text


# -- exit, fork, Rich console swap and ranks -------------------------------------------------


def test_records_logged_just_before_exit_are_all_written(
    tmp_path: Path, run: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    (tmp_path / "logging.yaml").write_text(BACKGROUND_YAML)
    program = textwrap.dedent(
        """
        import logging, time, logkit
        logkit.configure("logging.yaml")

        class Slow(logging.Filter):  # a slow sink: the queue is still full at exit
            def filter(self, record):
                time.sleep(0.0002)
                return True

        logging.getHandlerByName("app").addFilter(Slow()) if hasattr(
            logging, "getHandlerByName") else logging._handlers["app"].addFilter(Slow())
        log = logging.getLogger("app")
        for n in range(3000):
            log.info("line %d", n)
        """
    )
    result = run(program, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [f"line {n}" for n in range(3000)]
    lines = [
        line
        for path in _rotated_in_order(tmp_path / "logs", "app.log")
        for line in path.read_text().splitlines()
    ]
    assert lines == [f"line {n}" for n in range(3000)]


def test_rich_console_swap_ranks_and_tracebacks_through_the_thread(
    tmp_path: Path, run: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    (tmp_path / "logging.yaml").write_text(BACKGROUND_YAML)
    program = textwrap.dedent(
        """
        import logging, logkit
        applied = logkit.configure("logging.yaml")
        assert applied.rich_console
        log = logging.getLogger("app")
        log.info("an [bold]info[/bold] with %s", "[red]data[/red]")
        log.warning("a warning")
        try:
            {}["missing"]
        except KeyError:
            log.exception("lookup failed")
        """
    )
    result = run(program, tmp_path, FORCE_COLOR="1", COLUMNS="100")
    assert result.returncode == 0, result.stderr
    plain = re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\\\", "", result.stdout)
    assert "an info with [red]data[/red]" in plain  # markup from the template only
    assert "lookup failed" in plain and "KeyError: 'missing'" in plain
    assert "\x1b[" in result.stdout  # drawn by the Rich console the swap put in

    ranked = run(program, tmp_path, FORCE_COLOR="1", RANK="1", WORLD_SIZE="2")
    assert ranked.returncode == 0, ranked.stderr
    assert "an " not in ranked.stdout  # rank 1's console shows warnings and above
    assert "[rank 1]" in re.sub(r"\x1b\[[0-9;]*m", "", ranked.stdout)
    assert "a warning" in ranked.stdout


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_has_its_own_thread_and_not_the_parents_records(tmp_path: Path) -> None:
    background = _configured(tmp_path)
    logger = logging.getLogger("app")
    for n in range(2000):
        logger.info("parent %d", n)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: log, flush, say which thread wrote, leave at once
        code = 1
        try:
            for n in range(2000):
                logger.info("child %d", n)
            thread = background._thread
            background.flush()
            alive = thread is not None and thread.is_alive()
            os.write(write, f"{alive} {background.pending}".encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    answer = os.read(read, 100).decode()
    os.close(read)
    background.flush()
    assert os.waitstatus_to_exitcode(status) == 0
    assert answer == "True 0"
    lines = [
        line
        for path in _rotated_in_order(tmp_path / "logs", "app.log")
        for line in path.read_text().splitlines()
    ]
    assert sorted(lines) == sorted(
        [f"parent {n}" for n in range(2000)] + [f"child {n}" for n in range(2000)]
    )
    for who in ("parent", "child"):
        mine = [line for line in lines if line.startswith(who)]
        assert mine == [f"{who} {n}" for n in range(2000)]


def test_after_close_records_are_handled_in_the_callers_thread() -> None:
    kept = Kept()
    handler = _background(kept)
    logger = logging.getLogger("bg")
    logger.info("before")
    handler.close()
    logger.info("after")
    assert kept.lines == ["before", "after"]
    assert handler.pending == 0


# -- unhappy paths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        ("[consol, app]", "handlers.background.handlers", "handler 'consol' is not defined"),
        ("[background, app]", "handlers.background.handlers", "cannot feed itself"),
        ("[console, app]\n    capacity: 0", "handlers.background.capacity", "positive"),
    ],
    ids=["unknown-name", "itself", "capacity-zero"],
)
def test_bad_configs_are_located_errors(tmp_path: Path, change: str, key: str, reason: str) -> None:
    text = BACKGROUND_YAML.replace("[console, app]\n    capacity: 100", change)
    (tmp_path / "logging.yaml").write_text(text)
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure("logging.yaml")
    error = caught.value
    assert error.key == key
    assert reason in str(error)
    assert error.path is not None and Path(error.path).name == "logging.yaml"
    lines = text.splitlines()
    written = next(n for n, line in enumerate(lines, 1) if line.startswith(f"    {key[20:]}:"))
    assert error.line == written


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"handlers": "console"}, TypeError, "expected a list of handler names"),
        ({"handlers": []}, ValueError, "names no handler"),
        ({"handlers": ["a", "a"]}, ValueError, "names 'a' twice"),
        ({"handlers": [logging.NullHandler()], "capacity": -1}, ValueError, "positive integer"),
        ({"handlers": ["nowhere"]}, ValueError, "no handler named 'nowhere' exists yet"),
    ],
    ids=["string", "empty", "twice", "negative-capacity", "not-built"],
)
def test_constructor_rejects(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    before = len(logging._handlerList)  # type: ignore[attr-defined]
    with pytest.raises(error, match=re.escape(message)):
        BackgroundHandler(**arguments)
    assert len(logging._handlerList) == before  # type: ignore[attr-defined]


def test_ini_lists_the_fed_handlers_first(tmp_path: Path) -> None:
    ini = textwrap.dedent(
        """\
        [loggers]
        keys=root

        [handlers]
        keys=kept,background

        [formatters]
        keys=

        [logger_root]
        level=INFO
        handlers=background

        [handler_kept]
        class=FileHandler
        args=('kept.log',)

        [handler_background]
        class=logkit.handlers.BackgroundHandler
        args=(['kept'],)
        kwargs={'capacity': 10}
        """
    )
    (tmp_path / "logging.config").write_text(ini)
    logging.config.fileConfig("logging.config", disable_existing_loggers=False)
    logging.getLogger("ini").info("through fileConfig")
    logging.root.handlers[0].flush()
    assert (tmp_path / "kept.log").read_text() == "through fileConfig\n"

    (tmp_path / "logging.config").write_text(ini.replace("kept,background", "background,kept"))
    with pytest.raises(ValueError, match=r"list the handlers it feeds before it"):
        logging.config.fileConfig("logging.config", disable_existing_loggers=False)


def test_the_example_is_the_shipped_scheme_behind_the_thread(
    tmp_path: Path, repo: Path, logging_state: Callable[[], Any]
) -> None:
    logkit.configure(repo / "logging.yaml", rich=False)
    shipped = logging_state()
    logkit.configure(repo / "examples" / "background.yaml", rich=False)
    (background,) = logging.root.handlers
    assert isinstance(background, BackgroundHandler)
    logging.getLogger("app").error("through the thread")
    background.flush()
    assert "through the thread" in (tmp_path / "logs" / "error.log").read_text()
    assert background.fed is not None
    logging.root.handlers[:] = background.fed  # what the thread feeds, pictured as root's
    assert logging_state()["root"] == shipped["root"]


def test_a_reconfigure_empties_the_queue_before_closing_the_fed_handlers(tmp_path: Path) -> None:
    background = _configured(tmp_path)
    logger = logging.getLogger("app")
    logger.info("first")
    assert background.fed is not None
    (old_file,) = background.fed
    gate = Gate()  # holds the thread while records pile up behind it
    gate.open.clear()
    background.fed = (gate, old_file)
    for n in range(50):
        logger.info("queued %d", n)
    assert gate.entered.wait(WAIT)
    opener = threading.Timer(0.1, gate.open.set)
    opener.start()
    logkit.configure("logging.yaml")  # replaces and closes the old handlers
    opener.join(WAIT)
    assert background.pending == 0
    assert isinstance(old_file, logging.FileHandler) and old_file.stream is None  # closed last
    lines = (tmp_path / "logs" / "app.log").read_text().splitlines()
    assert lines == ["first"] + [f"queued {n}" for n in range(50)]


@pytest.mark.parametrize("feeds_console", [True, False], ids=["rich-console", "file-only"])
def test_under_logging_redirect_tqdm_each_record_prints_once(
    feeds_console: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    from rich.console import Console
    from tqdm.contrib.logging import logging_redirect_tqdm

    from logkit.handlers import RichConsoleHandler

    stream = io.StringIO()
    console = RichConsoleHandler(console=Console(file=stream, width=100, color_system=None))
    kept = Kept()
    background = BackgroundHandler([console, kept] if feeds_console else [kept])
    logging.root.handlers[:] = [background]
    logging.root.setLevel(logging.INFO)
    with logging_redirect_tqdm():  # adds its plain handler beside the background one
        for step in range(3):
            logging.getLogger("train").info("step %d done", step)
        background.flush()
    printed = capsys.readouterr()
    by_tqdm = (printed.out + printed.err).count("done")
    assert len(kept.lines) == 3
    if feeds_console:  # the Rich console prints each record; tqdm's handler is muted
        assert stream.getvalue().count("done") == 3
        assert by_tqdm == 0
    else:  # no console behind the thread: tqdm's handler is the only one, left alone
        assert by_tqdm == 3
