"""What the standard library's ``logging.config`` accepts: the one module that knows.

Key sets, the types fields take, what changed between Python versions, levels,
how a class name is found and what a constructor takes. Validation,
environment substitution, INI translation, ``diff``, ``show`` and the trial
all ask here rather than keep a copy.

It is on the path of every ``configure()``, so it reads constructor parameters
from code objects instead of importing ``inspect``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from ._messages import closest, describe
from ._private import level_numbers

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
    if isinstance(level, str) and level.strip().isdigit():
        return normalize_level(int(level))
    return level


def level_problem(level: object) -> str | None:
    """Why ``logging._checkLevel`` would reject a level, or None if it accepts it."""
    if isinstance(level, bool) or not isinstance(level, (int, str)):
        return f"expected a level name or number, found {describe(level)}"
    if isinstance(level, int) or is_reference(level):
        return None
    names = level_numbers()
    if level in names:
        return None
    match = level.upper() if level.upper() in names else closest(level.upper(), names)
    hint = f" (did you mean '{match}'?)" if match else ""
    return f"unknown level '{level}'{hint}"


# -- the types fields take ------------------------------------------------------

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


def kind_problem(kind: Kind, value: object) -> str | None:
    """Why ``value`` does not fit ``kind``, or None if it does (or cannot be told)."""
    if value is None or is_reference(value):
        return None
    if kind == "level":
        return level_problem(value)
    if kind == "bool":
        # 0 and 1 mean what they say (INI args are often written so); "false" does not.
        ok = isinstance(value, bool) or (type(value) is int and value in (0, 1))
        expected = "true or false"
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        expected = "an integer"
    elif kind == "number":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        expected = "a number"
    else:
        ok = isinstance(value, str)
        expected = "a string"
    return None if ok else f"expected {expected}, found {describe(value)}"


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


def handler_class(handler: Mapping[str, Any]) -> Any:
    """The class (or factory) a handler entry names, or None if it does not import."""
    name = handler.get("()", handler.get("class"))
    if callable(name):
        return name
    if not isinstance(name, str):
        return None
    try:
        return resolve_class(name)
    except (ValueError, ImportError, AttributeError):
        return None


def field_kind(config: Mapping[str, Any], keys: tuple[str, ...]) -> Kind | None:
    """The type dictConfig expects at a key path, where it is known.

    Used to convert substituted environment variables (``"10"`` -> ``10``).
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


def resolve_class(name: str) -> Any:
    """Import a dotted name as both schemas do (``logging.config._resolve``).

    Raises:
        ImportError, AttributeError: it does not import; ValueError: it is empty.
    """
    import importlib

    parts = name.split(".")
    used = parts.pop(0)
    found: Any = importlib.import_module(used)
    for part in parts:
        used = f"{used}.{part}"
        try:
            found = getattr(found, part)
        except AttributeError:
            importlib.import_module(used)
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


# -- what a constructor takes ----------------------------------------------------

REQUIRED: Any = object()  # the default of a parameter that has none
# How inspect.Signature.bind words and binds, which the INI translation repeats.
_NAMES_KEYWORD_ONLY = sys.version_info >= (3, 12)  # "missing a required keyword-only argument"
_POSITIONAL_ONLY_NAMES_GO_TO_KWARGS = sys.version_info >= (3, 13)
_CO_VARARGS = 0x04  # inspect.CO_VARARGS, without importing inspect
_CO_VARKEYWORDS = 0x08


class Parameters:
    """The parameters of a callable, read from its code object, in order.

    A plain class rather than a NamedTuple or dataclass: this module is
    imported by every ``configure()``, and those cost more to build than they save.
    """

    __slots__ = (
        "defaults",
        "keywords",
        "positional",
        "positional_only",
        "var_keyword",
        "var_positional",
    )

    def __init__(
        self,
        *,
        positional_only: tuple[str, ...],
        positional: tuple[str, ...],
        keyword_only: tuple[str, ...],
        defaults: Mapping[str, object],
        var_positional: str | None,
        var_keyword: str | None,
    ) -> None:
        self.positional_only = positional_only
        self.positional = positional  # positional or keyword
        self.var_positional = var_positional
        self.var_keyword = var_keyword
        # Every named parameter's default (REQUIRED: none), and those that can
        # be passed by keyword.
        self.defaults: dict[str, object] = {
            name: defaults.get(name, REQUIRED)
            for name in (*positional_only, *positional, *keyword_only)
        }
        self.keywords = {name: self.defaults[name] for name in (*positional, *keyword_only)}

    @property
    def any_keyword(self) -> bool:
        """Whether it takes ``**kwargs``."""
        return self.var_keyword is not None

    def bind(self, args: Iterable[object], kwargs: Mapping[str, object]) -> dict[str, object]:
        """The value each parameter gets from ``f(*args, **kwargs)``, in parameter order.

        ``*args`` collects a tuple and ``**kwargs`` a dict, under their names;
        the checks run in ``inspect.Signature.bind``'s order.

        Raises:
            TypeError: the call would fail, in ``inspect.Signature.bind``'s words.
        """
        given = tuple(args)
        left = dict(kwargs)
        order = (*self.positional_only, *self.positional)
        bound = self._bind_positional(given, left)
        remaining = [*order[len(given) :], *self.keywords]
        if self.var_positional is not None and len(given) <= len(order):
            # bind() stops looking at parameters one by one at *args
            remaining.insert(len(order) - len(given), self.var_positional)
        for name in remaining:
            if name in bound or name == self.var_positional:
                continue
            if name in left:
                if name in self.positional_only:
                    if self.var_keyword is not None and _POSITIONAL_ONLY_NAMES_GO_TO_KWARGS:
                        continue  # it stays in **kwargs, as 3.13's bind leaves it
                    raise TypeError(
                        f"{name!r} parameter is positional only, but was passed as a keyword"
                    )
                bound[name] = left.pop(name)
            elif self.defaults[name] is REQUIRED:
                # Only the first parameter after the positional arguments is
                # named by its kind (3.12+); bind() words the rest plainly.
                kind = self._kind_word(name) if name == remaining[0] else ""
                raise TypeError(f"missing a required{kind} argument: {name!r}")
        if left:
            if self.var_keyword is None:
                raise TypeError(f"got an unexpected keyword argument {next(iter(left))!r}")
            bound[self.var_keyword] = left
        return bound

    def _bind_positional(
        self, given: tuple[object, ...], kwargs: Mapping[str, object]
    ) -> dict[str, object]:
        order = (*self.positional_only, *self.positional)
        bound: dict[str, object] = {}
        for index, value in enumerate(given):
            if index >= len(order):
                if self.var_positional is None:
                    raise TypeError("too many positional arguments")
                bound[self.var_positional] = given[index:]
                break
            name = order[index]
            if name in kwargs and name not in self.positional_only:
                raise TypeError(f"multiple values for argument {name!r}")
            bound[name] = value
        return bound

    def _kind_word(self, name: str) -> str:
        keyword_only = name not in self.positional_only and name not in self.positional
        return " keyword-only" if keyword_only and _NAMES_KEYWORD_ONLY else ""

    def text(self) -> str:
        """The parameter list as Python writes it: ``(filename, mode='a', *, errors=None)``."""
        def item(name: str) -> str:
            default = self.defaults[name]
            return name if default is REQUIRED else f"{name}={default!r}"

        items = [item(name) for name in self.positional_only]
        if self.positional_only:
            items.append("/")
        items += [item(name) for name in self.positional]
        keyword_only = [name for name in self.keywords if name not in self.positional]
        if self.var_positional is not None:
            items.append(f"*{self.var_positional}")
        elif keyword_only:
            items.append("*")
        items += [item(name) for name in keyword_only]
        if self.var_keyword is not None:
            items.append(f"**{self.var_keyword}")
        return f"({', '.join(items)})"


def parameters(target: Any) -> Parameters | None:
    """The parameters of a class (its ``__init__``, without ``self``) or a Python function.

    None when they cannot be read from a code object (a C type, a partial):
    then nothing is said about the arguments.
    """
    function, skip = target, 0
    if isinstance(target, type):
        cls: Any = target  # mypy: a class's __init__, not an instance's
        function, skip = cls.__init__, 1
    elif hasattr(target, "__func__"):  # a bound method or classmethod
        function, skip = target.__func__, 1
    while hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    names = code.co_varnames
    count, only = code.co_argcount, code.co_posonlyargcount
    ordered = names[:count]
    defaults: dict[str, object] = {}
    positional_defaults = getattr(function, "__defaults__", None) or ()
    if positional_defaults:
        defaults.update(zip(ordered[-len(positional_defaults) :], positional_defaults, strict=True))
    keyword_only = names[count : count + code.co_kwonlyargcount]
    kwdefaults = getattr(function, "__kwdefaults__", None) or {}
    defaults.update((name, kwdefaults[name]) for name in keyword_only if name in kwdefaults)
    after = count + code.co_kwonlyargcount
    var_positional = None
    if code.co_flags & _CO_VARARGS:
        var_positional, after = names[after], after + 1
    var_keyword = names[after] if code.co_flags & _CO_VARKEYWORDS else None
    positional_only, positional = ordered[:only], ordered[only:]
    if skip:  # the instance or class the method is bound to
        if positional_only:
            positional_only = positional_only[skip:]
        else:
            positional = positional[skip:]
    return Parameters(
        positional_only=positional_only,
        positional=positional,
        keyword_only=keyword_only,
        defaults=defaults,
        var_positional=var_positional,
        var_keyword=var_keyword,
    )
