"""JSON configs: the standard library's parser; key lines from a walk of the text."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from .._errors import ConfigError
from ._shape import require_mapping


def parse(text: str, path: str | None = None) -> dict[str, Any]:
    """Parse JSON text into a dict, with the line of any syntax error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"JSON syntax error: {exc.msg}", path=path, line=exc.lineno, column=exc.colno
        ) from exc
    return require_mapping(data, "JSON", path)


def render(config: Mapping[str, Any]) -> str:
    """Render a config as indented JSON, keeping key order."""
    try:
        return json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"cannot write as JSON: {exc}") from exc


def locator(text: str) -> Callable[[str], int | None]:
    """Where each dotted key (or its deepest written parent) is, from one walk of the text."""
    from ._json_lines import key_lines

    lines = key_lines(text)

    def locate_key(key: str) -> int | None:
        if lines is None:
            return None
        parts = tuple(key.split("."))
        for depth in range(len(parts), 0, -1):
            if parts[:depth] in lines:
                return lines[parts[:depth]]
        return None

    return locate_key


def locate(text: str, key: str) -> int | None:
    """The line of a dotted key (or of its deepest written parent)."""
    return locator(text)(key)
