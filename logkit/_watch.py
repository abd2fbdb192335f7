"""Live reload: re-apply a config file when it changes on disk.

A daemon thread polls the file's ``(st_mtime_ns, st_size, st_ino)``, which
catches both editors that rewrite a file and editors that save by renaming a
new file into place (a new inode), with no dependency and on every platform.
A change is applied through the callable the watcher is given (``configure``,
all or nothing), so a broken edit changes nothing: it is reported once (on
stderr and through the ``logkit`` logger) and the running config stays until
the file is fixed.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from ._errors import ConfigError, PathLike

# After a change is seen, the file must hold still this long before it is read,
# so that a save in several writes is not applied (or reported) half-written.
_SETTLE_SECONDS = 0.05

Signature = tuple[int, int, int]


def _signature(path: Path) -> Signature | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None  # between an editor's unlink and rename: wait for the new file
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class Watcher:
    """Re-applies one config file whenever its content changes.

    Args:
        path: The file.
        interval: Seconds between checks.
        apply: Applies the file (``configure``); raises when it cannot.
    """

    def __init__(self, path: Path, *, interval: float, apply: Callable[[Path], object]) -> None:
        if not interval > 0:
            raise ConfigError(f"the watch interval must be positive, found {interval!r}")
        self.path = path
        self.interval = interval
        self.apply = apply
        self._seen = _signature(path)
        self._applied_digest = self._digest()
        self._reported_digest: bytes | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"logkit-watch:{path}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Ask the thread to end and wait for it (a reload in progress completes)."""
        self._stopping.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.poll()

    def _digest(self) -> bytes | None:
        import hashlib  # only watching processes pay for it

        try:
            return hashlib.sha256(self.path.read_bytes()).digest()
        except OSError:
            return None

    def _settled(self) -> Signature | None:
        """The new signature once the file has stopped changing (None if gone)."""
        current = _signature(self.path)
        while current is not None and not self._stopping.wait(_SETTLE_SECONDS):
            again = _signature(self.path)
            if again == current:
                break
            current = again
        return current

    def poll(self) -> None:
        """Check the file once; re-apply it if its content changed."""
        current = _signature(self.path)
        if current is None or current == self._seen:
            return
        current = self._settled()
        if current is None or self._stopping.is_set():
            return
        self._seen = current
        if current[1] == 0:
            # An editor that truncates and then writes, caught in between (on a
            # busy machine that can outlast the settling pause): wait for the
            # write rather than report an empty file.
            return
        digest = self._digest()
        if digest is None or digest == self._applied_digest:
            return  # touched, or saved unchanged
        try:
            self.apply(self.path)
        except Exception as error:  # noqa: BLE001 - a watcher must survive any failure
            if digest != self._reported_digest:
                self._reported_digest = digest
                _report_failure(self.path, error)
            return
        self._applied_digest = digest
        self._reported_digest = None
        logging.getLogger("logkit").info("reloaded %s", self.path)


def _report_failure(path: Path, error: BaseException) -> None:
    problems = error.errors if isinstance(error, ConfigError) else [error]
    lines = [f"logkit: {path} changed but was not applied; the running config stays:"]
    lines += [f"logkit: {problem}" for problem in problems]
    message = "\n".join(lines)
    print(message, file=sys.stderr, flush=True)
    logging.getLogger("logkit").error("%s", message)


_lock = threading.Lock()
_current: Watcher | None = None


def new_watcher(path: PathLike, *, interval: float, apply: Callable[[Path], object]) -> Watcher:
    """A watcher whose starting point is the file as it is now (before it is applied)."""
    # Absolute: the program may change its working directory while it runs.
    return Watcher(Path(path).absolute(), interval=interval, apply=apply)


def start_watching(watcher: Watcher) -> None:
    """Replace the running watcher (if any) by ``watcher``."""
    global _current  # noqa: PLW0603 - the one watcher of the process lives here
    with _lock:
        if _current is not None:
            _current.stop()
        _current = watcher
        watcher.start()


def stop() -> None:
    """End live reload started by ``watch()`` or ``configure(watch=True)``.

    The thread is joined, so no reload happens after this returns. Calling it
    when nothing is watched does nothing.
    """
    global _current
    with _lock:
        watcher, _current = _current, None
    if watcher is not None:
        watcher.stop()
