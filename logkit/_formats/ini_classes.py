"""Finding the classes an INI file names, as fileConfig and dictConfig do.

fileConfig finds a handler class with ``eval(text, vars(logging))``, falling
back to importing the dotted name; dictConfig only imports. These helpers find
the same class without ``eval`` and name it so that dictConfig finds it too.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from typing import Any

from logkit._formats.ini_literals import dotted_parts, logging_namespace


def bind_arguments(
    handler_class: type, args: tuple[Any, ...] | list[Any], kwargs: dict[str, Any]
) -> tuple[inspect.BoundArguments, inspect.Signature]:
    """Bind as the call ``handler_class(*args, **kwargs)`` would, without making it."""
    signature = inspect.signature(handler_class)
    return signature.bind(*args, **kwargs), signature


def signature_text(cls: type) -> str:
    try:
        return str(inspect.signature(cls))
    except (TypeError, ValueError):
        return "(...)"


def import_dotted(name: str) -> Any:
    """Import ``a.b.C`` as ``logging.config._resolve`` (used by both schemas) does."""
    parts = name.split(".")
    used = parts.pop(0)
    found = importlib.import_module(used)
    for part in parts:
        used = f"{used}.{part}"
        try:
            found = getattr(found, part)
        except AttributeError:
            importlib.import_module(used)
            found = getattr(found, part)
    return found


def resolve_handler_class(text: str) -> tuple[str, Any]:
    """Find a handler class as fileConfig does, and the dotted path dictConfig needs.

    fileConfig tries ``eval(text, vars(logging))`` (so ``StreamHandler`` and
    ``handlers.RotatingFileHandler`` work) and falls back to importing the
    dotted name. Only dotted names are accepted here; nothing is evaluated.
    """
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"not a dotted class name ({exc.msg})") from exc
    parts = dotted_parts(tree.body)
    if parts is None:
        raise ValueError("expected a dotted class name such as handlers.RotatingFileHandler")
    found = lookup_in_logging(parts)
    if found is not None:
        return _class_path(parts, found), found
    try:
        return text.strip(), import_dotted(text.strip())
    except ImportError as exc:
        if parts[0] in logging_namespace():
            owner = ".".join(["logging", *parts[:-1]])
            raise ImportError(f"{owner} has no {parts[-1]!r}, and {exc}") from exc
        raise


def lookup_in_logging(parts: list[str]) -> Any:
    """What eval would find for ``a.b.c`` in vars(logging), or None (NameError/AttributeError)."""
    namespace = logging_namespace()
    if parts[0] not in namespace:
        return None
    found = namespace[parts[0]]
    for part in parts[1:]:
        found = getattr(found, part, None)
        if found is None:
            return None
    return found


def _class_path(parts: list[str], found: Any) -> str:
    canonical = f"{found.__module__}.{found.__qualname__}"
    try:
        if import_dotted(canonical) is found:
            return canonical
    except (ImportError, AttributeError):
        pass
    return ".".join(["logging", *parts])
