"""A handler's ``args=`` and ``kwargs=`` as the named arguments dictConfig passes.

fileConfig calls ``cls(*args, **kwargs)``; dictConfig can only pass keywords.
So the expressions are read safely (:mod:`._literals`), bound to the
constructor's parameters as the call would bind them, and each positional
argument is named after the parameter it fills. Whatever dictConfig would not
hand to the constructor unchanged is refused here, at the option it came from.
"""

from __future__ import annotations

import logging
import logging.handlers
from typing import Any

from logkit._errors import ConfigError
from logkit._schema import HANDLER_RESERVED_KEYS, Parameters, parameters

from ._file import IniFile
from ._literals import EXT_PREFIX, UnsafeExpression, evaluate_args, evaluate_kwargs


def constructor_arguments(
    ini: IniFile, handler_class: type[logging.Handler], key: str, section: str
) -> dict[str, Any]:
    """The handler's constructor arguments by parameter name, in parameter order."""
    args_text = ini.option_or(section, "args", f"{key}.args", "()")
    try:
        args = evaluate_args(args_text)
    except UnsafeExpression as exc:
        raise _unsafe(ini, exc, key, section, "args") from exc
    kwargs_text = ini.option_or(section, "kwargs", f"{key}.kwargs", "{}")
    kwargs = keyword_arguments(ini, key, section)
    found = parameters(handler_class)
    if found is None:
        raise ini.error(
            f"cannot read the parameters of {handler_class.__qualname__}'s constructor, "
            "so its arguments cannot be named for dictConfig",
            f"{key}.class",
            section,
            "class",
        )
    try:
        bound = found.bind(args, kwargs)
    except TypeError as exc:
        option = "kwargs" if kwargs and "keyword" in str(exc) else "args"
        given = f"args={args_text}" + (f", kwargs={kwargs_text}" if kwargs else "")
        raise ini.error(
            f"{handler_class.__qualname__}{found.text()} cannot take {given}: {exc}",
            f"{key}.{option}",
            section,
            option,
        ) from exc
    named = _named(ini, handler_class, found, bound, (key, section))
    return _checked_names(ini, handler_class, named, set(kwargs), (key, section))


def keyword_arguments(ini: IniFile, key: str, section: str) -> dict[str, Any]:
    """The handler's ``kwargs=``, read safely (naming ``args=`` needs the class)."""
    try:
        return evaluate_kwargs(ini.option_or(section, "kwargs", f"{key}.kwargs", "{}"))
    except UnsafeExpression as exc:
        raise _unsafe(ini, exc, key, section, "kwargs") from exc


def _unsafe(
    ini: IniFile, exc: UnsafeExpression, key: str, section: str, option: str
) -> ConfigError:
    return ini.error(
        f"{exc.reason}: {exc.fragment}",
        f"{key}.{option}",
        section,
        option,
        fragment=exc.fragment,
    )


def _named(
    ini: IniFile,
    handler_class: type[logging.Handler],
    found: Parameters,
    bound: dict[str, object],
    at: tuple[str, str],
) -> dict[str, Any]:
    """Name each positional argument after the constructor parameter it fills."""
    key, section = at
    class_name = handler_class.__qualname__
    named: dict[str, Any] = {}
    for name, value in bound.items():
        if name == found.var_keyword and isinstance(value, dict):
            named.update(value)
        elif name == found.var_positional:
            raise ini.error(
                f"{class_name} takes *{name}, and dictConfig can pass only named arguments",
                f"{key}.args",
                section,
                "args",
            )
        elif name in found.positional_only:
            raise ini.error(
                f"{class_name} parameter {name!r} is positional-only, and dictConfig "
                "can pass only named arguments",
                f"{key}.args",
                section,
                "args",
            )
        else:
            named[name] = value
    return named


def _checked_names(
    ini: IniFile,
    handler_class: type[logging.Handler],
    named: dict[str, Any],
    keywords: set[str],
    at: tuple[str, str],
) -> dict[str, Any]:
    """Refuse arguments dictConfig would not hand to the constructor unchanged."""
    key, section = at
    if issubclass(handler_class, logging.handlers.MemoryHandler):
        _check_memory_arguments(ini, named, keywords, at)
        named.pop("target", None)  # None is the default; dictConfig reads target as a name
    for name in named:
        # "()" and "." are reserved too, but they are not identifiers either.
        if name in HANDLER_RESERVED_KEYS or not name.isidentifier():
            hint = " (set the handler's level with level= instead)" if name == "level" else ""
            raise ini.error(
                f"constructor argument {name!r} cannot be passed through dictConfig, "
                f"which reserves that key or drops names that are not identifiers{hint}",
                f"{key}.{name}",
                section,
                "kwargs" if name in keywords else "args",
            )
    return named


def _check_memory_arguments(
    ini: IniFile, named: dict[str, Any], keywords: set[str], at: tuple[str, str]
) -> None:
    key, section = at
    if named.get("target") is not None:
        raise ini.error(
            "a MemoryHandler's target is set with target=, not args",
            f"{key}.target",
            section,
            "kwargs" if "target" in keywords else "args",
        )
    flush_level = named.get("flushLevel")
    if isinstance(flush_level, str) and not flush_level.startswith(EXT_PREFIX):
        # fileConfig keeps the string, so every flush check raises TypeError;
        # dictConfig from 3.13 turns it into a number instead.
        raise ini.error(
            f"flushLevel must be a level number or an unquoted name such as ERROR, "
            f"found the string {flush_level!r}",
            f"{key}.flushLevel",
            section,
            "kwargs" if "flushLevel" in keywords else "args",
        )
