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
import types
from collections.abc import Iterator
from contextlib import contextmanager

from ._private import (
    clear_level_caches,
    handler_being_called,
    handler_references,
    handlers_by_name,
    logging_lock,
)

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

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

    __slots__ = (
        "created_dirs",
        "created_files",
        "handler_names",
        "handler_refs",
        "loggers",
        "root",
    )

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
        self.created_files: list[str] = []  # log files that did not exist before

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


class _Detached:
    """The handler and filter lists loggers had before a transaction gave them new ones.

    ``lists`` starts with an empty list that nothing else holds (see
    :func:`_still_iterated`); ``loggers[i]`` owned ``lists[i]`` (None for that one).
    Only loggers and ints are kept besides: another reference to a list would
    count as a thread iterating it.
    """

    __slots__ = ("filters", "lists", "loggers")

    def __init__(self) -> None:
        self.lists: list[list[logging.Handler]] = [[]]
        self.loggers: list[logging.Logger | None] = [None]
        self.filters: list[list[Any]] = []

    def put_back(self) -> None:
        """Give each logger its own lists again (untouched: what the snapshot holds)."""
        for logger, handlers, filters in zip(
            self.loggers[1:], self.lists[1:], self.filters, strict=True
        ):
            if logger is not None:
                logger.handlers = handlers
                logger.filters = filters


def _detach_lists() -> _Detached:
    """Give every logger new handler and filter lists for dictConfig to mutate.

    Threads inside ``Logger.callHandlers`` keep iterating the old list objects,
    which nothing changes any more; their records reach the old handlers.
    """
    manager = logging.root.manager
    loggers = [logging.root, *manager.loggerDict.values()]
    detached = _Detached()
    for logger in loggers:
        if isinstance(logger, logging.Logger):
            detached.loggers.append(logger)
            detached.lists.append(logger.handlers)
            detached.filters.append(logger.filters)
            logger.handlers = list(logger.handlers)
            logger.filters = list(logger.filters)
    # Cached levels let log calls skip the lock; without them, new records
    # wait for the lock we hold instead of meeting a half-built config.
    clear_level_caches()
    return detached


def _iterated_here(detached: _Detached) -> list[int]:
    """How many times the calling thread itself iterates each of ``detached.lists``.

    ``configure()`` called from a handler's ``emit`` runs inside
    ``Logger.callHandlers``, which holds the list it iterates until the
    transaction returns: waiting for that iteration would wait for ourselves.
    Each such frame iterates the list its logger (local ``c``) had, if that list
    still holds the handler it is calling (local ``hdlr``); otherwise a
    committed configure replaced that list, and the frame iterates one older
    than this transaction's.
    """
    counts = [0] * len(detached.lists)
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        called = handler_being_called(frame)
        if called is not None:
            logger, handler = called
            for index, owner in enumerate(detached.loggers):
                if owner is logger and any(h is handler for h in detached.lists[index]):
                    counts[index] += 1
        frame = frame.f_back
    return counts


def _still_iterated(lists: list[list[logging.Handler]], own: list[int]) -> bool:
    """Whether another thread still holds one of ``lists`` (is inside ``callHandlers``).

    CPython's reference counts tell, at no cost to log calls: a list that a
    thread is iterating has one more reference than ``lists[0]``, a list held
    only by ``lists``; ``own`` counts this thread's iterations, not waited for.
    """
    counts = [sys.getrefcount(item) for item in lists]
    return any(count - mine > counts[0] for count, mine in zip(counts[1:], own[1:], strict=True))


def _retire(handlers: list[logging.Handler], detached: _Detached) -> None:
    """Close replaced handlers once no other thread is logging through them."""
    if handlers:
        own = _iterated_here(detached)
        deadline = time.monotonic() + _DRAIN_SECONDS
        while _still_iterated(detached.lists, own) and time.monotonic() < deadline:
            time.sleep(0.0001)  # let those threads run
    with logging_lock():
        # Handler.close() unregisters its name, which now belongs to a new handler.
        registry = handlers_by_name()
        names = dict(registry.items())  # see LoggingSnapshot.take
        _close_quietly(handlers)
        registry.clear()
        registry.update(names)


def _close_quietly(handlers: list[logging.Handler]) -> None:
    # Newest first, as logging.shutdown() does: a handler feeding others (a
    # MemoryHandler, a BackgroundHandler) is flushed before they are closed.
    for handler in reversed(handlers):
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


def note_new_file(filename: str, snapshot: LoggingSnapshot) -> None:
    """Remember a file the attempt may create, so a rollback removes it while empty."""
    path = os.path.abspath(filename)
    if not os.path.lexists(path):
        snapshot.created_files.append(path)


def _remove_created(snapshot: LoggingSnapshot) -> None:
    """Remove what the attempt created and nothing has written to: files, then directories."""
    for path in snapshot.created_files:
        with contextlib.suppress(OSError):
            if os.path.isfile(path) and not os.path.islink(path) and os.path.getsize(path) == 0:
                os.remove(path)
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
        detached = _detach_lists()
        try:
            yield snapshot
        except BaseException:
            _roll_back(snapshot, detached)
            raise
        if trial:
            _roll_back(snapshot, detached)
            return
        new_handlers = {id(ref()) for ref in handler_references()}
        replaced = [h for h in snapshot.handlers if id(h) not in new_handlers]
    # Outside the lock: log calls go on with the new handlers meanwhile.
    _retire(replaced, detached)


def _created_since(snapshot: LoggingSnapshot) -> list[logging.Handler]:
    """The handlers alive now that did not exist when the snapshot was taken."""
    previous = set(map(id, snapshot.handlers))
    return [
        handler
        for handler in (ref() for ref in handler_references())
        if handler is not None and id(handler) not in previous
    ]


def _roll_back(snapshot: LoggingSnapshot, detached: _Detached) -> None:
    """Close what the attempt built and put the snapshot's state back."""
    # Close first: Handler.close() unregisters its name, which must not
    # remove a restored handler of the same name.
    _close_quietly(_created_since(snapshot))
    snapshot.restore()
    # The loggers get their own list objects back: the next transaction then
    # knows which list a thread still inside callHandlers iterates.
    detached.put_back()
    _remove_created(snapshot)


@contextmanager
def logging_set_aside() -> Iterator[LoggingSnapshot]:
    """Run the block with the current logging set aside, then put it back exactly.

    For tests (``logkit.pytest_plugin``): the block may configure logging as often
    as it likes, and run as long as it likes (the lock is held only to take and
    to restore). The handlers that exist now are hidden from the standard
    library's registry meanwhile, so no configure in the block closes them; at
    the end, whatever happened, every handler created in the block is closed and
    every logger, the root, the registry and the LogRecord factory (code under
    test may set one) are as they were. Loggers created in the block stay
    (code may hold them), inert: level NOTSET, propagating, no handlers or filters.
    """
    with logging_lock():
        snapshot = LoggingSnapshot.take()
        record_factory = logging.getLogRecordFactory()
        handler_references()[:] = []
    try:
        yield snapshot
    finally:
        with logging_lock():
            _close_quietly(_created_since(snapshot))
            snapshot.restore()
            logging.setLogRecordFactory(record_factory)
