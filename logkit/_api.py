"""The public operations: load, dump, configure and watch (a thin layer over the pipeline).

Reading and checking a file is :mod:`logkit._prepare`'s job, applying it
:mod:`logkit._apply`'s, re-applying it on change :mod:`logkit._watch`'s.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator, Mapping
from functools import partial

from ._apply import apply_prepared
from ._envvars import (
    all_ranks_from_environment,
    rich_from_environment,
    safe_rotation_from_environment,
)
from ._errors import ConfigError, ConfigWarning, PathLike
from ._formats import format_module, normalize_format
from ._prepare import Prepared, load_config, prepare
from ._private import logging_lock
from ._servers import route_servers

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

# configure() or watch() -> _configure() -> warnings.warn: the warning points
# at the line that called configure().
_CALLER = 3
_NAMED_LOGGERS = 3  # how many silenced loggers a warning names


class AppliedConfig:
    """What :func:`configure` applied: a read-only record.

    Attributes:
        path: The config file as a :class:`pathlib.Path`, or ``None`` when the
            built-in default was used.
        format: ``"yaml"``, ``"toml"``, ``"json"``, ``"ini"``, or ``"default"``.
        source: Why this config was chosen: ``"argument"``, ``"LOGKIT_CONFIG"``,
            ``"working directory"`` or ``"built-in default"``.
        rich_console: Whether the ``console`` handler was swapped for Rich.

    It compares, hashes, prints, pickles and unpacks
    (``path, format, source, rich_console = applied``) as the named tuple it
    used to be. The file is kept as a string and ``path`` makes the Path when
    first asked: importing pathlib (with urllib.parse and ipaddress) costs
    about 2.5 ms, and most programs never look.
    """

    __slots__ = ("_file", "_path", "format", "rich_console", "source")
    _fields = ("path", "format", "source", "rich_console")

    _file: str | None
    _path: Path
    format: str
    source: str
    rich_console: bool

    def __init__(
        self, path: PathLike | None, format: str, source: str, rich_console: bool
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_file", None if path is None else os.fspath(path))
        setattr_(self, "format", format)
        setattr_(self, "source", source)
        setattr_(self, "rich_console", rich_console)

    @property
    def path(self) -> Path | None:
        if self._file is None:
            return None
        try:
            return self._path
        except AttributeError:
            from pathlib import Path

            path = Path(self._file)
            object.__setattr__(self, "_path", path)
            return path

    @property
    def used_default(self) -> bool:
        return self._file is None

    def _values(self) -> tuple[Path | None, str, str, bool]:
        return (self.path, self.format, self.source, self.rich_console)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AppliedConfig):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        pairs = zip(self._fields, self._values(), strict=True)
        fields = ", ".join(f"{name}={value!r}" for name, value in pairs)
        return f"{type(self).__name__}({fields})"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self._file, self.format, self.source, self.rich_console))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")


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
    return load_config(path, env=env)


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


def configure(
    path: PathLike | None = None,
    *,
    rich: bool | None = None,
    safe_rotation: bool | None = None,
    watch: bool = False,
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
        safe_rotation: Build the standard ``RotatingFileHandler`` and
            ``TimedRotatingFileHandler`` the file names as logkit's, which
            several processes can share (same arguments, same bytes): True or
            None (default) do, False keeps the standard classes;
            ``LOGKIT_SAFE_ROTATION=0`` turns the None default off.
        watch: Then keep re-applying the file when it changes, checking every
            second (see :func:`watch`; :func:`stop` ends it).

    Returns:
        What was applied.

    Raises:
        ConfigError: the file cannot be read, is invalid (every problem is
            listed: see ``InvalidConfig.errors``), or the standard library
            rejects it. The logging that was in place before the call stays
            in place. With ``watch``, also when there is no file to watch.

    Warns:
        ConfigWarning: for what works but may not mean what was meant: each
            key the standard library ignores, and loggers that were enabled
            and that applying the config disabled (``disable_existing_loggers``
            left at its default, true). Issued through :mod:`warnings`, at the
            line that called ``configure()``.
    """
    return _configure(
        path, rich=rich, safe_rotation=safe_rotation, watch_interval=1.0 if watch else None
    )


def watch(
    path: PathLike | None = None,
    *,
    interval: float = 1.0,
    rich: bool | None = None,
    safe_rotation: bool | None = None,
) -> AppliedConfig:
    """Apply a config file now and again whenever it changes on disk (live reload).

    A daemon thread checks the file every ``interval`` seconds, including saves
    that rename a new file into place. A broken edit is reported once, on
    stderr and through the ``logkit`` logger, and the running config stays.
    One file is watched at a time: a new ``watch`` replaces the previous one.

    Args:
        path: The config file, found as :func:`configure` finds it.
        interval: Seconds between checks.
        rich, safe_rotation: As for :func:`configure`, on every reload.

    Returns:
        What was applied now.

    Raises:
        ConfigError: as :func:`configure`, or there is no file to watch (the
            built-in default is in use). No watcher is started then.
    """
    return _configure(path, rich=rich, safe_rotation=safe_rotation, watch_interval=interval)


def _configure(
    path: PathLike | None,
    *,
    rich: bool | None,
    safe_rotation: bool | None,
    watch_interval: float | None,
) -> AppliedConfig:
    if path is None:
        from ._discovery import find_config  # where to look: only when no path is given

        chosen, reason = find_config(None)
    else:
        chosen, reason = os.fspath(path), "argument"  # as find_config(path) says
    watcher = None
    if watch_interval is not None:
        if chosen is None:
            raise ConfigError(
                "nothing to watch: no config file was given or found (the built-in"
                " default is not a file)"
            )
        from ._watch import new_watcher

        # Taken before the file is read: an edit made meanwhile is applied too.
        reapply = partial(configure, rich=rich, safe_rotation=safe_rotation)
        watcher = new_watcher(chosen, interval=watch_interval, apply=reapply)
    prepared = prepare(chosen)
    for warning in prepared.warnings:
        warnings.warn(warning, stacklevel=_CALLER)
    enabled = _enabled_loggers()
    swapped = apply_prepared(
        prepared,
        rich=rich_from_environment() if rich is None else rich,
        safe_rotation=safe_rotation_from_environment() if safe_rotation is None else safe_rotation,
        all_ranks=all_ranks_from_environment(),
    )
    route_servers()  # uvicorn's and gunicorn's own records through what was applied
    still_enabled = set(_enabled_loggers())
    silenced = [name for name in enabled if name not in still_enabled]
    # Written as true, it is what the author asked for; left out, it surprises.
    if silenced and "disable_existing_loggers" not in prepared.config:
        warnings.warn(_silenced_warning(prepared, silenced), stacklevel=_CALLER)
    if watcher is not None:
        from ._watch import start_watching

        start_watching(watcher)
    return AppliedConfig(
        path=prepared.path, format=prepared.format, source=reason, rich_console=swapped
    )


def _enabled_loggers() -> list[str]:
    """The names of the loggers that exist and are enabled, in name order."""
    with logging_lock():  # getLogger() in another thread changes the dict
        loggers = list(logging.root.manager.loggerDict.items())
    return sorted(
        name
        for name, logger in loggers
        if isinstance(logger, logging.Logger) and not logger.disabled
    )


def _silenced_warning(prepared: Prepared, silenced: list[str]) -> ConfigWarning:
    """Loggers that were enabled went silent: dictConfig disables every existing
    logger a config does not name unless told not to (a live reload meets them all).

    Located as validation locates a missing top-level key: the file as a whole.
    """
    count = len(silenced)
    named = ", ".join(repr(name) for name in silenced[:_NAMED_LOGGERS])
    more = f" and {count - _NAMED_LOGGERS} more" if count > _NAMED_LOGGERS else ""
    plural = count > 1
    return ConfigWarning(
        f"{count} logger{'s' if plural else ''} that {'were' if plural else 'was'}"
        f" enabled {'are' if plural else 'is'} now disabled ({named}{more}), and drop"
        " every record: dictConfig disables the loggers a config does not name unless"
        " it says 'disable_existing_loggers: false'",
        path=prepared.path,
        line=1 if prepared.path is not None else None,
        key="disable_existing_loggers",
    )
