"""The registry of config formats: file extension -> format name -> module.

Each format lives in its own module with the same four functions::

    parse(text: str, path: str | None = None) -> dict[str, Any]
    render(config: Mapping[str, Any]) -> str
    locator(text: str) -> Callable[[str], int | None]   # key -> line, text read once
    locate(text: str, key: str) -> int | None           # locator(text)(key)

A format's module (and so its parser library) is imported only when the format
is used, which keeps ``import logkit`` light.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from .._errors import ConfigError, PathLike
from .._reading import IS_A_DIRECTORY

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any, Protocol

FORMATS = ("yaml", "toml", "json", "ini")

EXTENSIONS: Mapping[str, str] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".json": "json",
    ".ini": "ini",
    ".cfg": "ini",
    ".conf": "ini",
    ".config": "ini",
}

# Aliases accepted wherever a format is named by the user (``--to yml``).
_FORMAT_ALIASES = {"yml": "yaml", "cfg": "ini", "conf": "ini", "config": "ini"}


if TYPE_CHECKING:

    class FormatModule(Protocol):
        def parse(self, text: str, path: str | None = None) -> dict[str, Any]: ...

        def render(self, config: Mapping[str, Any]) -> str: ...

        def locator(self, text: str) -> Callable[[str], int | None]: ...

        def locate(self, text: str, key: str) -> int | None: ...


def format_for_path(path: PathLike) -> str:
    """The format a file is written in, from its extension."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        if os.path.isdir(path):  # a directory's want of an extension is not the problem
            raise ConfigError(IS_A_DIRECTORY, path=path) from None
        known = ", ".join(EXTENSIONS)
        found = f"'{suffix}'" if suffix else "no extension"
        raise ConfigError(
            f"unknown config format: {found} (known extensions: {known})", path=path
        ) from None


def normalize_format(name: str) -> str:
    """Canonical format name for a user-given one (``YML`` -> ``yaml``)."""
    lowered = name.lower().lstrip(".")
    lowered = _FORMAT_ALIASES.get(lowered, lowered)
    if lowered not in FORMATS:
        raise ConfigError(
            f"unknown format '{name}' (expected one of: {', '.join(FORMATS)})"
        )
    return lowered


def format_module(name: str) -> FormatModule:
    """Import and return the module implementing a format."""
    qualified = f"{__name__}.{normalize_format(name)}"
    __import__(qualified)  # not importlib: a fresh interpreter has not loaded it (~0.15 ms)
    module: FormatModule = sys.modules[qualified]
    return module
