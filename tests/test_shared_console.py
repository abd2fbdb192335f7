"""The swapped console shares its stream's console with Rich's live displays and tqdm.

The pictures on a real terminal are in test_progress.py; these tests check the
choices behind them in this process.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import select
from pathlib import Path

import pyte
import pytest
import rich
from rich.console import Console
from rich.file_proxy import FileProxy
from rich.live import Live
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

import logkit
from logkit._rich_swap import build_rich_handler
from logkit.handlers import RichConsoleHandler
from logkit.handlers._shared_console import live_console


def swapped_console() -> RichConsoleHandler:
    handler = {h.get_name(): h for h in logging.root.handlers}["console"]
    assert isinstance(handler, RichConsoleHandler)
    return handler


def configure_on(stream: io.StringIO, shipped: Path) -> RichConsoleHandler:
    """Apply a shipped file while ``stream`` is sys.stdout, so the console writes to it."""
    with contextlib.redirect_stdout(stream):
        logkit.configure(shipped, rich=True)
    return swapped_console()


def test_during_a_live_display_records_go_through_its_console(shipped: Path) -> None:
    given = io.StringIO()
    handler = configure_on(given, shipped)
    own = handler.console
    with contextlib.redirect_stdout(given):
        with Live(auto_refresh=False) as display:  # on Rich's global console, as track() is
            logging.getLogger("app").warning("disk almost full")
            assert handler.console is display.console is rich.get_console()
        logging.getLogger("app").warning("done")
        assert handler.console is own  # the same bytes, without the display
    assert given.getvalue().count("disk almost full") == 1


def test_the_console_follows_the_stream_it_was_given(shipped: Path) -> None:
    # pytest's capture or redirect_stdout replace sys.stdout; the records stay put.
    given, elsewhere = io.StringIO(), io.StringIO()
    handler = configure_on(given, shipped)
    with contextlib.redirect_stdout(elsewhere), Live(auto_refresh=False):
        logging.getLogger("app").warning("mine")
        assert handler.console is not rich.get_console()
    assert "mine" in given.getvalue()
    assert "mine" not in elsewhere.getvalue()


def test_a_stream_of_its_own_keeps_a_console_of_its_own(tmp_path: Path) -> None:
    with (tmp_path / "app.log").open("w") as log:
        handler = build_rich_handler(logging.StreamHandler(log))  # not the process's stdout
        assert isinstance(handler, RichConsoleHandler)
        with contextlib.redirect_stdout(log), Live(auto_refresh=False):  # Rich's console on it
            handler.handle(logging.LogRecord("app", logging.INFO, __file__, 1, "x", None, None))
        assert handler.console is not rich.get_console()
        assert handler.console.file is log


def test_a_live_display_that_redirects_the_stream_owns_it() -> None:
    real, display = io.StringIO(), Console(file=io.StringIO())
    with contextlib.redirect_stderr(FileProxy(display, real)):
        assert live_console(real) is display
    assert live_console(real) is None  # stderr is not Rich's global console's stream


def test_configure_twice_keeps_one_console(shipped: Path) -> None:
    given = io.StringIO()
    configure_on(given, shipped)
    configure_on(given, shipped)
    consoles = [h for h in logging.root.handlers if isinstance(h, RichConsoleHandler)]
    assert len(consoles) == 1
    logging.getLogger("app").warning("once")
    assert given.getvalue().count("once") == 1


def _answer_of(pid: int, reader: int, writer: int) -> bytes:
    """What a forked child wrote to the pipe within 30 s; the child is reaped (killed if stuck)."""
    os.close(writer)
    ready: list[int] = []
    try:
        ready, _, _ = select.select([reader], [], [], 30)
        return os.read(reader, 16) if ready else b"(stuck: no answer in 30 s)"
    finally:
        os.close(reader)
        if not ready:
            os.kill(pid, 9)
        os.waitpid(pid, 0)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_does_not_share_its_copy_of_the_global_console() -> None:
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream), Live(auto_refresh=False):  # no thread to fork
        assert live_console(stream) is rich.get_console()
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report and leave at once
            os.write(writer, b"shared" if live_console(stream) is not None else b"own")
            os._exit(0)
    assert _answer_of(pid, reader, writer) == b"own"


def test_logging_redirect_tqdm_leaves_the_record_to_the_console(shipped: Path) -> None:
    given, tqdm_stream = io.StringIO(), io.StringIO()
    configure_on(given, shipped)
    with contextlib.redirect_stderr(tqdm_stream), logging_redirect_tqdm():
        logging.getLogger("app").warning("redirected")
    assert given.getvalue().count("redirected") == 1
    assert tqdm_stream.getvalue() == ""


def test_a_record_clears_an_open_tqdm_bar_and_redraws_it() -> None:
    terminal = io.StringIO()
    handler = RichConsoleHandler(console=Console(file=terminal, width=60), show_time=False)
    logger = logging.Logger("train")
    logger.addHandler(handler)
    with tqdm(total=10, desc="training", file=terminal, ncols=60, mininterval=0) as bar:
        bar.update(5)
        logger.warning("half way")
        bar.update(5)
    screen = pyte.Screen(60, 5)
    pyte.Stream(screen).feed(terminal.getvalue().replace("\n", "\r\n"))
    lines = [line.rstrip() for line in screen.display if line.strip()]
    assert lines[0].startswith("WARNING  half way ")
    assert lines[1].startswith("training: 100%")
    assert len(lines) == 2, lines


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_can_draw_while_the_parent_held_the_console() -> None:
    import threading

    terminal = io.StringIO()
    console = Console(file=terminal, width=60)
    # Rich tracebacks: Rich itself draws the record, under the console's lock.
    handler = RichConsoleHandler(console=console, show_time=False, rich_tracebacks=True)
    logger = logging.Logger("forked")
    logger.addHandler(handler)
    held, release = threading.Event(), threading.Event()

    def hold_the_console() -> None:  # as a thread does while Rich draws a record
        with handler.console._lock:  # type: ignore[attr-defined]
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold_the_console)
    holder.start()
    held.wait(30)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: Rich itself draws an exception (the slow path), then report
        try:
            try:
                raise ValueError("in the child")
            except ValueError:
                logger.exception("drawn")
            os.write(writer, b"drawn" if "ValueError" in terminal.getvalue() else b"missing")
        finally:
            os._exit(0)
    release.set()
    holder.join(30)
    assert _answer_of(pid, reader, writer) == b"drawn"
