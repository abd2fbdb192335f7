"""Checks on the shape of parsed data that every format shares."""

from __future__ import annotations

from typing import Any

from .._errors import ConfigError


def require_mapping(data: object, format_name: str, path: str | None) -> dict[str, Any]:
    """A config file's top level must be a mapping of section names."""
    if data is None:
        raise ConfigError(f"the {format_name} document is empty", path=path)
    if not isinstance(data, dict):
        raise ConfigError(
            f"expected a mapping at the top level of the {format_name} document,"
            f" found {type(data).__name__}",
            path=path,
        )
    return data
