"""Single names and values written as INI text that reads back unchanged.

configparser strips, splits and interpolates what it reads, and fileConfig
splits ``keys=`` lists at commas and evaluates ``args=``; each function here
writes one value so that none of that changes it, or refuses it with the
dict key that holds it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from logkit._errors import ConfigError
from logkit._schema import FORMATTER_DEFAULTS_SUPPORTED, is_level_name, level_name, level_problem

from ._literals import UnsafeExpression, render_value

_CONTINUATION_INDENT = "    "


def name_problem(name: Any) -> str | None:
    """Why a formatter, handler or logger name cannot stand in a ``keys=`` list."""
    if not isinstance(name, str) or not name:
        return "names must be non-empty strings"
    if name != name.strip():
        return "fileConfig strips spaces around names in keys= lists"
    if "," in name:
        return "names cannot contain ',', which separates keys= lists"
    if any(character in name for character in "\n\r[]"):
        return "names cannot contain line breaks or brackets"
    return None


def check_name(name: Any, key: str) -> None:
    problem = name_problem(name)
    if problem is not None:
        raise ConfigError(f"{problem}: {name!r}", key=key)


def name_list(names: list[Any], key: str) -> str:
    """A ``keys=``/``handlers=`` value."""
    for name in names:
        check_name(name, key)
    return escape(",".join(names))


def escape(text: str) -> str:
    """Protect ``%`` from configparser's interpolation (``%%`` reads back as ``%``)."""
    return text.replace("%", "%%")


def value_text(value: Any, key: str, *, interpolated: bool) -> str:
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
    text = escape(value) if interpolated else value
    return "\n".join(
        line if number == 0 or not line else _CONTINUATION_INDENT + line
        for number, line in enumerate(text.split("\n"))
    )


def level_text(level: Any, key: str) -> str:
    """Levels as names: fileConfig passes the INI text to setLevel, which needs a name."""
    if isinstance(level, int) and not isinstance(level, bool):
        name = level_name(level)
        if name is None:
            raise ConfigError(f"level {level} has no registered name for INI to use", key=key)
        return name
    if isinstance(level, str) and is_level_name(level):
        return level
    # level_problem accepts references, which setLevel does not.
    raise ConfigError(level_problem(level) or f"unknown level {level!r}", key=key)


def argument_text(value: Any, key: str) -> str:
    """One constructor argument as an expression fileConfig evaluates back to it."""
    try:
        return render_value(value, references=True)
    except UnsafeExpression as exc:
        raise ConfigError(f"{exc.reason}: {exc.fragment}", key=key) from exc


def defaults_text(defaults: Any, key: str) -> str:
    """A formatter's ``defaults=`` (read by fileConfig from Python 3.12)."""
    if not FORMATTER_DEFAULTS_SUPPORTED:
        raise ConfigError("fileConfig reads formatter defaults only from Python 3.12", key=key)
    if not isinstance(defaults, Mapping):
        raise ConfigError(f"expected a mapping, found {type(defaults).__name__}", key=key)
    try:
        return render_value(dict(defaults), references=False)
    except UnsafeExpression as exc:
        raise ConfigError(f"{exc.reason}: {exc.fragment}", key=key) from exc
