"""``[formatter_*]`` sections as dictConfig formatter entries.

Each formatter is also built, as fileConfig builds it: a format that does not
fit its style fails in both schemas, and validation does not read formats.
"""

from __future__ import annotations

import logging
from typing import Any

from logkit._errors import describe_exception
from logkit._schema import FORMATTER_DEFAULTS_SUPPORTED, STYLES, code_may_run, resolve_class

from ._file import IniFile
from ._literals import UnsafeExpression, evaluate_literal, reject_reference_string

# fileConfig reads these options as raw text (no %-interpolation), since formats
# are full of %(name)s.
_RAW_OPTIONS = ("format", "datefmt", "style")


def translate_formatters(ini: IniFile) -> dict[str, dict[str, Any]]:
    """Every formatter listed in ``[formatters] keys``, by name."""
    ini.list_section("formatters")
    names = ini.names("formatters", "keys", "formatters")
    return ini.each(names, lambda name: _formatter(ini, name))


def _formatter(ini: IniFile, name: str) -> dict[str, Any]:
    key = f"formatters.{name}"
    section = f"formatter_{name}"
    ini.section(section, key, "formatters")
    formatter: dict[str, Any] = {}
    for option in _RAW_OPTIONS:
        value = ini.option(section, option, f"{key}.{option}", raw=True)
        if value is not None:
            try:
                reject_reference_string(value)
            except UnsafeExpression as exc:
                raise ini.error(
                    f"{exc.reason}: {exc.fragment}", f"{key}.{option}", section, option
                ) from exc
            formatter[option] = value
    class_name = ini.option(section, "class", f"{key}.class")
    if class_name:
        formatter["class"] = class_name
    if FORMATTER_DEFAULTS_SUPPORTED:  # older fileConfig ignores defaults=
        defaults = ini.option(section, "defaults", f"{key}.defaults", raw=True)
        if defaults is not None:
            formatter["defaults"] = _defaults(ini, defaults, key, section)
    _check_builds(ini, formatter, key, section)
    return formatter


def _defaults(ini: IniFile, text: str, key: str, section: str) -> dict[str, Any]:
    try:
        defaults = evaluate_literal(text)
    except UnsafeExpression as exc:
        raise ini.error(f"defaults: {exc}", f"{key}.defaults", section, "defaults") from exc
    if not isinstance(defaults, dict):
        raise ini.error(
            f"defaults must be a dict, found {text!r}", f"{key}.defaults", section, "defaults"
        )
    return defaults


def _check_builds(ini: IniFile, formatter: dict[str, Any], key: str, section: str) -> None:
    """Build the formatter as fileConfig would, to reject what it rejects."""
    style = formatter.get("style", "%")
    if style not in STYLES:
        return  # validation reports it at formatters.<name>.style
    factory: Any = logging.Formatter
    if "class" in formatter:
        if not code_may_run():
            return  # building it would call the file's class
        factory = _formatter_class(ini, formatter["class"], key, section)
    extra = {"defaults": formatter["defaults"]} if "defaults" in formatter else {}
    fmt = formatter.get("format")
    try:
        factory(fmt, formatter.get("datefmt"), style, **extra)
    except Exception as exc:
        if "format" in str(exc).lower():
            raise ini.error(
                f"format {fmt!r} is not valid for style {style!r}: {describe_exception(exc)}",
                f"{key}.format",
                section,
                "format",
            ) from exc
        raise ini.error(
            f"the formatter cannot be built: {describe_exception(exc)}", key, section
        ) from exc


def _formatter_class(ini: IniFile, name: str, key: str, section: str) -> Any:
    try:
        return resolve_class(name)
    except Exception as exc:
        raise ini.error(
            f"cannot import formatter class {name!r}: {describe_exception(exc)}",
            f"{key}.class",
            section,
            "class",
        ) from exc
