"""Semantic comparison of two ``dictConfig`` dicts: do they configure the same logging?

Two files can spell one meaning many ways: ``20`` or ``"INFO"``, ``StreamHandler``
or ``logging.StreamHandler``, ``maxBytes: 0`` or no ``maxBytes`` at all. So both
dicts are first normalized (:func:`normalize_config`): dictConfig's defaults are
filled in, levels become names, handler classes their full import path, and
constructor parameters left out take the constructor's default. What still
differs is reported by key path (:func:`config_differences`), as data: a
:class:`Difference` prints as one line. :func:`diff` (``logkit.diff``, and
``logkit diff``) reads and checks each side first.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ._errors import PathLike
from ._formats._shape import plain_data
from ._schema import (
    DEFAULT_FORMATS,
    FLUSH_LEVEL_NAMES_CONVERTED,
    HANDLER_RESERVED_KEYS,
    LOOKED_UP_WHEN_PRESENT,
    REQUIRED,
    fileconfig_class,
    normalize_level,
    parameters,
    resolve_class,
)


class _Absent:
    """The value of a key one side does not have, even after defaults."""

    def __repr__(self) -> str:
        return "(absent)"


ABSENT: Final = _Absent()

# Level parameters other than ``level`` that dictConfig turns from names into
# numbers: before 3.13 ``flushLevel: ERROR`` reaches MemoryHandler as a string
# (and fails at the first record), so there it is not the same as 40.
_CHECKED_LEVEL_PARAMETERS = ("flushLevel",) if FLUSH_LEVEL_NAMES_CONVERTED else ()


@dataclass(frozen=True)
class Difference:
    """One key whose meaning differs: ``left`` and ``right`` may be :data:`ABSENT`.

    ``str()`` of it is one line: ``handlers.info.maxBytes: 10485760 != 1048576``.
    """

    key: str
    left: Any
    right: Any

    def __str__(self) -> str:
        return f"{self.key}: {self.left!r} != {self.right!r}"


# What diff() compares: a config file, a dictConfig dict, or None (the built-in default).
Side = PathLike | Mapping[str, Any] | None


def _named_class(name: Any) -> type | None:
    """The class a ``class`` value names, found as fileConfig finds it, or None."""
    if not isinstance(name, str) or not name:
        return None
    try:
        found = fileconfig_class(name)
    except (ImportError, AttributeError, ValueError):
        return None
    return found if isinstance(found, type) else None


def class_path(name: Any) -> Any:
    """A class value's canonical import path: ``StreamHandler`` -> ``logging.StreamHandler``."""
    cls = _named_class(name)
    if cls is None:
        return name
    return f"{cls.__module__}.{cls.__qualname__}"


def _constructor_defaults(cls: type) -> dict[str, Any]:
    found = parameters(cls)
    if found is None:
        return {}
    return {
        name: plain_data(value)
        for name, value in found.keywords.items()
        if value is not REQUIRED
    }


def _normalize_formatter(formatter: Any) -> Any:
    if not isinstance(formatter, Mapping) or "()" in formatter:
        return plain_data(formatter)
    normalized = dict(plain_data(formatter))
    style = normalized.get("style", "%")
    normalized["style"] = style
    if normalized.get("format") is None:
        normalized["format"] = DEFAULT_FORMATS.get(style, normalized.get("format"))
    normalized.setdefault("datefmt", None)
    normalized.setdefault("validate", True)
    normalized["class"] = class_path(normalized.get("class", "logging.Formatter"))
    return normalized


def _normalize_filter(filter_config: Any) -> Any:
    if not isinstance(filter_config, Mapping) or "()" in filter_config:
        return plain_data(filter_config)
    normalized = dict(plain_data(filter_config))
    normalized.setdefault("name", "")
    return normalized


def _normalize_handler(handler: Any) -> Any:
    if not isinstance(handler, Mapping):
        return plain_data(handler)
    normalized = dict(plain_data(handler))
    normalized["level"] = normalize_level(normalized.get("level", "NOTSET"))
    normalized.setdefault("formatter", None)
    normalized.setdefault("filters", [])
    if "()" in normalized:
        return normalized
    cls = _named_class(normalized.get("class"))
    if cls is None:
        return normalized
    normalized["class"] = class_path(normalized["class"])
    for name, default in _constructor_defaults(cls).items():
        if name not in HANDLER_RESERVED_KEYS and name not in LOOKED_UP_WHEN_PRESENT:
            normalized.setdefault(name, default)
    writes_to_a_stream = issubclass(cls, logging.StreamHandler) and not issubclass(
        cls, logging.FileHandler
    )
    if writes_to_a_stream and normalized.get("stream") is None:
        normalized["stream"] = "ext://sys.stderr"  # what StreamHandler(stream=None) does
    for name, value in normalized.items():
        if name not in HANDLER_RESERVED_KEYS:
            normalized[name] = _plain_ext_value(value)
    for name in _CHECKED_LEVEL_PARAMETERS:
        if name in normalized:
            normalized[name] = normalize_level(normalized[name])
    return normalized


def _plain_ext_value(value: Any) -> Any:
    """``ext://logging.ERROR`` (as INI translations write it) means 40, the constant."""
    if not isinstance(value, str) or not value.startswith("ext://"):
        return value
    try:
        found = resolve_class(value[len("ext://") :])
    except (ImportError, AttributeError, ValueError):
        return value
    return found if isinstance(found, (int, float, str)) else value


def _normalize_logger(logger: Any) -> Any:
    if not isinstance(logger, Mapping):
        return plain_data(logger)
    normalized = dict(plain_data(logger))
    # An absent level leaves the logger's level alone: it is not NOTSET.
    if "level" in normalized:
        normalized["level"] = normalize_level(normalized["level"])
    normalized.setdefault("propagate", True)
    normalized.setdefault("handlers", [])
    normalized.setdefault("filters", [])
    return normalized


def _normalize_section(section: Any, normalize_item: Any) -> Any:
    if not isinstance(section, Mapping):
        return plain_data(section)
    return {name: normalize_item(item) for name, item in section.items()}


def normalize_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """The config with every dictConfig default spelled out, so equal meaning compares equal.

    Filled in: ``disable_existing_loggers`` (True), ``incremental`` (False),
    formatter style/format/datefmt/class, filter names, handler levels,
    formatters, filters and constructor defaults (``stream`` of a
    ``StreamHandler`` is ``ext://sys.stderr``), logger ``propagate`` (True),
    ``handlers`` and ``filters`` ([]). Levels become names where standard;
    classes their full import path. Empty sections are the same as absent ones,
    and so are ``root: {}`` and no ``root``.
    """
    normalized: dict[str, Any] = dict(plain_data(config))
    normalized.setdefault("disable_existing_loggers", True)
    normalized.setdefault("incremental", False)
    sections = {
        "formatters": _normalize_formatter,
        "filters": _normalize_filter,
        "handlers": _normalize_handler,
        "loggers": _normalize_logger,
    }
    for name, normalize_item in sections.items():
        normalized[name] = _normalize_section(normalized.get(name) or {}, normalize_item)
    root = normalized.get("root") or {}
    normalized["root"] = _normalize_logger(root) if root else {}
    return normalized


def _compare(left: Any, right: Any, key: str, found: list[Difference]) -> None:
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        names = list(left) + [name for name in right if name not in left]
        for name in names:
            _compare(left.get(name, ABSENT), right.get(name, ABSENT), _child_key(key, name), found)
    elif not _same_value(left, right):
        found.append(Difference(key, left, right))


def _child_key(key: str, name: object) -> str:
    """``key.name``, unless that would not read back as one name.

    A logger named ``examples.app`` is ``loggers["examples.app"]``, not a key
    ``app`` inside ``loggers.examples``; non-string keys (only YAML has them;
    JSON would make it "1") are ``key[1]``.
    """
    if not isinstance(name, str):
        return f"{key}[{name!r}]"
    if not name or any(mark in name for mark in '.[]"'):
        return f"{key}[{json.dumps(name)}]"
    return f"{key}.{name}" if key else name


def _same_value(left: Any, right: Any) -> bool:
    if type(left) is type(right) or _same_number(left, right):
        return bool(left == right) or _both_nan(left, right)
    return False


def _both_nan(left: Any, right: Any) -> bool:
    return (
        isinstance(left, float)
        and isinstance(right, float)
        and math.isnan(left)
        and math.isnan(right)
    )


def _same_number(left: Any, right: Any) -> bool:
    """1 and 1.0 mean the same to a constructor; True and 1 do not to a reader."""
    numbers = (int, float)
    return (
        isinstance(left, numbers)
        and isinstance(right, numbers)
        and not isinstance(left, bool)
        and not isinstance(right, bool)
        and left == right
    )


def config_differences(left: Mapping[str, Any], right: Mapping[str, Any]) -> list[Difference]:
    """Where two dictConfig dicts mean different logging, by key path, in left's key order.

    Lists (a logger's handlers) are compared whole: their order matters.
    """
    found: list[Difference] = []
    _compare(normalize_config(left), normalize_config(right), "", found)
    return found


def diff(left: Side, right: Side) -> list[Difference]:
    """Where two configs mean different logging; empty when they mean the same.

    Each side is read as ``configure`` reads it (any format; ``${VAR}``
    substituted; ``LOGKIT_*`` overrides left out: they would change both sides
    alike) and validated, then both are compared after dictConfig's defaults are
    filled in, so ``level: 20`` and ``level=INFO`` are the same.

    Args:
        left: A config file path, a ``dictConfig`` dict, or None for the
            built-in default scheme.
        right: The same kinds.

    Returns:
        The differences by key path, in ``left``'s key order. ``str()`` of each
        is ``key: left != right`` (a key one side lacks shows as ``(absent)``).

    Raises:
        ConfigError: a side cannot be read or is invalid; located in its file
            (path, line, key), with every problem in ``errors``.
    """
    return config_differences(_checked_config(left), _checked_config(right))


def _checked_config(side: Side) -> dict[str, Any]:
    """The dictConfig dict one side of :func:`diff` means, validated."""
    from ._default import default_config
    from ._errors import raise_problems
    from ._prepare import Source
    from ._validate import validate_config

    if side is None:
        return default_config()
    if isinstance(side, Mapping):
        config: dict[str, Any] = dict(side)
        found = validate_config(config)
    else:
        source = Source.read(side)
        config = source.substituted()
        found = validate_config(config, locate=source.line_of, path=source.path)
    raise_problems(found.errors)
    return config
