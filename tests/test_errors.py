"""ConfigError and InvalidConfig (``_errors.py``): located, one line, every problem listed."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._errors import InvalidConfig


def test_config_error_is_a_value_error_with_attributes() -> None:
    error = logkit.ConfigError("bad", path="x.yaml", line=3, key="handlers.info")
    assert isinstance(error, ValueError)
    assert str(error) == "x.yaml:3: handlers.info: bad"
    assert (error.path, error.line, error.key, error.reason) == (
        "x.yaml",
        3,
        "handlers.info",
        "bad",
    )


def test_config_error_survives_pickling() -> None:
    error = logkit.ConfigError("bad", path="x.yaml", line=3, column=2, key="root.level")
    restored: Any = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert (restored.path, restored.line, restored.column, restored.key, str(restored)) == (
        "x.yaml",
        3,
        2,
        "root.level",
        str(error),
    )


def test_configure_raises_all_problems_as_one_config_error(
    invalid_data: Callable[[str], Path],
) -> None:
    path = invalid_data("three-mistakes.yaml")
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(path, rich=False)
    error = caught.value
    assert isinstance(error, InvalidConfig)
    assert [e.key for e in error.errors] == [
        "handlers.console.formatter",
        "handlers.info.maxbytes",
        "root.level",
    ]
    assert str(error).endswith("(did you mean 'plain'?) (and 2 more)")
    assert (error.path, error.line, error.key) == (str(path), 9, "handlers.console.formatter")
    copied = copy.deepcopy(error)  # through __reduce__, as pickling goes
    assert isinstance(copied, InvalidConfig)
    assert [str(e) for e in copied.errors] == [str(e) for e in error.errors]


def test_every_config_error_lists_its_problems(invalid_data: Callable[[str], Path]) -> None:
    path = invalid_data("handler-level-typo.yaml")
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(path, rich=False)
    assert caught.value.errors == [caught.value]  # one problem: the error itself
    assert logkit.ConfigError("plain").errors[0].reason == "plain"


def test_the_column_follows_the_line_where_the_parser_knows_it() -> None:
    error = logkit.ConfigError("bad", path="x.json", line=3, column=7)
    assert str(error) == "x.json:3:7: bad"
    assert str(logkit.ConfigError("bad", line=3, column=7)) == "line 3:7: bad"
    assert str(logkit.ConfigError("bad", column=7, key="root")) == "root: bad"


def test_a_config_warning_is_located_like_an_error() -> None:
    warning = logkit.ConfigWarning("ignored by dictConfig", key="loggers.app.qualname")
    assert isinstance(warning, UserWarning)
    located = warning.located(path="g.yaml", line=4, key="other")
    assert isinstance(located, logkit.ConfigWarning)
    assert str(located) == "g.yaml:4: loggers.app.qualname: ignored by dictConfig"
    restored = pickle.loads(pickle.dumps(located))  # noqa: S301 - our own bytes
    assert (restored.path, restored.line, restored.key, restored.reason) == (
        "g.yaml",
        4,
        "loggers.app.qualname",
        "ignored by dictConfig",
    )
