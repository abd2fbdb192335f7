"""Every private name of ``logging`` and ``rich`` that logkit uses, in one place.

Neither library promises these names. Each use goes through this module, so a
reader sees them in one list, mypy sees one ``Any`` instead of many, and
``tests/test_private.py`` fails loudly (rather than a feature quietly falling
back) when a new release renames one: :func:`missing_names` tries each.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

# typeshed does not declare the private registry; read it through one Any.
_logging: Any = logging


def logging_lock() -> threading.RLock:
    """The lock that guards the handler registry and the logger tree."""
    lock: threading.RLock = _logging._lock
    return lock


def handlers_by_name() -> MutableMapping[str, logging.Handler]:
    """The registry of named handlers (``logging._handlers``, a weak-value dict)."""
    registry: MutableMapping[str, logging.Handler] = _logging._handlers
    return registry


def handler_references() -> list[weakref.ReferenceType[logging.Handler]]:
    """Weak references to every handler, which ``dictConfig`` closes before building."""
    references: list[weakref.ReferenceType[logging.Handler]] = _logging._handlerList
    return references


def level_numbers() -> Mapping[str, int]:
    """Registered level names and their numbers, without a copy per call."""
    names: Mapping[str, int] = _logging._nameToLevel
    return names


def clear_level_caches() -> None:
    """Forget every logger's cached ``isEnabledFor`` answers."""
    manager: Any = logging.root.manager
    manager._clear_cache()


def format_string(formatter: logging.Formatter) -> str | None:
    """The format a formatter was built with (``None`` only for odd subclasses)."""
    fmt: str | None = formatter._fmt
    return fmt


# -- the check ----------------------------------------------------------------

_LOGGING_PROBES: Mapping[str, Callable[[], object]] = {
    "logging._lock": logging_lock,
    "logging._handlers": handlers_by_name,
    "logging._handlerList": handler_references,
    "logging._nameToLevel": level_numbers,
    "logging.Manager._clear_cache": lambda: _logging.root.manager._clear_cache,
    "logging.Formatter._fmt": lambda: format_string(logging.Formatter("%(message)s")),
}


def missing_names(probes: Mapping[str, Callable[[], object]] | None = None) -> list[str]:
    """The private names logkit relies on that the installed libraries do not have.

    Args:
        probes: Name -> a function that reads it (default: every name listed
            here).
    """
    if probes is None:
        probes = dict(_LOGGING_PROBES)
    missing: list[str] = []
    for name, probe in probes.items():
        try:
            probe()
        except (AttributeError, ImportError, KeyError, TypeError):
            missing.append(name)
    return missing
