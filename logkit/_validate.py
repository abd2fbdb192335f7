"""Finding every mistake in a dictConfig dict before anything is applied.

The standard library stops at the first problem, and only once it has closed
the running handlers; its messages say ``Unable to configure handler 'info'``.
:func:`find_problems` reads the dict instead: it imports the classes a config
names to look at their signatures, but never builds a handler or touches the
running logging, and reports every problem it is sure of, each at its key.
Whatever it does not know (user classes that take ``**kwargs``, ``ext://`` and
``cfg://`` values, factories) it leaves to the standard library, which stays
the final judge.

It is on the path of every ``configure()``, so it reads signatures from code
objects rather than importing ``inspect`` (or ``difflib``, until a problem
needs a suggestion).
"""

from __future__ import annotations

import logging
import logging.config
import logging.handlers
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from ._errors import ConfigError, PathLike

Kind = Literal["int", "number", "bool", "str", "level"]

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

QUEUE_KEYS_SUPPORTED = sys.version_info >= (3, 12)  # dictConfig builds QueueListeners
FORMATTER_DEFAULTS_SUPPORTED = sys.version_info >= (3, 12)

_HANDLER_RESERVED = frozenset({"class", "()", "level", "formatter", "filters", "."})
_QUEUE_HANDLER_KEYS = frozenset({"queue", "listener", "handlers", "respect_handler_level"})
_FORMATTER_KEYS = ("format", "datefmt", "style", "validate", "class", "defaults")
_FILTER_KEYS = ("name",)
_LOGGER_KEYS = ("level", "propagate", "filters", "handlers")
_ROOT_KEYS = (*_LOGGER_KEYS,)  # dictConfig ignores a root 'propagate'; harmless
_STYLES = ("%", "{", "$")

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
    # dictConfig converts a level name here only from 3.13; before, a name is
    # stored as is and every later record fails to compare with it.
    "flushLevel": "level" if sys.version_info >= (3, 13) else "int",
    "facility": None,  # SysLogHandler takes "local0" as well as LOG_LOCAL0
}


class InvalidConfig(ConfigError):
    """Several problems found at once; ``errors`` lists each one, located.

    It is a ConfigError (users catch one type) whose own location and message
    are the first problem's, followed by ``(and N more)``.
    """

    def __init__(self, errors: list[ConfigError]) -> None:
        if not errors:
            raise ValueError("InvalidConfig needs at least one error")
        self._errors = list(errors)
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(
            first.reason + more,
            path=first.path,
            line=first.line,
            column=first.column,
            key=first.key,
        )

    @property
    def errors(self) -> list[ConfigError]:
        return list(self._errors)

    def __reduce__(self) -> tuple[object, ...]:
        return (InvalidConfig, (self._errors,))

    def located(
        self,
        *,
        path: PathLike | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> ConfigError:
        """Locate every problem in ``path`` (a line or key applies to none)."""
        return InvalidConfig([error.located(path=path) for error in self.errors])


def printable(text: str) -> str:
    """Text with control characters escaped, so that every message stays one line."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def combined(problems: list[ConfigError]) -> ConfigError:
    """The one problem itself, or several as one InvalidConfig."""
    return problems[0] if len(problems) == 1 else InvalidConfig(problems)


def raise_problems(problems: list[ConfigError]) -> None:
    """Raise the problems found, as one error; nothing if there are none."""
    if problems:
        raise combined(problems)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` most likely misspells, if any is close enough."""
    names = [name for name in candidates if isinstance(name, str)]
    by_case = {name.lower(): name for name in names}
    if word.lower() in by_case and by_case[word.lower()] != word:
        return by_case[word.lower()]
    import difflib

    matches = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest candidate, or an empty string."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


def level_problem(level: object) -> str | None:
    """Why ``logging._checkLevel`` would reject a level, or None if it accepts it."""
    if isinstance(level, bool) or not isinstance(level, (int, str)):
        return f"expected a level name or number, found {_describe(level)}"
    if isinstance(level, int) or _is_reference(level):
        return None
    names = logging._nameToLevel
    if level in names:
        return None
    match = level.upper() if level.upper() in names else closest(level.upper(), names)
    hint = f" (did you mean '{match}'?)" if match else ""
    return f"unknown level '{level}'{hint}"


def _describe(value: object) -> str:
    """How a found value reads in a message: ``the string '10'``, ``a list``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    for types, words in (
        (str, "the string {!r}"),
        ((int, float), "the number {!r}"),
        (Mapping, "a mapping"),
        ((list, tuple), "a list"),
    ):
        if isinstance(value, types):
            return words.format(value)
    return f"a {type(value).__name__}"


def _is_reference(value: object) -> bool:
    """``ext://`` and ``cfg://`` strings are resolved by dictConfig itself."""
    return isinstance(value, str) and value.startswith(("ext://", "cfg://"))


def kind_problem(kind: Kind, value: object) -> str | None:
    """Why ``value`` does not fit ``kind``, or None if it does (or cannot be told)."""
    if value is None or _is_reference(value):
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
    return None if ok else f"expected {expected}, found {_describe(value)}"


def resolve_class(name: str) -> Any:
    """Import a dotted name the way dictConfig does (raises ValueError if it cannot)."""
    return logging.config.BaseConfigurator({}).resolve(name)


def _import_problem(name: object) -> str | None:
    """Why a ``class``/``()`` value would not import, with a guess at the right name."""
    if not isinstance(name, str):
        if callable(name):
            return None
        return f"expected a dotted class name, found {_describe(name)}"
    try:
        resolve_class(name)
    except (ValueError, ImportError, AttributeError):
        pass
    else:
        return None
    parts = name.split(".")
    found: Any = None
    for depth in range(len(parts) - 1, 0, -1):
        try:
            found = resolve_class(".".join(parts[:depth]))
        except (ValueError, ImportError, AttributeError):
            continue
        else:
            missing, parent = parts[depth], ".".join(parts[:depth])
            match = closest(missing, [n for n in dir(found) if not n.startswith("_")])
            hint = f" (did you mean '{parent}.{match}'?)" if match else ""
            return f"cannot import '{name}': no '{missing}' in '{parent}'{hint}"
    return f"cannot import '{name}': no module named '{parts[0]}'"


REQUIRED = object()
_CO_VARKEYWORDS = 0x08  # inspect.CO_VARKEYWORDS, without importing inspect


# What a callable takes by keyword: each name's default (``REQUIRED``: none),
# and whether it also takes **kwargs. (A plain tuple: this module is imported by
# every configure(), and a NamedTuple class costs more to build than it saves.)
Parameters = tuple[dict[str, object], bool]


def parameters(target: Any) -> Parameters | None:
    """The keyword parameters of a class (its ``__init__``) or a Python function.

    None when they cannot be read from a code object (a C type, a partial):
    then nothing is reported about the arguments.
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
    positional = code.co_varnames[code.co_posonlyargcount : code.co_argcount]
    keyword_only = code.co_varnames[code.co_argcount : code.co_argcount + code.co_kwonlyargcount]
    if code.co_posonlyargcount < skip:
        positional = positional[skip - code.co_posonlyargcount :]
    defaults = getattr(function, "__defaults__", None) or ()
    kwdefaults = getattr(function, "__kwdefaults__", None) or {}
    result: dict[str, object] = dict.fromkeys(positional, REQUIRED)
    if defaults:
        result.update(zip(positional[-len(defaults) :], defaults, strict=True))
    for name in keyword_only:
        result[name] = kwdefaults.get(name, REQUIRED)
    return result, bool(code.co_flags & _CO_VARKEYWORDS)


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
    if found is None or argument not in found[0]:
        return None
    return _kind_of_default(found[0][argument])


def _handler_class(handler: Mapping[str, Any]) -> Any:
    name = handler.get("()", handler.get("class"))
    if callable(name):
        return name
    if not isinstance(name, str):
        return None
    try:
        return resolve_class(name)
    except (ValueError, ImportError, AttributeError):
        return None


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
        return argument_kind(_handler_class(handler), field)
    return None


class _Validator:
    """One pass over a config, collecting (key, reason) problems."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.problems: list[tuple[str, str]] = []
        self.incremental = config.get("incremental") is True

    def report(self, key: str, reason: str) -> None:
        self.problems.append((key, reason))

    def section(self, name: str) -> Mapping[str, Any]:
        value = self.config.get(name, {})
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.report(name, f"expected a mapping of names, found {_describe(value)}")
            return {}
        return value

    def run(self) -> None:
        self.top_level()
        formatters = self.section("formatters")
        filters = self.section("filters")
        handlers = self.section("handlers")
        loggers = self.section("loggers")
        for name, formatter in formatters.items():
            self.formatter(f"formatters.{name}", formatter)
        for name, filter_ in filters.items():
            self.filter(f"filters.{name}", filter_)
        for name, handler in handlers.items():
            self.handler(f"handlers.{name}", handler)
        for name, logger in loggers.items():
            self.logger(f"loggers.{name}", logger, _LOGGER_KEYS)
        if "root" in self.config:
            self.logger("root", self.config["root"], _ROOT_KEYS)

    def top_level(self) -> None:
        if "version" not in self.config:
            self.report("version", "missing: dictConfig needs 'version: 1'")
        elif self.config["version"] != 1 or isinstance(self.config["version"], bool):
            found = _describe(self.config["version"])
            self.report("version", f"unsupported version: expected 1, found {found}")
        for flag in ("incremental", "disable_existing_loggers"):
            if flag in self.config:
                self.typed(flag, "bool", self.config[flag])
        referenced = set(_cfg_roots(self.config))
        for key in self.config:
            if key in TOP_LEVEL_KEYS or key in referenced:
                continue
            hint = did_you_mean(str(key), TOP_LEVEL_KEYS)
            self.report(str(key), f"unknown top-level key{hint}")

    def typed(self, key: str, kind: Kind, value: object) -> None:
        problem = kind_problem(kind, value)
        if problem:
            self.report(key, problem)

    def unknown_keys(self, key: str, entry: Mapping[str, Any], known: Iterable[str]) -> None:
        known = tuple(known)
        for name in entry:
            if name not in known:
                hint = did_you_mean(str(name), known)
                self.report(f"{key}.{name}", f"unknown key{hint}")

    def entry(self, key: str, value: object) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.report(key, f"expected a mapping, found {_describe(value)}")
        return None

    def names(self, key: str, value: object, section: str, what: str) -> None:
        """A list of names that must be defined in ``section``."""
        if value is None:
            return
        if not isinstance(value, (list, tuple)):
            self.report(key, f"expected a list of {what} names, found {_describe(value)}")
            return
        if self.incremental:
            return
        defined = self.section_names(section)
        for name in value:
            if isinstance(name, str) and name not in defined:
                self.report(key, self.undefined(what, name, section, defined))

    def section_names(self, section: str) -> list[str]:
        value = self.config.get(section)
        return [str(name) for name in value] if isinstance(value, Mapping) else []

    def undefined(self, what: str, name: str, section: str, defined: list[str]) -> str:
        if not defined:
            return f"{what} '{name}' is not defined (there is no '{section}' section)"
        return f"{what} '{name}' is not defined{did_you_mean(name, defined)}"

    def factory(
        self,
        key: str,
        entry: Mapping[str, Any],
        passed: Iterable[str],
        fallbacks: Mapping[str, str] | None = None,
    ) -> None:
        """A ``()`` factory must import and take the keys it will be called with."""
        factory_name = entry["()"]
        problem = _import_problem(factory_name)
        if problem:
            self.report(f"{key}.()", problem)
            return
        factory = factory_name if callable(factory_name) else resolve_class(factory_name)
        # dictConfig drops keys that are not identifiers (its valid_ident: ASCII).
        keywords = [name for name in passed if name.isascii() and name.isidentifier()]
        self.arguments(key, factory, keywords, fallbacks=fallbacks)

    def arguments(
        self,
        key: str,
        target: Any,
        passed: list[str],
        *,
        fallbacks: Mapping[str, str] | None = None,
        supplied: Iterable[str] = (),
    ) -> None:
        """Each passed keyword must be a parameter of ``target`` (unless it takes **kwargs).

        ``fallbacks`` are the old names dictConfig retries with (``stream`` ->
        ``strm``); ``supplied`` the arguments dictConfig provides itself.
        """
        fallbacks = fallbacks or {}
        found = parameters(target)
        if found is None:
            return
        accepted, any_keyword = found
        title = getattr(target, "__qualname__", None) or repr(target)
        given = set(passed) | set(supplied)
        for name in passed:
            fallback = fallbacks.get(name)
            if name in accepted or any_keyword or (fallback and fallback in accepted):
                continue
            hint = did_you_mean(name, accepted)
            self.report(f"{key}.{name}", f"{title} takes no argument '{name}'{hint}")
        for name, default in accepted.items():
            if default is REQUIRED and name not in given:
                if any(fallbacks.get(other) == name for other in given):
                    continue
                self.report(key, f"{title} needs the argument '{name}'")

    def formatter(self, key: str, value: object) -> None:
        entry = self.entry(key, value)
        if entry is None:
            return
        if "()" in entry:
            passed = [name for name in entry if name not in ("()", ".")]
            # dictConfig retries a formatter factory with fmt= for format=.
            self.factory(key, entry, passed, fallbacks={"format": "fmt"})
            return
        known = _FORMATTER_KEYS if FORMATTER_DEFAULTS_SUPPORTED else _FORMATTER_KEYS[:-1]
        if "defaults" in entry and not FORMATTER_DEFAULTS_SUPPORTED:
            self.report(f"{key}.defaults", "formatter defaults need Python 3.12 or later")
            known = (*known, "defaults")
        self.unknown_keys(key, entry, known)
        for field in ("format", "datefmt"):
            if field in entry:
                self.typed(f"{key}.{field}", "str", entry[field])
        if "validate" in entry:
            self.typed(f"{key}.validate", "bool", entry["validate"])
        style = entry.get("style", "%")
        if style not in _STYLES:
            self.report(f"{key}.style", f"expected one of % {{ $, found {_describe(style)}")
        if "class" in entry:
            problem = _import_problem(entry["class"])
            if problem:
                self.report(f"{key}.class", problem)

    def filter(self, key: str, value: object) -> None:
        entry = self.entry(key, value)
        if entry is None:
            return
        if "()" in entry:
            self.factory(key, entry, [name for name in entry if name not in ("()", ".")])
            return
        self.unknown_keys(key, entry, _FILTER_KEYS)
        if "name" in entry:
            self.typed(f"{key}.name", "str", entry["name"])

    def handler(self, key: str, value: object) -> None:
        entry = self.entry(key, value)
        if entry is None:
            return
        if "level" in entry:
            self.typed(f"{key}.level", "level", entry["level"])
        if self.incremental:
            return
        formatter = entry.get("formatter")
        if formatter:
            defined = self.section_names("formatters")
            if isinstance(formatter, str) and formatter not in defined:
                reason = self.undefined("formatter", formatter, "formatters", defined)
                self.report(f"{key}.formatter", reason)
        self.names(f"{key}.filters", entry.get("filters"), "filters", "filter")
        passed = [str(name) for name in entry if name not in _HANDLER_RESERVED]
        if "()" in entry:
            self.factory(key, entry, passed, fallbacks={"stream": "strm"})
            return
        if "class" not in entry:
            self.report(key, "missing 'class' (or '()' naming a factory)")
            return
        problem = _import_problem(entry["class"])
        if problem:
            self.report(f"{key}.class", problem)
            return
        cls = _handler_class(entry)
        self.handler_arguments(key, entry, cls, passed)

    def handler_arguments(
        self, key: str, entry: Mapping[str, Any], cls: Any, passed: list[str]
    ) -> None:
        is_class = isinstance(cls, type)
        if is_class and issubclass(cls, logging.handlers.MemoryHandler) and "target" in entry:
            target = entry["target"]
            defined = self.section_names("handlers")
            if isinstance(target, str) and target not in defined:
                self.report(f"{key}.target", self.undefined("handler", target, "handlers", defined))
        supplied: tuple[str, ...] = ()
        if is_class and issubclass(cls, logging.handlers.QueueHandler):
            if QUEUE_KEYS_SUPPORTED:
                self.names(f"{key}.handlers", entry.get("handlers"), "handlers", "handler")
                # dictConfig makes the queue and listener itself (a default queue
                # when none is named) and passes only the rest to the class.
                passed = [name for name in passed if name not in _QUEUE_HANDLER_KEYS]
                supplied = ("queue",)
            else:
                for name in sorted(_QUEUE_HANDLER_KEYS.intersection(passed) - {"queue"}):
                    self.report(f"{key}.{name}", f"'{name}' needs Python 3.12 or later")
                passed = [n for n in passed if n not in _QUEUE_HANDLER_KEYS - {"queue"}]
        self.arguments(key, cls, passed, fallbacks={"stream": "strm"}, supplied=supplied)
        for name in passed:
            kind = argument_kind(cls, name)
            if kind is not None:
                self.typed(f"{key}.{name}", kind, entry[name])

    def logger(self, key: str, value: object, known: tuple[str, ...]) -> None:
        entry = self.entry(key, value)
        if entry is None:
            return
        self.unknown_keys(key, entry, known)
        if "level" in entry:
            self.typed(f"{key}.level", "level", entry["level"])
        if "propagate" in entry:
            self.typed(f"{key}.propagate", "bool", entry["propagate"])
        self.names(f"{key}.handlers", entry.get("handlers"), "handlers", "handler")
        self.names(f"{key}.filters", entry.get("filters"), "filters", "filter")


def _cfg_roots(value: object) -> Iterable[str]:
    """Top-level keys that ``cfg://`` values refer to (they may be custom)."""
    if isinstance(value, str):
        if value.startswith("cfg://"):
            root = value[len("cfg://") :].split(".", 1)[0].split("[", 1)[0]
            if root.isidentifier():
                yield root
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _cfg_roots(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _cfg_roots(item)


def find_problems(
    config: Mapping[str, Any],
    *,
    text: str | None = None,
    locate: Callable[[str, str], int | None] | None = None,
    path: PathLike | None = None,
) -> list[ConfigError]:
    """Every problem in a dictConfig dict that the standard library would trip on.

    Args:
        config: The dict, after environment substitution.
        text: The file's text, to find each problem's line with ``locate``.
        locate: The format's ``locate(text, key)``.
        path: The file, for the messages.

    Returns:
        One ConfigError per problem, in the order of the config, each with its
        key and (where it can be found) line. Empty when all is well.
    """
    if not isinstance(config, Mapping):
        return [ConfigError(f"expected a mapping, found {_describe(config)}", path=path)]
    validator = _Validator(config)
    validator.run()
    errors: list[ConfigError] = []
    for key, reason in validator.problems:
        line = None
        if text is not None and locate is not None:
            line = locate(text, key)
        if line is None and "." not in key:
            line = 1  # a top-level key that is missing: the file as a whole
        errors.append(ConfigError(printable(reason), path=path, line=line, key=printable(key)))
    return sorted(errors, key=lambda error: error.line or 0)
