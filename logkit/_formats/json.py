"""JSON configs: the standard library's parser; key lines from a walk of the text."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from .._errors import ConfigError
from .._messages import too_long_integer
from ._shape import checked_shape, position_of, too_deep_error


class _TooLongInteger(Exception):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


def _integer(digits: str) -> int:
    try:
        return int(digits)
    except ValueError as exc:  # more digits than Python converts
        raise _TooLongInteger(digits) from exc


def parse(text: str, path: str | None = None) -> dict[str, Any]:
    """Parse JSON text into a dict, with the line and column of any syntax error.

    Raises:
        ConfigError: not JSON, not a mapping, or a shape :mod:`._shape` refuses.
    """
    try:
        data = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"JSON syntax error: {exc.msg}", path=path, line=exc.lineno, column=exc.colno
        ) from exc
    except RecursionError as exc:
        raise too_deep_error(text, "JSON", path) from exc
    except _TooLongInteger as exc:
        # The parser does not say where; the first number written with these digits.
        offset = text.find(exc.digits)
        line, column = position_of(text, offset) if offset >= 0 else (None, None)
        raise ConfigError(
            too_long_integer(len(exc.digits.lstrip("-"))), path=path, line=line, column=column
        ) from exc
    return checked_shape(data, text, "JSON", path, lambda key: locate(text, key))


def render(config: Mapping[str, Any]) -> str:
    """Render a config as indented JSON, keeping key order."""
    try:
        return json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"cannot write as JSON: {exc}") from exc


def locator(text: str) -> Callable[[str], int | None]:
    """Where each dotted key (or its deepest written parent) is, from one walk of the text."""
    from ._json_lines import key_lines
    from ._keys import written_path

    lines = key_lines(text)

    def locate_key(key: str) -> int | None:
        if lines is None:
            return None
        path = written_path(key, lines.__contains__)
        return lines[path] if path else None

    return locate_key


def locate(text: str, key: str) -> int | None:
    """The line of a dotted key (or of its deepest written parent)."""
    return locator(text)(key)
