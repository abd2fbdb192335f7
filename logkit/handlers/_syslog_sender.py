"""The thread that carries syslog messages to a collector, so log calls never wait for it.

One :class:`Sender` per destination (host, port, transport, TLS settings), shared
by every :class:`~logkit.handlers.SyslogHandler` naming it: a live reload builds
the new handler before it closes the old one, so the buffer of records waiting
for a collector that is away survives the reload, and a configure that fails
(whose new handler is closed at once) leaves the working one sending.

Delivery is at least once. A collector that stops discards what it had accepted
but not yet read, and TCP tells the sender nothing about it; so the sender
keeps what it wrote in the last ``RESEND_WINDOW`` seconds and, when the
connection breaks, sends those again (before the buffer, in order) on the next
connection. It watches its socket for the collector's close between writes
and while idle, so the window is measured from the moment the close happened.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import socket
import ssl
import sys
import threading
import time
import weakref
from collections import deque
from typing import NamedTuple

CONNECT_TIMEOUT = 1.0  # a collector whose backlog is full hangs connect()
SEND_TIMEOUT = 10.0  # a collector that stops reading: give up and reconnect
MAX_BACKOFF = 1.0  # reconnect tries start at least once a second
MIN_BACKOFF = 0.05
IDLE_POLL = 0.05  # how often an idle sender looks for the collector's close
# rsyslog 8.2302 stops reading about 1 ms before it closes (measured: 9-11 records
# lost per restart at 15,000 records/s); what was written this long before a
# reset is sent again.
RESEND_WINDOW = 0.005
BATCH_BYTES = 64 * 1024

_RDHUP = getattr(select, "POLLRDHUP", 0)
_CLOSED = select.POLLERR | select.POLLHUP | select.POLLNVAL | (_RDHUP or select.POLLIN)


class Destination(NamedTuple):
    """Where records go: the key under which handlers share a sender."""

    host: str
    port: int
    transport: str  # "tcp", "udp" or "tls"
    tls: ssl.SSLContext | None = None
    server_hostname: str | None = None

    def describe(self) -> str:
        return f"{self.host}:{self.port} ({self.transport})"

    def connect(self) -> socket.socket:
        if self.transport == "udp":
            udp = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET,
                                socket.SOCK_DGRAM)  # fmt: skip
            try:
                udp.connect((self.host, self.port))
            except OSError:
                udp.close()
                raise
            return udp
        raw = socket.create_connection((self.host, self.port), timeout=CONNECT_TIMEOUT)
        try:
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.tls is not None:
                raw = self.tls.wrap_socket(raw, server_hostname=self.server_hostname or self.host)
            raw.settimeout(SEND_TIMEOUT)
        except (OSError, ValueError):
            raw.close()
            raise
        return raw


def _peer_closed(sock: socket.socket) -> int:
    """0 while the connection is open, else how the collector ended it (a zero-timeout poll).

    A collector that closes having read everything sends FIN (``POLLRDHUP``
    alone); one that closes with bytes still unread in its socket sends RST
    (``POLLERR``/``POLLHUP`` too), and those bytes are lost.
    """
    poller = select.poll()
    poller.register(sock.fileno(), _CLOSED)
    events = poller.poll(0)
    return events[0][1] if events else 0


class _Link:
    """The sender thread's connection, and what it wrote on it lately."""

    def __init__(self) -> None:
        self.socket: socket.socket | None = None
        self.recent: deque[tuple[float, bytes]] = deque()  # (when written, frame)
        self.checked = time.monotonic()  # when the collector was last seen connected
        self.backoff = MIN_BACKOFF
        self.in_outage = False

    def close(self) -> None:
        if self.socket is not None:
            with contextlib.suppress(OSError):
                self.socket.close()
        self.socket = None
        self.recent.clear()


class Sender:
    """A buffer of framed messages and the daemon thread that writes them out."""

    def __init__(self, destination: Destination, capacity: int, flush_timeout: float) -> None:
        self.destination = destination
        self.capacity = capacity
        self.flush_timeout = flush_timeout
        self.users = 0
        self.dropped = 0
        self.written = 0  # frames written to a socket, resends included
        self.resent = 0  # frames written again after a break
        self.outages = 0
        self._reset()

    def _reset(self) -> None:
        """Fresh state: at creation, and in a forked child (the parent's thread is not there)."""
        self._pid = os.getpid()
        self._pending: deque[bytes] = deque()
        self._wake = threading.Event()
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._busy = False  # a batch taken from _pending is being written
        self._stop_at: float | None = None

    def submit(self, frame: bytes) -> None:
        """Queue one frame; never blocks on the network. Counted as dropped when full."""
        if self._pid != os.getpid():
            self._reset()
        if len(self._pending) >= self.capacity:
            with self._lock:
                self.dropped += 1
            return
        self._pending.append(frame)
        if self._thread is None:
            self._start()
        if not self._wake.is_set():
            self._wake.set()

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._stop_at = None
                self._released.clear()
                self._thread = threading.Thread(
                    target=self._run, name=f"logkit-syslog {self.destination.describe()}",
                    daemon=True,
                )  # fmt: skip
                self._thread.start()

    @property
    def pending(self) -> int:
        return len(self._pending) + self._busy

    def drain(self, timeout: float) -> bool:
        """Wait until every queued frame is written (True) or ``timeout`` passes (False)."""
        deadline = time.monotonic() + timeout
        while self.pending and self._thread is not None:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.002)
        return not self.pending

    def release(self) -> None:
        """One handler less; the last one lets the thread finish the buffer, then stop."""
        with self._lock:
            self.users -= 1
            if self.users <= 0:
                self._stop_at = time.monotonic() + self.flush_timeout
                self._released.set()
        self._wake.set()

    def _stopping(self) -> bool:
        stop_at = self._stop_at
        return stop_at is not None and (not self._pending or time.monotonic() >= stop_at)

    def _run(self) -> None:
        link = _Link()
        try:
            while not self._stopping():
                if link.socket is None:
                    self._connect(link)
                elif self.destination.transport != "udp" and (closed := _peer_closed(link.socket)):
                    self._broken(link, [], reset=bool(closed & ~(_RDHUP or select.POLLIN)))
                else:
                    link.checked = time.monotonic()
                    self._send_batch(link, link.socket)
        finally:
            link.close()
            with self._lock:
                self.dropped += len(self._pending)
                self._pending.clear()
                self._thread = None

    def _connect(self, link: _Link) -> None:
        started = time.monotonic()
        try:
            link.socket = self.destination.connect()
        except (OSError, ValueError) as error:
            if not link.in_outage:
                link.in_outage = True
                self._warn(error)
            # Records arriving do not cut the pause short; a release does.
            pause = min(link.backoff, MAX_BACKOFF) - (time.monotonic() - started)
            link.backoff *= 2
            self._released.wait(max(pause, 0.0))
            return
        link.in_outage, link.backoff, link.checked = False, MIN_BACKOFF, time.monotonic()

    def _send_batch(self, link: _Link, connection: socket.socket) -> None:
        batch = self._take_batch()
        if not batch:
            self._wake.clear()
            if not self._pending:
                self._wake.wait(IDLE_POLL)
            return
        try:
            self._write(connection, batch)
        except (OSError, ValueError):
            self._broken(link, batch, reset=True)
            return
        finally:
            self._busy = False
        if self.destination.transport != "udp":
            now = time.monotonic()
            link.recent.extend((now, frame) for frame in batch)
            while link.recent and (
                link.recent[0][0] < now - RESEND_WINDOW or len(link.recent) > BATCH_BYTES
            ):
                link.recent.popleft()

    def _take_batch(self) -> list[bytes]:
        batch: list[bytes] = []
        size = 0
        self._busy = True
        while self._pending and size < BATCH_BYTES:
            frame = self._pending.popleft()
            batch.append(frame)
            size += len(frame)
            if self.destination.transport == "udp":
                break
        if not batch:
            self._busy = False
        return batch

    def _write(self, connection: socket.socket, batch: list[bytes]) -> None:
        if self.destination.transport == "udp":
            with contextlib.suppress(ConnectionRefusedError):  # nobody listening: UDP drops it
                connection.send(batch[0])
        else:
            connection.sendall(b"".join(batch))
        self.written += len(batch)

    def _broken(self, link: _Link, unsent: list[bytes], *, reset: bool) -> None:
        """Close a broken connection; queue again, first, what the collector may have lost.

        The collector was still there at ``link.checked``. After a clean close
        (FIN) it had read everything, so only what was written after that
        check can be lost; after a reset, what it had not read yet is lost too:
        what was written in the ``RESEND_WINDOW`` before the check.
        """
        since = link.checked - RESEND_WINDOW if reset else link.checked
        again = [frame for written, frame in link.recent if written >= since]
        link.close()
        self.resent += len(again)
        self._pending.extendleft(reversed(again + unsent))
        self.outages += 1

    def _warn(self, error: BaseException) -> None:
        with contextlib.suppress(Exception):
            sys.stderr.write(
                f"logkit: SyslogHandler: collector {self.destination.describe()} unreachable"
                f" ({error}); keeping up to {self.capacity} records and retrying\n"
            )


# -- one sender per destination, flushed at exit -----------------------------

_senders: dict[Destination, Sender] = {}
_senders_lock = threading.Lock()
_live: weakref.WeakSet[Sender] = weakref.WeakSet()


def sender_for(destination: Destination, capacity: int, flush_timeout: float) -> Sender:
    """The destination's sender, shared with the handlers already using it."""
    with _senders_lock:
        sender = _senders.get(destination)
        if sender is None or sender.users <= 0:
            sender = Sender(destination, capacity, flush_timeout)
            _senders[destination] = sender
            _live.add(sender)
        else:  # the newest handler's settings win, as a reload expects
            sender.capacity, sender.flush_timeout = capacity, flush_timeout
        sender.users += 1
        return sender


def release(sender: Sender) -> None:
    with _senders_lock:
        sender.release()
        if sender.users <= 0 and _senders.get(sender.destination) is sender:
            del _senders[sender.destination]


@atexit.register
def _flush_at_exit() -> None:
    """Give every sender until its ``flush_timeout`` (at most) to write what it holds."""
    senders = list(_live)
    if not senders:
        return
    deadline = time.monotonic() + max(sender.flush_timeout for sender in senders)
    for sender in senders:
        sender.drain(max(deadline - time.monotonic(), 0.0))


def _after_fork_in_child() -> None:
    with contextlib.suppress(Exception):
        global _senders_lock  # noqa: PLW0603 - a lock held at fork time stays held in the child
        _senders_lock = threading.Lock()
    for sender in list(_live):
        sender._reset()


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork
    os.register_at_fork(after_in_child=_after_fork_in_child)
