"""All-or-nothing changes to the logging module's global state.

``dictConfig`` and ``fileConfig`` close every existing handler *before* they build
the new ones, so a config that fails half-way leaves a program with no logging.
:func:`logging_transaction` hides the old handlers from the standard library
while it configures, then either closes them (the new config took) or puts
everything back as it was and closes whatever the failed attempt built.

Other threads keep logging while this happens (a live reload), and no record
may be lost: the standard library rebuilds each logger's handler list in place,
so a thread iterating that list in ``callHandlers`` could skip handlers. The
transaction therefore gives every logger fresh lists to rebuild (threads
already logging finish on the old, untouched ones) and clears the loggers'
level caches, so that new log calls wait in ``isEnabledFor`` for the lock
until the new config is complete. The old handlers are closed once those
threads are through with them (a FileHandler closed under a thread would
reopen its file, and keep it open until the garbage collector runs).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._private import clear_level_caches, handler_references, handlers_by_name, logging_lock

# How long a successful configure waits for threads still logging through the
# old handlers before closing them anyway (a thread stuck in a slow handler).
_DRAIN_SECONDS = 0.5


class _LoggerState:
    __slots__ = ("disabled", "filters", "handlers", "level", "propagate")

    def __init__(
        self,
        level: int,
        propagate: bool,
        disabled: bool,
        handlers: list[logging.Handler],
        filters: list[Any],
    ) -> None:
        self.level = level
        self.propagate = propagate
        self.disabled = disabled
        self.handlers = handlers
        self.filters = filters

    @classmethod
    def of(cls, logger: logging.Logger) -> _LoggerState:
        return cls(
            logger.level,
            logger.propagate,
            logger.disabled,
            logger.handlers[:],
            logger.filters[:],
        )

    def restore(self, logger: logging.Logger) -> None:
        logger.level = self.level
        logger.propagate = self.propagate
        logger.disabled = self.disabled
        logger.handlers[:] = self.handlers
        logger.filters[:] = self.filters


class LoggingSnapshot:
    """Everything a (dict|file)Config call can change, captured to restore."""

    __slots__ = ("created_dirs", "handler_names", "handler_refs", "loggers", "root")

    def __init__(
        self,
        root: _LoggerState,
        loggers: dict[str, _LoggerState],
        handler_names: dict[str, logging.Handler],
        handler_refs: list[Any],
    ) -> None:
        self.root = root
        self.loggers = loggers
        self.handler_names = handler_names
        self.handler_refs = handler_refs
        self.created_dirs: list[str] = []

    @classmethod
    def take(cls) -> LoggingSnapshot:
        manager = logging.root.manager
        return cls(
            root=_LoggerState.of(logging.root),
            loggers={
                name: _LoggerState.of(logger)
                for name, logger in list(manager.loggerDict.items())
                if isinstance(logger, logging.Logger)
            },
            # .items(), not dict(): a handler that dies between dict()'s keys()
            # and its lookups would raise KeyError (the registry holds weak refs).
            handler_names=dict(handlers_by_name().items()),
            handler_refs=list(handler_references()),
        )

    @property
    def handlers(self) -> list[logging.Handler]:
        alive = (ref() for ref in self.handler_refs)
        return [handler for handler in alive if handler is not None]

    def restore(self) -> None:
        """Put back every logger's state and the handler registry."""
        manager = logging.root.manager
        self.root.restore(logging.root)
        for name, logger in list(manager.loggerDict.items()):
            if not isinstance(logger, logging.Logger):
                continue
            state = self.loggers.get(name)
            if state is not None:
                state.restore(logger)
            else:  # created by the failed attempt: make it inert again
                _LoggerState(logging.NOTSET, True, False, [], []).restore(logger)
        registry = handlers_by_name()
        registry.clear()
        registry.update(self.handler_names)
        handler_references()[:] = self.handler_refs
        clear_level_caches()


def _detach_lists() -> list[list[logging.Handler]]:
    """Give every logger new handler and filter lists for dictConfig to mutate.

    Threads inside ``Logger.callHandlers`` keep iterating the old list objects,
    which nothing changes any more; their records reach the old handlers.

    Returns:
        The old handler lists, to tell when no thread iterates them any more,
        after an empty list that nothing else holds (see :func:`_still_iterated`).
    """
    manager = logging.root.manager
    loggers = [logging.root, *manager.loggerDict.values()]
    old: list[list[logging.Handler]] = [[]]
    for logger in loggers:
        if isinstance(logger, logging.Logger):
            old.append(logger.handlers)
            logger.handlers = list(logger.handlers)
            logger.filters = list(logger.filters)
    # Cached levels let log calls skip the lock; without them, new records
    # wait for the lock we hold instead of meeting a half-built config.
    clear_level_caches()
    return old


def _still_iterated(lists: list[list[logging.Handler]]) -> bool:
    """Whether a thread still holds one of ``lists`` (is inside ``callHandlers``).

    CPython's reference counts tell, at no cost to log calls: a list that a
    thread is iterating has one more reference than ``lists[0]``, a list held
    only by ``lists``.
    """
    counts = [sys.getrefcount(item) for item in lists]
    return any(count > counts[0] for count in counts[1:])


def _retire(handlers: list[logging.Handler], old_lists: list[list[logging.Handler]]) -> None:
    """Close replaced handlers once no thread is logging through them."""
    deadline = time.monotonic() + _DRAIN_SECONDS
    while _still_iterated(old_lists) and time.monotonic() < deadline:
        time.sleep(0.0001)  # let those threads run
    with logging_lock():
        # Handler.close() unregisters its name, which now belongs to a new handler.
        registry = handlers_by_name()
        names = dict(registry.items())  # see LoggingSnapshot.take
        _close_quietly(handlers)
        registry.clear()
        registry.update(names)


def _close_quietly(handlers: list[logging.Handler]) -> None:
    for handler in handlers:
        # Like logging.shutdown(): one broken handler must not stop the rest.
        with contextlib.suppress(Exception):
            handler.acquire()
            try:
                handler.flush()
                handler.close()
            finally:
                handler.release()


def make_dirs(directory: str, snapshot: LoggingSnapshot) -> None:
    """Create a directory and its missing parents, remembered so a rollback removes them."""
    missing: list[str] = []
    current = os.path.abspath(directory)
    while current and not os.path.exists(current):
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    os.makedirs(directory, exist_ok=True)
    snapshot.created_dirs.extend(reversed(missing))


def _remove_created_dirs(snapshot: LoggingSnapshot) -> None:
    for directory in reversed(snapshot.created_dirs):
        with contextlib.suppress(OSError):
            os.rmdir(directory)  # only succeeds while still empty


@contextmanager
def logging_transaction(*, trial: bool = False) -> Iterator[LoggingSnapshot]:
    """Configure logging inside the block all-or-nothing.

    On success the previous handlers are flushed and closed, as the standard
    library would have done. On any exception, the previous state comes back
    untouched (its handlers were never closed) and the half-built handlers of
    the attempt are closed; the exception propagates.

    Args:
        trial: Roll back even when the block succeeds: build a config to look
            at it (``check``, ``show``, diagnosing a failure), then undo it.
    """
    with logging_lock():
        snapshot = LoggingSnapshot.take()
        # With the registry emptied, the stdlib's _clearExistingHandlers() has
        # nothing to shut down: the old handlers stay open until we decide.
        handler_references()[:] = []
        old_lists = _detach_lists()
        try:
            yield snapshot
        except BaseException:
            _roll_back(snapshot)
            raise
        if trial:
            _roll_back(snapshot)
            return
        new_handlers = {id(ref()) for ref in handler_references()}
        replaced = [h for h in snapshot.handlers if id(h) not in new_handlers]
    # Outside the lock: log calls go on with the new handlers meanwhile.
    _retire(replaced, old_lists)


def _roll_back(snapshot: LoggingSnapshot) -> None:
    """Close what the attempt built and put the snapshot's state back."""
    previous = set(map(id, snapshot.handlers))
    attempted = [
        handler
        for handler in (ref() for ref in handler_references())
        if handler is not None and id(handler) not in previous
    ]
    # Close first: Handler.close() unregisters its name, which must not
    # remove a restored handler of the same name.
    _close_quietly(attempted)
    snapshot.restore()
    _remove_created_dirs(snapshot)
