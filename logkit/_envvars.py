"""Environment variables in configs, and the ``LOGKIT_*`` overrides.

One file serves every machine when the parts that differ (a log directory, a
level) come from the environment. ``${VAR}`` and ``${VAR:-default}`` are
replaced in string values after parsing, in every format, so each format's
own syntax (INI's ``%(name)s``) is untouched; ``$${`` writes a literal ``${``.
A formatter with ``style: $`` keeps its ``format`` as written: there ``${name}``
means a record attribute.

Where dictConfig expects a number, a boolean or a level (``maxBytes``,
``propagate``), a substituted value is converted, because the environment
only holds text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from ._errors import ConfigError, raise_problems
from ._schema import FALSE_WORDS, TRUE_WORDS, field_kind, is_reference, level_problem

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from ._schema import Kind

ENV_CONFIG = "LOGKIT_CONFIG"
ENV_LEVEL = "LOGKIT_LEVEL"
ENV_LOGS_DIR = "LOGKIT_LOGS_DIR"
ENV_RICH = "LOGKIT_RICH"
ENV_SAFE_ROTATION = "LOGKIT_SAFE_ROTATION"
ENV_ALL_RANKS = "LOGKIT_ALL_RANKS"

# Patterns, compiled (and cached by re) on first use: most configs never need them.
_SYNTAX = r"\$\$\{|\$\{|\}"
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_INTEGER = r"^[+-]?[0-9]+$"
# Defaults within defaults (${A:-${B:-x}}) are followed this deep, no deeper.
MAX_NESTING = 16

# Part of a substituted string: its text, and the variable it came from (None: the file).
_Piece = tuple[str, "str | None"]


class _Substitution:
    """One pass over a config, collecting every unset variable and malformed reference."""

    def __init__(self, config: Mapping[str, Any], environ: Mapping[str, str]) -> None:
        self.config = config
        self.environ = environ
        self.problems: list[ConfigError] = []

    def value(self, value: Any, keys: tuple[str, ...]) -> Any:
        if isinstance(value, Mapping):
            return {name: self.value(item, (*keys, str(name))) for name, item in value.items()}
        if isinstance(value, list):
            return [self.value(item, (*keys, str(index))) for index, item in enumerate(value)]
        if isinstance(value, str) and "${" in value and not self.is_template_format(keys):
            return self.string(value, keys)
        return value

    def is_template_format(self, keys: tuple[str, ...]) -> bool:
        """``$``-style formatter formats use ``${attr}`` for record attributes."""
        if len(keys) != 3 or keys[0] != "formatters" or keys[2] != "format":
            return False
        formatters = self.config.get("formatters")
        formatter = formatters.get(keys[1]) if isinstance(formatters, Mapping) else None
        return isinstance(formatter, Mapping) and formatter.get("style") == "$"

    def string(self, text: str, keys: tuple[str, ...]) -> Any:
        from ._messages import printable  # only where ${ is written
        key = printable(".".join(keys))
        pieces, _ = self.expand(text, 0, key, depth=0, used=True)
        substituted = "".join(piece for piece, _ in pieces)
        if is_reference(substituted):
            self.check_reference(substituted, pieces, key)
        kind = field_kind(self.config, keys)
        if kind is None:
            return substituted
        try:
            return convert(substituted, kind)
        except ConfigError as error:
            self.problems.append(error.located(key=key))
            return substituted

    def expand(
        self, text: str, position: int, key: str, *, depth: int, used: bool
    ) -> tuple[list[_Piece], int]:
        """The pieces ``text`` from ``position`` stands for, up to the ``}`` that ends
        a default (``depth`` > 0) or the end; and where they end.

        ``used``: the result is used, so an unset variable in it is a problem
        (as in a shell, a default that is not taken is not expanded).
        """
        token = re.compile(_SYNTAX)
        pieces: list[_Piece] = []
        while (found := token.search(text, position)) is not None:
            pieces.append((text[position : found.start()], None))
            if found.group() == "}" and depth > 0:
                return pieces, found.start()
            if found.group() == "${":
                position = self.reference(
                    text, found.start(), key, depth=depth, used=used, pieces=pieces
                )
            else:  # a literal: $${ stands for ${, and } outside a reference is itself
                pieces.append((found.group()[1:] if found.group() == "$${" else "}", None))
                position = found.end()
        pieces.append((text[position:], None))
        return pieces, len(text)

    def reference(
        self, text: str, start: int, key: str, *, depth: int, used: bool, pieces: list[_Piece]
    ) -> int:
        """Read the ``${...}`` at ``start`` into ``pieces``; return where it ends."""
        name_found = re.compile(_NAME).match(text, start + 2)
        after = name_found.end() if name_found else start
        name = name_found.group() if name_found else ""
        value = self.environ.get(name)
        if name_found and text.startswith("}", after):
            if value is None and used:
                self.unset(name, key)
            pieces.append((text[start : after + 1], None) if value is None else (value, name))
            return after + 1
        if name_found and text.startswith(":-", after) and depth < MAX_NESTING:
            taken = used and not value
            default, end = self.expand(text, after + 2, key, depth=depth + 1, used=taken)
            if end < len(text):
                pieces.extend(default if not value else [(value, name)])
                return end + 1
        close = text.find("}", start)
        end = len(text) if close < 0 or depth >= MAX_NESTING else close + 1
        from ._messages import clipped  # only for a message
        shown = clipped(text[start:end])
        deeper = f" (defaults nest at most {MAX_NESTING} deep)" if depth >= MAX_NESTING else ""
        self.problems.append(
            ConfigError(
                f"{shown!r} is not a variable reference: expected ${{NAME}} or"
                f" ${{NAME:-default}} (write $${{ for a literal ${{){deeper}",
                key=key,
            )
        )
        pieces.append((text[start:end], None))
        return end

    def unset(self, name: str, key: str) -> None:
        from ._messages import did_you_mean  # only for a message
        hint = did_you_mean(name, self.environ)
        self.problems.append(
            ConfigError(
                f"environment variable '{name}' is not set and has no default"
                f" (write ${{{name}:-default}}){hint}",
                key=key,
            )
        )

    def check_reference(self, substituted: str, pieces: list[_Piece], key: str) -> None:
        """Only the file may make a value an ``ext://`` or ``cfg://`` reference:
        dictConfig imports what ``ext://`` names, so the environment must not choose it."""
        offset, prefix = 0, substituted[: len("ext://")]
        for text, variable in pieces:
            if variable is not None and text and offset < len(prefix):
                from ._messages import clipped  # only for a message
                shown = clipped(substituted)
                self.problems.append(
                    ConfigError(
                        f"environment variable '{variable}' makes this value the reference"
                        f" {shown!r}, which dictConfig would follow (importing what ext://"
                        f" names): only the file itself may write '{prefix}'",
                        key=key,
                    )
                )
                return
            offset += len(text)


def convert(text: str, kind: Kind) -> Any:
    """Text from the environment as the type a field expects; unchanged if it is not one.

    Validation then reports what did not convert, at its key.

    Raises:
        ConfigError: an integer too long for Python to read (not located).
    """
    stripped = text.strip()
    if kind in ("int", "number", "level") and re.match(_INTEGER, stripped):
        try:
            return int(stripped)
        except ValueError:  # more digits than sys.get_int_max_str_digits()
            from ._messages import too_long_integer  # only for a message
            raise ConfigError(too_long_integer(len(stripped.lstrip("+-")))) from None
    if kind == "number":
        try:
            return float(stripped)
        except ValueError:
            return text
    if kind == "bool" and stripped.lower() in TRUE_WORDS + FALSE_WORDS:
        return stripped.lower() in TRUE_WORDS
    return text


def substitute(
    config: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Replace ``${VAR}`` and ``${VAR:-default}`` in every string value.

    Defaults may hold references themselves (``${A:-${B:-x}}``), as in a
    shell; one is expanded only when it is taken.

    Args:
        config: A parsed config; it is not changed.
        environ: The variables (default: ``os.environ``). Inside
            :func:`logkit._schema.no_imports`, no handler class is imported to
            learn what type an argument takes (such arguments stay text).

    Returns:
        A new dict with the values substituted and, where a field expects a
        number, boolean or level, converted.

    Raises:
        ConfigError: variables that are unset and have no default, malformed
            references, integers too long to read, or a variable that makes a
            value an ``ext://`` or ``cfg://`` reference; each names its key
            (all of them at once).
    """
    environ = os.environ if environ is None else environ
    substitution = _Substitution(config, environ)
    result: dict[str, Any] = substitution.value(config, ())
    raise_problems(substitution.problems)
    return result


def _yes_or_no(name: str, environ: Mapping[str, str] | None) -> bool | None:
    """A ``LOGKIT_*`` switch: True for 1/yes/on/true, False for 0/no/off/false, None unset.

    Raises:
        ConfigError: it is set to something that is not a yes or a no.
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    value = convert(raw, "bool")
    if isinstance(value, bool):
        return value
    raise ConfigError(f"expected 0 or 1, found {environ[name]!r}", key=name)


def rich_from_environment(environ: Mapping[str, str] | None = None) -> bool | None:
    """``LOGKIT_RICH``: 1 forces the Rich console, 0 keeps plain lines, unset decides.

    Raises:
        ConfigError: it is set to something that is not a yes or a no.
    """
    return _yes_or_no(ENV_RICH, environ)


def safe_rotation_from_environment(environ: Mapping[str, str] | None = None) -> bool:
    """``LOGKIT_SAFE_ROTATION``: 0 keeps the standard rotating handlers; unset or 1 swaps.

    Raises:
        ConfigError: it is set to something that is not a yes or a no.
    """
    return _yes_or_no(ENV_SAFE_ROTATION, environ) is not False


def all_ranks_from_environment(environ: Mapping[str, str] | None = None) -> bool:
    """``LOGKIT_ALL_RANKS``: 1 shows every rank of a distributed launch on the console.

    Raises:
        ConfigError: it is set to something that is not a yes or a no.
    """
    return _yes_or_no(ENV_ALL_RANKS, environ) is True


def apply_overrides(
    config: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Apply ``LOGKIT_LEVEL`` (the root level) and ``LOGKIT_LOGS_DIR`` to a config.

    ``LOGKIT_LOGS_DIR`` puts every handler's relative ``filename`` under that
    directory; absolute paths and ``ext://``/``cfg://`` values are kept.

    Raises:
        ConfigError: ``LOGKIT_LEVEL`` is not a level name or number, or
            ``LOGKIT_LOGS_DIR`` would make a file name an ``ext://`` reference.
    """
    environ = os.environ if environ is None else environ
    result = dict(config)
    level = environ.get(ENV_LEVEL, "").strip()
    if level:
        try:
            value = convert(level.upper(), "level")
        except ConfigError as error:
            raise error.located(key=ENV_LEVEL) from None
        problem = level_problem(value)
        if problem:
            raise ConfigError(problem, key=ENV_LEVEL)
        root = result.get("root")
        result["root"] = {**(root if isinstance(root, Mapping) else {}), "level": value}
    logs_dir = environ.get(ENV_LOGS_DIR, "").strip()
    if is_reference(os.path.join(logs_dir, "")):
        raise ConfigError(
            f"{logs_dir!r} would make log file names references that dictConfig"
            " follows: expected a directory",
            key=ENV_LOGS_DIR,
        )
    handlers = result.get("handlers")
    if logs_dir and isinstance(handlers, Mapping):
        result["handlers"] = {name: _under(logs_dir, handler) for name, handler in handlers.items()}
    return result


def _under(logs_dir: str, handler: Any) -> Any:
    if not isinstance(handler, Mapping):
        return handler
    filename = handler.get("filename")
    if not isinstance(filename, str) or os.path.isabs(filename) or is_reference(filename):
        return handler
    return {**handler, "filename": os.path.join(logs_dir, filename)}
