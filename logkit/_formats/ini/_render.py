"""Write a dictConfig dict as fileConfig INI text (the inverse of ``_translate``).

The INI schema is smaller than the dict schema, so writing is mostly checking:
everything INI cannot hold (filters, factories, custom attributes, objects
that are not literals, values configparser would mangle) is refused with the
dict key that holds it. The text written is read back with ``translate`` before it
is returned, so what ``render`` returns always means what the dict meant.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Mapping
from typing import Any

from logkit._errors import ConfigError, describe_exception
from logkit._schema import FORMATTER_KEYS, LOGGER_KEYS, TOP_LEVEL_KEYS, parameters, resolve_class

from ._classes import class_expression, handler_class_problem
from ._render_values import (
    argument_text,
    check_name,
    defaults_text,
    escape,
    level_text,
    name_list,
    name_problem,
    value_text,
)
from ._translate import translate

# fileConfig's [logger_root] has no propagate= option. dictConfig accepts a
# root 'propagate' and ignores it, but writing the dict would lose it silently.
_ROOT_KEYS = tuple(key for key in LOGGER_KEYS if key != "propagate")


def render_ini(config: Mapping[str, Any]) -> str:
    """See :func:`logkit._formats.ini.render`."""
    writer = _IniWriter(config)
    text = writer.write()
    _check_reads_back(text, writer.expected)
    return text


class _IniWriter:
    """Collects sections and, alongside, the dict ``translate`` should read back."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.expected: dict[str, Any] = {"version": 1, "disable_existing_loggers": False}
        self.sections: list[tuple[str, list[str]]] = []

    def write(self) -> str:
        self._check_top_level()
        formatters = _mapping(self.config.get("formatters", {}), "formatters")
        handlers = _mapping(self.config.get("handlers", {}), "handlers")
        loggers = _mapping(self.config.get("loggers", {}), "loggers")
        logger_keys = self._logger_keys(loggers)
        self._root(handlers)
        for qualname, ini_key in logger_keys.items():
            self._logger(qualname, ini_key, loggers[qualname], handlers)
        for name, handler in handlers.items():
            self._handler(name, handler, formatters, handlers)
        for name, formatter in formatters.items():
            self._formatter(name, formatter)
        lists = [
            ("loggers", ["root", *logger_keys.values()]),
            ("handlers", list(handlers)),
            ("formatters", list(formatters)),
        ]
        blocks = [f"[{section}]\nkeys={escape(','.join(names))}" for section, names in lists]
        blocks += ["\n".join([f"[{name}]", *lines]) for name, lines in self.sections]
        return "\n\n".join(blocks) + "\n"

    # -- top level --------------------------------------------------------

    def _check_top_level(self) -> None:
        for key in self.config:
            if key not in TOP_LEVEL_KEYS:
                raise ConfigError("INI has no place for this key", key=str(key))
        if self.config.get("version") != 1:
            found = self.config.get("version")
            raise ConfigError(f"expected version 1, found {found!r}", key="version")
        if "disable_existing_loggers" not in self.config:
            raise ConfigError(
                "must be false: INI files are applied with disable_existing_loggers=False, "
                "and dictConfig treats a missing value as true",
                key="disable_existing_loggers",
            )
        if self.config["disable_existing_loggers"]:
            raise ConfigError(
                "must be false: INI files are applied with disable_existing_loggers=False",
                key="disable_existing_loggers",
            )
        if self.config.get("incremental"):
            raise ConfigError("INI cannot express an incremental configuration", key="incremental")
        _refuse_filters(self.config, "filters")
        if "root" not in self.config:
            raise ConfigError(
                "INI always configures the root logger (fileConfig removes its "
                "handlers); add a root entry, e.g. {'handlers': []}",
                key="root",
            )

    # -- loggers ----------------------------------------------------------

    def _logger_keys(self, loggers: Mapping[str, Any]) -> dict[str, str]:
        """The INI key for each logger: its qualname when that fits in a keys= list."""
        keys: dict[str, str] = {}
        for number, qualname in enumerate(loggers, start=1):
            key = f"loggers.{qualname}"
            if not isinstance(qualname, str) or qualname.strip() in ("", "root"):
                raise ConfigError(
                    "a logger named like the root logger belongs under 'root'", key=key
                )
            usable = name_problem(qualname) is None and qualname not in keys.values()
            keys[qualname] = qualname if usable else f"logger{number}"
        return keys

    def _root(self, handlers: Mapping[str, Any]) -> None:
        root = _mapping(self.config["root"], "root")
        if not root:
            raise ConfigError(
                "dictConfig skips an empty root entry but fileConfig always resets the "
                "root logger; give it a level or handlers (an empty list is fine)",
                key="root",
            )
        lines, expected = self._logger_lines(root, "root", handlers, propagate=False)
        self.expected["root"] = expected
        self.sections.append(("logger_root", lines))

    def _logger(
        self, qualname: str, ini_key: str, logger: Any, handlers: Mapping[str, Any]
    ) -> None:
        key = f"loggers.{qualname}"
        lines, expected = self._logger_lines(_mapping(logger, key), key, handlers, propagate=True)
        lines.append(f"qualname={value_text(qualname, f'{key}', interpolated=True)}")
        self.expected.setdefault("loggers", {})[qualname] = expected
        self.sections.append((f"logger_{ini_key}", lines))

    def _logger_lines(
        self, logger: Mapping[str, Any], key: str, handlers: Mapping[str, Any], *, propagate: bool
    ) -> tuple[list[str], dict[str, Any]]:
        allowed = LOGGER_KEYS if propagate else _ROOT_KEYS
        for option in logger:
            if option not in allowed:
                raise ConfigError("INI loggers have no place for this key", key=f"{key}.{option}")
        _refuse_filters(logger, f"{key}.filters")
        lines: list[str] = []
        expected: dict[str, Any] = {}
        if logger.get("level") is not None:
            expected["level"] = level_text(logger["level"], f"{key}.level")
            lines.append(f"level={escape(expected['level'])}")
        names = logger.get("handlers") or []
        if not isinstance(names, (list, tuple)):
            found = type(names).__name__
            raise ConfigError(
                f"expected a list of handler names, found {found}", key=f"{key}.handlers"
            )
        names = list(names)
        for name in names:
            _defined(name, handlers, f"{key}.handlers", "handler")
        lines.append(f"handlers={name_list(names, f'{key}.handlers')}")
        expected["handlers"] = names
        if propagate:
            expected["propagate"] = bool(logger.get("propagate", True))
            if not expected["propagate"]:
                lines.append("propagate=0")
        return lines, expected

    # -- handlers ---------------------------------------------------------

    def _handler(
        self,
        name: str,
        handler: Any,
        formatters: Mapping[str, Any],
        handlers: Mapping[str, Any],
    ) -> None:
        key = f"handlers.{name}"
        check_name(name, key)
        arguments = _handler_arguments(handler, key)
        class_path = arguments.pop("class", None)
        handler_class = _handler_class(class_path, key)
        expected: dict[str, Any] = {"class": class_path}
        lines = [f"class={escape(class_expression(class_path, handler_class))}"]
        level = arguments.pop("level", None)
        if level is not None:
            expected["level"] = level_text(level, f"{key}.level")
            lines.append(f"level={escape(expected['level'])}")
        formatter = arguments.pop("formatter", None)
        if formatter:
            expected["formatter"] = _defined(formatter, formatters, f"{key}.formatter", "formatter")
            written = value_text(formatter, f"{key}.formatter", interpolated=True)
            lines.append(f"formatter={written}")
        target = None
        if issubclass(handler_class, logging.handlers.MemoryHandler):
            target = arguments.pop("target", None)  # a handler's name, not an argument
        arguments = _with_tuples_as_dictconfig_makes(handler_class, arguments)
        lines += _argument_lines(handler_class, arguments, key)
        expected.update(arguments)
        if target is not None:
            expected["target"] = _defined(target, handlers, f"{key}.target", "handler")
            lines.append(f"target={value_text(target, f'{key}.target', interpolated=True)}")
        self.expected.setdefault("handlers", {})[name] = expected
        self.sections.append((f"handler_{name}", lines))

    # -- formatters -------------------------------------------------------

    def _formatter(self, name: str, formatter: Any) -> None:
        key = f"formatters.{name}"
        check_name(name, key)
        formatter = _mapping(formatter, key)
        for option in formatter:
            if option in _REFUSED:
                raise ConfigError(_REFUSED[option], key=f"{key}.{option}")
            if option not in FORMATTER_KEYS:
                raise ConfigError(
                    "INI formatters have no place for this key", key=f"{key}.{option}"
                )
        if formatter.get("validate", True) is not True:
            raise ConfigError(
                "fileConfig always validates formats; INI cannot turn that off",
                key=f"{key}.validate",
            )
        lines: list[str] = []
        expected: dict[str, Any] = {}
        for option in ("format", "datefmt", "style"):
            if formatter.get(option) is not None:
                value = formatter[option]
                lines.append(f"{option}={value_text(value, f'{key}.{option}', interpolated=False)}")
                expected[option] = value
        if formatter.get("class"):
            written = value_text(formatter["class"], f"{key}.class", interpolated=True)
            lines.append(f"class={written}")
            expected["class"] = formatter["class"]
        if formatter.get("defaults") is not None:
            lines.append(f"defaults={defaults_text(formatter['defaults'], f'{key}.defaults')}")
            expected["defaults"] = formatter["defaults"]
        self.expected.setdefault("formatters", {})[name] = expected
        self.sections.append((f"formatter_{name}", lines))


_REFUSED = {
    "()": "INI cannot call factories ('()'); use 'class' with constructor arguments",
    ".": "INI cannot set custom attributes ('.') on handlers or formatters",
}


def _handler_arguments(handler: Any, key: str) -> dict[str, Any]:
    """A copy of a handler's dict, refusing what INI has no place for."""
    arguments = dict(_mapping(handler, key))
    for refused in ("()", "."):
        if refused in arguments:
            raise ConfigError(_REFUSED[refused], key=f"{key}.{refused}")
    _refuse_filters(arguments, f"{key}.filters")
    arguments.pop("filters", None)
    return arguments


def _defined(name: Any, defined: Mapping[str, Any], key: str, kind: str) -> Any:
    """A reference to a formatter or handler, which must be in the dict."""
    if not isinstance(name, str):
        raise ConfigError(
            f"expected the name of a {kind}, found {type(name).__name__}", key=key
        )
    if name not in defined:
        raise ConfigError(f"{kind} {name!r} is not defined", key=key)
    return name


def _refuse_filters(entry: Mapping[str, Any], key: str) -> None:
    if entry.get("filters"):
        raise ConfigError("INI (fileConfig) has no filters", key=key)


def _mapping(value: Any, key: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"expected a mapping, found {type(value).__name__}", key=key)
    return value


def _handler_class(path: Any, key: str) -> type[logging.Handler]:
    if not isinstance(path, str):
        raise ConfigError(
            "expected a handler class name such as logging.StreamHandler", key=f"{key}.class"
        )
    try:
        found = resolve_class(path)
    except Exception as exc:
        raise ConfigError(
            f"cannot import handler class {path!r}: {describe_exception(exc)}", key=f"{key}.class"
        ) from exc
    problem = handler_class_problem(found, path)
    if problem is not None:
        raise ConfigError(problem, key=f"{key}.class")
    handler_class: type[logging.Handler] = found
    return handler_class


def _with_tuples_as_dictconfig_makes(
    handler_class: type[logging.Handler], arguments: dict[str, Any]
) -> dict[str, Any]:
    """dictConfig turns these lists into tuples before calling the class; so does INI."""
    if issubclass(handler_class, logging.handlers.SMTPHandler):
        name = "mailhost"
    elif issubclass(handler_class, logging.handlers.SysLogHandler):
        name = "address"
    else:
        return arguments
    if isinstance(arguments.get(name), list):
        arguments = {**arguments, name: tuple(arguments[name])}
    return arguments


def _argument_lines(
    handler_class: type[logging.Handler], arguments: Mapping[str, Any], key: str
) -> list[str]:
    """``args=`` for the longest leading run of positional parameters, ``kwargs=`` for the rest."""
    found = parameters(handler_class)
    if found is None:
        raise ConfigError(
            f"cannot read the parameters of {handler_class.__qualname__}'s constructor",
            key=f"{key}.class",
        )
    for name in arguments:
        if not isinstance(name, str) or not name.isidentifier():
            raise ConfigError("not a constructor argument name", key=f"{key}.{name}")
        if name not in found.keywords and not found.any_keyword:
            raise ConfigError(
                f"{handler_class.__qualname__} has no parameter {name!r}", key=f"{key}.{name}"
            )
    positional: list[str] = []
    if not found.positional_only:  # those cannot be named, so args= cannot start after them
        for name in found.positional:
            if name not in arguments:
                break
            positional.append(name)
    named = {name: value for name, value in arguments.items() if name not in positional}
    lines: list[str] = []
    if positional:
        items = [argument_text(arguments[name], f"{key}.{name}") for name in positional]
        joined = ", ".join(items) + ("," if len(items) == 1 else "")
        lines.append(f"args={escape(f'({joined})')}")
    if named:
        entries = ", ".join(
            f"{name!r}: {argument_text(value, f'{key}.{name}')}" for name, value in named.items()
        )
        lines.append(f"kwargs={escape('{' + entries + '}')}")
    return lines


def _check_reads_back(text: str, expected: dict[str, Any]) -> None:
    """Read the written text back; refuse to return INI that means something else."""
    try:
        actual = translate(text)
    except ConfigError as exc:
        raise ConfigError(
            f"the written INI would not read back: {exc.reason}", key=exc.key
        ) from exc
    difference = _first_difference(expected, actual, "")
    if difference is not None:
        key, wanted, found = difference
        raise ConfigError(
            f"INI cannot express this exactly: it would read back as {found!r}, not {wanted!r}",
            key=key or None,
        )


def _first_difference(wanted: Any, found: Any, key: str) -> tuple[str, Any, Any] | None:
    if isinstance(wanted, Mapping) and isinstance(found, Mapping):
        for name in [*wanted, *(name for name in found if name not in wanted)]:
            inner = f"{key}.{name}" if key else str(name)
            difference = _first_difference(wanted.get(name), found.get(name), inner)
            if difference is not None:
                return difference
        return None
    if wanted != found or type(wanted) is not type(found):
        return key, wanted, found
    return None
