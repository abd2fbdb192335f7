"""What logkit's handlers do for every record, in fewer steps and the same result.

:func:`handle_record` is ``logging.Handler.handle``: the filters, then
``acquire()``, ``emit()`` and ``release()``; the lock methods are two Python
calls per record around what one ``with`` on the lock does, so it does the
same work in one call for a handler whose class keeps ``Handler``'s
``acquire`` and ``release`` (and defers to ``Handler.handle`` otherwise), and
it skips the call to ``filter()`` when the handler has no filters and its
class keeps ``Handler.filter``.

:func:`format_record` is ``Formatter.format``. A plain ``logging.Formatter``
spends about a third of a file handler's time on ``formatTime``: ``localtime``
and ``strftime`` for every record, although the text changes once a second
(the milliseconds are added with ``%`` afterwards). It does what
``Formatter.format`` does, step for step, and takes the time text from a
per-second cache when that is provably the same text: the formatter is
exactly ``logging.Formatter`` (no subclass, no method replaced on the
instance), its converter is ``time.localtime`` or ``time.gmtime`` (whose
answer depends only on the whole second, and on the time zone, which is part
of the key), and the date format uses only directives that the locale cannot
change. Anything else gets ``formatter.format(record)``.

:func:`message_only` says when a formatter's text is the record's message and
nothing else, for the Rich console's ``%(message)s``.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from functools import lru_cache
from logging import Handler, LogRecord

from logkit._private import percent_format

__all__ = ["format_record", "handle_record", "message_only"]

_Formatter = logging.Formatter
_PercentStyle = logging.PercentStyle
_LOCALTIME = time.localtime
_GMTIME = time.gmtime

# What a plain Formatter instance may hold: what its constructor sets, and the
# documented per-instance settings (read on every record, never cached). A method
# set on the instance (formatter.formatTime = ...) is not plain.
_PLAIN_ATTRIBUTES = frozenset(
    {"_style", "_fmt", "datefmt", "converter", "default_time_format", "default_msec_format"}
)

# strftime directives whose text depends only on the time tuple (and the time
# zone, for %z and %Z), never on the locale; "%%" is a literal percent sign.
_LOCALE_FREE = r"(?:[^%]|%[YmdHMSyjzZFTGuVw%])*"


@lru_cache(maxsize=32)
def _cacheable(time_format: str) -> bool:
    # Compiled here, once per format: not at import, which every configure() pays.
    return re.fullmatch(_LOCALE_FREE, time_format) is not None


# The last time text made: (second, converter, time format, time.tzname, text).
_last_time: list[tuple[float, object, str, object, str]] = [(-1.0, None, "", None, "")]


def _time_text(formatter: logging.Formatter, record: logging.LogRecord) -> str:
    """``formatter.formatTime(record, formatter.datefmt)``, reused within a second."""
    converter = formatter.converter
    created = record.created
    datefmt = formatter.datefmt
    time_format = datefmt or formatter.default_time_format
    last = _last_time[0]
    if (
        last[0] == created // 1  # localtime() and gmtime() round down to the second
        and last[1] is converter
        and last[2] == time_format
        and last[3] is time.tzname  # a new tuple after every time.tzset()
    ):
        text = last[4]
    elif (converter is _LOCALTIME or converter is _GMTIME) and _cacheable(time_format):
        text = time.strftime(time_format, converter(created))
        _last_time[0] = (created // 1, converter, time_format, time.tzname, text)
    else:
        return formatter.formatTime(record, datefmt)
    if datefmt:
        return text
    msec_format = formatter.default_msec_format
    if msec_format:
        return msec_format % (text, record.msecs)
    return text


def format_record(formatter: logging.Formatter, record: logging.LogRecord) -> str:
    """``formatter.format(record)``: the same text and the same record attributes set."""
    if type(formatter) is not _Formatter or not vars(formatter).keys() <= _PLAIN_ATTRIBUTES:
        return formatter.format(record)
    fmt = percent_format(formatter)
    # Formatter.format, with formatTime's text kept per second and formatMessage
    # as PercentStyle.format does it (which says so when a field is missing).
    record.message = record.getMessage()
    if fmt is None:
        if formatter.usesTime():
            record.asctime = _time_text(formatter, record)
        text = formatter.formatMessage(record)
    else:
        if "%(asctime)" in fmt:  # PercentStyle.usesTime
            record.asctime = _time_text(formatter, record)
        try:
            text = fmt % record.__dict__
        except KeyError:
            text = formatter.formatMessage(record)
    if record.exc_info and not record.exc_text:
        # Cache the traceback text to avoid converting it multiple times, as logging does.
        record.exc_text = formatter.formatException(record.exc_info)
    if record.exc_text:
        if text[-1:] != "\n":
            text = text + "\n"
        text = text + record.exc_text
    if record.stack_info:
        if text[-1:] != "\n":
            text = text + "\n"
        text = text + formatter.formatStack(record.stack_info)
    return text


def message_only(formatter: logging.Formatter | None) -> bool:
    """Whether ``formatter.format(record)`` is ``record.getMessage()`` for a record
    without exception or stack text: a plain formatter of exactly ``%(message)s``.
    """
    return (
        type(formatter) is _Formatter
        and vars(formatter).keys() <= _PLAIN_ATTRIBUTES
        and percent_format(formatter) == "%(message)s"
    )


# -- handling --------------------------------------------------------------------

# Per handler class: whether it locks as logging.Handler does (acquire and
# release not replaced) and whether it filters as it does (filter not replaced).
_PLAIN_HANDLING: dict[type[Handler], tuple[bool, bool]] = {}


def _handles_plainly(cls: type[Handler]) -> tuple[bool, bool]:
    """Whether ``cls`` locks, and whether it filters, as ``logging.Handler`` does."""
    known = _PLAIN_HANDLING.get(cls)
    if known is None:
        known = _PLAIN_HANDLING[cls] = (
            cls.acquire is Handler.acquire and cls.release is Handler.release,
            cls.filter is Handler.filter,
        )
    return known


def handle_record(handler: Handler, record: LogRecord) -> bool:
    """``Handler.handle(handler, record)``: the same filters, lock, emit and return value."""
    locks_plainly, filters_plainly = _handles_plainly(type(handler))
    if not locks_plainly:
        return Handler.handle(handler, record)
    if handler.filters or not filters_plainly:
        passed = handler.filter(record)
        if isinstance(passed, LogRecord):  # a filter replaced it (3.12+)
            record = passed
    elif sys.version_info >= (3, 12):  # no filter: what Filterer.filter says, without the call
        passed = record
    else:
        passed = True
    if passed:
        lock = handler.lock
        if lock is None:  # Handler.acquire() does nothing then
            handler.emit(record)
        else:
            with lock:
                handler.emit(record)
    return passed
