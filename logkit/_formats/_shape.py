"""Checks on the shape of parsed data that every format shares.

Every format's ``parse`` passes its result through :func:`checked_shape`, so
everything downstream (substitution, validation, ``diff``, :func:`plain_data`)
walks data of bounded depth and size:

- containers may nest at most :data:`MAX_DEPTH` levels deep (far beyond any
  real logging config; deeper data would exhaust Python's recursion limit in
  the parsers and in every recursive walk after them);
- YAML aliases may repeat at most :data:`MAX_REPEATED_VALUES` values in all
  (a few hundred bytes of aliases can otherwise stand for billions of values),
  and may not contain themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from .._errors import ConfigError

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 100
MAX_REPEATED_VALUES = 100_000

# A key path shown in a message is cut to this many parts.
_SHOWN_PARTS = 6


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


def checked_shape(
    data: object,
    text: str,
    format_name: str,
    path: str | None,
    locate: Callable[[str], int | None],
) -> dict[str, Any]:
    """The top level as a mapping, after checking depth, aliases and cycles.

    ``data`` is what ``text`` parsed to; ``locate`` gives the line of a
    dotted key, for the error.

    Raises:
        ConfigError: not a mapping, nested deeper than :data:`MAX_DEPTH`,
            aliases repeating more than :data:`MAX_REPEATED_VALUES` values,
            or a value that contains itself.
    """
    config = require_mapping(data, format_name, path)
    problem = _shape_problem(config)
    if problem is not None:
        reason, parts = problem
        # Brackets too deep are found where they open; nesting by indentation
        # or dotted keys is found by its key.
        line, column = (
            _too_deep_bracket(text) if reason == _too_deep() else None
        ) or (locate(".".join(parts)), None)
        raise ConfigError(reason, path=path, line=line, column=column, key=_shown(parts))
    return config


def _shown(parts: tuple[str, ...]) -> str:
    if len(parts) <= _SHOWN_PARTS:
        return ".".join(parts)
    return ".".join(parts[: _SHOWN_PARTS - 1]) + f"...({len(parts)} levels)"


def _children(value: Any) -> Iterator[tuple[object, Any]]:
    if isinstance(value, Mapping):
        return iter(value.items())
    return enumerate(value)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _is_container(value: object) -> bool:
    # Most values are scalars of these exact types: skip the slower ABC check.
    return type(value) not in _SCALARS and isinstance(value, (Mapping, list, tuple))


class _Frame:
    """A container being walked: where it is, its children left, what it holds so far."""

    __slots__ = ("children", "height", "parts", "size", "value")

    def __init__(self, value: Any, parts: tuple[str, ...]) -> None:
        self.value = value
        self.parts = parts
        self.children = _children(value)
        self.size = 1  # values once aliases are expanded, this one included
        self.height = 1  # levels of containers, this one included


def _shape_problem(config: dict[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """What is wrong with the shape of ``config`` and at which key path, if anything.

    One walk without recursion; a container reached again (a YAML alias) is
    not walked again but counted by the size and height of its first walk.
    """
    measured: dict[int, tuple[int, int]] = {}  # id -> (size, height), when walked
    repeated = 0
    stack = [_Frame(config, ())]
    on_stack = {id(config)}
    while stack:
        frame = stack[-1]
        for name, child in frame.children:
            if not _is_container(child):
                frame.size += 1
                continue
            parts = (*frame.parts, str(name))
            if id(child) in on_stack:
                return "the value contains itself (a recursive alias)", parts
            if id(child) not in measured:
                if len(parts) >= MAX_DEPTH:
                    return _too_deep(), parts
                stack.append(_Frame(child, parts))
                on_stack.add(id(child))
                break
            size, height = measured[id(child)]
            repeated += size
            if repeated > MAX_REPEATED_VALUES:
                return (
                    f"aliases repeat more than {MAX_REPEATED_VALUES:,} values"
                    " (the limit; an alias bomb?)",
                    parts,
                )
            if len(parts) + height > MAX_DEPTH:
                return _too_deep(), parts
            frame.size += size
            frame.height = max(frame.height, height + 1)
        else:
            stack.pop()
            on_stack.discard(id(frame.value))
            measured[id(frame.value)] = (frame.size, frame.height)
            if stack:
                stack[-1].size += frame.size
                stack[-1].height = max(stack[-1].height, frame.height + 1)
    return None


def _too_deep() -> str:
    return f"nested more than {MAX_DEPTH} levels deep (the limit)"


# Brackets outside strings and comments, for JSON, TOML and YAML flow style;
# compiled (and cached by re) only when a file is too deeply nested.
_BRACKET_TOKENS = (
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]'
)


def too_deep_error(text: str, format_name: str, path: str | None) -> ConfigError:
    """The error for text its parser could not read for nesting (a ``RecursionError``)."""
    line, column = _too_deep_bracket(text) or (None, None)
    return ConfigError(f"{format_name} {_too_deep()}", path=path, line=line, column=column)


def _too_deep_bracket(text: str) -> tuple[int, int] | None:
    """Line and column of the first bracket opened more than :data:`MAX_DEPTH` deep."""
    depth = 0
    for match in re.finditer(_BRACKET_TOKENS, text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return position_of(text, match.start())
        elif token in ("]", "}"):
            depth -= 1
    return None


def plain_data(value: Any) -> Any:
    """Tuples become lists, so every format can hold (and give back) the value."""
    if isinstance(value, Mapping):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(item) for item in value]
    return value


def position_of(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
