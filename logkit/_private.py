"""Every private name of ``logging`` that logkit uses, in one place.

The standard library does not promise these names. Each use goes through this
module, so a reader sees them in one list, mypy sees one ``Any`` instead of
many, and ``tests/test_private_check.py`` fails loudly (rather than a feature
quietly falling back) when a new Python renames one: the probes in
:mod:`logkit._private_check` try each. ``configure()`` loads this module on
every path, so it holds only the accessors; rich's and tqdm's private names,
which only the Rich console handlers read, live in :mod:`logkit._rich_private`.
"""

from __future__ import annotations

import logging

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    import threading
    import types
    import weakref
    from collections.abc import Mapping, MutableMapping
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


def percent_format(formatter: logging.Formatter) -> str | None:
    """``_style._fmt`` if ``_style`` is a ``PercentStyle`` without ``_defaults``, else None."""
    style: Any = formatter._style
    return None if style._defaults or type(style) is not logging.PercentStyle else str(style._fmt)


def add_format_defaults(formatter: logging.Formatter, values: Mapping[str, object]) -> None:
    """Give a formatter's fields defaults, as ``Formatter(defaults=...)`` does (3.10+).

    A record's own attributes (``extra=``) win; defaults the formatter was
    built with win over ``values``.
    """
    style: Any = formatter._style
    style._defaults = {**values, **(style._defaults or {})}


# -- logging's handler classes (logkit.handlers._rotating) -------------------


def handler_is_closed(handler: logging.Handler) -> bool:
    """Whether ``close()`` ran (``Handler._closed``; ``False`` if this Python lacks it).

    ``FileHandler.emit`` reads it so that a closed ``mode="w"`` handler does not
    reopen, and truncate, its file; logkit's rotating handlers do the same.
    """
    closed: bool = getattr(handler, "_closed", False)
    return closed


_CALL_HANDLERS = logging.Logger.callHandlers.__code__


def handler_being_called(frame: types.FrameType) -> tuple[object, object] | None:
    """For a frame running ``Logger.callHandlers``: the logger whose handler list it
    iterates (its local ``c``) and the handler it is calling (``hdlr``); else None.

    The transaction reads it to tell the caller's own iteration from other threads'.
    """
    if frame.f_code is not _CALL_HANDLERS:
        return None
    local = frame.f_locals
    return local.get("c"), local.get("hdlr")


# logkit's rotating handlers also *override* ``FileHandler._open``: the standard
# constructor, ``emit`` and ``doRollover`` open every stream through it, which is
# how the handlers learn each new file descriptor. An override cannot go through
# an accessor, so the name is only listed in the check (logkit._private_check).
