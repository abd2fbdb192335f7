"""A plain-data picture of the live logging state, for comparing configurations.

Two configurations mean the same logging when applying each produces equal
pictures: the same loggers with the same levels, propagation and disabled flags,
the same handlers (by class, level, formatter and destination) and formatters.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from typing import Any

# Attributes that say where and how a handler writes, by handler class.
_DESTINATION_ATTRIBUTES = (
    "baseFilename",
    "mode",
    "encoding",
    "delay",
    "maxBytes",
    "backupCount",
    "when",
    "interval",
    "utc",
    "atTime",
    "capacity",
    "flushLevel",
    "flushOnClose",
    "host",
    "port",
    "address",
    "facility",
    "socktype",
    "mailhost",
    "mailport",
    "fromaddr",
    "toaddrs",
    "subject",
    "secure",
    "timeout",
    "url",
    "method",
    "terminator",
)


def describe_formatter(formatter: logging.Formatter | None) -> dict[str, Any] | None:
    if formatter is None:
        return None
    style = formatter._style
    return {
        "class": f"{type(formatter).__module__}.{type(formatter).__qualname__}",
        "format": style._fmt,
        "style": type(style).__name__,
        "datefmt": formatter.datefmt,
        "defaults": getattr(style, "_defaults", None),
    }


def describe_filters(filterer: logging.Filterer) -> list[Any]:
    described: list[Any] = []
    for f in filterer.filters:
        if isinstance(f, logging.Filter):
            described.append({"class": type(f).__qualname__, "name": f.name})
        else:
            described.append(repr(type(f)))
    return described


def describe_handler(handler: logging.Handler) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": handler.get_name(),
        "class": f"{type(handler).__module__}.{type(handler).__qualname__}",
        "level": handler.level,
        "formatter": describe_formatter(handler.formatter),
        "filters": describe_filters(handler),
    }
    for attribute in _DESTINATION_ATTRIBUTES:
        if attribute in handler.__dict__:
            value = handler.__dict__[attribute]
            if attribute == "baseFilename":
                value = os.path.normcase(value)
            described[attribute] = value
    stream = getattr(handler, "stream", None)
    if stream is not None and not isinstance(handler, logging.FileHandler):
        described["stream"] = getattr(stream, "name", repr(type(stream)))
    target = getattr(handler, "target", None)
    if isinstance(target, logging.Handler):
        described["target"] = target.get_name()
    return described


def describe_logger(logger: logging.Logger) -> dict[str, Any]:
    return {
        "level": logger.level,
        "propagate": logger.propagate,
        "disabled": logger.disabled,
        "handlers": [describe_handler(h) for h in logger.handlers],
        "filters": describe_filters(logger),
    }


def logging_state() -> dict[str, Any]:
    """Describe the root logger and every named logger that exists now."""
    manager = logging.root.manager
    loggers = {
        name: describe_logger(logger)
        for name, logger in sorted(manager.loggerDict.items())
        if isinstance(logger, logging.Logger)
    }
    return {"root": describe_logger(logging.root), "loggers": loggers}
