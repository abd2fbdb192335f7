"""RFC 5424 messages and RFC 6587 frames, byte for byte."""

from __future__ import annotations

import logging
import re

import pytest

from logkit.handlers._rfc5424 import (
    MessageHeader,
    header_field,
    octet_counted,
    severity_of,
    structured_data,
    timestamp,
)


@pytest.mark.parametrize(
    ("level", "severity"),
    [(5, 7), (logging.DEBUG, 7), (logging.INFO, 6), (25, 6), (logging.WARNING, 4),
     (logging.ERROR, 3), (logging.CRITICAL, 2), (60, 2)],
)  # fmt: skip
def test_severity_from_level(level: int, severity: int):
    assert severity_of(level) == severity


def test_header_fields_are_printable_ascii_bounded_or_a_dash():
    assert header_field("my app", "app_name") == "my_app"
    assert header_field("ünï", "app_name") == "_n_"
    assert header_field("x" * 60, "app_name") == "x" * 48
    assert header_field("", "msgid") == "-"


def record(name: str = "a.b", msg: str = "hello", level: int = logging.ERROR) -> logging.LogRecord:
    made = logging.LogRecord(name, level, __file__, 1, msg, None, None)
    made.created = 1_700_000_000.25
    made.process = 4242
    return made


def test_structured_data_escapes_and_carries_rank():
    plain = record('we"ird]\\name')
    assert structured_data(plain, "logkit@32473") == r'[logkit@32473 logger="we\"ird\]\\name"]'
    ranked = record()
    ranked.rank, ranked.world_size = 2, 4
    assert structured_data(ranked, "x@1") == '[x@1 logger="a.b" rank="2" world_size="4"]'


def test_timestamp_is_rfc3339_with_microseconds_and_offset():
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.250000[+-]\d\d:\d\d", timestamp(1_700_000_000.25)
    )


def test_a_whole_message_and_its_frame():
    header = MessageHeader(facility=16, hostname="web 1", app_name="shop", msgid="-", sd_id="s@1")
    message = header.message(record(), "line one\nline two ☃")
    stamp = timestamp(1_700_000_000.25)
    expected = f'<131>1 {stamp} web_1 shop 4242 - [s@1 logger="a.b"] line one\nline two ☃'
    assert message == expected.encode()
    assert octet_counted(message) == b"%d " % len(message) + message


def test_a_distributed_launch_puts_the_rank_in_the_structured_data() -> None:
    from logkit._launch import Launch
    from logkit.handlers._rfc5424 import structured_data

    record = logging.LogRecord("train", logging.INFO, __file__, 1, "m", None, None)
    assert structured_data(record, "x@1") == '[x@1 logger="train"]'
    launched = structured_data(record, "x@1", Launch(3, 8))
    assert launched == '[x@1 logger="train" rank="3" world_size="8"]'
    record.rank = 5  # the record's own (extra=) wins
    assert 'rank="5"' in structured_data(record, "x@1", Launch(3, 8))
