"""How an INI file names a handler class, read (as fileConfig does) and written.

fileConfig finds a handler class with ``eval(text, vars(logging))``, falling
back to importing the dotted name; dictConfig only imports. These helpers find
the same class without ``eval``, name it so that dictConfig finds it too, and
write a dictConfig class path back in the short form fileConfig reads.
"""

from __future__ import annotations

import ast
import logging
import logging.handlers
from typing import Any

from logkit._schema import in_logging_namespace, resolve_class

from ._literals import dotted_parts, logging_namespace


def resolve_handler_class(text: str) -> tuple[str, Any]:
    """Find a handler class as fileConfig does, and the dotted path dictConfig needs.

    fileConfig tries ``eval(text, vars(logging))`` (so ``StreamHandler`` and
    ``handlers.RotatingFileHandler`` work) and falls back to importing the
    dotted name. Only dotted names are accepted here; nothing is evaluated.

    Raises:
        ValueError: the text is not a dotted name.
        ImportError, AttributeError: neither route finds it.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"not a dotted class name ({exc.msg})") from exc
    parts = dotted_parts(tree.body)
    if parts is None:
        raise ValueError("expected a dotted class name such as handlers.RotatingFileHandler")
    found = in_logging_namespace(parts)
    if found is not None:
        return _class_path(parts, found), found
    try:
        return text.strip(), resolve_class(text.strip())
    except ImportError as exc:
        if parts[0] in logging_namespace():
            owner = ".".join(["logging", *parts[:-1]])
            raise ImportError(f"{owner} has no {parts[-1]!r}, and {exc}") from exc
        raise


def handler_class_problem(found: Any, text: str) -> str | None:
    """Why the class ``text`` names cannot be an INI handler, or None if it can."""
    if not (isinstance(found, type) and issubclass(found, logging.Handler)):
        return f"expected a logging.Handler subclass, found {text!r} ({found!r})"
    if issubclass(found, logging.handlers.QueueHandler):
        return (
            "a QueueHandler needs a queue object, which INI args cannot "
            "create without calling code; configure it in YAML, TOML or JSON"
        )
    return None


def class_expression(path: str, handler_class: type) -> str:
    """The short name fileConfig finds in the logging namespace, e.g. ``StreamHandler``."""
    if path.startswith("logging."):
        short = path[len("logging.") :]
        if in_logging_namespace(short.split(".")) is handler_class:
            return short
    return path


def _class_path(parts: list[str], found: Any) -> str:
    """The importable path of a class found in the logging namespace."""
    canonical = f"{found.__module__}.{found.__qualname__}"
    try:
        if resolve_class(canonical) is found:
            return canonical
    except (ImportError, AttributeError):
        pass
    return ".".join(["logging", *parts])
