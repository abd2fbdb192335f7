"""Carrying a config file's opening comment over to a conversion.

The comment block at the top of a config usually says what the scheme is for;
losing it in ``logkit convert`` loses the one piece of documentation the file
had. Comments further down belong to keys, which the formats lay out too
differently to follow, so only the opening block is carried. JSON has no
comments: it gets none.

A comment is carried only where it stays true. One that speaks of its own
file's format (``... in the standard library's fileConfig format``, ``YAML``)
or of how that format is applied (``fileConfig``, ``dictConfig``) when the
other format is applied differently would be false in the converted file, and
no rewording of it can be trusted: the whole block is left out and replaced by
a line saying where the file was converted from, and why its comment is not
there. The test is by whole word, case-insensitive; a block that names no
format is carried as written.
"""

from __future__ import annotations

import re

# Full-line comment markers, by format (configparser also takes ";").
_MARKERS = {"yaml": ("#",), "toml": ("#",), "ini": ("#", ";"), "json": ()}

# Words that tie a comment to a format: its name and what reads it.
_FORMAT_WORDS = {
    "ini": ("ini", "configparser"),
    "yaml": ("yaml", "yml"),
    "toml": ("toml",),
    "json": ("json",),
}
_APPLIED_WITH = {
    "ini": "fileconfig",
    "yaml": "dictconfig",
    "toml": "dictconfig",
    "json": "dictconfig",
}
_FORMAT_NAMES = {"ini": "INI", "yaml": "YAML", "toml": "TOML", "json": "JSON"}


def opening_comment(text: str, fmt: str) -> list[str]:
    """The comment lines before a file's first setting, without their markers."""
    markers = _MARKERS[fmt]
    lines: list[str] = []
    for line in text.lstrip("\ufeff").splitlines():
        stripped = line.strip()
        if not stripped:
            if lines:
                break  # a blank line ends the opening block
            continue
        if not markers or not stripped.startswith(markers):
            break
        body = stripped[1:]
        lines.append(body[1:] if body.startswith(" ") else body)
    return lines


def _speaks_of_its_format(comment: list[str], source_fmt: str, target_fmt: str) -> bool:
    """Whether the comment names ``source_fmt`` or how it is applied, untrue of the target."""
    words = set(_FORMAT_WORDS[source_fmt])
    if _APPLIED_WITH[source_fmt] != _APPLIED_WITH[target_fmt]:
        words.update(_APPLIED_WITH.values())
    pattern = re.compile(rf"\b({'|'.join(sorted(words))})\b", re.IGNORECASE)
    return any(pattern.search(line) for line in comment)


def carried_comment(
    comment: list[str], source_name: str, source_fmt: str, target_fmt: str
) -> list[str]:
    """The opening comment to write above a conversion of ``source_name``: see the module."""
    if not comment or source_fmt == target_fmt:
        return comment
    if _speaks_of_its_format(comment, source_fmt, target_fmt):
        return [
            f"Converted by logkit from {source_name} ({_FORMAT_NAMES[source_fmt]}); its",
            "opening comment spoke of that format and is not carried over.",
        ]
    return comment


def with_opening_comment(text: str, comment: list[str], fmt: str) -> str:
    """``text`` (in ``fmt``) with ``comment`` written above it, where the format has comments."""
    if not comment or not _MARKERS[fmt]:
        return text
    block = "".join(f"# {line}\n" if line else "#\n" for line in comment)
    return f"{block}{text}"
