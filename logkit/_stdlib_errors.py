"""Turning the standard library's configuration failures into ConfigError.

``dictConfig`` reports ``Unable to configure handler 'info'`` with the real
reason (a missing directory, a class that does not import) in the chained
cause. Users need both: which key, and why.
"""

from __future__ import annotations

import re

from ._errors import ConfigError, describe_exception, exception_chain

_SECTION = re.compile(r"Unable to configure (formatter|filter|handler|logger) '([^']*)'")
_ROOT = re.compile(r"Unable to configure root logger")
_DETAIL = re.compile(
    r"Unable to (?:set|add) (formatter|filter|handler|target handler|required handler)"
    r" '([^']*)'"
)
_SECTION_KEYS = {
    "formatter": "formatters",
    "filter": "filters",
    "handler": "handlers",
    "logger": "loggers",
}
_DETAIL_KEYS = {
    "formatter": "formatter",
    "filter": "filters",
    "handler": "handlers",
    "target handler": "target",
    "required handler": "handlers",
}
_WRAPPER = re.compile(r"^Unable to (?:configure|set|add) ")


def _key_from_messages(messages: list[str]) -> str | None:
    key: str | None = None
    for message in messages:
        section = _SECTION.search(message)
        if section and key is None:
            key = f"{_SECTION_KEYS[section.group(1)]}.{section.group(2)}"
            continue
        if _ROOT.search(message) and key is None:
            key = "root"
            continue
        detail = _DETAIL.search(message)
        if detail and key is not None and key.count(".") <= 1:
            key = f"{key}.{_DETAIL_KEYS[detail.group(1)]}"
    return key


def _reason(exc: BaseException) -> str:
    """The first real reason under stdlib's 'Unable to configure X' wrappers.

    Deeper causes are the resolver's internals (``'logging.handlers' is not a
    package``), so they are left in the chained traceback, not the message.
    """
    for current in exception_chain(exc):
        if not _WRAPPER.match(str(current)):
            return describe_exception(current, depth=1)
    return describe_exception(exc, depth=1)


def stdlib_failure(exc: BaseException) -> ConfigError:
    """A ConfigError for an exception raised by dictConfig or fileConfig (not yet located)."""
    key = _key_from_messages([str(current) for current in exception_chain(exc)])
    reason = _reason(exc)
    error = ConfigError(f"rejected by logging.config: {reason}", key=key)
    error.__cause__ = exc
    return error
