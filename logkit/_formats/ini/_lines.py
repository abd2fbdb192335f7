"""Where sections and options sit in INI text, and which dict key each one holds.

``configparser`` forgets line numbers once it has read a file, so this module
scans the text again with the same rules (section headers, ``=``/``:``
delimiters, indented continuation lines, ``#``/``;`` comment lines, lower-cased
option names) and remembers the first line of every section and option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The same patterns configparser.RawConfigParser uses (SECTCRE and OPTCRE).
_SECTION_HEADER = re.compile(r"\[(?P<header>.+)\]")
_OPTION_LINE = re.compile(r"(?P<option>.*?)\s*(?P<vi>[=:])\s*(?P<value>.*)$")
_COMMENT_PREFIXES = ("#", ";")


@dataclass
class SectionLines:
    """The header line of one section and the first line of each of its options."""

    line: int
    options: dict[str, int] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


def scan_sections(text: str) -> dict[str, SectionLines]:
    """Map each section name (first occurrence) to where it and its options are."""
    sections: dict[str, SectionLines] = {}
    current: SectionLines | None = None
    in_option = False
    option_indent = 0
    option_name = ""
    first_line = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith(_COMMENT_PREFIXES):
            continue
        indent = len(raw) - len(raw.lstrip())
        if in_option and current is not None and indent > option_indent:
            if current.options.get(option_name) == first_line:
                current.values[option_name] += "\n" + stripped
            continue  # a continuation line of the previous option
        header = _SECTION_HEADER.match(stripped)
        if header:
            name = header.group("header")
            current = sections.setdefault(name, SectionLines(line=number))
            in_option = False
            continue
        option = _OPTION_LINE.match(stripped)
        if option and current is not None:
            option_name = option.group("option").rstrip().lower()
            current.options.setdefault(option_name, number)
            current.values.setdefault(option_name, option.group("value").strip())
            in_option = True
            option_indent = indent
            first_line = number
    return sections


def line_of(
    sections: dict[str, SectionLines], section: str, option: str | None = None
) -> int | None:
    """The line of ``option`` in ``section`` (or in [DEFAULT], or the header)."""
    found = sections.get(section)
    if option is not None:
        option = option.lower()
        if found is not None and option in found.options:
            return found.options[option]
        default = sections.get("DEFAULT")
        if found is not None and default is not None and option in default.options:
            return default.options[option]
    return found.line if found is not None else None


_LIST_SECTIONS = {"formatters": "formatter_", "handlers": "handler_", "loggers": "logger_"}


def locate_in_sections(sections: dict[str, SectionLines], key: str) -> int | None:
    """The 1-based line where the dotted dictConfig ``key`` is written, from one scan.

    ``handlers.info.level`` finds ``level=`` in ``[handler_info]`` (or in
    [DEFAULT]), ``handlers.info`` the section header and ``handlers`` the
    ``keys=`` list; loggers are found by INI key or by ``qualname``.
    """
    head, _, rest = key.partition(".")
    if head == "root":
        return line_of(sections, "logger_root", _option_for(rest) if rest else None)
    if head not in _LIST_SECTIONS:
        return None
    section, option = _split_named_key(sections, head, rest)
    if section is None:
        return line_of(sections, head, "keys")
    if head == "handlers" and option and option.lower() not in sections[section].options:
        return _line_of_handler_argument(sections, section, option)
    return line_of(sections, section, _option_for(option) if option else None)


def section_key(section: str) -> str:
    """The dict key a section's content ends up under (loggers by INI key)."""
    if section == "logger_root":
        return "root"
    for head, prefix in _LIST_SECTIONS.items():
        if section.startswith(prefix):
            return f"{head}.{section[len(prefix) :]}"
    return section


def _option_for(dict_key: str) -> str:
    """The INI option that holds a dict key (the two schemas mostly share names)."""
    return dict_key.split(".", 1)[0]


def _split_named_key(
    sections: dict[str, SectionLines], head: str, rest: str
) -> tuple[str | None, str | None]:
    """Split ``name.option`` where ``name`` may itself contain dots.

    Loggers are keyed by ``qualname`` in the dict but by their INI key in
    section names, so both are tried; the longest matching name wins.
    """
    if not rest:
        return None, None
    prefix = _LIST_SECTIONS[head]
    candidates: dict[str, str] = {}
    for section_name, found in sections.items():
        if not section_name.startswith(prefix):
            continue
        candidates.setdefault(section_name[len(prefix) :], section_name)
        if head == "loggers" and "qualname" in found.values:
            candidates[found.values["qualname"]] = section_name
    for name in sorted(candidates, key=len, reverse=True):
        if rest == name:
            return candidates[name], None
        if rest.startswith(name + "."):
            return candidates[name], rest[len(name) + 1 :]
    return None, None


def _line_of_handler_argument(
    sections: dict[str, SectionLines], section: str, argument: str
) -> int | None:
    """Constructor arguments live inside ``kwargs=`` (by name) or ``args=``."""
    found = sections[section]
    kwargs = found.values.get("kwargs", "")
    if re.search(rf"""['"]{re.escape(argument)}['"]""", kwargs):
        return line_of(sections, section, "kwargs")
    if "args" in found.options:
        return line_of(sections, section, "args")
    return line_of(sections, section, "kwargs")
