"""The INI format: ``logging.config.fileConfig`` files as ``dictConfig`` dicts.

:func:`parse` reads INI text with ``configparser`` exactly as fileConfig does
(same sections, same interpolation, same raw options) and translates each part
into the dictConfig schema, so that ``dictConfig(parse(text))`` configures
logging the way ``fileConfig(file, disable_existing_loggers=False)`` would.
Where fileConfig would ``eval`` text, the expression is read safely instead.
:func:`render` is the inverse.

The private modules: ``_translate`` (INI -> dict, in parts: ``_file``,
``_formatters``, ``_handlers``, ``_arguments``, ``_loggers``), ``_render`` and
``_render_values`` (dict -> INI), ``_lines`` (where things are written),
``_literals`` (the expressions fileConfig evaluates) and ``_classes`` (how
handler classes are named).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._shape import checked_shape
from ._lines import locate_in_sections, scan_sections
from ._render import render_ini
from ._translate import translate

__all__ = ["locate", "locator", "parse", "render"]


def parse(text: str, path: str | None = None) -> dict[str, Any]:
    """Translate INI text in the fileConfig schema into the equivalent dictConfig dict.

    Args:
        text: The INI file's contents.
        path: The file name, used only in error messages.

    Returns:
        A dict with ``version``, ``disable_existing_loggers: False`` and the
        non-empty ``formatters``, ``handlers``, ``loggers`` and ``root`` parts.

    Raises:
        ConfigError: the text is not valid INI, or fileConfig would reject it
            in a way the dict would not show, or it uses an expression that
            cannot be evaluated safely, or its arguments nest deeper than
            :data:`logkit._formats._shape.MAX_DEPTH`. What dictConfig rejects as well
            (unknown levels, a bad style) is left to validation.
    """
    config = translate(text, path)
    return checked_shape(config, text, "INI", path, lambda key: locate(text, key))


def render(config: Mapping[str, Any]) -> str:
    """Write a dictConfig dict as fileConfig INI text that :func:`parse` reads back.

    Raises:
        ConfigError: part of the dict has no INI form (filters, factories,
            custom attributes, non-literal arguments, ...); ``key`` names it.
    """
    return render_ini(config)


def locator(text: str) -> Callable[[str], int | None]:
    """Where each dotted dict key is written, from one scan of the sections."""
    sections = scan_sections(text)
    return lambda key: locate_in_sections(sections, key)


def locate(text: str, key: str) -> int | None:
    """The 1-based line of INI ``text`` where dotted dict ``key`` is written, if any.

    ``handlers.info.level`` finds ``level=`` in ``[handler_info]``,
    ``handlers.info`` the section header and ``handlers`` the ``keys=`` list.
    """
    return locator(text)(key)
