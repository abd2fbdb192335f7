"""Where each key of a JSON document is written, from a walk of the JSON grammar.

The standard library's parser keeps no positions for keys, so this small walker
(using the parser's own value scanner) records the line of every
key path, as PyYAML's node marks do for YAML.
"""

from __future__ import annotations

import json
import re

_WHITESPACE = re.compile(r"[ \t\n\r]*")

Path = tuple[str, ...]


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: dict[Path, int] = {}
        self.decoder = json.JSONDecoder()

    def skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        return match.end() if match else index

    def line_at(self, index: int) -> int:
        return self.text.count("\n", 0, index) + 1

    def value(self, index: int, path: Path) -> int:
        """Record the keys of the value starting at ``index``; return its end."""
        index = self.skip(index)
        opening = self.text[index]
        if opening == "{":
            return self.members(index + 1, path)
        if opening == "[":
            return self.items(index + 1, path)
        return self.decoder.raw_decode(self.text, index)[1]

    def members(self, index: int, path: Path) -> int:
        index = self.skip(index)
        if self.text[index] == "}":
            return index + 1
        while True:
            index = self.skip(index)
            key, after = self.decoder.raw_decode(self.text, index)  # a JSON string
            child = (*path, str(key))
            self.lines[child] = self.line_at(index)
            index = self.skip(after) + 1  # past the ':'
            index = self.skip(self.value(index, child))
            if self.text[index] == "}":
                return index + 1
            index += 1  # past the ','

    def items(self, index: int, path: Path) -> int:
        index = self.skip(index)
        if self.text[index] == "]":
            return index + 1
        position = 0
        while True:
            index = self.skip(index)
            child = (*path, str(position))
            self.lines[child] = self.line_at(index)
            index = self.skip(self.value(index, child))
            if self.text[index] == "]":
                return index + 1
            index += 1
            position += 1


def key_lines(text: str) -> dict[Path, int] | None:
    """Line of every key path in valid JSON text, or None if the text is not JSON."""
    walker = _Walker(text)
    try:
        walker.value(0, ())
    except (ValueError, IndexError, RecursionError):
        return None  # not JSON, or nested deeper than the parser reads
    return walker.lines
