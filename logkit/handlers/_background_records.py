"""What the background thread is handed: frozen copies of records, and the handlers to feed.

:func:`frozen_copy` makes the record the thread gets (see
:mod:`logkit.handlers._background` for why each part is kept or frozen);
:func:`handlers_being_built`, :func:`existing_handlers` and :func:`built_handler`
find the handlers a :class:`~logkit.handlers.BackgroundHandler` names;
:func:`circles_from` and :func:`circle_words` find and word background handlers
that feed each other round in a circle (the config check and the handler's own
guard both ask them).
"""

from __future__ import annotations

import logging
import numbers
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping
from logging import LogRecord

from logkit._private import handlers_by_name

__all__ = [
    "built_handler",
    "circle_words",
    "circles_from",
    "existing_handlers",
    "frozen_copy",
    "handlers_being_built",
]

TYPE_CHECKING = False  # typing's, without importing typing with the handler
if TYPE_CHECKING:
    from typing import TypeVar

    Node = TypeVar("Node", bound=Hashable)

_new_object = object.__new__

# Argument types that cannot change after the call: passed to the thread as they are.
_IMMUTABLE = frozenset({str, int, float, bool, type(None), bytes, complex})


class _Snapshot:
    """An argument as it was at the call: its ``str`` and ``repr``, taken then."""

    __slots__ = ("_repr", "_str")

    def __init__(self, value: object) -> None:
        self._str = str(value)
        self._repr = repr(value)

    def __str__(self) -> str:
        return self._str

    def __repr__(self) -> str:
        return self._repr


def _frozen(value: object) -> object:
    if type(value) in _IMMUTABLE:
        return value
    if isinstance(value, numbers.Number):  # %d and %f need the number; numbers do not change
        return value
    return _Snapshot(value)


def frozen_copy(record: LogRecord) -> LogRecord:
    """A copy of ``record`` whose message and arguments no longer depend on live objects.

    Raises whatever ``record.getMessage()`` raises (a format that does not fit
    its arguments).
    """
    message = record.getMessage()
    copy = _new_object(type(record))
    copy.__dict__ = record.__dict__.copy()
    copy.message = message
    if type(copy.msg) is not str:
        copy.msg = _frozen(copy.msg)
    args = copy.args
    if args:
        if type(args) is tuple or isinstance(args, tuple):
            for value in args:
                if type(value) not in _IMMUTABLE:
                    copy.args = tuple(map(_frozen, args))
                    break
        else:  # a mapping, for "%(name)s" formats
            copy.args = {key: _frozen(value) for key, value in args.items()}
    return copy


def handlers_being_built(names: object) -> Mapping[str, object] | None:
    """``dictConfig``'s table of handlers (name -> config, then handler), if it passed ``names``.

    ``dictConfig`` passes lists as ``ConvertingList`` objects that carry their
    configurator; its ``config["handlers"]`` receives each handler as it is built.
    """
    configurator = getattr(names, "configurator", None)
    config = getattr(configurator, "config", None)
    table = config.get("handlers") if isinstance(config, Mapping) else None
    return table if isinstance(table, Mapping) else None


def existing_handlers(names: list[str]) -> dict[str, object]:
    """The named handlers that exist now (``fileConfig`` has built those listed earlier).

    Raises:
        ValueError: one does not exist (yet).
    """
    registry = handlers_by_name()
    missing = [name for name in names if name not in registry]
    if missing:
        raise ValueError(
            f"handlers: no handler named {', '.join(map(repr, missing))} exists yet"
            " (in an INI file, list the handlers it feeds before it in [handlers] keys=)"
        )
    return {name: registry[name] for name in names}


def built_handler(table: Mapping[str, object], name: str) -> logging.Handler | None:
    try:
        handler = table[name]
    except (KeyError, TypeError):
        return None
    return handler if isinstance(handler, logging.Handler) else None


def circles_from(start: Node, feeds: Callable[[Node], Iterable[Node]]) -> list[list[Node]]:
    """The shortest way from ``start`` back to itself through each handler it feeds.

    ``feeds(node)`` gives the background handlers ``node`` feeds (by name in a
    config, as objects at run time). Each circle is ``[start, first, ..., start]``,
    one for each ``first`` it feeds directly; feeding itself directly is not
    counted here (it has its own message).
    """
    circles: list[list[Node]] = []
    for first in dict.fromkeys(feeds(start)):
        if first == start:
            continue
        came_from: dict[Node, Node] = {first: start}
        queue = deque([first])
        while queue:
            node = queue.popleft()
            if node == start:
                way = [start]
                while node != first:
                    node = came_from[node]
                    way.append(node)
                circles.append([start, *reversed(way)])
                break
            for fed in feeds(node):
                if fed not in came_from:
                    came_from[fed] = node
                    queue.append(fed)
    return circles


def circle_words(names: list[str]) -> str:
    """``a feeds b, which feeds a``: a circle of :func:`circles_from`, by name."""
    return ", which feeds ".join([f"{names[0]} feeds {names[1]}", *names[2:]])
