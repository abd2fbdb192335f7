"""YAML configs: PyYAML's safe loader (the C one where available)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import yaml

from .._errors import ConfigError, one_line
from ._shape import checked_shape, too_deep_error

try:  # The C loader is several times faster; fall back where libyaml is absent.
    from yaml import CSafeDumper as _SafeDumper
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _SafeDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any


class _TooLongInteger(Exception):
    def __init__(self, node: yaml.ScalarNode) -> None:
        super().__init__(node.value)
        self.node = node


class _Loader(_SafeLoader):
    """The safe loader, saying where an integer is too long for Python to convert."""

    def construct_too_long_integer(self, node: yaml.ScalarNode) -> int:
        try:
            value: int = self.construct_yaml_int(node)
        except ValueError as exc:
            raise _TooLongInteger(node) from exc
        return value


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_too_long_integer)


def parse(text: str, path: str | None = None) -> dict[str, Any]:
    """Parse YAML text into a dict, with the line and column of any syntax error.

    Raises:
        ConfigError: not YAML, not a mapping, or a shape :mod:`._shape` refuses
            (such as aliases expanding past its limit).
    """
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(
            part for part in (exc.context, exc.problem) if part
        ) or "invalid YAML"
        line, column = _position(text, mark)
        raise ConfigError(
            f"YAML syntax error: {one_line(reason)}", path=path, line=line, column=column
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"YAML error: {one_line(exc)}", path=path) from exc
    except RecursionError as exc:  # only the pure-Python loader recurses
        raise too_deep_error(text, "YAML", path) from exc
    except _TooLongInteger as exc:
        line, column = _position(text, exc.node.start_mark)
        digits = sum(character.isdigit() for character in exc.node.value)
        from .._messages import too_long_integer  # only for a message
        raise ConfigError(too_long_integer(digits), path=path, line=line, column=column) from exc
    finally:
        loader.dispose()
    return checked_shape(data, text, "YAML", path, lambda key: locate(text, key))


def _position(text: str, mark: yaml.Mark | None) -> tuple[int | None, int | None]:
    """1-based line and column of a mark; one past the end is on the last line."""
    if mark is None:
        return None, None
    lines = text.splitlines()
    if lines and mark.line >= len(lines):  # the end of the stream, after the last newline
        return len(lines), len(lines[-1]) + 1
    return mark.line + 1, mark.column + 1


class _ReadableDumper(_SafeDumper):
    """Writes multi-line strings (log formats) as literal blocks."""


def _represent_str(dumper: _ReadableDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ReadableDumper.add_representer(str, _represent_str)


def render(config: Mapping[str, Any]) -> str:
    """Render a config as block-style YAML, keeping key order."""
    try:
        return yaml.dump(
            dict(config),
            Dumper=_ReadableDumper,
            sort_keys=False,
            default_flow_style=False,
            allow_unicode=True,
            width=100,
        )
    except yaml.YAMLError as exc:
        raise ConfigError(f"cannot write as YAML: {one_line(exc)}") from exc


def locator(text: str) -> Callable[[str], int | None]:
    """Where each dotted key is, from the YAML parser's node marks (one compose)."""
    try:
        document = yaml.compose(text, Loader=_SafeLoader)
    except (yaml.YAMLError, RecursionError):
        document = None
    lines = _key_lines(document)
    from ._keys import written_path  # only files with problems are located

    def locate_key(key: str) -> int | None:
        path = written_path(key, lines.__contains__)
        return lines[path] if path else None

    return locate_key


def _key_lines(document: yaml.Node | None) -> dict[tuple[str, ...], int]:
    """The line of every key path (list items by index) in a composed document.

    Each node is entered once: an alias repeats its anchor's node, whose keys
    are located where the anchor writes them (and an alias bomb stays small).
    """
    lines: dict[tuple[str, ...], int] = {}
    entered: set[int] = set()
    stack: list[tuple[yaml.Node | None, tuple[str, ...]]] = [(document, ())]
    while stack:
        node, path = stack.pop()
        if node is None or id(node) in entered:
            continue
        entered.add(id(node))
        children: list[tuple[str, yaml.Node, yaml.Node]]
        if isinstance(node, yaml.MappingNode):
            children = [
                (key_node.value, key_node, value_node)
                for key_node, value_node in node.value
                if isinstance(key_node, yaml.ScalarNode)
            ]
        elif isinstance(node, yaml.SequenceNode):
            # An item that starts before its list is an alias: the list's line, not the anchor's.
            children = [
                (str(index), item if item.start_mark.index >= node.start_mark.index else node, item)
                for index, item in enumerate(node.value)
            ]
        else:
            continue
        for name, marked, _ in children:
            lines.setdefault((*path, name), marked.start_mark.line + 1)
        # In document order, so an anchor is entered where it is written, not at an alias.
        stack.extend((value, (*path, name)) for name, _, value in reversed(children))
    return lines


def locate(text: str, key: str) -> int | None:
    """The line of a dotted key, from the YAML parser's own node marks."""
    return locator(text)(key)
