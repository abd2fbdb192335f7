"""Find where a dotted key is written in TOML text (tomllib keeps no positions).

The search follows the key's parts in
order, so ``handlers.info.level`` finds the ``level`` that comes after ``info``
which comes after ``handlers``. It is a best effort: ``None`` when not found.
"""

from __future__ import annotations

import re


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _locate_assignment(text: str, parts: list[str]) -> int | None:
    """Line of the last of ``parts`` found in order as ``part =`` (inline tables too)."""
    position = 0
    line: int | None = None
    for part in parts:
        pattern = re.compile(
            r"""(?:^|[\s{,.])["']?""" + re.escape(part) + r"""["']?\s*=""", re.M
        )
        match = pattern.search(text, position)
        if match is None:
            return line
        position = match.end()
        line = _line_of(text, match.start() + (1 if text[match.start()] == "\n" else 0))
    return line


def _toml_header(parts: list[str]) -> re.Pattern[str]:
    quoted = [rf"""(?:{re.escape(p)}|"{re.escape(p)}"|'{re.escape(p)}')""" for p in parts]
    # [ \t]*, not \s*: a blank line before the header must not become its line.
    return re.compile(
        r"^[ \t]*\[[ \t]*" + r"[ \t]*\.[ \t]*".join(quoted) + r"[ \t]*\][ \t]*(?:#.*)?$", re.M
    )


def locate_toml_key(text: str, key: str) -> int | None:
    """Line of a dotted key in TOML: via the deepest ``[table]`` header, then ``k =``."""
    return locate_toml_path(text, key.split("."))


def locate_toml_path(text: str, parts: list[str]) -> int | None:
    """Line of a key path (names may contain dots) in TOML text, as :func:`locate_toml_key`."""
    for depth in range(len(parts), 0, -1):
        header = _toml_header(parts[:depth]).search(text)
        if header is None:
            continue
        rest = parts[depth:]
        if not rest:
            return _line_of(text, header.start())
        next_header = re.compile(r"^\s*\[", re.M).search(text, header.end())
        end = next_header.start() if next_header else len(text)
        body = text[header.end() : end]
        found = _locate_assignment(body, rest)
        if found is None:
            return _line_of(text, header.start())
        return _line_of(text, header.end()) + found - 1
    return _locate_assignment(text, parts)
