"""The read pipeline: read, parse, substitute ``${VAR}``, apply ``LOGKIT_*``, validate.

``configure``, ``check``, ``show``, ``diff`` and the watcher all go through it,
and it reads a file once: the :class:`Source` keeps the text and parsed dict,
and locates any later error (its own, or the standard library's) in that text,
with one locator built at the first error.

``prepare(path, run_code=False)`` (``check --static``, ``show --static``)
imports and calls nothing the file names: it reads the file inside
:func:`logkit._schema.no_imports`, where substitution, validation and the INI
translation only look in modules already imported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from ._envvars import apply_overrides, substitute
from ._errors import ConfigError, ConfigWarning, PathLike, combined
from ._formats import format_for_path, format_module
from ._formats._shape import plain_data
from ._reading import read_config_text
from ._schema import no_imports
from ._validate import validate_config

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from ._formats import FormatModule


class Source:
    """A config file read and parsed once: its text, for locating errors, and its dict.

    ``path`` is the file as named (a string: pathlib is not imported at start-up).
    """

    __slots__ = ("_locate", "config", "format", "module", "path", "text")

    def __init__(
        self, path: str, fmt: str, text: str, module: FormatModule, config: dict[str, Any]
    ) -> None:
        self.path = path
        self.format = fmt
        self.text = text
        self.module = module
        self.config = config  # as written: before ${VAR} substitution and LOGKIT_* overrides
        self._locate: Callable[[str], int | None] | None = None

    @classmethod
    def read(cls, path: PathLike) -> Source:
        """Read and parse a config file (in the format its extension names).

        Raises:
            ConfigError: the file is missing, unreadable, not text, of an
                unknown format, or not valid in its format.
        """
        path = os.fspath(path)
        fmt = format_for_path(path)
        text = read_config_text(path)
        module = format_module(fmt)
        config: dict[str, Any] = plain_data(module.parse(text, path))
        return cls(path, fmt, text, module, config)

    def line_of(self, key: str) -> int | None:
        """The line ``key`` is written on (the text is indexed at the first call)."""
        if self._locate is None:
            self._locate = self.module.locator(self.text)
        return self._locate(key)

    def located(self, error: ConfigError) -> ConfigError:
        """The error with this file and, from each problem's key, its line filled in."""
        return combined(
            [
                problem.located(
                    path=self.path,
                    # a known line wins anyway: do not index the text for it
                    line=(
                        self.line_of(problem.key)
                        if problem.key and problem.line is None
                        else None
                    ),
                )
                for problem in error.errors
            ]
        )

    @contextmanager
    def locating(self) -> Iterator[None]:
        """Re-raise a ConfigError from the block located in this file."""
        try:
            yield
        except ConfigError as error:
            raise self.located(error) from error.__cause__

    def substituted(self) -> dict[str, Any]:
        """The config with ``${VAR}`` references replaced, errors located here."""
        with self.locating():
            return substitute(self.config)


class Prepared:
    """A config ready to apply: substituted, overridden by ``LOGKIT_*``, validated.

    Attributes:
        config: The dictConfig dict.
        source: The file read, or None for the built-in default scheme.
        warnings: What validation found that works but may not mean what was
            meant (keys dictConfig ignores), each located like an error.
    """

    __slots__ = ("config", "source", "warnings")

    def __init__(
        self,
        source: Source | None,
        config: dict[str, Any],
        warnings: list[ConfigWarning] | None = None,
    ) -> None:
        self.source = source  # None: the built-in default scheme
        self.config = config
        self.warnings: list[ConfigWarning] = list(warnings or ())

    @property
    def format(self) -> str:
        return self.source.format if self.source is not None else "default"

    @property
    def path(self) -> str | None:
        return self.source.path if self.source is not None else None

    def located(self, error: ConfigError) -> ConfigError:
        """The error located in the file, when there is one."""
        return self.source.located(error) if self.source is not None else error

    def locating(self) -> AbstractContextManager[None]:
        """Re-raise a ConfigError from the block located in the file, when there is one."""
        return self.source.locating() if self.source is not None else nullcontext()


def load_config(path: PathLike, *, env: bool = True) -> dict[str, Any]:
    """The dictConfig dict a file means (see :func:`logkit.load`)."""
    source = Source.read(path)
    return source.substituted() if env else source.config


def prepare(path: PathLike | None, *, run_code: bool = True) -> Prepared:
    """Read ``path`` (None: the built-in default) into the config ``configure`` applies.

    Args:
        path: The config file, or None for the built-in default scheme.
        run_code: Import the classes the file names, to check the arguments
            they are given (the default). False imports and calls nothing the
            file names (for ``check --static`` and ``show``): ``class`` and
            ``()`` values are checked for form only, and arguments only for
            the standard ``logging`` classes; no module is imported, not even
            to translate an INI file (a handler class that is not imported
            already keeps its ``kwargs=``; its positional ``args=`` cannot be
            named without its signature and are left out).

    Returns:
        The config, with the warnings validation found (``Prepared.warnings``).

    Raises:
        ConfigError: every problem found (an InvalidConfig when several), each
            located; nothing has been applied.
    """
    if path is None:
        from ._default import default_config  # only for a program without a file

        return Prepared(None, apply_overrides(default_config()))
    with nullcontext() if run_code else no_imports():
        return prepare_source(Source.read(path))


def prepare_source(source: Source) -> Prepared:
    """:func:`prepare` for a file already read."""
    # A bad LOGKIT_LEVEL is the environment's mistake, not the file's: not located.
    config = apply_overrides(source.substituted())
    found = validate_config(config, locate=source.line_of, path=source.path)
    if found.errors:
        raise combined(found.errors)
    return Prepared(source, config, found.warnings)
