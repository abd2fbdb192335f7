"""The public operations: load, dump and configure."""

from __future__ import annotations

import copy
import logging.config
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ._default import default_config
from ._discovery import find_config
from ._envvars import apply_overrides, substitute
from ._errors import ConfigError, PathLike
from ._formats import FormatModule, format_for_path, format_module, normalize_format
from ._formats._shape import plain_data
from ._reading import read_config_text
from ._rich_console import inject_rich_console, rich_from_environment
from ._transaction import LoggingSnapshot, logging_transaction, make_dirs
from ._validate import combined, find_problems, raise_problems


class AppliedConfig(NamedTuple):
    """What :func:`configure` applied.

    Attributes:
        path: The config file, or ``None`` when the built-in default was used.
        format: ``"yaml"``, ``"toml"``, ``"json"``, ``"ini"``, or ``"default"``.
        source: Why this config was chosen: ``"argument"``, ``"LOGKIT_CONFIG"``,
            ``"working directory"`` or ``"built-in default"``.
        rich_console: Whether the ``console`` handler was swapped for Rich.
    """

    path: Path | None
    format: str
    source: str
    rich_console: bool

    @property
    def used_default(self) -> bool:
        return self.path is None


class _Source(NamedTuple):
    """A config file read and parsed once: its text, for locating errors, and its dict."""

    path: Path
    format: str
    text: str
    module: FormatModule
    config: dict[str, Any]  # as written: before ${VAR} substitution and LOGKIT_* overrides

    def locate_all(self, error: ConfigError) -> ConfigError:
        """Fill in this file and, from each problem's key, its line."""
        located = [
            problem.located(
                path=self.path,
                line=(
                    self.module.locate(self.text, problem.key)
                    if problem.key and problem.line is None
                    else None  # a known line wins anyway
                ),
            )
            for problem in error.errors
        ]
        return combined(located)

    def substituted(self) -> dict[str, Any]:
        """The config with ``${VAR}`` references replaced, errors located here."""
        try:
            return substitute(self.config)
        except ConfigError as error:
            raise self.locate_all(error) from error.__cause__


def _read_source(path: PathLike) -> _Source:
    fmt = format_for_path(path)
    text = read_config_text(path)
    module = format_module(fmt)
    config: dict[str, Any] = plain_data(module.parse(text, os.fspath(path)))
    return _Source(Path(path), fmt, text, module, config)


def locate_in_file(error: ConfigError, path: PathLike) -> ConfigError:
    """Locate an error found after reading (and each problem it lists) in its file."""
    return _read_source(path).locate_all(error)


def load(path: PathLike, *, env: bool = True) -> dict[str, Any]:
    """Read a config file and return the ``logging.config.dictConfig`` dict it means.

    INI files (the ``fileConfig`` format) are translated, so that
    ``dictConfig(load(ini))`` configures what ``fileConfig(ini)`` would.

    Args:
        path: The config file.
        env: Replace ``${VAR}`` and ``${VAR:-default}`` with environment
            variables (the default); False keeps them as written, to convert
            a file without baking in this machine's values.

    Raises:
        ConfigError: the file is missing, empty, binary, malformed, or has an
            unknown extension, or names an unset variable without a default.
    """
    source = _read_source(path)
    return source.substituted() if env else source.config


def _prepared(source: _Source | None) -> dict[str, Any]:
    """The config to apply: parsed, substituted, overridden by LOGKIT_*, validated.

    Raises:
        ConfigError: every problem found (an InvalidConfig when several), each
            located; nothing has been applied.
    """
    if source is None:
        return apply_overrides(default_config())
    config = apply_overrides(source.substituted())
    problems = find_problems(
        config, text=source.text, locate=source.module.locate, path=source.path
    )
    raise_problems(problems)
    return config


def dump(config: Mapping[str, Any], fmt: str) -> str:
    """Write a ``dictConfig`` dict as text in ``fmt`` (ini, yaml, toml or json).

    ``load`` reads the text back to an equal dict.

    Raises:
        ConfigError: the format is unknown, or cannot express part of the
            config (the error names the key and the reason).
    """
    if not isinstance(config, Mapping):
        raise ConfigError(f"expected a dict, found {type(config).__name__}")
    return format_module(normalize_format(fmt)).render(config)


def log_files(config: Mapping[str, Any]) -> dict[str, str]:
    """The files that file handlers will open, by key (``handlers.info.filename``)."""
    handlers = config.get("handlers")
    files: dict[str, str] = {}
    if not isinstance(handlers, Mapping):
        return files
    for name, handler in handlers.items():
        filename = handler.get("filename") if isinstance(handler, Mapping) else None
        if isinstance(filename, (str, os.PathLike)):
            filename = os.fspath(filename)
            if not filename.startswith("ext://"):
                files[f"handlers.{name}.filename"] = filename
    return files


def _make_log_directories(config: Mapping[str, Any], snapshot: LoggingSnapshot) -> None:
    for key, filename in log_files(config).items():
        directory = os.path.dirname(filename)
        if not directory:
            continue
        try:
            make_dirs(directory, snapshot)
        except OSError as exc:
            raise ConfigError(
                f"cannot create the log directory {directory!r}: {exc.strerror or exc}",
                key=key,
            ) from exc


class _ProbeFinished(Exception):
    """Raised to roll back a trial configuration that succeeded."""


def _key_of_dictconfig_failure(config: Mapping[str, Any]) -> str | None:
    """Which key dictConfig blames for a config (fileConfig never says)."""
    # The failure must leave the block as an exception: returning from inside
    # would commit the half-built probe and close the running handlers.
    try:
        with logging_transaction():
            logging.config.dictConfig(copy.deepcopy(dict(config)))
            raise _ProbeFinished
    except _ProbeFinished:
        return None
    except Exception as exc:  # noqa: BLE001 - diagnosing any failure
        from ._stdlib_errors import stdlib_failure

        return stdlib_failure(exc, path=None).key


def prepared_config(path: PathLike | None) -> dict[str, Any]:
    """The dict ``configure`` would apply from ``path`` (None: the built-in default),
    checked but not applied (for ``check`` and ``show``)."""
    return _prepared(_read_source(path) if path is not None else None)


def _apply(source: _Source | None, config: dict[str, Any]) -> None:
    # fileConfig applies INI files as written; once environment variables or
    # LOGKIT_* have changed the translation, the translation is what applies.
    if source is not None and source.format == "ini" and config == source.config:
        import configparser

        parser = configparser.ConfigParser()
        parser.read_string(source.text, source=os.fspath(source.path))
        logging.config.fileConfig(parser, disable_existing_loggers=False)
    else:
        logging.config.dictConfig(copy.deepcopy(config))


def configure(
    path: PathLike | None = None, *, rich: bool | None = None, watch: bool = False
) -> AppliedConfig:
    """Apply a logging config file, all or nothing.

    Args:
        path: The config file. Without it: ``$LOGKIT_CONFIG``, else the first of
            ``logging.yaml``, ``logging.yml``, ``logging.toml``, ``logging.json``,
            ``logging.config``, ``logging.ini`` in the working directory, else
            the built-in default scheme.
        rich: Swap the handler named ``console`` for a Rich one: True always,
            False never, None (default) when its stream is a terminal or a
            notebook; ``LOGKIT_RICH=0/1`` overrides the None default.
        watch: Then keep re-applying the file when it changes, checking every
            second (see :func:`watch`; :func:`stop` ends it).

    Returns:
        What was applied.

    Raises:
        ConfigError: the file cannot be read, is invalid (every problem is
            listed: see ``InvalidConfig.errors``), or the standard library
            rejects it. The logging that was in place before the call stays
            in place. With ``watch``, also when there is no file to watch.
    """
    return _configure(path, rich=rich, watch_interval=1.0 if watch else None)


def watch(
    path: PathLike | None = None, *, interval: float = 1.0, rich: bool | None = None
) -> AppliedConfig:
    """Apply a config file now and again whenever it changes on disk (live reload).

    A daemon thread checks the file every ``interval`` seconds, including saves
    that rename a new file into place. A broken edit is reported once, on
    stderr and through the ``logkit`` logger, and the running config stays.
    One file is watched at a time: a new ``watch`` replaces the previous one.

    Args:
        path: The config file, found as :func:`configure` finds it.
        interval: Seconds between checks.
        rich: As for :func:`configure`, on every reload.

    Returns:
        What was applied now.

    Raises:
        ConfigError: as :func:`configure`, or there is no file to watch (the
            built-in default is in use). No watcher is started then.
    """
    return _configure(path, rich=rich, watch_interval=interval)


def _configure(
    path: PathLike | None, *, rich: bool | None, watch_interval: float | None
) -> AppliedConfig:
    chosen, reason = find_config(path)
    watcher = None
    if watch_interval is not None:
        if chosen is None:
            raise ConfigError(
                "nothing to watch: no config file was given or found (the built-in"
                " default is not a file)"
            )
        from ._watch import new_watcher

        # Taken before the file is read: an edit made meanwhile is applied too.
        watcher = new_watcher(chosen, interval=watch_interval, rich=rich)
    source = _read_source(chosen) if chosen is not None else None
    config = _prepared(source)
    if rich is None:
        rich = rich_from_environment()

    try:
        with logging_transaction() as snapshot:
            _make_log_directories(config, snapshot)
            _apply(source, config)
            swapped = inject_rich_console(rich)
    except ConfigError as error:
        raise (source.locate_all(error) if source else error) from error.__cause__
    except Exception as exc:
        from ._stdlib_errors import stdlib_failure

        failure = stdlib_failure(exc, path=None)
        if failure.key is None and source is not None and source.format == "ini":
            failure = failure.located(key=_key_of_dictconfig_failure(config))
        raise (source.locate_all(failure) if source else failure) from exc

    if watcher is not None:
        from ._watch import start_watching

        start_watching(watcher)
    return AppliedConfig(
        path=source.path if source is not None else None,
        format=source.format if source is not None else "default",
        source=reason,
        rich_console=swapped,
    )
