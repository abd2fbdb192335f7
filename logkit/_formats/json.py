"""JSON configs: the standard library's parser, which knows line and column."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._errors import ConfigError
from ._shape import require_mapping
from ._textsearch import locate_nested_key


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
    """The line of a dotted key, found by following quoted keys in order."""
    return locate_nested_key(text, key, quote_keys=True)
