"""Configure logging, take a picture of it, and roll it all back."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from logging_state import logging_state

from logkit._transaction import logging_transaction


class _Pictured(Exception):
    def __init__(self, picture: dict[str, Any]) -> None:
        super().__init__("pictured")
        self.picture = picture


def picture_of(apply: Callable[[], object], loggers: Iterable[str]) -> dict[str, Any]:
    """The logging state ``apply()`` builds (root and ``loggers``), then rolled back.

    Only the named loggers are pictured: others exist or not depending on what
    ran before, and a rollback leaves the loggers it created behind, inert.
    """
    try:
        with logging_transaction():
            apply()
            state = logging_state()
            state["loggers"] = {name: state["loggers"][name] for name in loggers}
            raise _Pictured(state)
    except _Pictured as pictured:
        return pictured.picture
