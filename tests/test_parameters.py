"""logkit._parameters against ``inspect``: what a constructor takes, read from code objects.

Binding, the parameter list's text and the keyword defaults must be what
``inspect.Signature`` says for the same callable, on every supported Python.
"""

from __future__ import annotations

import inspect
import logging
import logging.handlers
from collections.abc import Callable
from typing import Any

import pytest

from logkit._parameters import REQUIRED, parameters


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
