"""``[logger_*]`` sections as dictConfig's ``root`` and ``loggers`` entries.

INI keys loggers by a name of the file's choosing and names the logger in
``qualname=``; the dict keys them by that qualname. Two sections may name the
same logger: fileConfig applies both in turn, so their settings are merged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from logkit._schema import level_problem

from ._file import IniFile, split_names


def translate_loggers(
    ini: IniFile, handlers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The root logger's settings and every other listed logger's, by qualname."""
    ini.list_section("loggers")
    keys = split_names(ini.required("loggers", "keys", "loggers"))
    if "root" not in keys:
        raise ini.error("[loggers] keys must include root", "loggers", "loggers", "keys")
    keys.remove("root")
    if "" in keys:
        raise ini.error(
            "empty name in the keys= list (a stray comma?)", "loggers", "loggers", "keys"
        )
    root: dict[str, Any] = ini.attempt({}, _root, ini, handlers)
    loggers: dict[str, dict[str, Any]] = {}
    level_from: dict[str, str] = {}  # qualname -> the section its level comes from
    for ini_key in keys:
        found = ini.attempt(None, _logger, ini, ini_key, handlers)
        if found is None:
            continue
        qualname, settings = found
        if "level" in settings:
            if qualname in level_from:
                key = f"loggers.{qualname}.level"
                ini.attempt(None, _check_overridden_level, ini, level_from[qualname], key)
            level_from[qualname] = f"logger_{ini_key}"
        merged = loggers.pop(qualname, {})
        merged.update(settings)  # a later section for the same logger overrides
        loggers[qualname] = merged
    return root, loggers


def _root(ini: IniFile, handlers: Mapping[str, Any]) -> dict[str, Any]:
    root_section = ini.section("logger_root", "root", "loggers")
    return _settings(ini, root_section.name, "root", handlers)


def _logger(ini: IniFile, ini_key: str, handlers: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    section = f"logger_{ini_key}"
    ini.section(section, f"loggers.{ini_key}", "loggers")
    qualname = ini.required(section, "qualname", f"loggers.{ini_key}.qualname")
    key = f"loggers.{qualname}"
    if qualname in ("", "root"):
        raise ini.error(
            f"qualname {qualname!r} names the root logger; configure it in [logger_root]",
            f"loggers.{ini_key}.qualname",
            section,
            "qualname",
        )
    settings = _settings(ini, section, key, handlers)
    propagate = ini.option_or(section, "propagate", f"{key}.propagate", "1")
    try:
        # fileConfig always sets propagate (to 1 unless told otherwise).
        settings["propagate"] = bool(int(propagate))
    except ValueError as exc:
        raise ini.error(
            f"propagate must be an integer such as 0 or 1, found {propagate!r}",
            f"{key}.propagate",
            section,
            "propagate",
        ) from exc
    return qualname, settings


def _settings(ini: IniFile, section: str, key: str, handlers: Mapping[str, Any]) -> dict[str, Any]:
    """What the root and the other loggers share: ``level=`` and ``handlers=``."""
    settings: dict[str, Any] = {}
    level = ini.level(section, f"{key}.level")
    if level is not None:
        settings["level"] = level
    names = split_names(ini.required(section, "handlers", f"{key}.handlers"))
    for name in names:
        ini.require_listed(name, handlers, "handler", f"{key}.handlers", section)
    settings["handlers"] = names
    return settings


def _check_overridden_level(ini: IniFile, section: str, key: str) -> None:
    """Check a level a later section replaces, which validation will never see.

    fileConfig still calls ``setLevel`` with it first, and fails if it is unknown.
    """
    level = ini.option(section, "level", key)
    problem = level_problem(level)
    if problem is not None:
        raise ini.error(problem, key, section, "level")
