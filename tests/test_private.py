"""The accessors for the standard library's private ``logging`` names read what they name.

Whether each name still exists and means the same is checked, with the rich and
tqdm names, in test_private_check.py.
"""

from __future__ import annotations

import logging
import sys
import weakref

from logkit import _private


def test_the_registry_accessors_read_loggings_own_objects() -> None:
    handler = logging.Handler()
    handler.set_name("probe")
    try:
        assert _private.handlers_by_name()["probe"] is handler
        assert any(reference() is handler for reference in _private.handler_references())
        assert all(isinstance(ref, weakref.ReferenceType) for ref in _private.handler_references())
    finally:
        handler.close()
    assert _private.level_numbers()["WARNING"] == logging.WARNING
    assert _private.logging_lock() is vars(logging)["_lock"]


def test_format_defaults_fill_fields_a_record_lacks() -> None:
    formatter = logging.Formatter("%(app)s %(message)s")
    assert _private.format_string(formatter) == "%(app)s %(message)s"
    assert _private.percent_format(formatter) == "%(app)s %(message)s"
    _private.add_format_defaults(formatter, {"app": "web"})
    assert _private.percent_format(formatter) is None  # it has defaults now
    record = logging.LogRecord("app", logging.INFO, __file__, 1, "hi", None, None)
    assert formatter.format(record) == "web hi"
    record.app = "cli"  # the record's own attribute wins
    assert formatter.format(record) == "cli hi"


def test_a_closed_handler_is_seen_as_closed() -> None:
    handler = logging.Handler()
    assert not _private.handler_is_closed(handler)
    handler.close()
    assert _private.handler_is_closed(handler)


def test_a_frame_calling_handlers_names_the_logger_and_the_handler() -> None:
    seen: list[tuple[object, object] | None] = []

    class Spy(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            frame = sys._getframe()
            while frame.f_back is not None and _private.handler_being_called(frame) is None:
                frame = frame.f_back
            seen.append(_private.handler_being_called(frame))

    logger = logging.Logger("spied")
    spy = Spy()
    logger.addHandler(spy)
    logger.warning("hello")
    assert seen == [(logger, spy)]
    assert _private.handler_being_called(sys._getframe()) is None
