"""Checking a config without touching the running program's logging."""

from __future__ import annotations

import copy
import inspect
import logging
import logging.config
import os
import pkgutil
from collections.abc import Mapping
from typing import Any

from ._api import prepared_config
from ._errors import ConfigError, PathLike
from ._formats import format_for_path, format_module
from ._reading import read_config_text
from ._stdlib_errors import stdlib_failure
from ._transaction import logging_transaction


class _TrialSucceeded(Exception):
    """Raised to roll back a trial configuration that worked."""


def _delay_file_opening(config: dict[str, Any]) -> None:
    """Ask file handlers not to open (or create) their files during a trial."""
    handlers = config.get("handlers")
    if not isinstance(handlers, dict):
        return
    for handler in handlers.values():
        if not isinstance(handler, dict) or "delay" in handler:
            continue
        try:
            cls = pkgutil.resolve_name(str(handler.get("class", "")))
        except (ImportError, AttributeError, ValueError):
            continue  # dictConfig reports it with its own words
        if not (isinstance(cls, type) and issubclass(cls, logging.FileHandler)):
            continue
        try:
            takes_delay = "delay" in inspect.signature(cls).parameters
        except (TypeError, ValueError):
            continue
        if takes_delay:
            handler["delay"] = True


def _writable_location(filename: str) -> str | None:
    """Why a log file could not be created there, or None if it could."""
    directory = os.path.dirname(os.path.abspath(filename))
    while not os.path.exists(directory):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    if not os.path.isdir(directory):
        return f"{directory} is not a directory"
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"no permission to create files under {directory}"
    return None


def _check_log_files(config: Mapping[str, Any]) -> None:
    handlers = config.get("handlers")
    if not isinstance(handlers, Mapping):
        return
    for name, handler in handlers.items():
        filename = handler.get("filename") if isinstance(handler, Mapping) else None
        if isinstance(filename, str) and not filename.startswith("ext://"):
            problem = _writable_location(filename)
            if problem:
                raise ConfigError(problem, key=f"handlers.{name}.filename")


def check_config(path: PathLike) -> dict[str, Any]:
    """Load a config and have the standard library build it, then undo it all.

    Nothing is written: file handlers are built with ``delay=True`` and the
    previous logging state is restored whatever happens. Environment
    variables and the ``LOGKIT_*`` overrides are applied as ``configure``
    would, and the config is validated first: when that finds problems, the
    standard library is not asked.

    Returns:
        The dictConfig dict the file means here.

    Raises:
        ConfigError: the file cannot be loaded, is invalid (an InvalidConfig
            listing every problem), or the standard library rejects it.
    """
    config = prepared_config(path)
    trial = copy.deepcopy(config)
    _delay_file_opening(trial)
    try:
        _check_log_files(config)
        with logging_transaction():
            try:
                logging.config.dictConfig(trial)
            except Exception as exc:  # every failure becomes a ConfigError
                raise stdlib_failure(exc, path=os.fspath(path)) from exc
            raise _TrialSucceeded
    except _TrialSucceeded:
        return config
    except ConfigError as error:
        located = error.located(path=path)
        if located.line is None and located.key is not None:
            text = read_config_text(path)
            line = format_module(format_for_path(path)).locate(text, located.key)
            located = located.located(line=line)
        raise located from error.__cause__
