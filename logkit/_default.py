"""The scheme logkit ships: used by ``configure()`` when no config file is found.

It is the same scheme as the repository's ``logging.yaml``, ``logging.toml`` and
``logging.config`` (tests keep them equal): plain messages on the console, and
detailed records in ``logs/info.log`` and ``logs/error.log``, rotated at 10 MiB.
"""

from __future__ import annotations

import copy

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

_DETAILED_FORMAT = (
    "%(levelname)s %(asctime)s [%(name)s:%(filename)s:%(funcName)s:%(lineno)d]\n"
    "%(message)s"
)

_DEFAULT_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "minimal": {"format": "%(message)s"},
        "detailed": {"format": _DETAILED_FORMAT},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": "DEBUG",
            "formatter": "minimal",
            "stream": "ext://sys.stdout",
        },
        "info": {
            "class": "logging.handlers.RotatingFileHandler",
            "level": "INFO",
            "formatter": "detailed",
            "filename": "logs/info.log",
            "mode": "a",
            "maxBytes": 10485760,
            "backupCount": 10,
        },
        "error": {
            "class": "logging.handlers.RotatingFileHandler",
            "level": "ERROR",
            "formatter": "detailed",
            "filename": "logs/error.log",
            "mode": "a",
            "maxBytes": 10485760,
            "backupCount": 10,
        },
    },
    "root": {"level": "INFO", "handlers": ["console", "info", "error"]},
}


def default_config() -> dict[str, Any]:
    """A fresh copy of the built-in scheme, safe for the caller to change."""
    return copy.deepcopy(_DEFAULT_CONFIG)
