"""logkit._schema against the standard library it describes.

Each answer the schema gives is checked against what ``logging.config`` and
``logging`` themselves do with the same input (constructor parameters:
``tests/test_parameters.py``).
"""

from __future__ import annotations

import logging
import logging.config
import logging.handlers

import pytest

from logkit._schema import (
    field_kind,
    fileconfig_class,
    is_level_name,
    level_name,
    level_problem,
    log_files,
    normalize_level,
    resolve_class,
)


class UserHandler(logging.Handler):
    """A class outside logging and logkit: its defaults say nothing trusted."""

    def __init__(self, size=3):
        super().__init__()


@pytest.mark.parametrize(
    "name",
    [
        "logging.StreamHandler",
        "logging.handlers.RotatingFileHandler",
        "logkit.handlers.RotatingFileHandler",
        "logging.config",
        "no.such.module",
        "logging.handlers.NoSuchHandler",
        "logging",
    ],
)
def test_classes_resolve_as_dictconfig_resolves_them(name: str) -> None:
    resolver = logging.config.BaseConfigurator({})
    try:
        expected = resolver.resolve(name)
    except ValueError:
        with pytest.raises((ImportError, AttributeError)):
            resolve_class(name)
    else:
        assert resolve_class(name) is expected


def test_fileconfig_finds_short_names_in_the_logging_namespace() -> None:
    assert fileconfig_class("StreamHandler") is logging.StreamHandler
    assert fileconfig_class("handlers.RotatingFileHandler") is logging.handlers.RotatingFileHandler
    assert fileconfig_class("logging.FileHandler") is logging.FileHandler
    with pytest.raises(ImportError):
        fileconfig_class("NoSuchHandler")


@pytest.mark.parametrize("level", ["INFO", "DEBUG", "CRITICAL", "WARN", "NOTSET", "info", "LOUD"])
def test_level_names_are_what_setlevel_accepts(level: str) -> None:
    try:
        logging.getLogger("schema.test").setLevel(level)
    except ValueError:
        accepted = False
    else:
        accepted = True
    assert is_level_name(level) is accepted
    assert (level_problem(level) is None) is accepted


def test_a_near_miss_level_gets_a_suggestion() -> None:
    assert level_problem("INFOO") == "unknown level 'INFOO' (did you mean 'INFO'?)"
    assert level_problem("info") == "unknown level 'info' (did you mean 'INFO'?)"
    assert level_problem(True) == "expected a level name or number, found the boolean true"
    assert level_problem(15) is None
    assert level_problem("ext://logging.INFO") is None


def test_numbers_and_names_of_levels() -> None:
    assert level_name(20) == "INFO"
    assert level_name(15) is None
    assert normalize_level(40) == "ERROR"
    assert normalize_level("30") == "WARNING"
    assert normalize_level(15) == 15
    assert normalize_level("LOUD") == "LOUD"


def test_field_kinds_come_from_the_handler_signature() -> None:
    config = {
        "handlers": {
            "file": {"class": "logging.handlers.RotatingFileHandler", "maxBytes": "1"},
            "mine": {"class": f"{__name__}.UserHandler", "size": "3"},
        }
    }
    assert field_kind(config, ("handlers", "file", "maxBytes")) == "number"
    assert field_kind(config, ("handlers", "file", "delay")) == "bool"
    assert field_kind(config, ("handlers", "file", "level")) == "level"
    assert field_kind(config, ("handlers", "mine", "size")) is None  # not a trusted class
    assert field_kind(config, ("loggers", "app", "propagate")) == "bool"
    assert field_kind(config, ("version",)) == "int"


def test_log_files_are_the_file_handlers_filenames() -> None:
    config = {
        "handlers": {
            "info": {"class": "logging.FileHandler", "filename": "logs/info.log"},
            "stream": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
            "named": {"class": "logging.FileHandler", "filename": "ext://os.devnull"},
        }
    }
    assert log_files(config) == {"handlers.info.filename": "logs/info.log"}
