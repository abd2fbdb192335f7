"""One INI text as fileConfig reads it, each failure located at the option behind it.

:class:`IniFile` pairs the ``configparser`` view of the text (same sections,
same interpolation, same raw options as fileConfig) with the line of every
section and option, so the translators ask it for values by the dict key they
will fill and get back a :class:`ConfigError` with file, line and key.
"""

from __future__ import annotations

import configparser
from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

from logkit._errors import ConfigError, describe_exception
from logkit._schema import is_reference

from ._lines import SectionLines, line_of, locate_in_sections, scan_sections, section_key

_T = TypeVar("_T")


def split_names(value: str) -> list[str]:
    """A ``keys=``/``handlers=`` list as fileConfig splits it (empty -> no names)."""
    if not value:
        return []
    return [name.strip() for name in value.split(",")]


class IniFile:
    """The configparser view of one INI text plus where each part of it is written."""

    def __init__(self, text: str, path: str | None) -> None:
        """Read ``text`` as fileConfig does.

        Raises:
            ConfigError: the text is not INI configparser reads.
        """
        self.text = text
        self.path = path
        self.lines: dict[str, SectionLines] = scan_sections(text)
        self.parser = configparser.ConfigParser()
        try:
            self.parser.read_string(text, source=path or "<string>")
        except configparser.Error as exc:
            raise _syntax_error(exc, text, path) from exc
        # What translating found wrong so far, so that one bad section does
        # not hide the problems of the others.
        self.problems: list[ConfigError] = []

    def attempt(self, fallback: _T, build: Callable[..., _T], *args: Any) -> _T:
        """``build(*args)``, or ``fallback`` with its error kept in :attr:`problems`."""
        try:
            return build(*args)
        except ConfigError as error:
            self.problems.extend(error.errors)
            return fallback

    def each(
        self, names: Iterable[str], build: Callable[[str], dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        """``build(name)`` for each name; a failing one is kept as ``{}`` (see :meth:`attempt`).

        The placeholder keeps the name known, so that what refers to it is
        not reported as well.
        """
        return {name: self.attempt({}, build, name) for name in names}

    def error(
        self,
        reason: str,
        key: str,
        section: str | None = None,
        option: str | None = None,
        *,
        fragment: str | None = None,
    ) -> ConfigError:
        """A ConfigError at ``option`` of ``section`` (or wherever ``key`` is written).

        With ``fragment`` (offending text), the column where it starts, if it
        is on that line.
        """
        line = line_of(self.lines, section, option) if section is not None else None
        if line is None:
            line = locate_in_sections(self.lines, key)
        column = None
        if line is not None and fragment:
            found = self.text.splitlines()[line - 1].find(fragment)
            column = found + 1 if found >= 0 else None
        return ConfigError(reason, path=self.path, line=line, column=column, key=key)

    # -- sections ------------------------------------------------------------

    def list_section(self, name: str) -> configparser.SectionProxy:
        """``[formatters]``, ``[handlers]`` or ``[loggers]``, which fileConfig requires."""
        if not self.parser.has_section(name):
            raise self.error(f"[{name}] section is missing; fileConfig requires it", name)
        return self.parser[name]

    def section(self, name: str, key: str, listed_in: str) -> configparser.SectionProxy:
        """The section of a name listed in ``[listed_in]`` keys."""
        if not self.parser.has_section(name):
            raise self.error(
                f"[{name}] is missing (it is listed in [{listed_in}] keys)",
                key,
                listed_in,
                "keys",
            )
        return self.parser[name]

    def require_listed(
        self, name: str, listed: Collection[str], kind: str, key: str, section: str
    ) -> None:
        """A formatter or handler named in ``section`` must be in its ``keys=`` list."""
        if name not in listed:
            names = ", ".join(listed) or "none"
            raise self.error(
                f"{kind} {name!r} is not in [{kind}s] keys (listed: {names})",
                key,
                section,
                key.rsplit(".", 1)[-1],
            )

    # -- options -------------------------------------------------------------

    def option(self, section: str, option: str, key: str, *, raw: bool = False) -> str | None:
        """An option's value as fileConfig reads it (from the section or [DEFAULT])."""
        if option not in self.parser[section]:
            return None
        try:
            return self.parser.get(section, option, raw=raw)
        except configparser.InterpolationMissingOptionError as exc:
            raise self.error(
                f"%({exc.reference})s names no option of [{section}] or [DEFAULT] "
                "(write %% for a literal %)",
                key,
                section,
                option,
            ) from exc
        except configparser.InterpolationError as exc:
            raise self.error(
                f"bad %-interpolation (write %% for a literal %): {exc.message}",
                key,
                section,
                option,
            ) from exc

    def option_or(self, section: str, option: str, key: str, default: str) -> str:
        value = self.option(section, option, key)
        return default if value is None else value

    def required(self, section: str, option: str, key: str) -> str:
        value = self.option(section, option, key)
        if value is None:
            raise self.error(
                f"[{section}] has no {option}= option, which fileConfig requires", key, section
            )
        return value

    def names(self, section: str, option: str, key: str) -> list[str]:
        """A required list of names, each once, none empty."""
        names = split_names(self.required(section, option, key))
        if "" in names:
            raise self.error(
                f"empty name in the {option}= list (a stray comma?): "
                f"{self.parser[section].get(option)!r}",
                key,
                section,
                option,
            )
        return list(dict.fromkeys(names))  # fileConfig treats a repeated name like one

    def level(self, section: str, key: str) -> str | None:
        """A ``level=`` value, passed on as written.

        Unknown names are left to validation, which reports every bad level
        at its key, worded as for the other formats. A reference is refused
        here: fileConfig hands the text to ``setLevel``, which rejects it, but
        dictConfig would resolve it and validation accepts it.
        """
        level = self.option(section, "level", key)
        if level is not None and is_reference(level):
            raise self.error(f"unknown level {level!r}", key, section, "level")
        return level


def _syntax_error(exc: configparser.Error, text: str, path: str | None) -> ConfigError:
    """configparser's complaint in words about the INI text, at its line."""
    line: int | None = getattr(exc, "lineno", None)
    key: str | None = None
    errors = getattr(exc, "errors", None)
    if line is None and errors:
        line = errors[0][0]
    if isinstance(exc, configparser.MissingSectionHeaderError):
        reason = f"expected a [section] header before the first option, found {exc.line.strip()!r}"
    elif isinstance(exc, configparser.DuplicateSectionError):
        reason = f"section [{exc.section}] appears twice"
        key = section_key(exc.section)
    elif isinstance(exc, configparser.DuplicateOptionError):
        reason = f"option {exc.option!r} appears twice in [{exc.section}]"
        head = section_key(exc.section)
        key = f"{head}.{exc.option}" if head else exc.option
    elif errors and line is not None:
        found = text.splitlines()[line - 1].strip()
        reason = f"expected 'name = value' or a [section] header, found {found!r}"
    else:
        reason = describe_exception(exc)
    return ConfigError(reason, path=path, line=line, key=key)
