"""Carrying a config file's opening comment over to a conversion.

The comment block at the top of a config usually says what the scheme is for;
losing it in ``logkit convert`` loses the one piece of documentation the file
had. Comments further down belong to keys, which the formats lay out too
differently to follow, so only the opening block is carried. JSON has no
comments: it gets none.
"""

from __future__ import annotations

# Full-line comment markers, by format (configparser also takes ";").
_MARKERS = {"yaml": ("#",), "toml": ("#",), "ini": ("#", ";"), "json": ()}


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


def with_opening_comment(text: str, comment: list[str], fmt: str) -> str:
    """``text`` (in ``fmt``) with ``comment`` written above it, where the format has comments."""
    if not comment or not _MARKERS[fmt]:
        return text
    block = "".join(f"# {line}\n" if line else "#\n" for line in comment)
    return f"{block}{text}"
