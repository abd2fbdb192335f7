"""Finding every mistake in a dictConfig dict before anything is applied.

The standard library stops at the first problem, and only once it has closed
the running handlers; its messages say ``Unable to configure handler 'info'``.
:func:`find_problems` reads the dict instead: it imports the classes a config
names to look at their signatures, but never builds a handler or touches the
running logging, and reports every problem it is sure of, each at its key.
Whatever it does not know (user classes that take ``**kwargs``, ``ext://`` and
``cfg://`` values, factories) it leaves to the standard library, which stays
the final judge. What the standard library accepts is :mod:`logkit._schema`'s
to say; this module only walks the config and words the problems.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._errors import ConfigError, PathLike
from ._messages import closest, describe, did_you_mean, printable
from ._schema import (
    FILTER_KEYS,
    FORMATTER_DEFAULTS_SUPPORTED,
    HANDLER_RESERVED_KEYS,
    LOGGER_KEYS,
    QUEUE_HANDLER_KEYS,
    QUEUE_KEYS_SUPPORTED,
    REQUIRED,
    ROOT_KEYS,
    STYLES,
    TOP_LEVEL_KEYS,
    Kind,
    argument_kind,
    cfg_roots,
    formatter_keys,
    handler_class,
    kind_problem,
    parameters,
    resolve_class,
)


def _import_problem(name: object) -> str | None:
    """Why a ``class``/``()`` value would not import, with a guess at the right name."""
    if not isinstance(name, str):
        if callable(name):
            return None
        return f"expected a dotted class name, found {describe(name)}"
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
            self.report(name, f"expected a mapping of names, found {describe(value)}")
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
            self.logger(f"loggers.{name}", logger, LOGGER_KEYS)
        if "root" in self.config:
            self.logger("root", self.config["root"], ROOT_KEYS)

    def top_level(self) -> None:
        if "version" not in self.config:
            self.report("version", "missing: dictConfig needs 'version: 1'")
        elif self.config["version"] != 1 or isinstance(self.config["version"], bool):
            found = describe(self.config["version"])
            self.report("version", f"unsupported version: expected 1, found {found}")
        for flag in ("incremental", "disable_existing_loggers"):
            if flag in self.config:
                self.typed(flag, "bool", self.config[flag])
        referenced = set(cfg_roots(self.config))
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
        self.report(key, f"expected a mapping, found {describe(value)}")
        return None

    def names(self, key: str, value: object, section: str, what: str) -> None:
        """A list of names that must be defined in ``section``."""
        if value is None:
            return
        if not isinstance(value, (list, tuple)):
            self.report(key, f"expected a list of {what} names, found {describe(value)}")
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
        accepted, any_keyword = found.keywords, found.any_keyword
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
        known = formatter_keys()
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
        if style not in STYLES:
            self.report(f"{key}.style", f"expected one of % {{ $, found {describe(style)}")
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
        self.unknown_keys(key, entry, FILTER_KEYS)
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
        passed = [str(name) for name in entry if name not in HANDLER_RESERVED_KEYS]
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
        cls = handler_class(entry)
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
                passed = [name for name in passed if name not in QUEUE_HANDLER_KEYS]
                supplied = ("queue",)
            else:
                for name in sorted(QUEUE_HANDLER_KEYS.intersection(passed) - {"queue"}):
                    self.report(f"{key}.{name}", f"'{name}' needs Python 3.12 or later")
                passed = [n for n in passed if n not in QUEUE_HANDLER_KEYS - {"queue"}]
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


def find_problems(
    config: Mapping[str, Any],
    *,
    locate: Callable[[str], int | None] | None = None,
    path: PathLike | None = None,
) -> list[ConfigError]:
    """Every problem in a dictConfig dict that the standard library would trip on.

    Args:
        config: The dict, after environment substitution.
        locate: The line a key is written on in the file (a format's ``locator``).
        path: The file, for the messages.

    Returns:
        One ConfigError per problem, in the order of the config, each with its
        key and (where it can be found) line. Empty when all is well.
    """
    if not isinstance(config, Mapping):
        return [ConfigError(f"expected a mapping, found {describe(config)}", path=path)]
    validator = _Validator(config)
    validator.run()
    errors: list[ConfigError] = []
    for key, reason in validator.problems:
        line = None
        if locate is not None:
            line = locate(key)
        if line is None and "." not in key:
            line = 1  # a top-level key that is missing: the file as a whole
        errors.append(ConfigError(printable(reason), path=path, line=line, key=printable(key)))
    return sorted(errors, key=lambda error: error.line or 0)
