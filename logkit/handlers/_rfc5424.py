"""RFC 5424 syslog messages from log records, and RFC 6587 octet-counted frames.

A message is ``<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG``:

- PRI is ``facility * 8 + severity``, the severity read from the record's level
  (:func:`severity_of`);
- TIMESTAMP is the record's creation time, local, to the microsecond, with its
  UTC offset (``2024-05-01T12:00:00.123456+02:00``);
- HOSTNAME, APP-NAME, PROCID and MSGID are printable US-ASCII without spaces,
  cut to the RFC's lengths, ``-`` when empty;
- one SD-ELEMENT carries the logger name, and ``rank``/``world_size`` when
  known: set on the record, else read from a distributed launch's variables;
- MSG is the formatted record in UTF-8 without a BOM, newlines included: a
  traceback stays one message. Octet-counted framing (``LEN SP MESSAGE``) is
  what lets a TCP collector find its end.
"""

from __future__ import annotations

import logging
import time

from logkit._launch import Launch, detect_launch

# RFC 5424 6.2.1: the syslog severities, from the logging levels at or above each.
_SEVERITIES = (
    (logging.CRITICAL, 2),  # Critical
    (logging.ERROR, 3),  # Error
    (logging.WARNING, 4),  # Warning
    (logging.INFO, 6),  # Informational
)
_DEBUG_SEVERITY = 7

FACILITIES = {
    "kern": 0, "user": 1, "mail": 2, "daemon": 3, "auth": 4, "syslog": 5, "lpr": 6,
    "news": 7, "uucp": 8, "cron": 9, "authpriv": 10, "ftp": 11,
    **{f"local{n}": 16 + n for n in range(8)},
}  # fmt: skip

# Private Enterprise Number 32473 is reserved for documentation (RFC 5612).
DEFAULT_SD_ID = "logkit@32473"

# RFC 5424 6: field lengths.
_LIMITS = {"hostname": 255, "app_name": 48, "procid": 128, "msgid": 32}


def severity_of(level: int) -> int:
    """The syslog severity of a logging level: CRITICAL 2, ERROR 3, WARNING 4, INFO 6, else 7."""
    for threshold, severity in _SEVERITIES:
        if level >= threshold:
            return severity
    return _DEBUG_SEVERITY


def header_field(value: object, field: str) -> str:
    """A header field as RFC 5424 allows it: printable US-ASCII, no space, bounded, or ``-``."""
    text = "".join(c if "!" <= c <= "~" else "_" for c in str(value))[: _LIMITS[field]]
    return text or "-"


def _sd_param(value: object) -> str:
    # RFC 5424 6.3.3: '"', '\' and ']' are escaped inside PARAM-VALUE.
    text = str(value)
    if '"' in text or "\\" in text or "]" in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")
    return text


_SINGLE_PROCESS = Launch()


def structured_data(
    record: logging.LogRecord, sd_id: str, launch: Launch = _SINGLE_PROCESS
) -> str:
    """The SD-ELEMENT: the logger name, and the rank and world size when known.

    Known: set on the record (``extra={"rank": ...}``), else the distributed
    launch this process is part of (:mod:`logkit._launch`).
    """
    params = f'logger="{_sd_param(record.name)}"'
    rank = getattr(record, "rank", None)
    world_size = getattr(record, "world_size", None)
    if rank is None and launch.distributed:
        rank, world_size = launch
    if rank is not None:
        params += f' rank="{_sd_param(rank)}"'
    if world_size is not None:
        params += f' world_size="{_sd_param(world_size)}"'
    return f"[{sd_id} {params}]"


def timestamp(created: float) -> str:
    """RFC 3339 local time with microseconds and the UTC offset."""
    local = time.localtime(created)
    offset = local.tm_gmtoff // 60
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset), 60)
    micros = int((created % 1) * 1_000_000)
    zone = f"{sign}{hours:02d}:{minutes:02d}"
    return f"{time.strftime('%Y-%m-%dT%H:%M:%S', local)}.{micros:06d}{zone}"


class MessageHeader:
    """The fixed parts of a handler's messages, checked and cleaned once."""

    __slots__ = ("app_name", "facility", "hostname", "launch", "msgid", "sd_id")

    def __init__(
        self, facility: int, hostname: str, app_name: str, msgid: str, sd_id: str
    ) -> None:
        self.facility = facility
        self.hostname = header_field(hostname, "hostname")
        self.app_name = header_field(app_name, "app_name")
        self.msgid = header_field(msgid, "msgid")
        self.sd_id = sd_id
        self.launch = detect_launch()

    def message(self, record: logging.LogRecord, body: str) -> bytes:
        """The RFC 5424 message for ``record`` with ``body`` as its MSG, in UTF-8."""
        pri = self.facility * 8 + severity_of(record.levelno)
        msgid = getattr(record, "msgid", None)
        head = (
            f"<{pri}>1 {timestamp(record.created)} {self.hostname} {self.app_name} "
            f"{header_field(record.process or '-', 'procid')} "
            f"{header_field(msgid, 'msgid') if msgid else self.msgid} "
            f"{structured_data(record, self.sd_id, self.launch)} "
        )
        return (head + body).encode("utf-8", "backslashreplace")


def octet_counted(message: bytes) -> bytes:
    """RFC 6587 3.4.1 framing: the length in decimal, a space, the message."""
    return b"%d %s" % (len(message), message)
