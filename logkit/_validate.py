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

Errors are what the standard library would trip on or silently get wrong;
warnings (:class:`ConfigWarning`) are what it ignores: a key it never reads
(gunicorn's loggers carry ``qualname``), unless the key is a close misspelling
of one it reads (``handler:`` for ``handlers:``), which stays an error.

Inside :func:`logkit._schema.no_imports` nothing the config names is
imported: ``class`` and ``()`` values are checked for form only, and arguments
only of classes of the standard ``logging`` package (and logkit's) that are
already imported.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Callable, Iterable, Mapping

from ._errors import ConfigError, ConfigWarning, PathLike
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
    argument_kind,
    cfg_roots,
    cfg_target,
    code_may_run,
    extra_for,
    feeds_handlers,
    find_class,
    formatter_keys,
    handler_class,
    is_dotted_name,
    is_reference,
    kind_problem,
    parameters,
    resolve_class,
)

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from ._schema import Kind


def _import_problem(name: object) -> str | None:
    """Why a ``class``/``()`` value would not import, with a guess at the right name.

    Inside :func:`no_imports` only its form is checked: nothing is imported.
    """
    if not isinstance(name, str) or not is_dotted_name(name):
        if callable(name):
            return None
        from ._messages import describe  # only for a message
        return f"expected a dotted class name, found {describe(name)}"
    if not code_may_run():
        return None
    try:
        resolve_class(name)
    except (ValueError, ImportError, AttributeError):
        pass
    else:
        return None
    from ._messages import closest, no_module  # only for a message
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
    return f"cannot import '{name}': {no_module(parts[0], extra_for(parts[0]))}"


class _Validator:
    """One pass over a config, collecting (key, reason) problems and warnings."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.incremental = config.get("incremental") is True

    def report(self, key: str, reason: str) -> None:
        self.problems.append((key, reason))

    def followed(self, key: str, value: object) -> tuple[str, Any]:
        """A ``cfg://`` value as the key and value it leads to (dictConfig follows it)."""
        target = cfg_target(self.config, value)
        return target if target is not None else (key, value)

    def section(self, name: str) -> tuple[str, Mapping[str, Any]]:
        key, value = self.followed(name, self.config.get(name, {}))
        if value is None or is_reference(value):
            return key, {}  # a reference that leads nowhere: dictConfig says so
        if not isinstance(value, Mapping):
            from ._messages import describe  # only for a message
            self.report(name, f"expected a mapping of names, found {describe(value)}")
            return key, {}
        return key, value

    def run(self) -> None:
        self.top_level()
        sections = (
            ("formatters", self.formatter),
            ("filters", self.filter),
            ("handlers", self.handler),
            ("loggers", lambda key, value: self.logger(key, value, LOGGER_KEYS)),
        )
        for name, check in sections:
            prefix, entries = self.section(name)
            for entry_name, value in entries.items():
                check(f"{prefix}.{entry_name}", value)
        if "root" in self.config:
            self.logger("root", self.config["root"], ROOT_KEYS)

    def top_level(self) -> None:
        if "version" not in self.config:
            self.report("version", "missing: dictConfig needs 'version: 1'")
        elif self.config["version"] != 1 or isinstance(self.config["version"], bool):
            from ._messages import describe  # only for a message
            found = describe(self.config["version"])
            self.report("version", f"unsupported version: expected 1, found {found}")
        for flag in ("incremental", "disable_existing_loggers"):
            if flag in self.config:
                self.typed(flag, "bool", self.config[flag])
        referenced = set(cfg_roots(self.config))
        for key in self.config:
            if key not in TOP_LEVEL_KEYS and key not in referenced:
                self.unknown(str(key), str(key), TOP_LEVEL_KEYS, "top-level key")

    def typed(self, key: str, kind: Kind, value: object) -> None:
        problem = kind_problem(kind, value)
        if problem:
            self.report(key, problem)

    def unknown_keys(self, key: str, entry: Mapping[str, Any], known: Iterable[str]) -> None:
        known = tuple(known)
        for name in entry:
            if name not in known:
                self.unknown(f"{key}.{name}", str(name), known, "key")

    def unknown(self, key: str, name: str, known: Iterable[str], what: str) -> None:
        """A key dictConfig never reads: an error if it misspells one it reads."""
        from ._messages import did_you_mean  # only for a message
        hint = did_you_mean(name, known)
        if hint:
            self.report(key, f"unknown {what}{hint}")
        else:
            self.warnings.append((key, f"unknown {what}: dictConfig ignores it"))

    def entry(self, key: str, value: object) -> tuple[str, Mapping[str, Any] | None]:
        """An entry of a section (or the root), and the key it is written at."""
        key, value = self.followed(key, value)
        if isinstance(value, Mapping):
            return key, value
        if not is_reference(value):  # a reference leading nowhere: dictConfig says so
            from ._messages import describe  # only for a message
            self.report(key, f"expected a mapping, found {describe(value)}")
        return key, None

    def names(self, key: str, value: object, section: str, what: str) -> None:
        """A list of names that must be defined in ``section``."""
        key, value = self.followed(key, value)
        if value is None or is_reference(value):
            return
        if not isinstance(value, (list, tuple)):
            from ._messages import describe  # only for a message
            self.report(key, f"expected a list of {what} names, found {describe(value)}")
            return
        if self.incremental:
            return
        defined = self.section_names(section)
        for name in value:
            if isinstance(name, str) and name not in defined:
                self.report(key, self.undefined(what, name, section, defined))

    def section_names(self, section: str) -> list[str]:
        value = self.followed(section, self.config.get(section))[1]
        return [str(name) for name in value] if isinstance(value, Mapping) else []

    def undefined(self, what: str, name: str, section: str, defined: list[str]) -> str:
        if not defined:
            return f"{what} '{name}' is not defined (there is no '{section}' section)"
        from ._messages import did_you_mean  # only for a message
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
        factory = find_class(factory_name)
        if factory is None:
            return  # not looked up without running code
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
            from ._messages import did_you_mean  # only for a message
            hint = did_you_mean(name, accepted)
            self.report(f"{key}.{name}", f"{title} takes no argument '{name}'{hint}")
        for name, default in accepted.items():
            if default is REQUIRED and name not in given:
                if any(fallbacks.get(other) == name for other in given):
                    continue
                self.report(key, f"{title} needs the argument '{name}'")

    def formatter(self, key: str, value: object) -> None:
        key, entry = self.entry(key, value)
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
            from ._messages import describe  # only for a message
            self.report(f"{key}.style", f"expected one of % {{ $, found {describe(style)}")
        if "class" in entry:
            problem = _import_problem(entry["class"])
            if problem:
                self.report(f"{key}.class", problem)

    def filter(self, key: str, value: object) -> None:
        key, entry = self.entry(key, value)
        if entry is None:
            return
        if "()" in entry:
            self.factory(key, entry, [name for name in entry if name not in ("()", ".")])
            return
        self.unknown_keys(key, entry, FILTER_KEYS)
        if "name" in entry:
            self.typed(f"{key}.name", "str", entry["name"])

    def handler(self, key: str, value: object) -> None:
        key, entry = self.entry(key, value)
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
        if feeds_handlers(handler_class(entry)):  # logkit.handlers.BackgroundHandler
            self.names(f"{key}.handlers", entry.get("handlers"), "handlers", "handler")
            fed = entry.get("handlers")
            if isinstance(fed, (list, tuple)) and key.rpartition(".")[2] in fed:
                self.report(f"{key}.handlers", "a handler cannot feed itself")
            self.feed_circles(key)
            capacity = entry.get("capacity")
            if type(capacity) is int and capacity <= 0:
                self.report(f"{key}.capacity", f"expected a positive number, found {capacity}")
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
        cls = find_class(entry["class"])
        if cls is not None:  # None: not looked up without running code
            self.handler_arguments(key, entry, cls, passed)

    def feed_circles(self, key: str) -> None:
        """Background handlers that feed the one at ``key`` back, round a circle.

        A circle is reported once, at the first of its handlers in the file.
        """
        from .handlers._background_records import circle_words, circles_from

        name = key.rpartition(".")[2]

        feeds: dict[str, list[str]] = {}  # background handler -> the names it feeds
        for other, value in self.section("handlers")[1].items():
            entry = self.followed(f"handlers.{other}", value)[1]
            if isinstance(entry, Mapping) and feeds_handlers(handler_class(entry)):
                fed = entry.get("handlers")
                names = fed if isinstance(fed, (list, tuple)) else ()
                feeds[str(other)] = [item for item in names if isinstance(item, str)]
        order = list(feeds)
        if name not in feeds:
            return
        later = set(order[order.index(name) :])  # earlier ones reported their circles
        for circle in circles_from(name, lambda node: [n for n in feeds[node] if n in later]):
            self.report(f"{key}.handlers", f"{circle_words(circle)}: records would circle forever")

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
        key, entry = self.entry(key, value)
        if entry is None:
            return
        self.unknown_keys(key, entry, known)
        if "level" in entry:
            self.typed(f"{key}.level", "level", entry["level"])
        if "propagate" in entry:
            self.typed(f"{key}.propagate", "bool", entry["propagate"])
        self.names(f"{key}.handlers", entry.get("handlers"), "handlers", "handler")
        self.names(f"{key}.filters", entry.get("filters"), "filters", "filter")


class Findings(tuple[list[ConfigError], list[ConfigWarning]]):
    """What validation found: errors (it will fail or do the wrong thing) and warnings.

    The pair ``(errors, warnings)`` written out by hand: ``collections.namedtuple``
    builds its class from source text (~0.1 ms of every configure()).
    """

    __slots__ = ()

    def __new__(cls, errors: list[ConfigError], warnings: list[ConfigWarning]) -> Findings:
        return tuple.__new__(cls, (errors, warnings))

    def __getnewargs__(self) -> tuple[list[ConfigError], list[ConfigWarning]]:
        return (self[0], self[1])

    @property
    def errors(self) -> list[ConfigError]:
        return self[0]

    @property
    def warnings(self) -> list[ConfigWarning]:
        return self[1]


def validate_config(
    config: Mapping[str, Any],
    *,
    locate: Callable[[str], int | None] | None = None,
    path: PathLike | None = None,
) -> Findings:
    """Every problem in a dictConfig dict that the standard library would trip on, and
    every key it would ignore.

    Args:
        config: The dict, after environment substitution.
        locate: The line a key is written on in the file (a format's ``locator``).
        path: The file, for the messages.

    The classes the config names are imported to read their signatures, except
    inside :func:`logkit._schema.no_imports`: then ``class`` and ``()`` values
    are checked for form only.

    Returns:
        The errors and the warnings, each located (key and, where it can be
        found, line) and in the order of the file. Both empty when all is well.
    """
    if not isinstance(config, Mapping):
        from ._messages import describe  # only for a message
        error = ConfigError(f"expected a mapping, found {describe(config)}", path=path)
        return Findings([error], [])
    validator = _Validator(config)
    validator.run()
    if not validator.problems and not validator.warnings:
        return Findings([], [])
    from ._messages import printable  # only for messages

    def where(key: str) -> dict[str, Any]:
        line = locate(key) if locate is not None else None
        if line is None and "." not in key:
            line = 1  # a top-level key that is missing: the file as a whole
        return {"path": path, "line": line, "key": printable(key)}

    errors = [ConfigError(printable(reason), **where(key)) for key, reason in validator.problems]
    warnings = [
        ConfigWarning(printable(reason), **where(key)) for key, reason in validator.warnings
    ]
    return Findings(
        sorted(errors, key=lambda error: error.line or 0),
        sorted(warnings, key=lambda warning: warning.line or 0),
    )


def find_problems(
    config: Mapping[str, Any],
    *,
    locate: Callable[[str], int | None] | None = None,
    path: PathLike | None = None,
) -> list[ConfigError]:
    """The errors of :func:`validate_config` (its warnings are left out)."""
    return validate_config(config, locate=locate, path=path).errors
