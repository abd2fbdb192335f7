"""The expressions fileConfig evaluates (``logkit._formats.ini._literals``), written back.

A value dictConfig reaches with ``ext://`` must be written as the expression
fileConfig's ``eval`` in the logging namespace reaches the same object with,
and numbers ``repr`` cannot spell must still round-trip.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from logkit._formats import ini
from logkit._formats.ini._literals import (
    UnsafeExpression,
    evaluate_args,
    evaluate_kwargs,
    logging_namespace,
)

SHIPPED = Path(__file__).resolve().parent / "data" / "ini" / "shipped.ini"


def shipped_dict() -> dict[str, Any]:
    return ini.parse(SHIPPED.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("path", "expression"),
    [
        ("sys.stdout", "sys.stdout"),
        ("logging.ERROR", "ERROR"),
        ("logging.handlers.SysLogHandler.LOG_USER", "handlers.SysLogHandler.LOG_USER"),
        ("socket.SOCK_DGRAM", "handlers.socket.SOCK_DGRAM"),
    ],
)
def test_references_are_written_as_fileconfig_reaches_them(path: str, expression: str) -> None:
    config = shipped_dict()
    config["handlers"]["console"]["stream"] = f"ext://{path}"
    assert f"args=({expression},)" in ini.render(config)
    assert ini.parse(ini.render(config)) == config


def test_infinite_numbers_round_trip() -> None:
    config = shipped_dict()
    config["handlers"]["info"]["maxBytes"] = float("inf")
    assert "args=('logs/info.log', 'a', 1e999, 10)" in ini.render(config)
    assert ini.parse(ini.render(config)) == config


# -- reading: the expressions fileConfig would eval ---------------------------


@pytest.mark.parametrize(
    ("read", "text", "value"),
    [
        (evaluate_args, "tuple()", ()),
        (evaluate_args, "list()", []),
        (evaluate_kwargs, "dict()", {}),
        (evaluate_args, "(list(), dict(), tuple())", ([], {}, ())),
    ],
    ids=["args-tuple", "args-list", "kwargs-dict", "nested"],
)
def test_calls_making_empty_containers_are_their_literals(
    read: Callable[[str], Any], text: str, value: Any
) -> None:
    assert read(text) == value == eval(text, logging_namespace())  # noqa: S307 - the oracle


@pytest.mark.parametrize(
    ("read", "text"),
    [
        (evaluate_args, "tuple((1,))"),
        (evaluate_args, "list(x=1)"),
        (evaluate_args, "dict()"),
        (evaluate_kwargs, "tuple()"),
        (evaluate_args, "(set(),)"),
    ],
)
def test_no_other_call_is_read(read: Callable[[str], Any], text: str) -> None:
    with pytest.raises(UnsafeExpression):
        read(text)


@pytest.mark.parametrize(
    "text",
    ["(" + "+".join(["1"] * 500) + ",)", "(" + "+".join(["1"] * 100_000) + ",)"],
    ids=["500-terms", "100000-terms"],
)
def test_expressions_too_deep_to_read_are_refused(text: str) -> None:
    with pytest.raises(UnsafeExpression, match=r"^nested too deeply to be read safely: \(1\+1"):
        evaluate_args(text)
