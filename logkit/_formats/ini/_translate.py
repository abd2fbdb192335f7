"""INI text in the fileConfig schema -> the dictConfig dict that means the same.

The text is read as fileConfig reads it (:class:`._file.IniFile`), then each
part is translated in the order fileConfig builds them, since handlers name
formatters and loggers name handlers: :mod:`._formatters`, :mod:`._handlers`,
:mod:`._loggers`. What the dictConfig schema itself rejects (unknown levels, a
bad style) is left to validation, which reports every such problem at its key;
what would translate into something other than fileConfig's meaning is
refused here.
"""

from __future__ import annotations

from typing import Any

from logkit._errors import ConfigError, raise_problems

from ._file import IniFile
from ._formatters import translate_formatters
from ._handlers import translate_handlers
from ._loggers import translate_loggers


def translate(text: str, path: str | None = None) -> dict[str, Any]:
    """See :func:`logkit._formats.ini.parse`.

    A section that fails is noted and the others still translated, so that
    every problem is reported at once (in line order); a problem that leaves
    nothing to go on, such as a missing ``[handlers]`` section, ends it.
    """
    ini = IniFile(text, path)
    try:
        formatters = translate_formatters(ini)
        handlers = translate_handlers(ini, formatters)
        root, loggers = translate_loggers(ini, handlers)
    except ConfigError as error:
        ini.problems.extend(error.errors)
    raise_problems(sorted(ini.problems, key=_line_order))
    config: dict[str, Any] = {"version": 1, "disable_existing_loggers": False}
    for name, part in (("formatters", formatters), ("handlers", handlers)):
        if part:
            config[name] = part
    if loggers:
        config["loggers"] = loggers
    config["root"] = root
    return config


def _line_order(problem: ConfigError) -> tuple[bool, int]:
    return problem.line is None, problem.line or 0
