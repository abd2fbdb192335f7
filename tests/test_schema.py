"""logkit._schema against the standard library it describes.

Each answer the schema gives is checked against what ``inspect``,
``logging.config`` and ``logging`` themselves do with the same input.
"""

from __future__ import annotations

import inspect
import logging
import logging.config
import logging.handlers
from collections.abc import Callable
from typing import Any

import pytest

from logkit._schema import (
    REQUIRED,
    field_kind,
    fileconfig_class,
    is_level_name,
    level_name,
    level_problem,
    log_files,
    normalize_level,
    parameters,
    resolve_class,
)


class Handler(logging.Handler):
    def __init__(self, path, /, mode="a", *extra, colour, size=3, **options):
        super().__init__()


def plain(filename, mode="a", encoding=None):
    return None


def keyword_only(*, host, port=514):
    return None


def anything(*args, **kwargs):
    return None


class Bound:
    def method(self, first, second=2):
        return None


TARGETS: dict[str, Callable[..., Any]] = {
    "handler-class": Handler,
    "function": plain,
    "keyword-only": keyword_only,
    "varargs": anything,
    "bound-method": Bound().method,
    "RotatingFileHandler": logging.handlers.RotatingFileHandler,
    "SysLogHandler": logging.handlers.SysLogHandler,
    "MemoryHandler": logging.handlers.MemoryHandler,
}

CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((), {}),
    (("app.log",), {}),
    (("app.log", "w"), {}),
    (("app.log", "w", "utf-8"), {}),
    (("app.log", "w", "utf-8", "extra"), {}),
    (("app.log",), {"colour": "red"}),
    (("app.log",), {"mode": "w", "colour": "red", "other": 1}),
    ((), {"path": "app.log", "colour": "red"}),
    (("app.log",), {"filename": "b.log"}),
    ((), {"host": "localhost"}),
    ((1, 2), {"second": 3}),
    ((), {"first": 1}),
    ((10,), {"target": None}),
]


def _inspect_bind(target: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    try:
        return dict(inspect.signature(target).bind(*args, **kwargs).arguments)
    except TypeError as error:
        return ("TypeError", str(error))


def _schema_bind(target: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    found = parameters(target)
    assert found is not None
    try:
        return found.bind(args, kwargs)
    except TypeError as error:
        return ("TypeError", str(error))


@pytest.mark.parametrize("name", TARGETS)
@pytest.mark.parametrize(("args", "kwargs"), CALLS, ids=[str(call) for call in CALLS])
def test_binding_is_what_inspect_binds(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    target = TARGETS[name]
    expected = _inspect_bind(target, args, kwargs)
    found = _schema_bind(target, args, kwargs)
    assert found == expected
    if isinstance(expected, dict):
        assert list(found) == list(expected)  # parameter order, as INI writes args=


@pytest.mark.parametrize("name", TARGETS)
def test_the_parameter_list_reads_as_python_writes_it(name: str) -> None:
    target = TARGETS[name]
    found = parameters(target)
    assert found is not None
    expected = str(inspect.signature(target))
    assert found.text() == expected.replace(" = ", "=")  # no annotations here


def test_keywords_are_what_can_be_passed_by_name_with_their_defaults() -> None:
    found = parameters(Handler)
    assert found is not None
    assert found.keywords == {"mode": "a", "colour": REQUIRED, "size": 3}
    assert found.positional_only == ("path",)
    assert (found.var_positional, found.var_keyword, found.any_keyword) == (
        "extra",
        "options",
        True,
    )


def test_what_has_no_code_object_is_not_read() -> None:
    assert parameters(dict) is None
    assert parameters(len) is None


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
            "mine": {"class": f"{__name__}.Handler", "size": "3"},
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
