"""format_record gives Formatter.format's text and attributes (the per-second time is exact);
handle_record does what Handler.handle does: filters, lock, emit, return value."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import pytest

from logkit.handlers._per_record import format_record, handle_record, message_only

DETAILED = "%(levelname)s %(asctime)s [%(name)s:%(filename)s:%(funcName)s:%(lineno)d]\n%(message)s"


def make_record(created: float, **attributes: Any) -> logging.LogRecord:
    record = logging.LogRecord(
        "app", logging.ERROR, "/src/app.py", 7, "order %d: %s", (3, "late"), None, "serve"
    )
    record.created = created
    record.msecs = int((created - int(created)) * 1000) + 0.0
    for name, value in attributes.items():
        setattr(record, name, value)
    return record


def formatted_twice(formatter: logging.Formatter, record: logging.LogRecord) -> tuple[Any, Any]:
    """(text, attributes) from logging and from format_record, on copies of one record."""
    ours = logging.makeLogRecord(vars(record))
    theirs = logging.makeLogRecord(vars(record))
    return (
        (format_record(formatter, ours), vars(ours)),
        (formatter.format(theirs), vars(theirs)),
    )


class Shouting(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return "NOW"


def instance_time(formatter: logging.Formatter) -> logging.Formatter:
    formatter.formatTime = lambda record, datefmt=None: "INSTANCE"  # type: ignore[method-assign]
    return formatter


def converted(formatter: logging.Formatter, converter: Any) -> logging.Formatter:
    formatter.converter = converter
    return formatter


def without_msecs(formatter: logging.Formatter) -> logging.Formatter:
    formatter.default_msec_format = None  # type: ignore[assignment]
    return formatter


def doubling_converter(seconds: float | None) -> time.struct_time:
    """A converter whose answer changes within a second: not cacheable."""
    return time.gmtime(0 if seconds is None else seconds * 2)


FORMATTERS = {
    "detailed": logging.Formatter(DETAILED),
    "datefmt": logging.Formatter(DETAILED, datefmt="%Y%m%d %H:%M:%S %z"),
    "locale-datefmt": logging.Formatter("%(asctime)s %(message)s", datefmt="%a %b %d %H:%M"),
    "no-msecs": without_msecs(logging.Formatter(DETAILED)),
    "gmtime": converted(logging.Formatter(DETAILED), time.gmtime),
    "own-converter": converted(logging.Formatter(DETAILED), doubling_converter),
    "subclass": Shouting(DETAILED),
    "instance-formatTime": instance_time(logging.Formatter(DETAILED)),
    "defaults": logging.Formatter("%(asctime)s %(message)s %(rank)s", defaults={"rank": 0}),
    "brace": logging.Formatter("{asctime} {message}", style="{"),
    "no-time": logging.Formatter("%(name)s %(message)s"),
}


@pytest.mark.parametrize("formatter", FORMATTERS.values(), ids=FORMATTERS.keys())
def test_the_same_text_and_attributes_as_logging(formatter: logging.Formatter) -> None:
    # Records within one second, across it, and again: the cache must follow.
    for created in (1_700_000_000.25, 1_700_000_000.75, 1_700_000_001.5, 1_700_000_000.5):
        ours, theirs = formatted_twice(formatter, make_record(created))
        assert ours == theirs


@pytest.mark.parametrize(
    "attributes",
    [
        {"exc_text": "Traceback (most recent call last):\nValueError: x"},
        {"stack_info": "Stack (most recent call last):"},
        {"msg": "ends with a newline\n", "args": ()},
    ],
    ids=["exc-text", "stack-info", "newline"],
)
def test_exception_and_stack_text_are_appended_as_logging_does(attributes: dict[str, Any]) -> None:
    ours, theirs = formatted_twice(logging.Formatter(DETAILED), make_record(5.5, **attributes))
    assert ours == theirs


def test_a_real_exception_is_formatted_once_and_kept() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("app", 40, __file__, 1, "failed", None, sys.exc_info())
    text = format_record(logging.Formatter("%(message)s"), record)
    assert record.exc_text and text == f"failed\n{record.exc_text}"


def test_a_missing_field_fails_as_logging_does() -> None:
    with pytest.raises(ValueError, match="Formatting field not found"):
        format_record(logging.Formatter("%(nope)s"), make_record(1.0))


def test_the_time_zone_changed_within_a_second_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    formatter = logging.Formatter("%(asctime)s")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert format_record(formatter, make_record(3600.25)).startswith("1970-01-01 01:00:00")
        monkeypatch.setenv("TZ", "Asia/Kolkata")
        time.tzset()
        assert format_record(formatter, make_record(3600.5)).startswith("1970-01-01 06:30:00")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_message_only_is_exactly_a_plain_message_format() -> None:
    assert message_only(logging.Formatter("%(message)s"))
    assert message_only(logging.Formatter())  # the default format is %(message)s
    assert not message_only(None)
    for formatter in (
        logging.Formatter("%(message)s!"),
        logging.Formatter("{message}", style="{"),
        logging.Formatter("%(message)s", defaults={"x": 1}),
        Shouting("%(message)s"),
        instance_time(logging.Formatter("%(message)s")),
    ):
        assert not message_only(formatter)


def test_only_locale_free_date_formats_are_cached() -> None:
    from logkit.handlers._per_record import _cacheable

    assert _cacheable("%Y-%m-%d %H:%M:%S")
    assert _cacheable("%Y%m%dT%H%M%S%z %%")
    for localized in ("%a %H:%M", "%b %d", "%c", "%x", "%X", "%p", "%H:%M %f"):
        assert not _cacheable(localized)


# -- handle_record ---------------------------------------------------------------


class Collecting(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.emitted: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        assert self.lock is None or self.lock._is_owned()  # type: ignore[attr-defined]
        self.emitted.append(record)


def plain_record(msg: str = "hello") -> logging.LogRecord:
    return logging.LogRecord("app", logging.INFO, __file__, 1, msg, None, None)


def both(handler_factory: type[Collecting], configure: object = None) -> list[object]:
    """What handle_record and Handler.handle return and emit, on twin handlers."""
    results = []
    for handle in (handle_record, logging.Handler.handle):
        handler = handler_factory()
        if callable(configure):
            configure(handler)
        record = plain_record()
        returned = handle(handler, record)
        results.append(
            (
                returned is record if isinstance(returned, logging.LogRecord) else returned,
                [emitted.getMessage() for emitted in handler.emitted],
            )
        )
    return results


def test_without_filters_it_emits_and_returns_what_logging_returns() -> None:
    ours, theirs = both(Collecting)
    assert ours == theirs
    assert ours[1] == ["hello"]


def test_a_filter_that_rejects_stops_the_record() -> None:
    ours, theirs = both(Collecting, lambda handler: handler.addFilter(lambda record: False))
    assert ours == theirs == (False, [])


@pytest.mark.skipif(sys.version_info < (3, 12), reason="filters return records from 3.12")
def test_a_filter_that_returns_a_record_replaces_it() -> None:
    replacement = plain_record("replaced")
    ours, theirs = both(Collecting, lambda handler: handler.addFilter(lambda record: replacement))
    assert ours == theirs
    assert ours[1] == ["replaced"]


def test_a_handler_without_a_lock_still_emits() -> None:
    def drop_lock(handler: Collecting) -> None:
        handler.lock = None

    if sys.version_info >= (3, 13):  # Handler.handle uses `with self.lock`: None fails there
        handler = Collecting()
        drop_lock(handler)
        assert handle_record(handler, plain_record())  # the record itself, from 3.12
        assert [emitted.getMessage() for emitted in handler.emitted] == ["hello"]
        return
    ours, theirs = both(Collecting, drop_lock)
    assert ours == theirs == (True, ["hello"])


def test_a_class_with_its_own_acquire_gets_it_called() -> None:
    class Counting(Collecting):
        acquired = 0

        def acquire(self) -> None:
            self.acquired += 1
            super().acquire()

    handler, twin = Counting(), Counting()
    handle_record(handler, plain_record())
    logging.Handler.handle(twin, plain_record())
    # Called exactly as the standard library calls it (up to 3.12; 3.13 takes the lock directly).
    assert (handler.acquired, len(handler.emitted)) == (twin.acquired, 1)


def test_a_class_with_its_own_filter_gets_it_called_without_filters() -> None:
    class Rejecting(Collecting):
        def filter(self, record: logging.LogRecord) -> bool:
            return "secret" not in record.getMessage()

    handler = Rejecting()
    assert not handler.filters
    assert handle_record(handler, plain_record("a secret")) is False
    assert handle_record(handler, plain_record("public"))
    assert [emitted.getMessage() for emitted in handler.emitted] == ["public"]
