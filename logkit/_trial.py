"""Building a config with the standard library, then undoing it: ``check`` and ``show``.

Nothing is written: file handlers are built with ``delay=True``, so no log file
is opened or created, and the transaction restores the running logging.
"""

from __future__ import annotations

import copy
import logging
import logging.config
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from ._stdlib_errors import stdlib_failure
from ._transaction import logging_transaction
from ._validate import parameters, resolve_class

_T = TypeVar("_T")


class _Finished(Exception, Generic[_T]):
    """Leaves the transaction as an exception (so it rolls back), carrying a result."""

    def __init__(self, result: _T) -> None:
        super().__init__("trial finished")
        self.result = result


def _delay_file_opening(config: dict[str, Any]) -> None:
    """Ask file handlers not to open (or create) their files during a trial."""
    handlers = config.get("handlers")
    if not isinstance(handlers, dict):
        return
    for handler in handlers.values():
        if not isinstance(handler, dict) or "delay" in handler:
            continue
        try:
            cls = resolve_class(str(handler.get("class", "")))
        except (ImportError, AttributeError, ValueError):
            continue  # dictConfig reports it with its own words
        if not (isinstance(cls, type) and issubclass(cls, logging.FileHandler)):
            continue
        found = parameters(cls)
        if found is not None and "delay" in found[0]:
            handler["delay"] = True


def trial_apply(config: Mapping[str, Any], capture: Callable[[], _T]) -> _T:
    """Have ``dictConfig`` build ``config``, return ``capture()`` of it, and roll back.

    Raises:
        ConfigError: the standard library rejects the config (not yet located
            in a file: the caller knows which).
    """
    trial = copy.deepcopy(dict(config))
    _delay_file_opening(trial)
    try:
        with logging_transaction():
            try:
                logging.config.dictConfig(trial)
            except Exception as exc:  # every failure becomes a ConfigError
                raise stdlib_failure(exc, path=None) from exc
            raise _Finished(capture())
    except _Finished as finished:
        result: _T = finished.result
        return result
