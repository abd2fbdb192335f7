"""The one error type logkit raises (one problem, or several found at once), and the
words of the exceptions it wraps."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator

# A plain union, not typing.Union with a string forward reference: evaluating
# that (and importing typing) cost over a millisecond of every configure().
PathLike = str | os.PathLike[str]


class _Located(Exception):
    """What a problem is and where: shared by errors and warnings."""

    reason: str
    path: str | None
    line: int | None
    column: int | None
    key: str | None

    def __init__(
        self,
        reason: str,
        *,
        path: PathLike | None = None,
        line: int | None = None,
        column: int | None = None,
        key: str | None = None,
    ) -> None:
        # The exception's own argument is the message (ValueError, UserWarning).
        super().__init__(self._locate(reason, path, line, column, key))

    def _locate(
        self,
        reason: str,
        path: PathLike | None,
        line: int | None,
        column: int | None,
        key: str | None,
    ) -> str:
        """Set the parts; return the one-line message they make."""
        self.reason = reason
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.column = column
        self.key = key
        where = ""
        if self.line is not None:
            where = f"{self.line}:{self.column}" if self.column is not None else f"{self.line}"
        if self.path is not None:
            where = f"{self.path}:{where}: " if where else f"{self.path}: "
        elif where:
            where = f"line {where}: "
        key_part = f"{self.key}: " if self.key else ""
        return f"{where}{key_part}{self.reason}"

    def _filled(
        self, path: PathLike | None, line: int | None, key: str | None
    ) -> tuple[PathLike | None, int | None, int | None, str | None]:
        """The location (path, line, column, key) with missing parts filled in."""
        return (
            self.path if self.path is not None else path,
            self.line if self.line is not None else line,
            self.column,
            self.key if self.key is not None else key,
        )


class ConfigError(_Located, ValueError):
    """A logging configuration could not be read, translated, written or applied.

    The message is one line: ``file:line:column: key: reason``, with each
    location part present only when known. The parts are also available as
    attributes so that tools (editors, CI annotations) can use them without
    parsing the message.

    Attributes:
        reason: What is wrong, without the location.
        path: The file the problem is in, or ``None`` when there is no file.
        line: 1-based line number, where known.
        column: 1-based column number, where known.
        key: Dotted path of the offending key, e.g. ``handlers.info.maxBytes``.
        errors: Every problem, located: this error alone, or all that validation
            found when a config has several (the message names the first).
    """

    @property
    def errors(self) -> list[ConfigError]:
        """Every problem this error stands for: itself, or each one validation found."""
        return [self]

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments are lost by the default pickling of exceptions;
        # keep the error intact across multiprocessing and subprocess pools.
        return (_rebuild, (self.reason, self.path, self.line, self.column, self.key))

    def located(
        self,
        *,
        path: PathLike | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> ConfigError:
        """Return a copy with missing location parts filled in (known ones win).

        An error standing for several problems fills in each of them.
        """
        if self.errors != [self]:
            return InvalidConfig([e.located(path=path, line=line, key=key) for e in self.errors])
        path, line, column, key = self._filled(path, line, key)
        error = ConfigError(self.reason, path=path, line=line, column=column, key=key)
        error.__cause__ = self.__cause__
        return error


class InvalidConfig(ConfigError):
    """Several problems found at once; ``errors`` lists each one, located.

    It is a ConfigError (users catch one type) whose own location and message
    are the first problem's, followed by ``(and N more)``.
    """

    def __init__(self, errors: list[ConfigError]) -> None:
        if not errors:
            raise ValueError("InvalidConfig needs at least one error")
        self._errors = list(errors)
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(
            first.reason + more,
            path=first.path,
            line=first.line,
            column=first.column,
            key=first.key,
        )

    @property
    def errors(self) -> list[ConfigError]:
        return list(self._errors)

    def __reduce__(self) -> tuple[object, ...]:
        return (InvalidConfig, (self._errors,))


class ConfigWarning(_Located, UserWarning):
    """A config that works but may not mean what was meant: a key the standard
    library ignores, say. ``configure()`` issues it through :mod:`warnings`;
    ``logkit check`` prints it (and fails on it with ``--strict``).

    Attributes:
        reason, path, line, column, key: As for :class:`ConfigError`.
    """

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_warning, (self.reason, self.path, self.line, self.column, self.key))

    def located(
        self,
        *,
        path: PathLike | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> ConfigWarning:
        """Return a copy with missing location parts filled in (known ones win)."""
        path, line, column, key = self._filled(path, line, key)
        return ConfigWarning(self.reason, path=path, line=line, column=column, key=key)


def combined(problems: list[ConfigError]) -> ConfigError:
    """The one problem itself, or several as one InvalidConfig."""
    return problems[0] if len(problems) == 1 else InvalidConfig(problems)


def raise_problems(problems: list[ConfigError]) -> None:
    """Raise the problems found, as one error; nothing if there are none."""
    if problems:
        raise combined(problems)


def _rebuild(
    reason: str, path: str | None, line: int | None, column: int | None, key: str | None
) -> ConfigError:
    return ConfigError(reason, path=path, line=line, column=column, key=key)


def _rebuild_warning(
    reason: str, path: str | None, line: int | None, column: int | None, key: str | None
) -> ConfigWarning:
    return ConfigWarning(reason, path=path, line=line, column=column, key=key)


def one_line(text: object) -> str:
    """Fold an exception's text (which may span lines) into one line."""
    return re.sub(r"\s*\n\s*", " ", str(text)).strip()


# Errors whose type says as much as their text (``No module named 'x'``).
_NAMED_ERRORS = (OSError, ImportError, TypeError, AttributeError, NameError)


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """An exception, then its cause (or context), and so on; each once."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def describe_exception(exc: BaseException, *, depth: int | None = None) -> str:
    """The useful text of an exception and (up to ``depth``) its causes, on one line.

    Types are named where the text alone would be unclear (``OSError: ...``).
    """
    parts: list[str] = []
    for current in itertools.islice(exception_chain(exc), depth):
        text = one_line(current)
        if isinstance(current, KeyError) and text:
            text = f"missing {text}"
        if not text:
            text = type(current).__name__
        elif isinstance(current, _NAMED_ERRORS) and not text.startswith(type(current).__name__):
            text = f"{type(current).__name__}: {text}"
        if text not in parts:
            parts.append(text)
    return ": ".join(parts)
