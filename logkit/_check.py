"""Checking a config without touching the running program's logging."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ._apply import trial_build
from ._errors import ConfigError, PathLike
from ._prepare import prepare
from ._schema import log_files


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
    for key, filename in log_files(config).items():
        problem = _writable_location(filename)
        if problem:
            raise ConfigError(problem, key=key)


def check_config(path: PathLike) -> None:
    """Load a config and have the standard library build it, then undo it all.

    Nothing is written: file handlers are built with ``delay=True`` and the
    previous logging state is restored whatever happens. Environment
    variables and the ``LOGKIT_*`` overrides are applied as ``configure``
    would, and the config is validated first: when that finds problems, the
    standard library is not asked.

    Raises:
        ConfigError: the file cannot be loaded, is invalid (an InvalidConfig
            listing every problem), or the standard library rejects it.
    """
    prepared = prepare(path)
    with prepared.locating():
        _check_log_files(prepared.config)
        trial_build(prepared.config, lambda: None)
