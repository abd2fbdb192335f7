"""Console markup from the message template only, never from the data logged with it.

``RichHandler`` parses markup in the formatted message, arguments included: a
logged URL path such as ``"[/api/users]"`` raises ``MarkupError`` (the record
is lost), and an argument like ``"[link=https://evil]"`` or ``"[red]"`` turns
into a real hyperlink or colour on the terminal. Here, when markup is on,
arguments are escaped (``rich.markup.escape``) before ``%``-formatting, and a
template whose own markup is invalid is printed as plain text.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from logging import LogRecord

from rich.console import ConsoleRenderable
from rich.errors import MarkupError
from rich.logging import RichHandler
from rich.markup import escape
from rich.text import Text

__all__ = ["TemplateMarkupHandler", "escaped_arguments", "may_hold_markup", "text_from_template"]


class _Escaped:
    """An argument whose ``%s`` and ``%r`` forms have their markup escaped."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        return escape(str(self.value))

    def __repr__(self) -> str:
        return escape(repr(self.value))


def _escaped(value: object) -> object:
    return _Escaped(value) if _needs_escape(value) else value


def _needs_escape(value: object) -> bool:
    if isinstance(value, str):
        return "[" in value
    # Numbers keep their type for %d, %f and friends; their text holds no tag.
    # A list, dict or other object may show a string with brackets.
    return not (value is None or isinstance(value, numbers.Number))


# Types tested first, without the slower ABC check: the usual arguments.
_NO_MARKUP_TYPES = frozenset({int, float, bool, type(None)})


def escaped_arguments(
    args: tuple[object, ...] | Mapping[str, object],
) -> tuple[object, ...] | dict[str, object] | None:
    """``args`` with markup in each argument escaped, or ``None`` if none needs it."""
    values = args if isinstance(args, tuple) else args.values()
    for value in values:
        if type(value) not in _NO_MARKUP_TYPES and _needs_escape(value):
            break
    else:
        return None
    if isinstance(args, tuple):
        return tuple(map(_escaped, args))
    return {key: _escaped(value) for key, value in args.items()}


def may_hold_markup(message: str) -> bool:
    """Whether ``Text.from_markup`` could differ from ``Text``: a tag or an ``:emoji:`` code."""
    return "[" in message or message.count(":") >= 2


def text_from_template(message: str) -> Text:
    """``Text.from_markup``, or the message as plain text when its markup is invalid."""
    try:
        return Text.from_markup(message)
    except MarkupError:
        return Text.from_markup(escape(message))


class TemplateMarkupHandler(RichHandler):
    """``RichHandler`` with markup taken from the template only (see the module doc)."""

    def format(self, record: LogRecord) -> str:
        """Format ``record``, its arguments escaped when markup is on for it."""
        args = record.args
        if args and getattr(record, "markup", self.markup):
            escaped = escaped_arguments(args)
            if escaped is not None:
                record.args = escaped
                try:
                    formatted = RichHandler.format(self, record)
                finally:
                    record.args = args
                record.message = record.getMessage()  # unescaped, for handlers after us
                return formatted
        return RichHandler.format(self, record)

    def render_message(self, record: LogRecord, message: str) -> ConsoleRenderable:
        """``RichHandler.render_message``; invalid template markup prints as plain text."""
        try:
            return super().render_message(record, message)
        except MarkupError:
            return super().render_message(record, escape(message))
