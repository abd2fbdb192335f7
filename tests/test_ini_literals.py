"""The expressions fileConfig evaluates (``logkit._formats.ini._literals``), written back.

A value dictConfig reaches with ``ext://`` must be written as the expression
fileConfig's ``eval`` in the logging namespace reaches the same object with,
and numbers ``repr`` cannot spell must still round-trip.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from logkit._formats import ini

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
