"""Checking a config without touching the running program's logging."""

from __future__ import annotations

from ._apply import check_log_locations, trial_build
from ._errors import PathLike
from ._prepare import Prepared, prepare


def check_config(path: PathLike | None, *, run_code: bool = True) -> Prepared:
    """Load a config and have the standard library build it, then undo it all.

    Nothing is written: file handlers are built with ``delay=True`` and the
    previous logging state is restored whatever happens. But the build runs
    code the config names: the modules of its classes are imported, and its
    classes and ``()`` factories called. Environment variables and the
    ``LOGKIT_*`` overrides are applied as ``configure`` would, and the config
    is validated first: when that finds problems, the standard library is
    not asked. Each log file must be one ``configure`` could open.

    Args:
        path: The config file; None for the built-in default scheme.
        run_code: False: import nothing and build nothing (validation reads
            only the file; no trial build).

    Returns:
        The prepared config, with the warnings validation found.

    Raises:
        ConfigError: the file cannot be loaded, is invalid (an InvalidConfig
            listing every problem), or the standard library rejects it.
    """
    prepared = prepare(path, run_code=run_code)
    with prepared.locating():
        check_log_locations(prepared.config)
        if run_code:
            trial_build(prepared.config, lambda: None)
    return prepared
