"""logkit's rotating handlers: same files as the standard ones, no lost lines across processes."""

from __future__ import annotations

import logging
import logging.config
import logging.handlers
import os
import re
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from logkit.handlers import RotatingFileHandler, TimedRotatingFileHandler

if TYPE_CHECKING:
    from conftest import NumberedLines

DETAILED = "%(levelname)s %(asctime)s [%(name)s:%(filename)s:%(funcName)s:%(lineno)d]\n%(message)s"


def make_record(
    n: int, message: str = "line %d of the log, padded to a steady width"
) -> logging.LogRecord:
    record = logging.LogRecord("app", logging.INFO, "/src/app.py", 7, message, (n,), None, "serve")
    record.created = 1_700_000_000.0 + n
    record.msecs = 0.0
    return record


def log_files(directory: Path) -> dict[str, bytes]:
    """Every visible file in ``directory`` with its bytes (the lock file is hidden)."""
    return {
        p.name: p.read_bytes() for p in sorted(directory.iterdir()) if not p.name.startswith(".")
    }


def write_through(handler: logging.Handler, records: list[logging.LogRecord]) -> None:
    handler.setFormatter(logging.Formatter(DETAILED))
    for record in records:
        handler.handle(record)
    handler.close()


@pytest.mark.parametrize("backup_count", [0, 1, 3])
def test_same_files_as_the_standard_handler(tmp_path: Path, backup_count: int) -> None:
    records = [make_record(n) for n in range(500)]
    (tmp_path / "std").mkdir()
    (tmp_path / "kit").mkdir()
    write_through(
        logging.handlers.RotatingFileHandler(
            "std/app.log", maxBytes=4000, backupCount=backup_count
        ),
        records,
    )
    write_through(
        RotatingFileHandler("kit/app.log", maxBytes=4000, backupCount=backup_count), records
    )

    expected = log_files(tmp_path / "std")
    assert len(expected) == backup_count + 1
    assert log_files(tmp_path / "kit") == expected


def test_appends_to_an_existing_file_and_rotates_like_the_standard(tmp_path: Path) -> None:
    for directory in ("std", "kit"):
        (tmp_path / directory).mkdir()
        (tmp_path / directory / "app.log").write_text("an earlier run\n" * 100)
    records = [make_record(n) for n in range(50)]
    write_through(
        logging.handlers.RotatingFileHandler("std/app.log", maxBytes=3000, backupCount=2), records
    )
    write_through(RotatingFileHandler("kit/app.log", maxBytes=3000, backupCount=2), records)
    assert log_files(tmp_path / "kit") == log_files(tmp_path / "std")


def test_max_bytes_counts_encoded_bytes_not_characters(tmp_path: Path) -> None:
    handler = RotatingFileHandler("app.log", maxBytes=1000, backupCount=50, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    for n in range(200):
        handler.handle(make_record(n, "ünïcödé %d ✓✓✓"))  # 22 characters, 31 bytes
    handler.close()

    sizes = [p.stat().st_size for p in tmp_path.glob("app.log*")]
    assert len(sizes) > 5
    assert max(sizes) < 1000
    lines = [line for p in tmp_path.glob("app.log*") for line in p.read_text("utf-8").splitlines()]
    assert sorted(lines) == sorted(f"ünïcödé {n} ✓✓✓" for n in range(200))


def test_should_rollover_and_do_rollover_keep_the_standard_api(tmp_path: Path) -> None:
    handler = RotatingFileHandler("app.log", maxBytes=100, backupCount=2)
    handler.setFormatter(logging.Formatter("%(message)s"))
    record = make_record(1, "x" * 60 + "%d")
    assert handler.shouldRollover(record) is False  # an empty file is never rotated
    handler.handle(record)
    assert handler.shouldRollover(record) is True
    handler.doRollover()
    handler.close()
    assert (tmp_path / "app.log.1").read_text() == "x" * 60 + "1\n"
    assert (tmp_path / "app.log").read_text() == ""


def test_named_in_a_dict_config_like_the_standard_class(tmp_path: Path) -> None:
    logging.config.dictConfig(
        {
            "version": 1,
            "handlers": {
                "info": {
                    "class": "logkit.handlers.RotatingFileHandler",
                    "filename": "info.log",
                    "maxBytes": 300,
                    "backupCount": 2,
                }
            },
            "root": {"level": "INFO", "handlers": ["info"]},
        }
    )
    handler = logging.root.handlers[0]
    assert isinstance(handler, RotatingFileHandler)
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    for n in range(30):
        logging.getLogger("app").info("record %d of a configured handler", n)
    handler.close()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "info.log",
        "info.log.1",
        "info.log.2",
    ]


def test_set_stream_sends_records_to_the_new_stream(tmp_path: Path) -> None:
    handler = RotatingFileHandler("app.log", maxBytes=10_000, backupCount=1)
    handler.handle(make_record(1))
    with open("other.log", "a", encoding="utf-8") as other:
        old = handler.setStream(other)
        assert old is not None
        old.close()
        handler.handle(make_record(2))
        handler.flush()
        assert (tmp_path / "other.log").read_text().startswith("line 2 of the log")
    assert (tmp_path / "app.log").read_text().startswith("line 1 of the log")


def test_delay_opens_the_file_on_first_record(tmp_path: Path) -> None:
    handler = RotatingFileHandler("app.log", maxBytes=100, backupCount=1, delay=True)
    assert not (tmp_path / "app.log").exists()
    handler.handle(make_record(1))
    handler.close()
    assert (tmp_path / "app.log").read_text() == "line 1 of the log, padded to a steady width\n"


def test_namer_and_rotator_are_used(tmp_path: Path) -> None:
    handler = RotatingFileHandler("app.log", maxBytes=200, backupCount=3)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.namer = lambda name: name + ".old"
    rotated: list[tuple[str, str]] = []

    def rotator(source: str, dest: str) -> None:
        rotated.append((os.path.basename(source), os.path.basename(dest)))
        os.rename(source, dest)

    handler.rotator = rotator
    for n in range(20):
        handler.handle(make_record(n))
    handler.close()
    assert rotated[0] == ("app.log", "app.log.1.old")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "app.log",
        "app.log.1.old",
        "app.log.2.old",
        "app.log.3.old",
    ]


def test_bom_encodings_write_one_bom_per_file(tmp_path: Path) -> None:
    handler = RotatingFileHandler("app.log", maxBytes=400, backupCount=20, encoding="utf-16")
    handler.setFormatter(logging.Formatter("%(message)s"))
    for n in range(30):
        handler.handle(make_record(n))
    handler.close()
    files = list(tmp_path.glob("app.log*"))
    assert len(files) > 3
    lines = []
    for path in files:
        data = path.read_bytes()
        assert data.count(b"\xff\xfe") == 1 and data.startswith(b"\xff\xfe")
        lines += data.decode("utf-16").splitlines()
    assert sorted(lines) == sorted(
        f"line {n} of the log, padded to a steady width" for n in range(30)
    )


def test_a_non_regular_file_is_never_rotated(capsys: pytest.CaptureFixture[str]) -> None:
    handler = RotatingFileHandler(os.devnull, maxBytes=10, backupCount=1)
    rotations: list[str] = []
    handler.rotator = lambda source, dest: rotations.append(dest)  # never rename os.devnull
    for n in range(5):
        handler.handle(make_record(n))  # each record alone is over maxBytes
    assert handler.shouldRollover(make_record(5)) is False
    handler.close()
    assert rotations == []
    assert capsys.readouterr().err == ""  # no "--- Logging error ---" from a failed attempt


def test_two_handlers_on_one_file_rotate_once_and_lose_nothing(tmp_path: Path) -> None:
    # Two handlers in one process hold separate descriptors, like two processes.
    first = RotatingFileHandler("app.log", maxBytes=2000, backupCount=100)
    second = RotatingFileHandler("app.log", maxBytes=2000, backupCount=100)
    for n in range(400):
        (first if n % 2 else second).handle(make_record(n))
    first.close()
    second.close()

    lines = [line for p in tmp_path.glob("app.log*") for line in p.read_text().splitlines()]
    assert sorted(lines) == sorted(
        f"line {n} of the log, padded to a steady width" for n in range(400)
    )
    sizes = [p.stat().st_size for p in tmp_path.glob("app.log.*")]
    # Each file is filled before the next starts: no empty backups from a double rotation.
    assert len(sizes) >= 8
    assert min(sizes) > 1500


def test_timed_handler_rotates_once_when_two_writers_are_due(tmp_path: Path) -> None:
    first = TimedRotatingFileHandler("app.log", when="S", backupCount=5)
    second = TimedRotatingFileHandler("app.log", when="S", backupCount=5)
    first.handle(make_record(1))
    second.handle(make_record(2))
    first.rolloverAt = second.rolloverAt = int(time.time()) - 1
    first.handle(make_record(3))  # rotates
    second.handle(make_record(4))  # sees the rotation and reopens instead of rotating again
    first.close()
    second.close()

    backups = [p for p in tmp_path.glob("app.log.*")]
    assert len(backups) == 1
    assert re.fullmatch(r"app\.log\.\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d", backups[0].name)
    assert backups[0].read_text().splitlines() == [
        "line 1 of the log, padded to a steady width",
        "line 2 of the log, padded to a steady width",
    ]
    assert (tmp_path / "app.log").read_text().splitlines() == [
        "line 3 of the log, padded to a steady width",
        "line 4 of the log, padded to a steady width",
    ]


def test_timed_handler_keeps_a_backup_another_process_made_this_period(tmp_path: Path) -> None:
    first = TimedRotatingFileHandler("app.log", when="S", backupCount=5)
    due = int(time.time()) - 1
    first.handle(make_record(1))
    first.rolloverAt = due
    first.handle(make_record(2))  # rotates line 1 into app.log.<due - 1>
    second = TimedRotatingFileHandler("app.log", when="S", backupCount=5)
    second.handle(make_record(3))
    second.rolloverAt = due  # its own schedule names the same period
    second.handle(make_record(4))
    first.close()
    second.close()

    backups = list(tmp_path.glob("app.log.*"))
    assert len(backups) == 1
    assert backups[0].read_text() == "line 1 of the log, padded to a steady width\n"
    assert (tmp_path / "app.log").read_text().splitlines() == [
        f"line {n} of the log, padded to a steady width" for n in (2, 3, 4)
    ]


def test_timed_handler_follows_a_rotation_made_by_another_process(tmp_path: Path) -> None:
    first = TimedRotatingFileHandler("app.log", when="H", backupCount=5)
    second = TimedRotatingFileHandler("app.log", when="H", backupCount=5)
    first.handle(make_record(1))
    second.handle(make_record(2))
    first.doRollover()  # second's schedule is an hour away
    second._next_look = 0.0  # as if a second had passed since its last look
    second.handle(make_record(3))
    first.close()
    second.close()

    (backup,) = tmp_path.glob("app.log.*")
    assert backup.read_text().splitlines() == [
        f"line {n} of the log, padded to a steady width" for n in (1, 2)
    ]
    assert (tmp_path / "app.log").read_text() == "line 3 of the log, padded to a steady width\n"


WORKER = textwrap.dedent(
    """
    import logging, os, sys, time
    from {module} import {cls} as Handler

    worker, count, max_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if max_bytes:
        handler = Handler("app.log", maxBytes=max_bytes, backupCount=1000)
    else:  # a timed handler, rotating every second on each process's own schedule
        handler = Handler("app.log", when="S", backupCount=1000)
    pause = 0 if max_bytes else 2.5 / count
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("worker")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    while not os.path.exists("go"):
        time.sleep(0.001)
    for n in range(count):
        logger.info("worker=%s n=%06d %s", worker, n, "x" * (n % 37))
        if pause:
            time.sleep(pause)
    handler.close()
    """
)


def run_workers(
    tmp_path: Path,
    env: dict[str, str],
    handler_class: type[logging.Handler],
    *,
    workers: int,
    count: int,
    max_bytes: int,
) -> None:
    script = tmp_path / "worker.py"
    script.write_text(
        WORKER.format(module=handler_class.__module__, cls=handler_class.__qualname__)
    )
    procs = [
        subprocess.Popen([sys.executable, str(script), str(w), str(count), str(max_bytes)], env=env)
        for w in range(workers)
    ]
    time.sleep(0.3)  # let every worker reach the start line
    (tmp_path / "go").touch()
    assert [p.wait(timeout=60) for p in procs] == [0] * workers


def test_four_processes_lose_duplicate_and_split_no_line(
    tmp_path: Path,
    child_environment: Callable[..., dict[str, str]],
    numbered_lines: NumberedLines,
) -> None:
    workers, count = 4, 4000
    env = child_environment()
    run_workers(tmp_path, env, RotatingFileHandler, workers=workers, count=count, max_bytes=40_000)

    files = list(tmp_path.glob("app.log*"))
    expected = {(w, n) for w in range(workers) for n in range(count)}
    numbered_lines.assert_each_once(files, expected)
    assert 15 <= len(files) <= 30  # ~1 MB in 40 kB files: about twenty rotations


def test_four_processes_on_timed_schedules_lose_nothing(
    tmp_path: Path,
    child_environment: Callable[..., dict[str, str]],
    numbered_lines: NumberedLines,
) -> None:
    workers, count = 4, 600  # about 2.5 s each: two or three rotations per schedule
    env = child_environment()
    run_workers(tmp_path, env, TimedRotatingFileHandler, workers=workers, count=count, max_bytes=0)

    files = list(tmp_path.glob("app.log*"))
    expected = {(w, n) for w in range(workers) for n in range(count)}
    numbered_lines.assert_each_once(files, expected)
    assert len(files) >= 3
