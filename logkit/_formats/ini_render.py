"""Write a dictConfig dict as fileConfig INI text (the inverse of ``ini.parse``).

The INI schema is smaller than the dict schema, so writing is mostly checking:
everything INI cannot hold (filters, factories, custom attributes, objects
that are not literals, values configparser would mangle) is refused with the
dict key that holds it. The text written is read back with ``parse`` before it
is returned, so what ``render`` returns always means what the dict meant.
"""

from __future__ import annotations

import inspect
import logging
import logging.handlers
from collections.abc import Iterator, Mapping
from typing import Any

from logkit._errors import ConfigError, describe_exception
from logkit._formats.ini import FORMATTER_DEFAULTS_SUPPORTED, known_level, parse
from logkit._formats.ini_classes import import_dotted, lookup_in_logging
from logkit._formats.ini_literals import UnsafeExpression, render_value

_TOP_LEVEL_KEYS = (
    "version",
    "disable_existing_loggers",
    "incremental",
    "filters",
    "formatters",
    "handlers",
    "loggers",
    "root",
)
_FORMATTER_KEYS = ("format", "datefmt", "style", "class", "defaults", "validate")
_LOGGER_KEYS = ("level", "handlers", "propagate", "filters")
_CONTINUATION_INDENT = "    "


def render_ini(config: Mapping[str, Any]) -> str:
    """See :func:`logkit._formats.ini.render`."""
    writer = _IniWriter(config)
    text = writer.write()
    _check_reads_back(text, writer.expected)
    return text


class _IniWriter:
    """Collects sections and, alongside, the dict ``parse`` should read back."""

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
        blocks = [f"[{section}]\nkeys={_escape(','.join(names))}" for section, names in lists]
        blocks += ["\n".join([f"[{name}]", *lines]) for name, lines in self.sections]
        return "\n\n".join(blocks) + "\n"

    # -- top level --------------------------------------------------------

    def _check_top_level(self) -> None:
        for key in self.config:
            if key not in _TOP_LEVEL_KEYS:
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
            usable = _name_problem(qualname) is None and qualname not in keys.values()
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
        lines.append(f"qualname={_value(qualname, f'{key}', interpolated=True)}")
        self.expected.setdefault("loggers", {})[qualname] = expected
        self.sections.append((f"logger_{ini_key}", lines))

    def _logger_lines(
        self, logger: Mapping[str, Any], key: str, handlers: Mapping[str, Any], *, propagate: bool
    ) -> tuple[list[str], dict[str, Any]]:
        allowed = _LOGGER_KEYS if propagate else ("level", "handlers", "filters")
        for option in logger:
            if option not in allowed:
                raise ConfigError("INI loggers have no place for this key", key=f"{key}.{option}")
        _refuse_filters(logger, f"{key}.filters")
        lines: list[str] = []
        expected: dict[str, Any] = {}
        if logger.get("level") is not None:
            expected["level"] = _level(logger["level"], f"{key}.level")
            lines.append(f"level={_escape(expected['level'])}")
        names = logger.get("handlers") or []
        if not isinstance(names, (list, tuple)):
            found = type(names).__name__
            raise ConfigError(
                f"expected a list of handler names, found {found}", key=f"{key}.handlers"
            )
        names = list(names)
        for name in names:
            _defined(name, handlers, f"{key}.handlers", "handler")
        lines.append(f"handlers={_name_list(names, f'{key}.handlers')}")
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
        _check_name(name, key)
        arguments = _handler_arguments(handler, key)
        class_path = arguments.pop("class", None)
        handler_class = _handler_class(class_path, key)
        expected: dict[str, Any] = {"class": class_path}
        lines = [f"class={_escape(_class_expression(class_path, handler_class))}"]
        level = arguments.pop("level", None)
        if level is not None:
            expected["level"] = _level(level, f"{key}.level")
            lines.append(f"level={_escape(expected['level'])}")
        formatter = arguments.pop("formatter", None)
        if formatter:
            expected["formatter"] = _defined(formatter, formatters, f"{key}.formatter", "formatter")
            lines.append(f"formatter={_value(formatter, f'{key}.formatter', interpolated=True)}")
        target = None
        if issubclass(handler_class, logging.handlers.MemoryHandler):
            target = arguments.pop("target", None)  # a handler's name, not an argument
        arguments = _with_tuples_as_dictconfig_makes(handler_class, arguments)
        lines += _argument_lines(handler_class, arguments, key)
        expected.update(arguments)
        if target is not None:
            expected["target"] = _defined(target, handlers, f"{key}.target", "handler")
            lines.append(f"target={_value(target, f'{key}.target', interpolated=True)}")
        self.expected.setdefault("handlers", {})[name] = expected
        self.sections.append((f"handler_{name}", lines))

    # -- formatters -------------------------------------------------------

    def _formatter(self, name: str, formatter: Any) -> None:
        key = f"formatters.{name}"
        _check_name(name, key)
        formatter = _mapping(formatter, key)
        for option in formatter:
            if option in _REFUSED:
                raise ConfigError(_REFUSED[option], key=f"{key}.{option}")
            if option not in _FORMATTER_KEYS:
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
                lines.append(f"{option}={_value(value, f'{key}.{option}', interpolated=False)}")
                expected[option] = value
        if formatter.get("class"):
            lines.append(f"class={_value(formatter['class'], f'{key}.class', interpolated=True)}")
            expected["class"] = formatter["class"]
        if formatter.get("defaults") is not None:
            lines.append(f"defaults={_defaults(formatter['defaults'], f'{key}.defaults')}")
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


def _level(level: Any, key: str) -> str:
    """Levels as names: fileConfig passes the INI text to setLevel, which needs a name."""
    if isinstance(level, int) and not isinstance(level, bool):
        name = logging.getLevelName(level)
        if isinstance(name, str) and not name.startswith("Level "):
            return name
        raise ConfigError(f"level {level} has no registered name for INI to use", key=key)
    if isinstance(level, str) and known_level(level):
        return level
    raise ConfigError(f"unknown level {level!r}", key=key)


def _handler_class(path: Any, key: str) -> type[logging.Handler]:
    if not isinstance(path, str):
        raise ConfigError(
            "expected a handler class name such as logging.StreamHandler", key=f"{key}.class"
        )
    try:
        found = import_dotted(path)
    except Exception as exc:
        raise ConfigError(
            f"cannot import handler class {path!r}: {describe_exception(exc)}", key=f"{key}.class"
        ) from exc
    if not (inspect.isclass(found) and issubclass(found, logging.Handler)):
        raise ConfigError(f"{path!r} is not a logging.Handler subclass", key=f"{key}.class")
    if issubclass(found, logging.handlers.QueueHandler):
        raise ConfigError(
            "a QueueHandler needs a queue object, which INI cannot create", key=f"{key}.class"
        )
    return found


def _class_expression(path: str, handler_class: type) -> str:
    """The short name fileConfig finds in the logging namespace, e.g. ``StreamHandler``."""
    if path.startswith("logging."):
        short = path[len("logging.") :]
        if lookup_in_logging(short.split(".")) is handler_class:
            return short
    return path


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
    try:
        parameters = inspect.signature(handler_class).parameters
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"cannot read the constructor signature: {exc}", key=f"{key}.class"
        ) from exc
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    for name in arguments:
        if not isinstance(name, str) or not name.isidentifier():
            raise ConfigError("not a constructor argument name", key=f"{key}.{name}")
        usable = name in parameters and parameters[name].kind in _NAMED_KINDS
        if not usable and not accepts_any:
            raise ConfigError(
                f"{handler_class.__qualname__} has no parameter {name!r}", key=f"{key}.{name}"
            )
    positional = list(_leading_positional(parameters, arguments))
    named = {name: value for name, value in arguments.items() if name not in positional}
    lines: list[str] = []
    if positional:
        items = [_argument(arguments[name], f"{key}.{name}") for name in positional]
        joined = ", ".join(items) + ("," if len(items) == 1 else "")
        lines.append(f"args={_escape(f'({joined})')}")
    if named:
        entries = ", ".join(
            f"{name!r}: {_argument(value, f'{key}.{name}')}" for name, value in named.items()
        )
        lines.append(f"kwargs={_escape('{' + entries + '}')}")
    return lines


_NAMED_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _leading_positional(
    parameters: Mapping[str, inspect.Parameter], arguments: Mapping[str, Any]
) -> Iterator[str]:
    for name, parameter in parameters.items():
        if parameter.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD or name not in arguments:
            return
        yield name


def _argument(value: Any, key: str) -> str:
    try:
        return render_value(value, references=True)
    except UnsafeExpression as exc:
        raise ConfigError(f"{exc.reason}: {exc.fragment}", key=key) from exc


def _defaults(defaults: Any, key: str) -> str:
    if not FORMATTER_DEFAULTS_SUPPORTED:
        raise ConfigError("fileConfig reads formatter defaults only from Python 3.12", key=key)
    if not isinstance(defaults, Mapping):
        raise ConfigError(f"expected a mapping, found {type(defaults).__name__}", key=key)
    try:
        return render_value(dict(defaults), references=False)
    except UnsafeExpression as exc:
        raise ConfigError(f"{exc.reason}: {exc.fragment}", key=key) from exc


# -- names and values configparser would change --------------------------------


def _name_problem(name: Any) -> str | None:
    if not isinstance(name, str) or not name:
        return "names must be non-empty strings"
    if name != name.strip():
        return "fileConfig strips spaces around names in keys= lists"
    if "," in name:
        return "names cannot contain ',', which separates keys= lists"
    if any(character in name for character in "\n\r[]"):
        return "names cannot contain line breaks or brackets"
    return None


def _check_name(name: Any, key: str) -> None:
    problem = _name_problem(name)
    if problem is not None:
        raise ConfigError(f"{problem}: {name!r}", key=key)


def _name_list(names: list[Any], key: str) -> str:
    for name in names:
        _check_name(name, key)
    return _escape(",".join(names))


def _escape(text: str) -> str:
    """Protect ``%`` from configparser's interpolation (``%%`` reads back as ``%``)."""
    return text.replace("%", "%%")


def _value(value: Any, key: str, *, interpolated: bool) -> str:
    """A value as INI lines: continuation lines indented, ``%`` escaped if read interpolated."""
    if not isinstance(value, str):
        raise ConfigError(f"expected a string, found {type(value).__name__}", key=key)
    lines = value.split("\n")
    if value != value.strip() or any(line != line.strip() for line in lines):
        raise ConfigError(
            "configparser strips spaces and line breaks at the start and end of a value "
            f"and of each of its lines, so INI cannot hold {value!r}",
            key=key,
        )
    for line in lines[1:]:
        if line.startswith(("#", ";")):
            raise ConfigError(
                f"configparser drops continuation lines starting with '#' or ';': {line!r}",
                key=key,
            )
    text = _escape(value) if interpolated else value
    return "\n".join(
        line if number == 0 or not line else _CONTINUATION_INDENT + line
        for number, line in enumerate(text.split("\n"))
    )


def _check_reads_back(text: str, expected: dict[str, Any]) -> None:
    """Read the written text back; refuse to return INI that means something else."""
    try:
        actual = parse(text)
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
