"""``[handler_*]`` sections as dictConfig handler entries.

The class is found as fileConfig finds it, and a MemoryHandler's ``target=``
is kept as the handler name dictConfig looks up; the constructor arguments
are :mod:`._arguments`' job.
"""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Mapping
from typing import Any

from logkit._errors import describe_exception
from logkit._schema import NotImported

from ._arguments import constructor_arguments, keyword_arguments
from ._classes import handler_class_problem, resolve_handler_class
from ._file import IniFile


def translate_handlers(ini: IniFile, formatters: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every handler listed in ``[handlers] keys``, by name."""
    ini.list_section("handlers")
    names = ini.names("handlers", "keys", "handlers")
    handlers = ini.each(names, lambda name: _handler(ini, name, formatters))
    _check_memory_targets(ini, handlers)
    return handlers


def _handler(ini: IniFile, name: str, formatters: Mapping[str, Any]) -> dict[str, Any]:
    key = f"handlers.{name}"
    section = f"handler_{name}"
    ini.section(section, key, "handlers")
    class_text = ini.required(section, "class", f"{key}.class")
    class_path, handler_class = _handler_class(ini, class_text, key, section)
    handler: dict[str, Any] = {"class": class_path}
    if handler_class is None:  # not imported, and no code may run: what the file alone says
        handler.update(_settings(ini, formatters, key, section))
        handler.update(keyword_arguments(ini, key, section))
        return handler
    handler.update(_settings(ini, formatters, key, section))
    handler.update(constructor_arguments(ini, handler_class, key, section))
    if issubclass(handler_class, logging.handlers.MemoryHandler):
        target = ini.option_or(section, "target", f"{key}.target", "")
        if target:
            handler["target"] = target
    return handler


def _settings(
    ini: IniFile, formatters: Mapping[str, Any], key: str, section: str
) -> dict[str, Any]:
    """A handler's level and formatter."""
    settings: dict[str, Any] = {}
    level = ini.level(section, f"{key}.level")
    if level is not None:
        settings["level"] = level
    formatter = ini.option_or(section, "formatter", f"{key}.formatter", "")
    if formatter:
        ini.require_listed(formatter, formatters, "formatter", f"{key}.formatter", section)
        settings["formatter"] = formatter
    return settings


def _handler_class(
    ini: IniFile, text: str, key: str, section: str
) -> tuple[str, type[logging.Handler] | None]:
    """The class's dictConfig path and the class (None: not imported, and no code may run)."""
    try:
        path, found = resolve_handler_class(text)
    except NotImported:
        return text.strip(), None
    except Exception as exc:
        raise ini.error(
            f"cannot find handler class {text!r}: {describe_exception(exc)}",
            f"{key}.class",
            section,
            "class",
        ) from exc
    problem = handler_class_problem(found, text)
    if problem is not None:
        raise ini.error(problem, f"{key}.class", section, "class")
    handler_class: type[logging.Handler] = found
    return path, handler_class


def _check_memory_targets(ini: IniFile, handlers: dict[str, dict[str, Any]]) -> None:
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
            raise ini.error(
                f"target {target!r} is not in [handlers] keys",
                f"handlers.{name}.target",
                f"handler_{name}",
                "target",
            )
        (built.add if target in built else waiting.append)(name)
    for name in waiting:
        target = handlers[name]["target"]
        if target not in built:
            raise ini.error(
                f"target {target!r} is itself a MemoryHandler waiting for its "
                "target; dictConfig cannot build this chain",
                f"handlers.{name}.target",
                f"handler_{name}",
                "target",
            )
        built.add(name)
