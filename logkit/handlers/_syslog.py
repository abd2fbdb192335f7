"""``SyslogHandler``: RFC 5424 records to a syslog collector, never stalling the program."""

from __future__ import annotations

import logging
import os
import socket
import ssl
import sys

from logkit.handlers import _syslog_sender
from logkit.handlers._rfc5424 import DEFAULT_SD_ID, FACILITIES, MessageHeader, octet_counted

TRANSPORTS = ("tcp", "udp", "tls")
DEFAULT_PORTS = {"tcp": 514, "udp": 514, "tls": 6514}
DEFAULT_CAPACITY = 10_000
DEFAULT_FLUSH_TIMEOUT = 2.0
_SD_NAME_FORBIDDEN = set('= ]"')


class SyslogHandler(logging.Handler):
    """Send records as RFC 5424 syslog messages to a collector (rsyslog, syslog-ng, ...).

    Over ``tcp`` (the default) and ``tls`` each message is octet-counted
    (RFC 6587), so multi-line messages such as tracebacks arrive whole; over
    ``udp`` each is one datagram. A daemon thread does the sending: ``emit``
    formats the record and queues it, and returns in microseconds whether the
    collector is up, down or hanging.

    While the collector is away, records wait in a buffer of ``capacity``
    records (10,000 by default) and are sent in order when it is back;
    reconnect tries back off from 50 ms to at most one second apart. One line
    on stderr reports each outage; records that find the buffer full are
    dropped and counted in :attr:`dropped`. Delivery over TCP and TLS is at
    least once: what was written in the 50 ms before the collector went away is
    sent again, since a stopping collector discards what it had not read. At
    interpreter exit the handler waits up to ``flush_timeout`` seconds (2 by
    default) for the buffer to be written.

    Handlers naming the same destination share one buffer and thread, so a
    live reload or a failed configure loses nothing.

    Args:
        host: The collector's address.
        port: Its port; 0 (the default) means 514 for tcp and udp, 6514 for tls.
        transport: ``"tcp"``, ``"udp"`` or ``"tls"``.
        facility: A syslog facility name (``"user"``, ``"local0"`` ...) or number.
        app_name: APP-NAME; the program's file name by default.
        hostname: HOSTNAME; this machine's name by default.
        msgid: MSGID when a record has no ``msgid`` attribute (``-`` by default).
        sd_id: The SD-ID of the structured data (logger, rank, world_size).
        capacity: How many records may wait for the collector.
        flush_timeout: Seconds to wait at exit for the buffer to be written.
        ca_file: ``tls``: CA certificates to verify the collector with (else the system's).
        verify: ``tls``: verify the collector's certificate and name (True by default).
        cert_file: ``tls``: a client certificate, for collectors that ask for one.
        server_hostname: ``tls``: the name to verify, when it differs from ``host``.
        level: The handler's level, as for any handler.

    Raises:
        ValueError: An unknown transport or facility, or a bad ``sd_id``.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        transport: str = "tcp",
        *,
        facility: str | int = "user",
        app_name: str | None = None,
        hostname: str | None = None,
        msgid: str = "-",
        sd_id: str = DEFAULT_SD_ID,
        capacity: int = DEFAULT_CAPACITY,
        flush_timeout: float = DEFAULT_FLUSH_TIMEOUT,
        ca_file: str | None = None,
        verify: bool = True,
        cert_file: str | None = None,
        key_file: str | None = None,
        server_hostname: str | None = None,
        level: int | str = logging.NOTSET,
    ) -> None:
        if transport not in TRANSPORTS:
            raise ValueError(f"transport must be one of {', '.join(TRANSPORTS)}, not {transport!r}")
        if isinstance(facility, str):
            if facility not in FACILITIES:
                known = ", ".join(FACILITIES)
                raise ValueError(f"unknown syslog facility {facility!r} (one of {known})")
            facility = FACILITIES[facility]
        if not sd_id or len(sd_id) > 32 or _SD_NAME_FORBIDDEN & set(sd_id) or not sd_id.isascii():
            raise ValueError(
                f"sd_id must be 1-32 printable ASCII characters without = ] \" or space,"
                f" not {sd_id!r}"
            )
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        super().__init__(level)
        self.transport = transport
        self.header = MessageHeader(
            facility=facility,
            hostname=hostname or socket.gethostname(),
            app_name=app_name or os.path.basename((sys.argv[:1] or [""])[0]) or "python",
            msgid=msgid,
            sd_id=sd_id,
        )
        context = None
        if transport == "tls":
            context = ssl.create_default_context(cafile=ca_file)
            if not verify:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            if cert_file:
                context.load_cert_chain(cert_file, key_file)
        destination = _syslog_sender.Destination(
            host, port or DEFAULT_PORTS[transport], transport, context, server_hostname
        )
        self._sender: _syslog_sender.Sender | None = _syslog_sender.sender_for(
            destination, capacity, flush_timeout
        )
        self._destination = destination

    @property
    def dropped(self) -> int:
        """Records dropped because the buffer was full (shared by handlers of one destination)."""
        sender = self._sender
        return sender.dropped if sender is not None else 0

    @property
    def pending(self) -> int:
        """Records waiting to be written to the collector."""
        sender = self._sender
        return sender.pending if sender is not None else 0

    def emit(self, record: logging.LogRecord) -> None:
        sender = self._sender
        if sender is None:  # closed: a late record from a thread still holding us
            return
        try:
            message = self.header.message(record, self.format(record))
        except Exception:  # noqa: BLE001 - a log call must never raise; handleError reports
            self.handleError(record)
            return
        sender.submit(message if self.transport == "udp" else octet_counted(message))

    def drain(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for queued records to be written (True if all were)."""
        sender = self._sender
        return sender.drain(timeout) if sender is not None else True

    def close(self) -> None:
        """Detach from the destination's sender; never waits for the network.

        The last handler of a destination lets the sender finish its buffer in
        the background (for at most ``flush_timeout`` seconds).
        """
        self.acquire()
        try:
            sender, self._sender = self._sender, None
        finally:
            self.release()
        if sender is not None:
            _syslog_sender.release(sender)
        super().close()

    def __repr__(self) -> str:
        level = logging.getLevelName(self.level)
        return f"<{type(self).__name__} {self._destination.describe()} ({level})>"

