"""The standard rotating handlers a config names are built as logkit's (issue 10)."""

from __future__ import annotations

import logging
import logging.handlers
import time
from pathlib import Path
from typing import Any

import pytest

import logkit
import logkit.handlers
from logkit._safe_rotation import with_safe_rotation

STANDARD = "logging.handlers.RotatingFileHandler"
SAFE = "logkit.handlers.RotatingFileHandler"  # its __module__ is the public package


def _classes(logging_state: Any) -> dict[str, str]:
    return {h["name"]: h["class"] for h in logging_state()["root"]["handlers"]}


def test_shipped_files_get_logkits_rotating_handlers(shipped: Path, logging_state: Any) -> None:
    logkit.configure(shipped, rich=False)
    assert _classes(logging_state) == {
        "console": "logging.StreamHandler",
        "info": SAFE,
        "error": SAFE,
    }


def test_the_swap_changes_nothing_else(shipped: Path, picture_of: Any) -> None:
    swapped = picture_of(lambda: logkit.configure(shipped, rich=False), [])
    as_written = picture_of(lambda: logkit.configure(shipped, rich=False, safe_rotation=False), [])
    for handler in swapped["root"]["handlers"]:
        if handler["class"] == SAFE:
            handler["class"] = STANDARD
    assert swapped == as_written


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_opting_out_keeps_the_standard_class(
    how: str, shipped: Path, logging_state: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if how == "argument":
        logkit.configure(shipped, rich=False, safe_rotation=False)
    else:
        monkeypatch.setenv("LOGKIT_SAFE_ROTATION", "0")
        logkit.configure(shipped, rich=False)
    assert set(_classes(logging_state).values()) == {"logging.StreamHandler", STANDARD}


def test_the_argument_wins_over_the_environment(
    shipped: Path, logging_state: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGKIT_SAFE_ROTATION", "0")
    logkit.configure(shipped, rich=False, safe_rotation=True)
    assert _classes(logging_state)["info"] == SAFE


def test_a_bad_switch_is_a_located_error(
    shipped: Path, logging_state: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = logging_state()
    monkeypatch.setenv("LOGKIT_SAFE_ROTATION", "maybe")
    with pytest.raises(logkit.ConfigError, match=r"LOGKIT_SAFE_ROTATION: expected 0 or 1"):
        logkit.configure(shipped, rich=False)
    assert logging_state() == before


def _write_records(path: Path, safe_rotation: bool, directory: Path) -> list[bytes]:
    """The bytes each file of ``directory`` holds after the same records, rotated."""
    config = logkit.load(path)
    for handler in config["handlers"].values():
        if "filename" in handler:
            handler["filename"] = str(directory / Path(handler["filename"]).name)
            handler["maxBytes"] = 2000
            handler["backupCount"] = 50
    del config["handlers"]["console"]
    config["root"]["handlers"].remove("console")
    logging.config.dictConfig(with_safe_rotation(config) if safe_rotation else config)
    logger = logging.getLogger("same.bytes")
    for number in range(300):
        level = logging.ERROR if number % 7 == 0 else logging.INFO
        record = logger.makeRecord(
            logger.name,
            level,
            __file__,
            1,
            "record %d: %s",
            (number, "é" * (number % 5)),
            None,
            "f",
        )
        record.created = 1_700_000_000 + number  # the same time in both runs
        record.msecs = 0
        logger.handle(record)
    for handler in logging.root.handlers[:]:
        handler.close()
        logging.root.removeHandler(handler)
    return [
        file.read_bytes() for file in sorted(directory.iterdir()) if not file.name.startswith(".")
    ]


def test_the_swapped_handlers_write_the_same_bytes(shipped: Path, tmp_path: Path) -> None:
    (tmp_path / "standard").mkdir()
    (tmp_path / "safe").mkdir()
    standard = _write_records(shipped, False, tmp_path / "standard")
    safe = _write_records(shipped, True, tmp_path / "safe")
    assert len(standard) > 10  # info.log, error.log and their backups
    assert safe == standard


def test_a_subclass_is_the_authors_and_is_kept() -> None:
    config = {
        "version": 1,
        "handlers": {
            "mine": {"class": "logging.handlers.WatchedFileHandler", "filename": "x.log"},
            "sub": {"class": "tests.test_safe_rotation.Subclass", "filename": "x.log"},
        },
    }
    assert with_safe_rotation(config) is config


class Subclass(logging.handlers.RotatingFileHandler):
    pass


def test_factories_and_class_objects_are_swapped_too() -> None:
    config = {
        "version": 1,
        "handlers": {
            "factory": {"()": STANDARD, "filename": "a.log"},
            "object": {"class": logging.handlers.TimedRotatingFileHandler, "filename": "b.log"},
            "console": {"class": "logging.StreamHandler"},
        },
    }
    swapped = with_safe_rotation(config)
    assert swapped["handlers"]["factory"]["()"] == "logkit.handlers.RotatingFileHandler"
    assert swapped["handlers"]["object"]["class"] is logkit.handlers.TimedRotatingFileHandler
    assert swapped["handlers"]["console"] is config["handlers"]["console"]
    assert config["handlers"]["factory"]["()"] == STANDARD  # the input is not changed


def test_an_ini_file_with_rotation_is_applied_through_its_translation(
    shipped_paths: dict[str, Path], logging_state: Any
) -> None:
    logkit.configure(shipped_paths["ini"], rich=False)
    swapped = logging_state()
    logkit.configure(shipped_paths["yaml"], rich=False)
    assert logging_state() == swapped


def test_timed_rotation_is_swapped_with_its_schedule(tmp_path: Path) -> None:
    config = {
        "version": 1,
        "handlers": {
            "daily": {
                "class": "logging.handlers.TimedRotatingFileHandler",
                "filename": str(tmp_path / "daily.log"),
                "when": "midnight",
                "backupCount": 3,
                "utc": True,
            }
        },
        "root": {"handlers": ["daily"]},
    }
    before = time.time()
    logging.config.dictConfig(with_safe_rotation(config))
    (handler,) = logging.root.handlers
    assert isinstance(handler, logkit.handlers.TimedRotatingFileHandler)
    standard = logging.handlers.TimedRotatingFileHandler(
        tmp_path / "daily.log", when="midnight", backupCount=3, utc=True
    )
    try:
        assert (handler.when, handler.interval, handler.backupCount) == (
            standard.when,
            standard.interval,
            standard.backupCount,
        )
        assert standard.rolloverAt - handler.rolloverAt in (0, 86400)  # same midnight
        assert handler.rolloverAt > before
    finally:
        standard.close()
