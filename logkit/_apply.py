"""Applying a prepared config all or nothing, and building one on trial.

:func:`apply_prepared` (``configure``) creates the log directories, hands the
config to the standard library (``fileConfig`` for an INI file as written,
``dictConfig`` otherwise) and swaps the Rich console in, inside one
transaction: any failure becomes one located ConfigError and leaves the running
logging as it was. :func:`trial_build` (``check``, ``show``) has ``dictConfig``
build a config with file handlers told not to open their files, looks at it,
and rolls it back.
"""

from __future__ import annotations

import copy
import logging
import logging.config
import os
from collections.abc import Callable, Mapping

from ._errors import ConfigError
from ._launch import detect_launch, shows_launch
from ._prepare import Prepared
from ._private import format_string, handlers_by_name
from ._rich_swap import inject_rich_console
from ._safe_rotation import with_safe_rotation
from ._schema import log_files, parameters, resolve_class
from ._transaction import LoggingSnapshot, logging_transaction, make_dirs, note_new_file

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, TypeVar

    _T = TypeVar("_T")


def apply_prepared(
    prepared: Prepared, *, rich: bool | None, safe_rotation: bool = True, all_ranks: bool = False
) -> bool:
    """Apply a prepared config, all or nothing; return whether Rich was swapped in.

    Args:
        rich: As for :func:`logkit.configure`, with ``LOGKIT_RICH`` already read.
        safe_rotation: Build the standard rotating handlers as logkit's
            (:mod:`logkit._safe_rotation`), with ``LOGKIT_SAFE_ROTATION`` already read.
        all_ranks: In a distributed launch, show every rank's records on the
            console (:mod:`logkit._ranks`), with ``LOGKIT_ALL_RANKS`` already read.

    Raises:
        ConfigError: the directories cannot be created or the standard
            library rejects the config; located in the file. The logging that
            was in place stays in place.
    """
    config = with_safe_rotation(prepared.config) if safe_rotation else prepared.config
    try:
        with logging_transaction() as snapshot:
            _make_log_directories(config, snapshot)
            _configure_stdlib(prepared, config)
            swapped = inject_rich_console(rich)
            launch = detect_launch()
            showing = _formatters_showing_launch()
            if showing or launch.distributed:  # else _ranks has nothing to do: not loaded
                from ._ranks import give_formats_ranks, show_ranks_on_console

                give_formats_ranks(launch, showing)
                show_ranks_on_console(launch, all_ranks=all_ranks)
            return swapped
    except ConfigError as error:
        raise prepared.located(error) from error.__cause__
    except Exception as exc:
        raise prepared.located(_diagnosed(exc, prepared, config)) from exc


def _formatters_showing_launch() -> list[logging.Formatter]:
    """The formatters of the registered handlers whose format names a launch's fields."""
    found = []
    for handler in list(handlers_by_name().values()):
        formatter = handler.formatter
        text = format_string(formatter) if formatter is not None else None
        if formatter is not None and text and shows_launch(text):
            found.append(formatter)
    return found


def _applies_as_written(prepared: Prepared, config: Mapping[str, Any]) -> bool:
    """An INI file that ``${VAR}``, ``LOGKIT_*`` and the swaps left unchanged goes to fileConfig."""
    source = prepared.source
    return source is not None and source.format == "ini" and config == source.config


def _configure_stdlib(prepared: Prepared, config: Mapping[str, Any]) -> None:
    source = prepared.source
    if source is not None and _applies_as_written(prepared, config):
        import configparser

        parser = configparser.ConfigParser()
        parser.read_string(source.text, source=source.path)
        logging.config.fileConfig(parser, disable_existing_loggers=False)
    else:
        logging.config.dictConfig(copy.deepcopy(dict(config)))


def log_location_problem(filename: str) -> str | None:
    """Why a file handler could not open ``filename`` for appending, or None if it could.

    The one verdict ``check`` and ``configure`` give: an existing file must be
    writable (its directory need not be: a common production layout); a new
    one needs its nearest existing ancestor to be a directory we may create
    files (and the missing directories) in.
    """
    path = os.path.abspath(filename)
    # Another process rotating the file renames it and makes it again: a look between
    # the two finds it gone, so a failed look is taken only when the file is still there
    # on a second and third look (a directory is left to the standard library's words).
    for _ in range(3):
        if os.access(path, os.W_OK):
            return None
        if not os.path.exists(path):
            break  # missing: whether it can be made is the question
    else:
        return f"no permission to write to {path}"
    directory = os.path.dirname(path)
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


def check_log_locations(config: Mapping[str, Any]) -> None:
    """Raise, at its ``filename`` key, for the first log file that cannot be opened.

    Raises:
        ConfigError: see :func:`log_location_problem` (not located).
    """
    for key, filename in log_files(config).items():
        problem = log_location_problem(filename)
        if problem:
            raise ConfigError(problem, key=key)


def _make_log_directories(config: Mapping[str, Any], snapshot: LoggingSnapshot) -> None:
    """Create the log files' missing directories, noting the files the attempt will create."""
    check_log_locations(config)
    for key, filename in log_files(config).items():
        note_new_file(filename, snapshot)
        directory = os.path.dirname(filename)
        if not directory:
            continue
        try:
            make_dirs(directory, snapshot)
        except OSError as exc:  # what the verdict could not foresee (a race)
            raise ConfigError(
                f"cannot create the log directory {directory!r}: {exc.strerror or exc}",
                key=key,
            ) from exc


def _diagnosed(exc: Exception, prepared: Prepared, config: Mapping[str, Any]) -> ConfigError:
    """The standard library's failure as a ConfigError, at the key it concerns."""
    from ._stdlib_errors import stdlib_failure

    failure = stdlib_failure(exc)
    if failure.key is None and _applies_as_written(prepared, config):
        # fileConfig never says which part failed; dictConfig on the translation does.
        try:
            trial_build(config, lambda: None, open_files=True)
        except ConfigError as blamed:
            failure = failure.located(key=blamed.key)
    return failure


def _delay_file_opening(config: dict[str, Any]) -> None:
    """Ask file handlers not to open (or create) their files during a trial."""
    handlers = config.get("handlers")
    if not isinstance(handlers, dict):
        return
    for handler in handlers.values():
        if not isinstance(handler, dict) or "delay" in handler:
            continue
        try:
            cls = resolve_class(str(handler.get("class", "")))
        except (ImportError, AttributeError, ValueError):
            continue  # dictConfig reports it with its own words
        if not (isinstance(cls, type) and issubclass(cls, logging.FileHandler)):
            continue
        found = parameters(cls)
        if found is not None and "delay" in found.keywords:
            handler["delay"] = True


def trial_build(
    config: Mapping[str, Any], capture: Callable[[], _T], *, open_files: bool = False
) -> _T:
    """Have ``dictConfig`` build ``config``, return ``capture()`` of it, and roll back.

    Args:
        open_files: Let file handlers open their files (by default they are
            built with ``delay=True``, so nothing is created or written).

    Raises:
        ConfigError: the standard library rejects the config (not located:
            the caller knows the file, see ``Prepared.locating``).
    """
    trial = copy.deepcopy(dict(config))
    if not open_files:
        _delay_file_opening(trial)
    with logging_transaction(trial=True):
        try:
            logging.config.dictConfig(trial)
        except Exception as exc:  # every failure becomes a ConfigError
            from ._stdlib_errors import stdlib_failure

            raise stdlib_failure(exc) from exc
        return capture()
