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
from typing import Any

from ._errors import ConfigError, raise_problems
from ._messages import did_you_mean, printable
from ._schema import Kind, field_kind, is_reference, level_problem

ENV_CONFIG = "LOGKIT_CONFIG"
ENV_LEVEL = "LOGKIT_LEVEL"
ENV_LOGS_DIR = "LOGKIT_LOGS_DIR"
ENV_RICH = "LOGKIT_RICH"

# Patterns, compiled (and cached by re) on first use: most configs never need them.
_REFERENCE = r"\$\$\{|\$\{([^}]*)\}|\$\{"
_NAME_AND_DEFAULT = r"^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$"
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")
_INTEGER = r"^[+-]?[0-9]+$"


class _Substitution:
    """One pass over a config, collecting every unset variable."""

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
        key = printable(".".join(keys))

        def replace(match: re.Match[str]) -> str:
            if match.group(0) == "$${":
                return "${"
            inside = match.group(1)
            parsed = re.match(_NAME_AND_DEFAULT, inside, re.S) if inside is not None else None
            if parsed is None:
                self.problems.append(
                    ConfigError(
                        f"{match.group(0)!r} is not a variable reference: expected ${{NAME}}"
                        " or ${NAME:-default} (write $${ for a literal ${)",
                        key=key,
                    )
                )
                return match.group(0)
            name, default = parsed.group(1), parsed.group(2)
            found = self.environ.get(name)
            if found is not None and (found or default is None):
                return found
            if default is not None:
                return default
            hint = did_you_mean(name, self.environ)
            self.problems.append(
                ConfigError(
                    f"environment variable '{name}' is not set and has no default"
                    f" (write ${{{name}:-default}}){hint}",
                    key=key,
                )
            )
            return match.group(0)

        substituted = re.sub(_REFERENCE, replace, text)
        kind = field_kind(self.config, keys)
        return convert(substituted, kind) if kind is not None else substituted


def convert(text: str, kind: Kind) -> Any:
    """Text from the environment as the type a field expects; unchanged if it is not one.

    Validation then reports what did not convert, at its key.
    """
    stripped = text.strip()
    if kind in ("int", "number", "level") and re.match(_INTEGER, stripped):
        return int(stripped)
    if kind == "number":
        try:
            return float(stripped)
        except ValueError:
            return text
    if kind == "bool" and stripped.lower() in _TRUE + _FALSE:
        return stripped.lower() in _TRUE
    return text


def substitute(
    config: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Replace ``${VAR}`` and ``${VAR:-default}`` in every string value.

    Args:
        config: A parsed config; it is not changed.
        environ: The variables (default: ``os.environ``).

    Returns:
        A new dict with the values substituted and, where a field expects a
        number, boolean or level, converted.

    Raises:
        ConfigError: variables that are unset and have no default, or
            malformed references; each names its key (all of them at once).
    """
    substitution = _Substitution(config, os.environ if environ is None else environ)
    result: dict[str, Any] = substitution.value(config, ())
    raise_problems(substitution.problems)
    return result


def rich_from_environment(environ: Mapping[str, str] | None = None) -> bool | None:
    """``LOGKIT_RICH``: 1 forces the Rich console, 0 keeps plain lines, unset decides.

    Raises:
        ConfigError: it is set to something that is not a yes or a no.
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(ENV_RICH, "").strip()
    if not raw:
        return None
    value = convert(raw, "bool")
    if isinstance(value, bool):
        return value
    raise ConfigError(f"expected 0 or 1, found {environ[ENV_RICH]!r}", key=ENV_RICH)


def apply_overrides(
    config: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Apply ``LOGKIT_LEVEL`` (the root level) and ``LOGKIT_LOGS_DIR`` to a config.

    ``LOGKIT_LOGS_DIR`` puts every handler's relative ``filename`` under that
    directory; absolute paths and ``ext://``/``cfg://`` values are kept.

    Raises:
        ConfigError: ``LOGKIT_LEVEL`` is not a level name or number.
    """
    environ = os.environ if environ is None else environ
    result = dict(config)
    level = environ.get(ENV_LEVEL, "").strip()
    if level:
        value = convert(level.upper(), "level")
        problem = level_problem(value)
        if problem:
            raise ConfigError(problem, key=ENV_LEVEL)
        root = result.get("root")
        result["root"] = {**(root if isinstance(root, Mapping) else {}), "level": value}
    logs_dir = environ.get(ENV_LOGS_DIR, "").strip()
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
