"""Rotating handlers lose no record to fork, a stopped lock holder, logrotate or a full disk.

Each test counts records: every line written must arrive exactly once, whole.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from logkit.handlers import RotatingFileHandler, TimedRotatingFileHandler

if TYPE_CHECKING:
    from conftest import NumberedLines

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and flock")

Rotating = RotatingFileHandler | TimedRotatingFileHandler


def make_handler(kind: str, **extra: float) -> Rotating:
    handler: Rotating
    if kind == "size":
        handler = RotatingFileHandler("app.log", maxBytes=4_000, backupCount=1000)
    else:
        handler = TimedRotatingFileHandler("app.log", when="S", backupCount=1000)
    for name, value in extra.items():
        setattr(handler, name, value)
    handler.setFormatter(logging.Formatter("%(message)s"))
    return handler


def wait_for_children(pids: list[int], timeout: float) -> list[int]:
    """Reap the children (killing none); their exit codes, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    codes: dict[int, int] = {}
    while len(codes) < len(pids):
        for pid in pids:
            if pid not in codes:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    codes[pid] = os.waitstatus_to_exitcode(status)
        assert time.monotonic() < deadline, "children did not finish in time"
        time.sleep(0.01)
    return [codes[pid] for pid in pids]


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


# -- fork after a rollover -----------------------------------------------------


@pytest.mark.parametrize("kind", ["size", "time"])
def test_children_forked_after_a_rollover_lose_no_line(
    kind: str, tmp_path: Path, numbered_lines: NumberedLines
) -> None:
    # The parent rotates first, so it holds an open lock descriptor that a naive
    # child would share: flock would then let parent and children all "hold" it.
    workers, count = 6, 2000 if kind == "size" else 600
    handler = make_handler(kind)
    handler.handle(numbered_lines.record(0, 0))
    handler.doRollover()
    for n in range(1, 200):
        handler.handle(numbered_lines.record(0, n))
    if isinstance(handler, TimedRotatingFileHandler):
        handler.rolloverAt = int(time.time()) - 1  # every child is due at its first record
    go_read, go_write = os.pipe()
    pids: list[int] = []
    try:
        for worker in range(1, workers + 1):
            pid = os.fork()
            if pid == 0:  # the child: log, then leave without running pytest's teardown
                code = 1
                try:
                    os.close(go_write)
                    os.read(go_read, 1)  # all children start together
                    pause = 0.0 if kind == "size" else 2.2 / count  # cross two seconds
                    for n in range(count):
                        handler.handle(numbered_lines.record(worker, n))
                        if pause:
                            time.sleep(pause)
                    handler.close()
                    code = 0
                finally:
                    os._exit(code)
            pids.append(pid)
        os.close(go_read)
        os.close(go_write)  # go
        assert wait_for_children(pids, timeout=30) == [0] * workers
    finally:
        kill_all(pids)
        handler.close()

    expected = {(0, n) for n in range(200)}
    expected |= {(w, n) for w in range(1, workers + 1) for n in range(count)}
    numbered_lines.assert_each_once(tmp_path.glob("app.log*"), expected)
    assert len(list(tmp_path.glob("app.log.*"))) >= 2


# -- a stopped lock holder ---------------------------------------------------

HOLD_LOCK = textwrap.dedent(
    """
    import fcntl, os, sys, time
    fd = os.open(".app.log.lock", os.O_RDWR | os.O_CREAT, 0o666)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    time.sleep(60)
    """
)


@pytest.fixture
def stopped_lock_holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A process that holds the rollover lock of ``app.log`` and is stopped (SIGSTOP)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    watchdog = threading.Timer(10, holder.kill)  # never wait forever for "locked"
    watchdog.start()
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        watchdog.cancel()
        assert line == "locked\n"
        os.kill(holder.pid, signal.SIGSTOP)
        # Without a bounded wait, our flock would wait until this timer kills the holder.
        watchdog = threading.Timer(8, holder.kill)
        watchdog.start()
        yield holder
    finally:
        watchdog.cancel()
        holder.kill()
        holder.wait(timeout=10)


@pytest.mark.parametrize("kind", ["size", "time"])
def test_a_stopped_lock_holder_delays_rollover_but_loses_nothing(
    kind: str,
    tmp_path: Path,
    stopped_lock_holder: subprocess.Popen[str],
    capsys: pytest.CaptureFixture[str],
    numbered_lines: NumberedLines,
) -> None:
    handler = make_handler(kind, lockTimeout=0.3)
    count = 3000
    try:
        started = time.monotonic()
        for n in range(count):
            if kind == "time" and n % 500 == 0:
                handler.rolloverAt = int(time.time()) - 1  # due again
            handler.handle(numbered_lines.record(1, n))
        elapsed = time.monotonic() - started
    finally:
        handler.close()

    assert elapsed < 3, f"writers waited {elapsed:.1f} s for a stopped lock holder"
    numbered_lines.assert_each_once(tmp_path.glob("app.log*"), {(1, n) for n in range(count)})
    assert list(tmp_path.glob("app.log.*")) == []  # rotation skipped while the lock is held
    err = capsys.readouterr().err
    assert err.count("rollover lock") == 1, err  # reported once, not per record


def test_rotation_resumes_after_the_lock_holder_dies(
    tmp_path: Path,
    stopped_lock_holder: subprocess.Popen[str],
    capsys: pytest.CaptureFixture[str],
    numbered_lines: NumberedLines,
) -> None:
    handler = make_handler("size", lockTimeout=0.2)
    try:
        for n in range(1000):  # ~60 kB: due for rollover, but the lock is held
            handler.handle(numbered_lines.record(1, n))
        stopped_lock_holder.kill()
        stopped_lock_holder.wait(timeout=10)
        deadline = time.monotonic() + 5
        n = 1000
        while not list(tmp_path.glob("app.log.*")):
            assert time.monotonic() < deadline, "rotation never resumed"
            handler.handle(numbered_lines.record(1, n))
            n += 1
            time.sleep(0.01)
    finally:
        handler.close()
    numbered_lines.assert_each_once(tmp_path.glob("app.log*"), {(1, i) for i in range(n)})
    assert "rollover lock" in capsys.readouterr().err


# -- a file moved away (logrotate) ---------------------------------------------


@pytest.mark.parametrize("create", [False, True], ids=["moved", "moved-and-created"])
def test_size_handler_follows_a_file_moved_away(
    create: bool, tmp_path: Path, numbered_lines: NumberedLines
) -> None:
    handler = make_handler("size")
    handler.maxBytes = 10_000_000
    try:
        for n in range(100):
            handler.handle(numbered_lines.record(1, n))
        os.rename("app.log", "app.log.1")  # what logrotate does, without copytruncate
        if create:
            Path("app.log").touch()
        deadline = time.monotonic() + 3
        n = 100
        while not (os.path.exists("app.log") and os.path.getsize("app.log")):
            assert time.monotonic() < deadline, "records still go to the moved file"
            handler.handle(numbered_lines.record(1, n))
            n += 1
            time.sleep(0.01)
        for _ in range(100):
            handler.handle(numbered_lines.record(1, n))
            n += 1
    finally:
        handler.close()

    numbered_lines.assert_each_once(tmp_path.glob("app.log*"), {(1, i) for i in range(n)})
    moved = (tmp_path / "app.log.1").read_text().splitlines()
    assert len(moved) < 100 + 150  # at most about a second of records went to the old file


# -- a full disk ---------------------------------------------------------------

FILL_DISK = textwrap.dedent(
    """
    import logging, resource, signal, sys
    from logkit.handlers import {cls} as Handler

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, hard))
    if {timed}:
        handler = Handler("app.log", when="H")
    else:
        handler = Handler("app.log", maxBytes=0)
    handler.setFormatter(logging.Formatter("%(message)s"))
    record = lambda n: logging.LogRecord(
        "app", logging.INFO, "", 1, "worker=%d n=%06d %s", (1, n, "x" * (n % 37)), None
    )
    for n in range(40):  # about 2.2 kB: the records past 1000 bytes fail
        handler.handle(record(n))
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))  # space again
    for n in range(40, 60):
        handler.handle(record(n))
    handler.close()
    """
)


@pytest.mark.parametrize("handler_class", [RotatingFileHandler, TimedRotatingFileHandler])
def test_a_full_disk_garbles_no_later_record(
    handler_class: type[Rotating],
    tmp_path: Path,
    child_environment: Callable[..., dict[str, str]],
    numbered_lines: NumberedLines,
) -> None:
    script = FILL_DISK.format(
        cls=handler_class.__name__, timed=handler_class is TimedRotatingFileHandler
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=child_environment(),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "File too large" in result.stderr  # each failure went through handleError

    lines = (tmp_path / "app.log").read_text().splitlines()
    whole = [line for line in lines if numbered_lines.PATTERN.fullmatch(line)]
    fragments = [line for line in lines if not numbered_lines.PATTERN.fullmatch(line)]
    # The record cut at the limit may stay as a fragment on a line of its own ...
    assert len(fragments) <= 1, fragments
    for fragment in fragments:
        assert any(numbered_lines.text(1, n).startswith(fragment) for n in range(60))
    # ... and every record written after space came back arrived whole.
    numbers = [int(match[2]) for match in map(numbered_lines.PATTERN.fullmatch, whole) if match]
    assert numbers == sorted(numbers)
    assert numbers[-20:] == list(range(40, 60))
    assert numbers[: len(numbers) - 20] == list(range(len(numbers) - 20))
