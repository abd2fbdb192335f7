"""Checks on the shape of parsed data that every format shares."""

from __future__ import annotations

from collections.abc import Mapping
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


def plain_data(value: Any) -> Any:
    """Tuples become lists, so every format can hold (and give back) the value."""
    if isinstance(value, Mapping):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(item) for item in value]
    return value
