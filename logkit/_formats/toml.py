"""TOML configs: tomllib (tomli before 3.11) to read, tomli-w to write."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from typing import Any

from .._errors import ConfigError
from .._messages import too_long_integer
from ._shape import checked_shape, position_of, too_deep_error
from ._toml_lines import locate_toml_key, locate_toml_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END_OF_DOCUMENT = re.compile(r"\s*\(at end of document\)\s*$")
# A decimal integer: the only kind whose conversion Python limits.
_LONG_DIGITS = re.compile(r"[0-9_]{1000,}")


def parse(text: str, path: str | None = None) -> dict[str, Any]:
    """Parse TOML text into a dict, with the line and column of any syntax error.

    Raises:
        ConfigError: not TOML, or a shape :mod:`._shape` refuses.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(exc, text, path) from exc
    except RecursionError as exc:
        raise too_deep_error(text, "TOML", path) from exc
    except ValueError as exc:  # an integer longer than Python converts
        raise _value_error(exc, text, path) from exc
    return checked_shape(data, text, "TOML", path, lambda key: locate(text, key))


def _syntax_error(exc: tomllib.TOMLDecodeError, text: str, path: str | None) -> ConfigError:
    message = str(exc).splitlines()[0] if str(exc) else "invalid TOML"
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    position = _POSITION.search(message)
    if position:
        line, column = int(position.group(1)), int(position.group(2))
        message = message[: position.start()]
    end = _END_OF_DOCUMENT.search(message)
    if end:  # after the last character, on the last line
        line, column = position_of(text, len(text.rstrip("\n")))
        message = message[: end.start()] + " at the end of the document"
    return ConfigError(f"TOML syntax error: {message}", path=path, line=line, column=column)


def _value_error(exc: ValueError, text: str, path: str | None) -> ConfigError:
    """tomllib lets int()'s complaint through, without saying where: at the longest digits."""
    runs = list(_LONG_DIGITS.finditer(text))
    if not runs:
        return ConfigError(f"TOML value cannot be read: {exc}", path=path)
    longest = max(runs, key=lambda run: len(run.group().replace("_", "")))
    line, column = position_of(text, longest.start())
    digits = len(longest.group().replace("_", ""))
    return ConfigError(too_long_integer(digits), path=path, line=line, column=column)


def _reject_nulls(value: object, key: str) -> None:
    if value is None:
        raise ConfigError("TOML has no null value; remove the key or give it a value", key=key)
    if isinstance(value, Mapping):
        for name, item in value.items():
            _reject_nulls(item, f"{key}.{name}" if key else str(name))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _reject_nulls(item, f"{key}.{index}")


def _contains_crlf(value: object) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, Mapping):
        return any(_contains_crlf(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(_contains_crlf(item) for item in value)
    return False


def render(config: Mapping[str, Any]) -> str:
    """Render a config as TOML tables, keeping key order."""
    import tomli_w

    _reject_nulls(config, "")
    try:
        # tomli-w writes "\r\n" raw inside a multi-line string, where the reader
        # turns it into "\n": such a config is written with one-line strings.
        multiline = not _contains_crlf(config)
        return tomli_w.dumps(dict(config), multiline_strings=multiline)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"cannot write as TOML: {exc}") from exc


def locator(text: str) -> Callable[[str], int | None]:
    """Where each dotted key is: the path it means from the parsed tables, then a
    text search for it (tomllib keeps no positions)."""
    from ._keys import key_paths, written_path  # only files with problems are located

    try:
        paths = key_paths(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return lambda key: locate_toml_key(text, key)

    def locate_key(key: str) -> int | None:
        path = written_path(key, paths.__contains__)
        return locate_toml_path(text, list(path)) if path else None

    return locate_key


def locate(text: str, key: str) -> int | None:
    """The line of a dotted key, found via table headers and ``key =`` lines."""
    return locator(text)(key)
