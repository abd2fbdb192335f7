"""Handing records to a thread, so that a slow sink does not slow the program.

:class:`BackgroundHandler` is named in a config in front of the handlers it
feeds (``handlers: [console, info, error]``) and the root names only it. A log
call freezes the record and appends it to a bounded queue; one thread per
handler (per process) takes records in order and gives each to the fed
handlers as ``Logger.callHandlers`` would (each handler's level, then its own
``handle``: filters, lock, ``emit``).

Choices, each for a reason:

* The record is copied and frozen in the caller: the message is formatted there
  (``getMessage()``, as the standard ``QueueHandler`` does), and arguments that
  could change later (lists, dicts, objects) are replaced by snapshots of their
  ``str``/``repr`` taken now, so the thread prints what the call meant. Unlike
  ``QueueHandler.prepare()``, ``exc_info`` and ``stack_info`` stay on the
  record (Rich tracebacks need the traceback objects), and the template and
  arguments stay apart (the Rich console takes markup from the template only).
* A full queue makes the caller wait for room (back-pressure): a record is
  never dropped. The bound keeps memory flat while the sink is slower than the
  program; short bursts within it cost the caller only the hand-over.
* Fed handlers are named, and looked up when the first record comes: by then
  ``dictConfig`` has built them all (it builds handlers in name order, so
  ``background`` comes before ``console``), and logkit's Rich console swap has
  registered its console under the same name. Until then the handler holds
  ``dictConfig``'s own table of the handlers it built (the list of names it is
  given carries its configurator): the logging registry holds handlers weakly,
  and nothing else refers to a handler that only this one names. Without
  ``dictConfig`` (``fileConfig``, code) the named handlers must exist already:
  list them before it in ``[handlers] keys=``. Objects may be passed instead.
* The queue is emptied by ``flush()``, ``close()``, ``logging.shutdown()`` and
  at exit (an ``atexit`` hook that runs before logging's own). After
  ``close()`` records are handled in the caller's thread, in order.
* A forked child starts its own thread at its first record; the records the
  parent had queued are the parent's to write, not the child's.
* Background handlers that feed each other in a circle (built in code or by
  plain ``dictConfig``; a config file is checked first) are reported once, at
  the first lookup, and each record goes round once: it carries the background
  handlers it passed, which do not get it again. Nothing is dropped, handing on
  round a circle never waits for room (two full queues would wait for each
  other), and ``flush()`` flushes each handler of a circle once.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Mapping, Sequence
from logging import LogRecord

from logkit._private import handler_references, handlers_by_name, logging_lock
from logkit.handlers._background_records import (
    built_handler,
    circle_words,
    circles_from,
    existing_handlers,
    frozen_copy,
    handlers_being_built,
)
from logkit.handlers._tqdm_bars import mute_tqdm_redirect

__all__ = ["DEFAULT_CAPACITY", "BackgroundHandler"]

DEFAULT_CAPACITY = 10_000  # records waiting for the thread before callers wait
IDLE_WAIT = 1.0  # the thread looks for work at least this often (a missed wake-up)
ROOM_WAIT = 0.05  # a waiting caller looks for room at least this often
# flush() and close() wait as long as the thread makes progress; this long
# without one record handled (a sink that hangs), they give up and say so.
STALL_SECONDS = 10.0

_STOP = object()
# The background handlers a record handed round a circle has passed through.
_PASSED = "_logkit_background_passed"
_new_object = object.__new__  # queued by close(): the thread ends when it takes it


class BackgroundHandler(logging.Handler):
    """Hands records to a thread that gives them to ``handlers``.

    Args:
        handlers: The handlers to feed, by name (as in a config) or as objects.
        capacity: How many records may wait for the thread; a log call that
            finds the queue full waits for room (nothing is dropped).
        level: This handler's own level (the fed handlers keep theirs).

    Background handlers that feed each other in a circle are reported once
    (``handleError``) when the first record comes, and each record then goes
    round the circle once, to every handler it reaches, instead of forever.

    Raises:
        TypeError: ``handlers`` is not a list of names or handlers.
        ValueError: ``handlers`` is empty or names one twice, or ``capacity``
            is not a positive integer.
    """

    def __init__(
        self,
        handlers: Sequence[str | logging.Handler] = (),
        capacity: int = DEFAULT_CAPACITY,
        level: int | str = logging.NOTSET,
    ) -> None:
        # Checked before Handler.__init__ registers the handler for logging.shutdown().
        if isinstance(handlers, (str, bytes)) or not isinstance(handlers, Sequence):
            raise TypeError(
                f"handlers: expected a list of handler names, found {type(handlers).__name__}"
            )
        for item in handlers:
            if not isinstance(item, (str, logging.Handler)):
                raise TypeError(f"handlers: expected a handler name, found {item!r}")
        if not handlers:
            raise ValueError("handlers: names no handler to feed")
        names = [item for item in handlers if isinstance(item, str)]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"handlers: names {', '.join(map(repr, repeated))} twice")
        if type(capacity) is not int or capacity <= 0:
            raise ValueError(f"capacity: expected a positive integer, found {capacity!r}")
        # Until the first record: dictConfig's table of the handlers it builds,
        # or (fileConfig, code) the named handlers, which must exist by now.
        held = handlers_being_built(handlers)
        if held is None:
            held = existing_handlers(names)
        super().__init__(level)
        self.wanted: tuple[str | logging.Handler, ...] = tuple(handlers)
        self.capacity = capacity
        self.fed: tuple[logging.Handler, ...] | None = None  # looked up at the first record
        # The fed background handlers that feed this one back (looked up with them).
        self._circling: frozenset[BackgroundHandler] = frozenset()
        self._circle_told = False  # a circle it is part of has been reported
        self._held: Mapping[str, object] = held
        self._kept: list[logging.Handler] = []
        self._closed = False
        self._reset()
        _LIVE.add(self)

    def _reset(self) -> None:
        """Fresh queue and thread state: at creation, and in a forked child."""
        self._pending: deque[object] = deque()
        self._wake = threading.Event()
        self._room = threading.Condition(threading.Lock())
        self._waiting = 0  # callers waiting for room
        self._start_lock = threading.Lock()
        self._sweep_lock = threading.RLock()  # re-entered when handlers in a circle are closed
        self._thread: threading.Thread | None = None
        self._busy = False  # a record taken from the queue is being handled
        self.handled = 0  # records the thread has handled (progress, for waits)

    def __repr__(self) -> str:
        names = ", ".join(
            item if isinstance(item, str) else _label(item) if isinstance(item, BackgroundHandler)
            else repr(item)  # a background handler's own repr could lead round a circle
            for item in self.wanted
        )  # fmt: skip
        return f"<{type(self).__name__} -> {names} ({logging.getLevelName(self.level)})>"

    # -- the caller's side ------------------------------------------------------

    def handle(self, record: LogRecord) -> bool | LogRecord:  # type: ignore[override]
        """Filter, freeze and queue ``record``; return what ``Handler.handle`` returns."""
        passed = self.filter(record)
        if not passed:
            return passed
        if isinstance(passed, LogRecord):  # 3.12+: a filter may return a new record
            record = passed
        try:
            queued = frozen_copy(record)
        except Exception:  # noqa: BLE001 - a log call must never raise; handleError reports
            self.handleError(record)  # here, where the bad call is
            return passed
        self._put(queued)
        if "tqdm.contrib.logging" in sys.modules and self._feeds_a_rich_console():
            # Before tqdm's plain handler beside this one sees the record: the Rich
            # console prints it (in the thread), so that handler is muted, as it is
            # beside a console fed directly.
            mute_tqdm_redirect(self, record)
        return passed

    def _feeds_a_rich_console(self) -> bool:
        shared = sys.modules.get("logkit.handlers._shared_console")  # none made if not loaded
        return shared is not None and any(
            isinstance(handler, shared.ConsoleSharingHandler) for handler in self.fed or ()
        )

    def emit(self, record: LogRecord) -> None:
        """Queue ``record`` (``handle`` does, with the filters; this is for direct callers)."""
        self.handle(record)

    def _put(self, record: LogRecord) -> None:
        pending = self._pending
        thread = self._thread
        if (
            len(pending) >= self.capacity
            and thread is not None
            and thread is not threading.current_thread()  # a fed handler logging: no deadlock
            and _PASSED not in record.__dict__  # handed round a circle: no deadlock either
        ):
            self._wait_for_room()
        pending.append(record)
        if self._thread is None:
            self._start()
        elif not self._wake.is_set():
            self._wake.set()

    def _wait_for_room(self) -> None:
        with self._room:
            self._waiting += 1
            try:
                while len(self._pending) >= self.capacity:
                    thread = self._thread
                    if thread is None or not thread.is_alive():
                        return  # no thread to make room: _put starts one or sweeps
                    self._room.wait(ROOM_WAIT)
            finally:
                self._waiting -= 1

    def _start(self) -> None:
        """Start the thread at the first record (or after a fork); sweep once closed."""
        with self._start_lock:
            if self._thread is None and not self._closed:
                if self.fed is None:
                    self.fed = self._look_up()
                thread = threading.Thread(
                    target=self._run, name=f"logkit-background {self.name or ''}".rstrip(),
                    daemon=True,
                )  # fmt: skip
                try:
                    thread.start()
                except RuntimeError:  # at interpreter shutdown: no new threads
                    self._closed = True
                else:
                    self._thread = thread
                    return
        if self._closed:
            self._sweep()

    def _look_up(self) -> tuple[logging.Handler, ...]:
        """The handlers to feed, from the registry; put this one ahead of them at shutdown.

        ``logging.shutdown()`` closes the newest handlers first: moved after
        the handlers it feeds, this one is flushed and closed before them.
        """
        fed: list[logging.Handler] = []
        problems: list[str] = []
        for item, handler in zip(self.wanted, self._named(), strict=True):
            if handler is None:
                problems.append(f"no handler named {item!r} is configured")
            elif handler is self:
                problems.append(f"it names itself ({item!r})")
            else:
                fed.append(handler)
        with logging_lock():
            references = handler_references()
            mine = [ref for ref in references if ref() is self]
            for ref in mine:
                references.remove(ref)
                references.append(ref)
        if any(isinstance(handler, BackgroundHandler) for handler in fed):
            self._find_circles(fed)
        self._held, self._kept = {}, []
        if problems:
            self._report(f"{self!r}: {'; '.join(problems)}; records go to the others")
        return tuple(fed)

    def _named(self) -> list[logging.Handler | None]:
        """The handlers ``wanted`` names (None: not configured), as they are now."""
        registry = handlers_by_name()
        return [
            # The registry has the Rich console the swap put in.
            (registry.get(item) or built_handler(self._held, item))
            if isinstance(item, str)
            else item
            for item in self.wanted
        ]

    def _find_circles(self, fed: list[logging.Handler]) -> None:
        """Note the fed background handlers that feed this one back; say so once a circle."""

        def feeds(handler: BackgroundHandler) -> list[BackgroundHandler]:
            if handler is self:
                found: Sequence[logging.Handler | None] = fed
            else:  # looked up already, or what it will look up
                found = handler.fed if handler.fed is not None else handler._named()
            return [item for item in found if isinstance(item, BackgroundHandler)]

        circles = circles_from(self, feeds)
        self._circling = frozenset(circle[1] for circle in circles)
        for circle in circles:
            with logging_lock():  # two of its handlers may look up at once, in two threads
                told = all(handler._circle_told for handler in circle)
                for handler in circle:
                    handler._circle_told = True
            if told:
                continue  # another handler of this circle said so
            names = [_label(handler) for handler in circle]
            self._report(
                f"{self!r}: {circle_words(names)}: records would circle forever;"
                " each record goes round once instead"
            )

    def replace_handler(self, old: logging.Handler, new: logging.Handler) -> None:
        """Feed ``new`` instead of ``old`` (logkit's Rich console swap calls it)."""
        self._kept.append(new)  # the registry holds it weakly: alive until looked up
        self.wanted = tuple(new if item is old else item for item in self.wanted)
        if self.fed is not None:
            self.fed = tuple(new if handler is old else handler for handler in self.fed)

    def _report(self, problem: str) -> None:
        try:
            raise ValueError(problem)
        except ValueError:
            record = logging.LogRecord(self.name or "", logging.ERROR, "", 0, problem, None, None)
            self.handleError(record)

    # -- the thread's side --------------------------------------------------------

    def _run(self) -> None:
        pending, wake, room = self._pending, self._wake, self._room
        low = self.capacity - max(1, self.capacity // 10)
        try:
            while True:
                while pending:
                    self._busy = True
                    record = pending.popleft()
                    # Waiting callers are woken once a tenth of the queue is free,
                    # not at every record: fewer wake-ups competing for the GIL.
                    if self._waiting and len(pending) <= low:
                        with room:
                            room.notify_all()
                    if record is _STOP:
                        self._busy = False
                        return
                    self._deliver(record)  # type: ignore[arg-type]
                    self.handled += 1
                    self._busy = False
                wake.clear()
                if not pending:
                    wake.wait(IDLE_WAIT)
        finally:
            self._busy = False
            self._thread = None
            self._sweep()  # what a caller queued while the thread ended

    def _deliver(self, record: LogRecord) -> None:
        """What ``Logger.callHandlers`` does with one record, for the fed handlers."""
        if self._circling:
            self._deliver_once_round(record)
            return
        for handler in self.fed or ():
            if record.levelno >= handler.level:
                try:
                    handler.handle(record)
                except Exception:  # noqa: BLE001 - its own handle() failed: its handleError reports
                    handler.handleError(record)

    def _deliver_once_round(self, record: LogRecord) -> None:
        """``_deliver``, in a circle: never to a background handler the record passed."""
        passed: tuple[BackgroundHandler, ...] = record.__dict__.pop(_PASSED, ())
        onward = (*passed, self)
        for handler in self.fed or ():
            if record.levelno < handler.level or handler in passed:
                continue
            circling = handler in self._circling
            if circling:  # its copy of the record carries this; the others never see it
                record.__dict__[_PASSED] = onward
            try:
                handler.handle(record)
            except Exception:  # noqa: BLE001 - its own handle() failed: its handleError reports
                handler.handleError(record)
            finally:
                if circling:
                    record.__dict__.pop(_PASSED, None)

    def _sweep(self) -> None:
        """Handle whatever is queued in this thread, in order (no thread runs)."""
        if self.fed is None:
            with self._start_lock:
                if self.fed is None:
                    self.fed = self._look_up()
        with self._sweep_lock:
            pending = self._pending
            while pending:
                record = pending.popleft()
                if record is not _STOP:
                    self._deliver(record)  # type: ignore[arg-type]
                    self.handled += 1

    # -- emptying the queue -----------------------------------------------------------

    @property
    def pending(self) -> int:
        """Records queued and not yet handled."""
        return len(self._pending) + self._busy

    def drain(self) -> bool:
        """Wait until the thread has handled every queued record.

        Waits as long as the thread makes progress; after ``STALL_SECONDS``
        without any, gives up and returns False (a sink that hangs).
        """
        thread = self._thread
        if thread is threading.current_thread():
            return not self._pending
        last, since = self.handled, time.monotonic()
        while self._pending or self._busy:
            thread = self._thread
            if thread is None or not thread.is_alive():
                self._sweep()
                continue
            time.sleep(0.001)
            if self.handled != last:
                last, since = self.handled, time.monotonic()
            elif time.monotonic() - since > STALL_SECONDS:
                return False
        return True

    def flush(self) -> None:
        """Wait until every queued record is handled, then flush the fed handlers.

        In a circle of background handlers each is flushed once: one reached
        again only empties its queue.
        """
        if not self.drain():
            self._warn_stalled()
        flushing: set[BackgroundHandler] = _FLUSHING.__dict__.setdefault("handlers", set())
        if self in flushing:
            return  # fed round a circle: the flush that reached it again goes on
        flushing.add(self)
        try:
            for handler in self.fed or ():
                try:
                    handler.flush()
                except Exception:  # noqa: BLE001 - like logging.shutdown(): the others still flush
                    name = handler.name or ""
                    handler.handleError(LogRecord(name, logging.ERROR, "", 0, "flush", None, None))
        finally:
            flushing.discard(self)

    def close(self) -> None:
        """Handle every queued record, stop the thread; later records are handled inline."""
        with self._start_lock:
            self._closed = True
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            self._pending.append(_STOP)
            self._wake.set()
            if not self.drain():
                self._warn_stalled()
            thread.join(timeout=1.0)
        self._sweep()
        super().close()

    def _warn_stalled(self) -> None:
        with contextlib.suppress(Exception):  # stderr closed at exit: nothing left to tell
            sys.stderr.write(
                f"logkit: {self!r}: no record handled for {STALL_SECONDS:.0f} s;"
                f" {len(self._pending)} records still queued\n"
            )


def _label(handler: BackgroundHandler) -> str:
    return handler.name or f"<{type(handler).__name__} at {id(handler):#x}>"


# -- every handler: emptied at exit, reset in a forked child -------------------------

_LIVE: weakref.WeakSet[BackgroundHandler] = weakref.WeakSet()
_FLUSHING = threading.local()  # the handlers this thread is flushing (a circle ends there)


@atexit.register
def _drain_at_exit() -> None:
    """Empty every queue while the fed handlers are open (before ``logging.shutdown``).

    Registered after logging's own hook, so it runs first.
    """
    for handler in list(_LIVE):
        if not handler.drain():
            handler._warn_stalled()


def _after_fork_in_child() -> None:
    for handler in list(_LIVE):
        handler._reset()


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
