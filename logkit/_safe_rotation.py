"""Rotation that is safe across processes by default.

The standard ``RotatingFileHandler`` and ``TimedRotatingFileHandler`` lose lines
as soon as two processes share a log file (gunicorn or uvicorn workers, a
multiprocessing pool): each rotates on its own and keeps writing to a file
another process renamed. logkit's equivalents take the same arguments and
write the same bytes, so :func:`with_safe_rotation` has ``configure()`` build
them instead, the way it swaps Rich in for the console. The file keeps naming
the standard classes and stays portable to plain ``fileConfig``/``dictConfig``.

``LOGKIT_SAFE_ROTATION=0`` or ``configure(safe_rotation=False)`` keeps the
standard classes.
"""

from __future__ import annotations

import logging.handlers
from collections.abc import Mapping

from ._schema import find_class

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

# Exactly these classes: a subclass is the author's own code and is kept.
SAFE_EQUIVALENTS: dict[type, str] = {
    logging.handlers.RotatingFileHandler: "logkit.handlers.RotatingFileHandler",
    logging.handlers.TimedRotatingFileHandler: "logkit.handlers.TimedRotatingFileHandler",
}


def _safe_class(named: object) -> object | None:
    """logkit's equivalent of what a ``class``/``()`` value names, or None to keep it.

    A value given as a class (a dict built in Python) gets a class back, a
    dotted name gets a dotted name.
    """
    found = find_class(named)
    if not isinstance(found, type):
        return None
    safe = SAFE_EQUIVALENTS.get(found)
    if safe is None:
        return None
    if isinstance(named, str):
        return safe
    import logkit.handlers

    equivalent: type = getattr(logkit.handlers, safe.rpartition(".")[2])
    return equivalent


def with_safe_rotation(config: Mapping[str, Any]) -> Mapping[str, Any]:
    """``config`` with each standard rotating handler built as logkit's.

    Returns ``config`` itself when no handler names one (so an INI file with
    none still goes to ``fileConfig`` as written); otherwise a new dict that
    shares every untouched part with ``config``.
    """
    handlers = config.get("handlers")
    if not isinstance(handlers, Mapping):
        return config
    replaced: dict[str, Any] = {}
    for name, handler in handlers.items():
        if not isinstance(handler, Mapping):
            continue
        key = "()" if "()" in handler else "class"  # dictConfig prefers the factory
        safe = _safe_class(handler.get(key))
        if safe is not None:
            replaced[name] = {**handler, key: safe}
    if not replaced:
        return config
    return {**config, "handlers": {**handlers, **replaced}}
