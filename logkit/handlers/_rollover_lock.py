"""The rollover lock of logkit's rotating handlers: per process, and never waited on forever.

An ``flock`` belongs to an open file description, which ``fork`` shares: a
child that used its parent's descriptor would "hold" the lock whenever the
parent does, and both would rotate at once. So each process opens the sidecar
file itself (the descriptor is tagged with the pid that opened it).

A holder that is stopped (SIGSTOP, a debugger, a frozen container) keeps the
lock. Writers wait for it at most ``timeout`` seconds, then give up the
rollover and go on appending to the file they hold: no record is lost, the
file just grows past its limit. That is reported once; later attempts only
try (no wait), at most once a second, until the lock is free again.
"""

from __future__ import annotations

import os
import sys
import time

if sys.platform != "win32":
    import fcntl

__all__ = ["RolloverLock", "lock_path"]


def lock_path(log_path: str) -> str:
    """Name the sidecar lock file; hidden so rotation globs and listings skip it."""
    directory, name = os.path.split(log_path)
    return os.path.join(directory, f".{name}.lock")


class RolloverLock:
    """An exclusive advisory lock on ``.<name>.lock`` next to a log file.

    Without ``fcntl`` (Windows) every ``acquire`` succeeds at once: the
    handlers are single-process there.
    """

    def __init__(self, log_path: str) -> None:
        self.path = lock_path(log_path)
        self._fd = -1
        self._pid = 0  # the process that opened _fd
        self._stuck = False  # the last attempt timed out; until the lock is free, only try
        self._next_try = 0.0

    def acquire(self, timeout: float) -> bool:
        """Take the lock, waiting at most ``timeout`` seconds; ``False`` if it stayed held.

        Raises:
            OSError: The lock file cannot be opened or locked.
        """
        if sys.platform == "win32":
            return True
        now = time.monotonic()
        if self._stuck and now < self._next_try:
            return False
        fd = self._descriptor()
        deadline = now + (0.0 if self._stuck else timeout)
        pause = 0.0005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                now = time.monotonic()
                if now >= deadline:
                    self._stuck = True
                    self._next_try = now + 1.0
                    return False
                time.sleep(min(pause, deadline - now))
                pause = min(pause * 2, 0.02)
            else:
                self._stuck = False
                return True

    @property
    def stuck(self) -> bool:
        """Whether the last attempt gave up because another process held the lock."""
        return self._stuck

    def release(self) -> None:
        if sys.platform != "win32" and self._fd >= 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        """Close this process's descriptor (never one inherited from a parent)."""
        if self._fd >= 0 and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = -1

    def _descriptor(self) -> int:
        """This process's descriptor of the lock file, opened on first use after a fork."""
        pid = os.getpid()
        if self._fd < 0 or self._pid != pid:
            # An inherited descriptor shares the parent's lock; leave it to the
            # parent (closing our copy would not release the parent's lock anyway).
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            self._pid = pid
        return self._fd
