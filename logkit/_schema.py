"""What the standard library's ``logging.config`` accepts: the one module that knows.

Key sets, the types fields take, what changed between Python versions, levels,
how a class name is found and what a constructor takes. Validation,
environment substitution, INI translation, ``diff``, ``show`` and the trial
all ask here rather than keep a copy.

Constructor parameters are read in :mod:`logkit._parameters` and told here too.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from . import _parameters
from ._private import level_numbers

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, Literal

# What a constructor takes, told here too (read in ``_parameters``).
REQUIRED = _parameters.REQUIRED
Parameters = _parameters.Parameters
parameters = _parameters.parameters

# -- what changed between versions --------------------------------------------

QUEUE_KEYS_SUPPORTED = sys.version_info >= (3, 12)  # dictConfig builds QueueListeners
FORMATTER_DEFAULTS_SUPPORTED = sys.version_info >= (3, 12)  # both schemas read defaults
# dictConfig turns a MemoryHandler's flushLevel name into a number only from
# 3.13; before, the name is kept and every later record fails to compare with it.
FLUSH_LEVEL_NAMES_CONVERTED = sys.version_info >= (3, 13)

# -- key sets -----------------------------------------------------------------

TOP_LEVEL_KEYS = (
    "version",
    "formatters",
    "filters",
    "handlers",
    "loggers",
    "root",
    "incremental",
    "disable_existing_loggers",
)
FORMATTER_KEYS = ("format", "datefmt", "style", "validate", "class", "defaults")
FILTER_KEYS = ("name",)
LOGGER_KEYS = ("level", "propagate", "filters", "handlers")
ROOT_KEYS = LOGGER_KEYS  # dictConfig ignores a root 'propagate': harmless, accepted
# Keys dictConfig takes out of a handler's dict; the rest go to the constructor.
HANDLER_RESERVED_KEYS = frozenset({"class", "()", "level", "formatter", "filters", "."})
# A QueueHandler's keys that dictConfig (3.12+) turns into objects itself.
QUEUE_HANDLER_KEYS = frozenset({"queue", "listener", "handlers", "respect_handler_level"})
# Handler keys dictConfig looks up by name when present, so their constructor
# default (None) cannot be written in: ``target: null`` fails.
LOOKED_UP_WHEN_PRESENT = frozenset({"target", "queue", "listener"})

STYLES = ("%", "{", "$")
# What Formatter(fmt=None, style=...) formats with, by style.
DEFAULT_FORMATS = {"%": "%(message)s", "{": "{message}", "$": "${message}"}

REFERENCE_PREFIXES = ("ext://", "cfg://")


def formatter_keys() -> tuple[str, ...]:
    """The keys a formatter entry may have on this Python."""
    return FORMATTER_KEYS if FORMATTER_DEFAULTS_SUPPORTED else FORMATTER_KEYS[:-1]


def is_reference(value: object) -> bool:
    """``ext://`` and ``cfg://`` strings are resolved by dictConfig itself."""
    return isinstance(value, str) and value.startswith(REFERENCE_PREFIXES)


def cfg_roots(value: object) -> Iterator[str]:
    """Top-level keys that ``cfg://`` values refer to (they may be custom)."""
    if isinstance(value, str):
        if value.startswith("cfg://"):
            root = value[len("cfg://") :].split(".", 1)[0].split("[", 1)[0]
            if root.isidentifier():
                yield root
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from cfg_roots(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from cfg_roots(item)


# How far a chain of cfg:// references (one naming another) is followed.
_MAX_REFERENCE_HOPS = 16


def cfg_target(config: Mapping[str, Any], value: object) -> tuple[str, Any] | None:
    """Where a ``cfg://`` value leads, as dictConfig follows it: (dotted key, value).

    A chain of references is followed to its end. Nothing is converted or
    imported; None when ``value`` is no ``cfg://`` reference or leads nowhere.
    """
    from logging.config import BaseConfigurator as Syntax  # dictConfig's own patterns

    key, found = "", value
    for _ in range(_MAX_REFERENCE_HOPS):
        if not (isinstance(found, str) and found.startswith("cfg://")):
            return (key, found) if key else None
        rest = found[len("cfg://") :]
        word = Syntax.WORD_PATTERN.match(rest)
        if word is None or word.group(1) not in config:
            return None
        key, found, rest = word.group(1), config[word.group(1)], rest[word.end() :]
        while rest:
            step = Syntax.DOT_PATTERN.match(rest) or Syntax.INDEX_PATTERN.match(rest)
            if step is None:
                return None
            name: Any = step.group(1)
            if isinstance(found, (list, tuple)) and Syntax.DIGIT_PATTERN.match(name):
                name = int(name) if len(name) < 10 else -1
            try:
                found = found[name]
            except (KeyError, IndexError, TypeError):
                return None
            key, rest = f"{key}.{name}", rest[step.end() :]
    return None


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


# -- levels -------------------------------------------------------------------


def is_level_name(name: str) -> bool:
    """Whether ``setLevel`` accepts this name (including ``addLevelName`` ones)."""
    return name in level_numbers()


def level_name(level: int) -> str | None:
    """The registered name of a level number, or None (``logging`` says ``Level 5``)."""
    name = logging.getLevelName(level)
    return name if isinstance(name, str) and not name.startswith("Level ") else None


def normalize_level(level: Any) -> Any:
    """A level as its registered name where it has one (``20`` -> ``"INFO"``)."""
    if isinstance(level, int) and not isinstance(level, bool):
        name = level_name(level)
        return level if name is None else name
    if isinstance(level, str) and level.strip().isdigit() and len(level) < 100:
        return normalize_level(int(level))
    return level


def level_problem(level: object) -> str | None:
    """Why ``logging._checkLevel`` would reject a level, or None if it accepts it."""
    if isinstance(level, bool) or not isinstance(level, (int, str)):
        from ._messages import describe  # only for a message
        return f"expected a level name or number, found {describe(level)}"
    if isinstance(level, int) or is_reference(level):
        return None
    names = level_numbers()
    if level in names:
        return None
    from ._messages import closest  # only for a message
    match = level.upper() if level.upper() in names else closest(level.upper(), names)
    hint = f" (did you mean '{match}'?)" if match else ""
    return f"unknown level '{level}'{hint}"


# -- the types fields take ------------------------------------------------------

if TYPE_CHECKING:
    Kind = Literal["int", "number", "bool", "str", "level"]

# Classes whose signatures say what their arguments' types are (their defaults
# are honest); user classes may accept more than their defaults suggest.
_TRUSTED_MODULES = ("logging", "logkit")
# Arguments of the standard handlers whose type their defaults do not show
# (None: more types than the default's are fine).
_ARGUMENT_KINDS: Mapping[str, Kind | None] = {
    "filename": "str",
    "encoding": "str",
    "errors": "str",
    "capacity": "int",
    "flushLevel": "level" if FLUSH_LEVEL_NAMES_CONVERTED else "int",
    "facility": None,  # SysLogHandler takes "local0" as well as LOG_LOCAL0
}
_FIXED_KINDS: Mapping[tuple[str, ...], Kind] = {
    ("incremental",): "bool",
    ("disable_existing_loggers",): "bool",
    ("version",): "int",
    ("root", "level"): "level",
}
_SECTION_FIELD_KINDS: Mapping[tuple[str, str], Kind] = {
    ("handlers", "level"): "level",
    ("loggers", "level"): "level",
    ("loggers", "propagate"): "bool",
    ("formatters", "validate"): "bool",
}


# Strings that say true or false; dictConfig reads every field of kind "bool"
# by truthiness, so the first are true to it and so, wrongly, are the second.
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


def bool_problem(value: object) -> str | None:
    """Why dictConfig's truthiness would not read ``value`` as the yes or no it says."""
    # 0 and 1 mean what they say (INI args are often written so), as do "true", "on"...
    if isinstance(value, bool) or (type(value) is int and value in (0, 1)):
        return None
    word = value.strip().lower() if isinstance(value, str) else None
    if word in TRUE_WORDS:
        return None
    if word in FALSE_WORDS:
        return f"the string {value!r} is true to dictConfig: write false"
    if value == "":
        return "the empty string is false to dictConfig: write false (or true)"
    from ._messages import describe  # only for a message
    return f"expected true or false, found {describe(value)}"


def kind_problem(kind: Kind, value: object) -> str | None:
    """Why ``value`` does not fit ``kind``, or None if it does (or cannot be told)."""
    if value is None or is_reference(value):
        return None
    if kind == "level":
        return level_problem(value)
    if kind == "bool":
        return bool_problem(value)
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        expected = "an integer"
    elif kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        expected = "a number"
    else:
        ok = isinstance(value, str)
        expected = "a string"
    if ok:
        return None
    from ._messages import describe  # only for a message

    return f"expected {expected}, found {describe(value)}"


def _trusted(cls: Any) -> bool:
    module = getattr(cls, "__module__", "") or ""
    return isinstance(cls, type) and module.split(".")[0] in _TRUSTED_MODULES


def _kind_of_default(default: object) -> Kind | None:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, (int, float)):
        return "number"
    if isinstance(default, str):
        return "str"
    return None


def argument_kind(cls: Any, argument: str) -> Kind | None:
    """The type a standard (or logkit) handler class expects for an argument."""
    if not _trusted(cls):
        return None
    if argument in _ARGUMENT_KINDS:
        return _ARGUMENT_KINDS[argument]
    found = parameters(cls)
    if found is None or argument not in found.keywords:
        return None
    return _kind_of_default(found.keywords[argument])


def feeds_handlers(cls: object) -> bool:
    """Whether ``cls`` is logkit's BackgroundHandler, whose ``handlers`` names other handlers.

    Its module is imported whenever ``cls`` could be it: not imported here.
    """
    module = sys.modules.get("logkit.handlers._background")
    return (
        module is not None and isinstance(cls, type) and issubclass(cls, module.BackgroundHandler)
    )


def handler_class(handler: Mapping[str, Any]) -> Any:
    """The class (or factory) a handler entry names, or None if it does not import.

    Inside :func:`no_imports` nothing is imported: see :func:`find_class`.
    """
    return find_class(handler.get("()", handler.get("class")))


def find_class(name: object) -> Any:
    """What a ``class``/``()`` value names, or None if it does not import.

    Inside :func:`no_imports` nothing is imported (or run): only names in the
    standard ``logging`` package and logkit's, whose modules are already
    imported, are found; others give None.
    """
    if callable(name):
        return name
    if not isinstance(name, str):
        return None
    if not code_may_run() and name.split(".")[0] not in _TRUSTED_MODULES:
        return None
    try:
        return resolve_class(name)
    except (ValueError, ImportError, AttributeError):
        return None


def is_dotted_name(name: object) -> bool:
    """Whether ``name`` has the form of an importable dotted name (``a.b.C``)."""
    return isinstance(name, str) and all(part.isidentifier() for part in name.split("."))


def field_kind(config: Mapping[str, Any], keys: tuple[str, ...]) -> Kind | None:
    """The type dictConfig expects at a key path, where it is known.

    Used to convert substituted environment variables (``"10"`` -> ``10``).
    Inside :func:`no_imports` no class is imported to find it out.
    """
    if keys in _FIXED_KINDS or len(keys) != 3:
        return _FIXED_KINDS.get(keys)
    section, name, field = keys
    if (section, field) in _SECTION_FIELD_KINDS:
        return _SECTION_FIELD_KINDS[section, field]
    handlers = config.get("handlers") if section == "handlers" else None
    handler = handlers.get(name) if isinstance(handlers, Mapping) else None
    if isinstance(handler, Mapping) and "()" not in handler:
        return argument_kind(handler_class(handler), field)
    return None


# -- classes ------------------------------------------------------------------


class NotImported(ImportError):
    """A module that would have to be imported, where no code from the file may run."""


# Per thread (a watcher thread may apply while the main thread checks statically);
# threading is imported with logging already, contextvars would cost an import.
_no_imports = threading.local()


@contextmanager
def no_imports() -> Iterator[None]:
    """Inside, :func:`resolve_class` finds only modules that are imported already.

    ``check --static`` and ``show --static`` read a config this way: importing
    a module the file names runs that module's code.
    """
    before = getattr(_no_imports, "active", False)
    _no_imports.active = True
    try:
        yield
    finally:
        _no_imports.active = before


def code_may_run() -> bool:
    """False inside :func:`no_imports`: nothing the file names is imported or called."""
    return not getattr(_no_imports, "active", False)


def _already_imported(name: str) -> Any:
    module = sys.modules.get(name)
    if module is None:
        raise NotImported(f"module {name!r} is not imported, and no code from the file runs")
    return module


# Modules that logkit's optional extras install (setup.cfg): a config naming
# one where it is missing is told which extra to install.
OPTIONAL_EXTRAS = {"ecs_logging": "ecs"}


def extra_for(module: str) -> str | None:
    """The logkit extra that installs a top-level module (``ecs_logging`` -> ``ecs``)."""
    return OPTIONAL_EXTRAS.get(module)


def resolve_class(name: str) -> Any:
    """Import a dotted name as both schemas do (``logging.config._resolve``).

    Inside :func:`no_imports`, only modules imported already are looked in.

    Raises:
        ImportError, AttributeError: it does not import (``NotImported``: it
            would have to be imported; a ``ModuleNotFoundError`` naming the
            extra to install for a module of :data:`OPTIONAL_EXTRAS`);
            ValueError: it is empty.
    """
    load = __import__ if code_may_run() else _already_imported  # the stdlib's importer
    parts = name.split(".")
    used = parts.pop(0)
    if not used:
        raise ValueError("empty module name")
    extra = extra_for(used)
    try:
        found: Any = load(used)
    except ModuleNotFoundError as exc:
        if extra is None or exc.name != used:
            raise
        found = None  # raised below, outside the handler: the original would only repeat it
    if found is None:
        from ._messages import no_module  # only for a message
        raise ModuleNotFoundError(no_module(used, extra), name=used)
    for part in parts:
        used = f"{used}.{part}"
        try:
            found = getattr(found, part)
        except AttributeError:
            load(used)
            found = getattr(found, part)
    return found


def in_logging_namespace(parts: list[str]) -> Any:
    """What fileConfig's ``eval`` finds for ``a.b.c`` in ``vars(logging)``, or None."""
    namespace = vars(logging)
    if parts[0] not in namespace:
        return None
    found = namespace[parts[0]]
    for part in parts[1:]:
        found = getattr(found, part, None)
        if found is None:
            return None
    return found


def fileconfig_class(name: str) -> Any:
    """The class fileConfig finds for a dotted name: the logging namespace, then an import.

    Raises:
        ImportError, AttributeError, ValueError: neither finds it.
    """
    found = in_logging_namespace(name.split("."))
    return found if found is not None else resolve_class(name)
