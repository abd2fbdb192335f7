"""JSON configs: the standard library's parser; key lines from a walk of the text."""

from __future__ import annotations

import json
from collections.abc import Mapping
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


def locate(text: str, key: str) -> int | None:
    """The line of a dotted key (or of its deepest written parent)."""
    from ._json_positions import key_lines

    lines = key_lines(text)
    if lines is None:
        return None
    parts = tuple(key.split("."))
    for depth in range(len(parts), 0, -1):
        if parts[:depth] in lines:
            return lines[parts[:depth]]
    return None
