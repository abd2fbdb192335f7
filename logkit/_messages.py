"""The words of error messages: how a found value reads, and did-you-mean hints.

Every message says what was expected and what was found; these helpers keep
the "found" part and the suggestions worded alike wherever a problem is reported.
``difflib`` is imported only when a suggestion is needed, and this module only
where a message is written (inside the branch that writes it): a config without
problems is applied without loading it (issue 14's start-up).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping


def describe(value: object) -> str:
    """How a found value reads in a message: ``the string '10'``, ``a list``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int) and abs(value).bit_length() > 14_000:
        return "a number too long to show"  # repr() refuses past 4,300 digits
    for types, words in (
        (str, "the string {!r}"),
        ((int, float), "the number {!r}"),
        (Mapping, "a mapping"),
        ((list, tuple), "a list"),
    ):
        if isinstance(value, types):
            return words.format(value)
    return f"a {type(value).__name__}"


def too_long_integer(digits: int) -> str:
    """The reason for an integer longer than Python converts from text."""
    return (
        f"integer of {digits:,} digits is too long"
        f" (Python converts at most {sys.get_int_max_str_digits():,} digits)"
    )


SHOWN_CHARACTERS = 60  # of a long value quoted in a message


def clipped(text: str) -> str:
    """The start of a long value: enough to find it, short enough for a one-line message."""
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "..."


def printable(text: str) -> str:
    """Text with control characters escaped, so that every message stays one line."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` most likely misspells, if any is close enough."""
    names = [name for name in candidates if isinstance(name, str)]
    by_case = {name.lower(): name for name in names}
    if word.lower() in by_case and by_case[word.lower()] != word:
        return by_case[word.lower()]
    import difflib

    matches = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return matches[0] if matches else None


def no_module(module: str, extra: str | None = None) -> str:
    """That a module does not import, and for one of logkit's optional extras the fix."""
    if extra is None:
        return f"no module named {module!r}"
    fix = f'pip install "logkit[{extra}]"'
    return f"no module named {module!r}: install logkit's {extra} extra: {fix}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest candidate, or an empty string."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""
