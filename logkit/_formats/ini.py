"""The INI format: ``logging.config.fileConfig`` files as ``dictConfig`` dicts.

:func:`parse` reads INI text with ``configparser`` exactly as fileConfig does
(same sections, same interpolation, same raw options) and translates each part
into the dictConfig schema, so that ``dictConfig(parse(text))`` configures
logging the way ``fileConfig(file, disable_existing_loggers=False)`` would.
Where fileConfig would ``eval`` text, the expression is read safely instead
(see :mod:`logkit._formats.ini_literals`). :func:`render` is the inverse.
"""

from __future__ import annotations

import configparser
import difflib
import inspect
import logging
import logging.handlers
import sys
from collections.abc import Callable, Collection, Mapping
from typing import Any

from logkit._errors import ConfigError, describe_exception
from logkit._formats.ini_classes import (
    bind_arguments,
    import_dotted,
    resolve_handler_class,
    signature_text,
)
from logkit._formats.ini_lines import (
    SectionLines,
    line_of,
    locate_in_sections,
    locate_key,
    scan_sections,
)
from logkit._formats.ini_literals import (
    EXT_PREFIX,
    UnsafeExpression,
    evaluate_args,
    evaluate_kwargs,
    evaluate_literal,
    reject_reference_string,
)

__all__ = ["locate", "locator", "parse", "render"]

# fileConfig reads a formatter's ``defaults=`` only from Python 3.12 on.
FORMATTER_DEFAULTS_SUPPORTED = sys.version_info >= (3, 12)

# Keys dictConfig takes out of a handler's dict before calling the class, so a
# constructor parameter with one of these names cannot be passed through.
_RESERVED_HANDLER_KEYS = frozenset({"class", "level", "formatter", "filters"})


def parse(text: str, path: str | None = None) -> dict[str, Any]:
    """Translate INI text in the fileConfig schema into the equivalent dictConfig dict.

    Args:
        text: The INI file's contents.
        path: The file name, used only in error messages.

    Returns:
        A dict with ``version``, ``disable_existing_loggers: False`` and the
        non-empty ``formatters``, ``handlers``, ``loggers`` and ``root`` parts.

    Raises:
        ConfigError: the text is not valid INI, or fileConfig would reject it,
            or it uses an expression that cannot be evaluated safely.
    """
    return _IniTranslator(text, path).translate()


def render(config: Mapping[str, Any]) -> str:
    """Write a dictConfig dict as fileConfig INI text that :func:`parse` reads back.

    Raises:
        ConfigError: part of the dict has no INI form (filters, factories,
            custom attributes, non-literal arguments, ...); ``key`` names it.
    """
    from logkit._formats.ini_render import render_ini

    return render_ini(config)


def locate(text: str, key: str) -> int | None:
    """The 1-based line of INI ``text`` where dotted dict ``key`` is written, if any.

    ``handlers.info.level`` finds ``level=`` in ``[handler_info]``,
    ``handlers.info`` the section header and ``handlers`` the ``keys=`` list.
    """
    return locate_key(text, key)


def locator(text: str) -> Callable[[str], int | None]:
    """Where each dotted dict key is written, from one scan of the sections."""
    sections = scan_sections(text)
    return lambda key: locate_in_sections(sections, key)


def split_names(value: str) -> list[str]:
    """A ``keys=``/``handlers=`` list as fileConfig splits it (empty -> no names)."""
    if not value:
        return []
    return [name.strip() for name in value.split(",")]


def known_level(level: str) -> bool:
    """Whether ``Logger.setLevel``/``Handler.setLevel`` accept this level name."""
    return isinstance(logging.getLevelName(level), int)


class _IniTranslator:
    """One parse: the configparser view of the text plus where things are in it."""

    def __init__(self, text: str, path: str | None) -> None:
        self.text = text
        self.path = path
        self.lines: dict[str, SectionLines] = scan_sections(text)
        self.parser = self._read()

    def translate(self) -> dict[str, Any]:
        formatters = self._formatters()
        handlers = self._handlers(formatters)
        root, loggers = self._loggers(handlers)
        config: dict[str, Any] = {"version": 1, "disable_existing_loggers": False}
        for name, part in (("formatters", formatters), ("handlers", handlers)):
            if part:
                config[name] = part
        if loggers:
            config["loggers"] = loggers
        config["root"] = root
        return config

    # -- errors -----------------------------------------------------------

    def require_listed(
        self, name: str, listed: Collection[str], kind: str, key: str, section: str
    ) -> None:
        """A formatter or handler named in ``section`` must be in its ``keys=`` list."""
        if name not in listed:
            names = ", ".join(listed) or "none"
            raise self.error(
                f"{kind} {name!r} is not in [{kind}s] keys (listed: {names})",
                key,
                section,
                key.rsplit(".", 1)[-1],
            )

    def error(
        self,
        reason: str,
        key: str,
        section: str | None = None,
        option: str | None = None,
        *,
        fragment: str | None = None,
    ) -> ConfigError:
        """A ConfigError at ``option`` of ``section`` (or wherever ``key`` is written).

        With ``fragment`` (offending text), the column where it starts, if it
        is on that line.
        """
        line = line_of(self.lines, section, option) if section is not None else None
        if line is None:
            line = locate_key(self.text, key)
        column = None
        if line is not None and fragment:
            found = self.text.splitlines()[line - 1].find(fragment)
            column = found + 1 if found >= 0 else None
        return ConfigError(reason, path=self.path, line=line, column=column, key=key)

    def _read(self) -> configparser.ConfigParser:
        parser = configparser.ConfigParser()
        try:
            parser.read_string(self.text, source=self.path or "<string>")
        except configparser.Error as exc:
            raise self._syntax_error(exc) from exc
        return parser

    def _syntax_error(self, exc: configparser.Error) -> ConfigError:
        line: int | None = getattr(exc, "lineno", None)
        key: str | None = None
        errors = getattr(exc, "errors", None)
        if line is None and errors:
            line = errors[0][0]
        if isinstance(exc, configparser.MissingSectionHeaderError):
            reason = (
                f"expected a [section] header before the first option, found {exc.line.strip()!r}"
            )
        elif isinstance(exc, configparser.DuplicateSectionError):
            reason = f"section [{exc.section}] appears twice"
            key = _section_key(exc.section)
        elif isinstance(exc, configparser.DuplicateOptionError):
            reason = f"option {exc.option!r} appears twice in [{exc.section}]"
            key = _join_key(_section_key(exc.section), exc.option)
        elif errors and line is not None:
            found = self.text.splitlines()[line - 1].strip()
            reason = f"expected 'name = value' or a [section] header, found {found!r}"
        else:
            reason = describe_exception(exc)
        return ConfigError(reason, path=self.path, line=line, key=key)

    # -- configparser access, each failure named by its dict key ----------

    def section(self, name: str, key: str, listed_in: str) -> configparser.SectionProxy:
        if not self.parser.has_section(name):
            raise self.error(
                f"[{name}] is missing (it is listed in [{listed_in}] keys)",
                key,
                listed_in,
                "keys",
            )
        return self.parser[name]

    def option(self, section: str, option: str, key: str, *, raw: bool = False) -> str | None:
        """An option's value as fileConfig reads it (from the section or [DEFAULT])."""
        if option not in self.parser[section]:
            return None
        try:
            return self.parser.get(section, option, raw=raw)
        except configparser.InterpolationMissingOptionError as exc:
            raise self.error(
                f"%({exc.reference})s names no option of [{section}] or [DEFAULT] "
                "(write %% for a literal %)",
                key,
                section,
                option,
            ) from exc
        except configparser.InterpolationError as exc:
            raise self.error(
                f"bad %-interpolation (write %% for a literal %): {exc.message}",
                key,
                section,
                option,
            ) from exc

    def option_or(self, section: str, option: str, key: str, default: str) -> str:
        value = self.option(section, option, key)
        return default if value is None else value

    def required(self, section: str, option: str, key: str) -> str:
        value = self.option(section, option, key)
        if value is None:
            raise self.error(
                f"[{section}] has no {option}= option, which fileConfig requires", key, section
            )
        return value

    def names(self, section: str, option: str, key: str) -> list[str]:
        names = split_names(self.required(section, option, key))
        if "" in names:
            raise self.error(
                f"empty name in the {option}= list (a stray comma?): "
                f"{self.parser[section].get(option)!r}",
                key,
                section,
                option,
            )
        return list(dict.fromkeys(names))  # fileConfig treats a repeated name like one

    def list_section(self, name: str) -> configparser.SectionProxy:
        if not self.parser.has_section(name):
            raise self.error(f"[{name}] section is missing; fileConfig requires it", name)
        return self.parser[name]

    def level(self, section: str, key: str) -> str | None:
        level = self.option(section, "level", key)
        if level is not None and not known_level(level):
            close = difflib.get_close_matches(level.upper(), _level_names(), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise self.error(f"unknown level {level!r}{hint}", key, section, "level")
        return level

    # -- formatters -------------------------------------------------------

    def _formatters(self) -> dict[str, dict[str, Any]]:
        self.list_section("formatters")
        names = self.names("formatters", "keys", "formatters")
        return {name: self._formatter(name) for name in names}

    def _formatter(self, name: str) -> dict[str, Any]:
        key = f"formatters.{name}"
        section = f"formatter_{name}"
        self.section(section, key, "formatters")
        formatter: dict[str, Any] = {}
        for option in ("format", "datefmt", "style"):
            value = self.option(section, option, f"{key}.{option}", raw=True)
            if value is not None:
                _reject_dictconfig_reference(self, value, f"{key}.{option}", section, option)
                formatter[option] = value
        class_name = self.option(section, "class", f"{key}.class")
        if class_name:
            formatter["class"] = class_name
        if FORMATTER_DEFAULTS_SUPPORTED:
            defaults = self.option(section, "defaults", f"{key}.defaults", raw=True)
            if defaults is not None:
                formatter["defaults"] = self._formatter_defaults(defaults, key, section)
        self._check_formatter(formatter, key, section)
        return formatter

    def _formatter_defaults(self, text: str, key: str, section: str) -> dict[str, Any]:
        try:
            defaults = evaluate_literal(text)
        except UnsafeExpression as exc:
            raise self.error(f"defaults: {exc}", f"{key}.defaults", section, "defaults") from exc
        if not isinstance(defaults, dict):
            raise self.error(
                f"defaults must be a dict, found {text!r}", f"{key}.defaults", section, "defaults"
            )
        return defaults

    def _check_formatter(self, formatter: dict[str, Any], key: str, section: str) -> None:
        """Build the formatter as fileConfig would, to reject what it rejects."""
        style = formatter.get("style", "%")
        if style not in ("%", "{", "$"):
            raise self.error(
                f"style must be one of '%', '{{', '$', found {style!r}",
                f"{key}.style",
                section,
                "style",
            )
        factory: Any = logging.Formatter
        if "class" in formatter:
            factory = self._formatter_class(formatter["class"], key, section)
        extra = {"defaults": formatter["defaults"]} if "defaults" in formatter else {}
        fmt = formatter.get("format")
        try:
            factory(fmt, formatter.get("datefmt"), style, **extra)
        except Exception as exc:
            if "format" in str(exc).lower():
                raise self.error(
                    f"format {fmt!r} is not valid for style {style!r}: {describe_exception(exc)}",
                    f"{key}.format",
                    section,
                    "format",
                ) from exc
            raise self.error(
                f"the formatter cannot be built: {describe_exception(exc)}", key, section
            ) from exc

    def _formatter_class(self, name: str, key: str, section: str) -> Any:
        try:
            return import_dotted(name)
        except Exception as exc:
            raise self.error(
                f"cannot import formatter class {name!r}: {describe_exception(exc)}",
                f"{key}.class",
                section,
                "class",
            ) from exc

    # -- handlers ---------------------------------------------------------

    def _handlers(self, formatters: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
        self.list_section("handlers")
        names = self.names("handlers", "keys", "handlers")
        handlers = {name: self._handler(name, formatters) for name in names}
        self._check_memory_targets(handlers)
        return handlers

    def _handler(self, name: str, formatters: Mapping[str, Any]) -> dict[str, Any]:
        key = f"handlers.{name}"
        section = f"handler_{name}"
        self.section(section, key, "handlers")
        class_text = self.required(section, "class", f"{key}.class")
        class_path, handler_class = self._handler_class(class_text, key, section)
        handler: dict[str, Any] = {"class": class_path}
        level = self.level(section, f"{key}.level")
        if level is not None:
            handler["level"] = level
        formatter = self.option_or(section, "formatter", f"{key}.formatter", "")
        if formatter:
            self.require_listed(formatter, formatters, "formatter", f"{key}.formatter", section)
            handler["formatter"] = formatter
        handler.update(self._constructor_arguments(handler_class, key, section))
        if issubclass(handler_class, logging.handlers.MemoryHandler):
            target = self.option_or(section, "target", f"{key}.target", "")
            if target:
                handler["target"] = target
        return handler

    def _handler_class(
        self, text: str, key: str, section: str
    ) -> tuple[str, type[logging.Handler]]:
        try:
            path, found = resolve_handler_class(text)
        except Exception as exc:
            raise self.error(
                f"cannot find handler class {text!r}: {describe_exception(exc)}",
                f"{key}.class",
                section,
                "class",
            ) from exc
        if not (inspect.isclass(found) and issubclass(found, logging.Handler)):
            raise self.error(
                f"expected a logging.Handler subclass, found {text!r} ({found!r})",
                f"{key}.class",
                section,
                "class",
            )
        if issubclass(found, logging.handlers.QueueHandler):
            raise self.error(
                "a QueueHandler needs a queue object, which INI args cannot "
                "create without calling code; configure it in YAML, TOML or JSON",
                f"{key}.class",
                section,
                "class",
            )
        return path, found

    def _constructor_arguments(
        self, handler_class: type[logging.Handler], key: str, section: str
    ) -> dict[str, Any]:
        args_text = self.option_or(section, "args", f"{key}.args", "()")
        kwargs_text = self.option_or(section, "kwargs", f"{key}.kwargs", "{}")
        try:
            args = evaluate_args(args_text)
        except UnsafeExpression as exc:
            raise self.error(
                f"{exc.reason}: {exc.fragment}",
                f"{key}.args",
                section,
                "args",
                fragment=exc.fragment,
            ) from exc
        try:
            kwargs = evaluate_kwargs(kwargs_text)
        except UnsafeExpression as exc:
            raise self.error(
                f"{exc.reason}: {exc.fragment}",
                f"{key}.kwargs",
                section,
                "kwargs",
                fragment=exc.fragment,
            ) from exc
        try:
            bound, signature = bind_arguments(handler_class, args, kwargs)
        except (TypeError, ValueError) as exc:
            option = "kwargs" if kwargs and "keyword" in str(exc) else "args"
            given = f"args={args_text}" + (f", kwargs={kwargs_text}" if kwargs else "")
            raise self.error(
                f"{handler_class.__qualname__}{signature_text(handler_class)} cannot take "
                f"{given}: {exc}",
                f"{key}.{option}",
                section,
                option,
            ) from exc
        return self._named_arguments(
            handler_class, bound, signature=signature, keywords=set(kwargs), at=(key, section)
        )

    def _named_arguments(
        self,
        handler_class: type[logging.Handler],
        bound: inspect.BoundArguments,
        *,
        signature: inspect.Signature,
        keywords: set[str],
        at: tuple[str, str],
    ) -> dict[str, Any]:
        """Name each positional argument after the constructor parameter it fills."""
        key, section = at
        class_name = handler_class.__qualname__
        named: dict[str, Any] = {}
        for name, value in bound.arguments.items():
            kind = signature.parameters[name].kind
            if kind is inspect.Parameter.VAR_KEYWORD:
                named.update(value)
            elif kind is inspect.Parameter.VAR_POSITIONAL:
                raise self.error(
                    f"{class_name} takes *{name}, and dictConfig can pass only named arguments",
                    f"{key}.args",
                    section,
                    "args",
                )
            elif kind is inspect.Parameter.POSITIONAL_ONLY:
                raise self.error(
                    f"{class_name} parameter {name!r} is positional-only, and dictConfig "
                    "can pass only named arguments",
                    f"{key}.args",
                    section,
                    "args",
                )
            else:
                named[name] = value
        return self._checked_argument_names(handler_class, named, keywords, key, section)

    def _checked_argument_names(
        self,
        handler_class: type[logging.Handler],
        named: dict[str, Any],
        keywords: set[str],
        key: str,
        section: str,
    ) -> dict[str, Any]:
        """Refuse arguments dictConfig would not hand to the constructor unchanged."""
        if issubclass(handler_class, logging.handlers.MemoryHandler):
            self._check_memory_arguments(named, keywords, key, section)
            named.pop("target", None)  # None is the default; dictConfig reads target as a name
        for name in named:
            if name in _RESERVED_HANDLER_KEYS or not name.isidentifier():
                hint = " (set the handler's level with level= instead)" if name == "level" else ""
                raise self.error(
                    f"constructor argument {name!r} cannot be passed through dictConfig, "
                    f"which reserves that key or drops names that are not identifiers{hint}",
                    f"{key}.{name}",
                    section,
                    "kwargs" if name in keywords else "args",
                )
        return named

    def _check_memory_arguments(
        self, named: dict[str, Any], keywords: set[str], key: str, section: str
    ) -> None:
        if named.get("target") is not None:
            raise self.error(
                "a MemoryHandler's target is set with target=, not args",
                f"{key}.target",
                section,
                "kwargs" if "target" in keywords else "args",
            )
        flush_level = named.get("flushLevel")
        if isinstance(flush_level, str) and not flush_level.startswith(EXT_PREFIX):
            # fileConfig keeps the string, so every flush check raises TypeError;
            # dictConfig from 3.13 turns it into a number instead.
            raise self.error(
                f"flushLevel must be a level number or an unquoted name such as ERROR, "
                f"found the string {flush_level!r}",
                f"{key}.flushLevel",
                section,
                "kwargs" if "flushLevel" in keywords else "args",
            )

    def _check_memory_targets(self, handlers: dict[str, dict[str, Any]]) -> None:
        """Reject targets dictConfig cannot wire up although fileConfig can.

        fileConfig sets targets after creating every handler; dictConfig creates
        handlers in sorted order and retries a handler once when its target is
        not built yet, so a target that is itself waiting for one fails there.
        """
        built: set[str] = set()
        waiting: list[str] = []
        for name in sorted(handlers):
            target = handlers[name].get("target")
            if target is None:
                built.add(name)
                continue
            if target not in handlers:
                raise self.error(
                    f"target {target!r} is not in [handlers] keys",
                    f"handlers.{name}.target",
                    f"handler_{name}",
                    "target",
                )
            (built.add if target in built else waiting.append)(name)
        for name in waiting:
            target = handlers[name]["target"]
            if target not in built:
                raise self.error(
                    f"target {target!r} is itself a MemoryHandler waiting for its "
                    "target; dictConfig cannot build this chain",
                    f"handlers.{name}.target",
                    f"handler_{name}",
                    "target",
                )
            built.add(name)

    # -- loggers ----------------------------------------------------------

    def _loggers(self, handlers: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        self.list_section("loggers")
        keys = split_names(self.required("loggers", "keys", "loggers"))
        if "root" not in keys:
            raise self.error("[loggers] keys must include root", "loggers", "loggers", "keys")
        keys.remove("root")
        if "" in keys:
            raise self.error(
                "empty name in the keys= list (a stray comma?)", "loggers", "loggers", "keys"
            )
        root_section = self.section("logger_root", "root", "loggers")
        root = self._logger_settings(root_section.name, "root", handlers)
        loggers: dict[str, dict[str, Any]] = {}
        for ini_key in keys:
            qualname, settings = self._logger(ini_key, handlers)
            merged = loggers.pop(qualname, {})
            merged.update(settings)  # a later section for the same logger overrides
            loggers[qualname] = merged
        return root, loggers

    def _logger(self, ini_key: str, handlers: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        section = f"logger_{ini_key}"
        self.section(section, f"loggers.{ini_key}", "loggers")
        qualname = self.required(section, "qualname", f"loggers.{ini_key}.qualname")
        key = f"loggers.{qualname}"
        if qualname in ("", "root"):
            raise self.error(
                f"qualname {qualname!r} names the root logger; configure it in [logger_root]",
                f"loggers.{ini_key}.qualname",
                section,
                "qualname",
            )
        settings = self._logger_settings(section, key, handlers)
        propagate = self.option_or(section, "propagate", f"{key}.propagate", "1")
        try:
            # fileConfig always sets propagate (to 1 unless told otherwise).
            settings["propagate"] = bool(int(propagate))
        except ValueError as exc:
            raise self.error(
                f"propagate must be an integer such as 0 or 1, found {propagate!r}",
                f"{key}.propagate",
                section,
                "propagate",
            ) from exc
        return qualname, settings

    def _logger_settings(
        self, section: str, key: str, handlers: Mapping[str, Any]
    ) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        level = self.level(section, f"{key}.level")
        if level is not None:
            settings["level"] = level
        names = split_names(self.required(section, "handlers", f"{key}.handlers"))
        for name in names:
            self.require_listed(name, handlers, "handler", f"{key}.handlers", section)
        settings["handlers"] = names
        return settings


def _level_names() -> list[str]:
    """Registered level names (including ones added with ``logging.addLevelName``)."""
    if sys.version_info >= (3, 11):
        return list(logging.getLevelNamesMapping())
    names = (logging.getLevelName(number) for number in range(101))
    return [name for name in names if not name.startswith("Level ")]


def _reject_dictconfig_reference(
    translator: _IniTranslator, value: str, key: str, section: str, option: str
) -> None:
    try:
        reject_reference_string(value)
    except UnsafeExpression as exc:
        raise translator.error(f"{exc.reason}: {exc.fragment}", key, section, option) from exc


def _section_key(section: str) -> str:
    """The dict key a section's content ends up under (loggers by INI key)."""
    if section == "logger_root":
        return "root"
    for prefix, head in (
        ("formatter_", "formatters"),
        ("handler_", "handlers"),
        ("logger_", "loggers"),
    ):
        if section.startswith(prefix):
            return f"{head}.{section[len(prefix) :]}"
    return section


def _join_key(head: str, option: str) -> str:
    return f"{head}.{option}" if head else option
