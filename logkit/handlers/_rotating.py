"""Rotating file handlers that format once, count bytes and tolerate several writer processes.

The standard ``RotatingFileHandler`` pays for its size check on every record: two
``stat`` calls, a second ``format()`` and a seek/tell on a text stream. And when
several processes write one file, each rotates on its own, so lines land in
renamed or deleted files and are lost.

These handlers keep the standard classes' constructors, attributes, rotation
naming, ``namer``/``rotator`` hooks and ``shouldRollover``/``doRollover`` API, and
change how a record reaches the disk:

* the record is formatted and encoded once, then written with a single
  ``write()`` on a file opened in append mode. On POSIX, ``O_APPEND`` makes each
  such write land whole at the end of the file, even with other writers;
* the size is the file offset after our last write (one ``lseek``, no ``stat``),
  which also counts what other processes appended before us;
* a rollover takes an advisory lock (``flock``) on a hidden sidecar file,
  ``.<name>.lock`` next to the log, and first checks whether another process
  already rotated (the path names a different file than the one we hold). If so
  it only reopens the path; otherwise it rotates exactly like the standard class.
  Each process opens the lock file itself, also after ``fork``; a writer waits
  for the lock at most ``lockTimeout`` seconds (5), then skips the rollover,
  keeps appending and says so once (see ``logkit.handlers._rollover_lock``);
* both handlers look (one ``stat``) at most once a second whether the path
  still names the file they hold: after another process's rotation or an
  external move (logrotate without ``copytruncate``) they reopen the path;
* a write cut short (a full disk) is reported through ``handleError``, and the
  next record starts on a line of its own instead of being glued to the
  fragment. The timed handler never replaces a backup that exists.

Without ``fcntl`` (Windows) the lock is a no-op: single-process use is still
correct and faster, but several processes must not share one rotating file there.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import logging.handlers
import os
import stat
import sys
import time
from collections.abc import Iterator

from logkit._private import handler_is_closed
from logkit.handlers._per_record import format_record, handle_record

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    # Imported at the first rollover: it loads fcntl (~0.2 ms of every start-up).
    from logkit.handlers._rollover_lock import RolloverLock

__all__ = ["RotatingFileHandler", "TimedRotatingFileHandler"]

_now = time.time  # bound once: emit reads the clock for every record
_HANDLER_FORMAT = logging.Handler.format

# Codecs whose incremental encoder writes a byte-order mark at the start of a file.
_BOM_CODECS = frozenset({"utf-16", "utf-32", "utf-8-sig"})


class _AppendingRotator(logging.handlers.BaseRotatingHandler):
    """Write and rollover machinery shared by the size and time based handlers.

    ``self.stream`` stays the standard text stream (so ``flush``, ``close`` and
    the standard ``doRollover`` keep working), but records bypass its buffer and
    go straight to its file descriptor as bytes.
    """

    # Class-level defaults: the standard __init__ calls _open() before ours runs.
    _fd: int = -1
    _size: int = 0
    _regular: bool = True
    _lock: RolloverLock | None = None
    _follows_path: bool = True  # False after setStream(): records go where the caller said
    _next_look: float = 0.0  # when _follow_rotation looks at the path again
    _fragment_end: int = -1  # where a write cut short ended (a full disk), else -1
    _encoder_codec: str = "utf-8"
    _encoder_errors: str = "strict"

    #: Seconds a writer waits for another process's rollover before skipping its own.
    lockTimeout: float = 5.0

    def _open(self) -> io.TextIOWrapper:
        """Open the file as the standard handler does, then note where it ends.

        The standard classes open every stream through this private hook (listed,
        with a probe, in ``logkit._private_check``).
        """
        stream = super()._open()
        self._adopt(stream)
        return stream

    def _adopt(self, stream: io.TextIOWrapper) -> None:
        fd = stream.fileno()
        self._fd = fd
        self._size = os.lseek(fd, 0, os.SEEK_END)
        self._fragment_end = -1
        self._regular = stat.S_ISREG(os.fstat(fd).st_mode)
        self._encoder_codec = codecs.lookup(stream.encoding).name
        self._encoder_errors = stream.errors or "strict"

    def setStream(self, stream: io.TextIOWrapper) -> io.TextIOWrapper | None:
        """Swap the stream, as the standard handler allows; records follow its descriptor."""
        old = super().setStream(stream)
        if old is not None:
            self._adopt(stream)
            self._follows_path = False
        return old

    def _encode(self, text: str) -> bytes:
        """Encode like the text stream would, BOM included only at a file's start."""
        if os.linesep != "\n":
            text = text.replace("\n", os.linesep)
        codec = self._encoder_codec
        if codec in _BOM_CODECS:
            encoder = codecs.getincrementalencoder(codec)(self._encoder_errors)
            if self._size:
                encoder.setstate(0)
            return encoder.encode(text)
        return text.encode(codec, self._encoder_errors)

    def _is_due(self, nbytes: int) -> bool:
        """Say whether writing ``nbytes`` more calls for a rollover (cheap, no I/O)."""
        raise NotImplementedError

    def doRollover(self) -> None:
        """Rotate now, holding the inter-process lock (skipped if it stays held)."""
        with self._interprocess_lock() as locked:
            if locked:
                self._rotate_files()

    def _rotate_files(self) -> None:
        """Rotate with the standard class's naming; the caller holds the lock."""
        raise NotImplementedError

    def _after_reopen(self) -> None:
        """Update schedule state after adopting a file another process rotated in."""

    def _follow_rotation(self) -> None:
        """Notice, between own rollovers, that the path names another file (or none).

        Another process rotated, or logrotate moved the file: ``emit`` calls this
        once a second, so our lines do not keep going to the old file for good.
        """
        self._next_look = _now() + 1.0
        if self._follows_path and self._replaced_on_disk():
            self._reopen()
            self._after_reopen()

    # Handler.handle in fewer calls; the function itself, not a method calling it.
    handle = handle_record

    def emit(self, record: logging.LogRecord) -> None:
        """Format once, roll over if due, append the bytes with one write."""
        try:
            if self.stream is None:
                if self.mode == "w" and handler_is_closed(self):
                    return  # as FileHandler: a closed "w" handler must not truncate again
                self.stream = self._open()
            if _now() >= self._next_look:
                self._follow_rotation()
            formatter = self.formatter
            if formatter is not None and type(self).format is _HANDLER_FORMAT:
                text = format_record(formatter, record) + self.terminator
            else:
                text = self.format(record) + self.terminator
            data = self._encode(text)
            if self._is_due(len(data)):
                self._rollover_if_still_due(len(data))
                if self.stream is None:  # delay=True leaves the new file unopened
                    self.stream = self._open()
                if self._encoder_codec in _BOM_CODECS:
                    data = self._encode(text)
            self._append(data)
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001 - a log call must never raise; handleError reports
            self.handleError(record)

    def _append(self, data: bytes) -> None:
        fd = self._fd
        after_fragment = self._fragment_end >= 0
        if after_fragment:
            data = self._end_fragment_line(data)
        written = 0
        try:
            written = os.write(fd, data)
            while written < len(data):  # only on a full disk or a signal
                written += os.write(fd, data[written:])
        except OSError:
            if written:  # part of the record is in the file: the next one must not join it
                self._fragment_end = os.lseek(fd, 0, os.SEEK_CUR)
            raise
        if after_fragment:
            self._fragment_end = -1
        self._size = os.lseek(fd, 0, os.SEEK_CUR)

    def _end_fragment_line(self, data: bytes) -> bytes:
        """Start ``data`` with a line end if the file still ends with our cut-short record."""
        if os.lseek(self._fd, 0, os.SEEK_END) == self._fragment_end:
            return self._encode(self.terminator) + data
        self._fragment_end = -1  # another process appended since: not ours to end
        return data

    def _rollover_if_still_due(self, nbytes: int) -> None:
        """Rotate under the lock unless another process already did."""
        with self._interprocess_lock() as locked:
            if not locked:
                return  # go on appending to the file we hold; retried later
            if self._replaced_on_disk():
                self._reopen()
                self._after_reopen()
                if not self._is_due(nbytes):
                    return
            self._rotate_files()

    def _replaced_on_disk(self) -> bool:
        """Tell whether the path now names a different file than the one we hold."""
        if self.stream is None:
            return False
        try:
            on_disk = os.stat(self.baseFilename)
        except FileNotFoundError:
            return True
        held = os.fstat(self._fd)
        return (on_disk.st_dev, on_disk.st_ino) != (held.st_dev, held.st_ino)

    def _reopen(self) -> None:
        # Open first: if the path cannot be opened (its directory is gone), keep
        # writing to the file we hold rather than dropping every record.
        old, self.stream = self.stream, self._open()
        if old is not None:
            old.close()

    @contextlib.contextmanager
    def _interprocess_lock(self) -> Iterator[bool]:
        """Hold the rollover lock shared by every process using this file.

        Yields ``False`` (and reports it once) when another process kept it for
        ``lockTimeout`` seconds: the caller then leaves the files as they are.
        """
        lock = self._lock
        if lock is None:
            from logkit.handlers._rollover_lock import RolloverLock

            lock = self._lock = RolloverLock(self.baseFilename)
        was_stuck = lock.stuck
        if not lock.acquire(self.lockTimeout):
            if not was_stuck:
                self._report_stuck_lock(lock.path)
            yield False
            return
        try:
            yield True
        finally:
            lock.release()

    def _report_stuck_lock(self, path: str) -> None:
        """Say once, on stderr as ``handleError`` would, that rollovers are held up."""
        if logging.raiseExceptions and sys.stderr is not None:
            sys.stderr.write(
                f"--- Logging error ---\n{type(self).__name__}({self.baseFilename!r}): "
                f"another process has held the rollover lock {path!r} for more than "
                f"{self.lockTimeout:g} s (stopped or hung?); records go on to the current "
                "file and rollover is retried once a second\n"
            )

    def close(self) -> None:
        """Close the log file and the lock file."""
        self.acquire()
        try:
            if self._lock is not None:
                self._lock.close()
        finally:
            self.release()
        super().close()


class RotatingFileHandler(_AppendingRotator, logging.handlers.RotatingFileHandler):
    """Drop-in for ``logging.handlers.RotatingFileHandler``: faster, multi-process safe.

    Same constructor and files (``app.log``, ``app.log.1`` … ``app.log.N``). Two
    deliberate differences: ``maxBytes`` counts encoded bytes, not characters,
    and an empty file is never rotated (as in Python 3.13). Several processes
    may log to one file; they share a hidden ``.app.log.lock`` for rollovers.
    """

    __module__ = "logkit.handlers"  # the public home, for show/diff and pickle

    def _is_due(self, nbytes: int) -> bool:
        size = self._size
        return 0 < self.maxBytes <= size + nbytes and size > 0 and self._regular

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        """Say whether ``record`` would push the file to ``maxBytes`` (no I/O)."""
        if self.stream is None:
            self.stream = self._open()
        return self._is_due(len(self._encode(self.format(record) + self.terminator)))

    def _rotate_files(self) -> None:
        logging.handlers.RotatingFileHandler.doRollover(self)


class TimedRotatingFileHandler(_AppendingRotator, logging.handlers.TimedRotatingFileHandler):
    """Drop-in for ``logging.handlers.TimedRotatingFileHandler``: faster, multi-process safe.

    Same constructor, schedule and suffixes. When several processes reach the
    rollover time, the first one rotates and the others reopen the new file
    instead of rotating again (which would delete the fresh backup).
    """

    __module__ = "logkit.handlers"  # the public home, for show/diff and pickle

    def _is_due(self, nbytes: int) -> bool:
        if int(time.time()) < self.rolloverAt:
            return False
        if not self._regular:
            self.rolloverAt = self.computeRollover(int(time.time()))
            return False
        return True

    def _rotate_files(self) -> None:
        # Schedules of "S", "M" and "H" start when each process starts, so another
        # process may already have rotated into the name this period would get.
        # Before 3.13 the standard class deletes that file; keep it, and this one.
        if os.path.exists(self._rotation_target()):
            self._after_reopen()
            return
        logging.handlers.TimedRotatingFileHandler.doRollover(self)

    def _rotation_target(self) -> str:
        """The backup name the standard ``doRollover`` would rotate to now."""
        now = int(time.time())
        start = self.rolloverAt - self.interval
        if self.utc:
            time_tuple = time.gmtime(start)
        else:
            time_tuple = time.localtime(start)
            dst_now = time.localtime(now)[-1]
            if dst_now != time_tuple[-1]:
                time_tuple = time.localtime(start + (3600 if dst_now else -3600))
        suffix = time.strftime(self.suffix, time_tuple)
        return self.rotation_filename(f"{self.baseFilename}.{suffix}")

    def _after_reopen(self) -> None:
        self.rolloverAt = self.computeRollover(int(time.time()))
