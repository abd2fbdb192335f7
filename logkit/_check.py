"""Checking a config without touching the running program's logging."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ._api import locate_in_file, log_files, prepared_config
from ._errors import ConfigError, PathLike
from ._trial import trial_apply


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
    try:
        _check_log_files(config)
        trial_apply(config, lambda: None)
    except ConfigError as error:
        raise locate_in_file(error, path) from error.__cause__
    return config
