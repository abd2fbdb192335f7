"""The INI format against its oracle, ``logging.config.fileConfig``.

Every corpus file in ``tests/data/ini`` must configure logging the same way
through ``dictConfig(parse(text))`` as through ``fileConfig``, and survive a
round trip through ``render``. Unhappy paths check the error's key and line.
"""

from __future__ import annotations

import logging
import logging.config
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from logging_state import logging_state
from logkit._errors import ConfigError
from logkit._formats import ini

CORPUS = Path(__file__).resolve().parent / "data" / "ini"
CORPUS_FILES = sorted(CORPUS.glob("*.ini"))


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@contextmanager
def restored_loggers() -> Iterator[None]:
    """Undo one configuration's effect on loggers, so the next starts equal.

    Both fileConfig and dictConfig close every existing handler first, so only
    the loggers (new ones, and changed levels/handlers/flags) need undoing.
    """
    root = logging.root
    manager = root.manager
    saved = dict(manager.loggerDict)
    saved_state = {
        name: (lg.level, lg.handlers[:], lg.propagate, lg.disabled)
        for name, lg in [("", root), *saved.items()]
        if isinstance(lg, logging.Logger)
    }
    try:
        yield
    finally:
        manager.loggerDict.clear()
        manager.loggerDict.update(saved)
        for name, (level, handlers, propagate, disabled) in saved_state.items():
            lg = root if name == "" else saved[name]
            assert isinstance(lg, logging.Logger)
            lg.level, lg.propagate, lg.disabled = level, propagate, disabled
            lg.handlers[:] = handlers
        manager._clear_cache()  # type: ignore[attr-defined]


def state_after(configure: Callable[[], object]) -> dict[str, Any]:
    with restored_loggers():
        configure()
        return logging_state()


def file_config_state(path: Path) -> dict[str, Any]:
    return state_after(
        lambda: logging.config.fileConfig(path, disable_existing_loggers=False)
    )


def dict_config_state(config: dict[str, Any]) -> dict[str, Any]:
    return state_after(lambda: logging.config.dictConfig(config))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a corpus file into tmp_path (the cwd), where its relative log paths land."""
    (tmp_path / "logs").mkdir(exist_ok=True)

    def copy(name: str) -> Path:
        target = tmp_path / name
        target.write_text(corpus_text(name), encoding="utf-8")
        return target

    return copy


# -- the oracle -------------------------------------------------------------


@pytest.mark.parametrize("name", [p.name for p in CORPUS_FILES], ids=lambda n: n[:-4])
def test_dict_config_of_parse_matches_file_config(
    name: str, corpus_copy: Callable[[str], Path]
) -> None:
    path = corpus_copy(name)
    config = ini.parse(path.read_text(encoding="utf-8"), str(path))
    expected = file_config_state(path)
    assert dict_config_state(config) == expected


def test_shipped_scheme_translation() -> None:
    config = ini.parse(corpus_text("shipped.ini"))
    rotating = {
        "class": "logging.handlers.RotatingFileHandler",
        "formatter": "detailed",
        "mode": "a",
        "maxBytes": 10485760,
        "backupCount": 10,
    }
    assert config == {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "minimal": {"format": "%(message)s"},
            "detailed": {
                "format": "%(levelname)s %(asctime)s "
                "[%(name)s:%(filename)s:%(funcName)s:%(lineno)d]\n%(message)s"
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "level": "DEBUG",
                "formatter": "minimal",
                "stream": "ext://sys.stdout",
            },
            "info": {**rotating, "level": "INFO", "filename": "logs/info.log"},
            "error": {**rotating, "level": "ERROR", "filename": "logs/error.log"},
        },
        "root": {"level": "INFO", "handlers": ["console", "info", "error"]},
    }
    assert list(config) == ["version", "disable_existing_loggers", "formatters", "handlers", "root"]
    assert list(config["handlers"]) == ["console", "info", "error"]
