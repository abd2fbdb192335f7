"""The spans of rich's ``ReprHighlighter``, found with fewer regex attempts.

``ReprHighlighter`` runs four regexes over every message; the last one ORs
fifteen patterns, and at each position the engine tries all of them, so a
50-character message costs ~40 µs. Most alternatives need a character the message
does not contain (``(`` for calls, ``/`` for paths, a quote for strings …). An
alternative that cannot match anywhere never decides a match, so leaving it out
of the alternation gives the same matches, groups and spans in the same order.
We compile (and cache) the alternation of only the possible patterns.

The patterns are rich's own; ``MATCHES_RICH`` says whether the installed rich
still uses exactly these, and callers use the real highlighter when it does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rich.highlighter import ReprHighlighter
from rich.text import Span, Text

__all__ = [
    "MATCHES_RICH",
    "NOT_NUMBERS_ONLY",
    "highlight_repr",
    "numbers_only",
    "paint_numbers",
    "repr_spans",
    "tag_spans",
    "usual_test",
]

_STYLE_PREFIX = "repr."

# can_match(text) is False only if the pattern cannot match anywhere in text
# (it lacks a literal the pattern requires).
_Check = Callable[[str], bool]
_has_digit = re.compile("[0-9]").search
_has_brace = re.compile(r"[][{}()]").search

_SEPARATE: tuple[tuple[str, _Check], ...] = (
    (
        r"(?P<tag_start><)(?P<tag_name>[-\w.:|]*)(?P<tag_contents>[\w\W]*)(?P<tag_end>>)",
        lambda s: "<" in s and ">" in s,
    ),
    (r'(?P<attrib_name>[\w_]{1,50})=(?P<attrib_value>"?[\w_]+"?)?', lambda s: "=" in s),
    (r"(?P<brace>[][{}()])", lambda s: _has_brace(s) is not None),
)

# The alternatives of its last regex, in order; _combined_checks says which can match.
_COMBINED: tuple[str, ...] = (
    r"(?P<ipv4>[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})",
    r"(?P<ipv6>([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})",
    r"(?P<eui64>(?:[0-9A-Fa-f]{1,2}-){7}[0-9A-Fa-f]{1,2}|(?:[0-9A-Fa-f]{1,2}:){7}[0-9A-Fa-f]{1,2}|(?:[0-9A-Fa-f]{4}\.){3}[0-9A-Fa-f]{4})",
    r"(?P<eui48>(?:[0-9A-Fa-f]{1,2}-){5}[0-9A-Fa-f]{1,2}|(?:[0-9A-Fa-f]{1,2}:){5}[0-9A-Fa-f]{1,2}|(?:[0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4})",
    r"(?P<uuid>[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12})",
    r"(?P<call>[\w.]*?)\(",
    r"\b(?P<bool_true>True)\b|\b(?P<bool_false>False)\b|\b(?P<none>None)\b",
    r"(?P<ellipsis>\.\.\.)",
    r"(?P<number_complex>(?<!\w)(?:\-?[0-9]+\.?[0-9]*(?:e[-+]?\d+?)?)(?:[-+](?:[0-9]+\.?[0-9]*(?:e[-+]?\d+)?))?j)",
    r"(?P<number>(?<!\w)\-?[0-9]+\.?[0-9]*(e[-+]?\d+?)?\b|0x[0-9a-fA-F]*)",
    r"(?P<path>\B(/[-\w._+]+)*\/)(?P<filename>[-\w._+]*)?",
    r"(?<![\\\w])(?P<str>b?'''.*?(?<!\\)'''|b?'.*?(?<!\\)'|b?\"\"\".*?(?<!\\)\"\"\"|b?\".*?(?<!\\)\")",
    r"(?P<url>(file|https|http|ws|wss)://[-0-9a-zA-Z$_+!`(),.?/;:&=%#~@]*)",
)

MATCHES_RICH: bool = (
    list(ReprHighlighter.highlights)
    == [
        *(pattern for pattern, _ in _SEPARATE),
        "|".join(_COMBINED),
    ]
    and ReprHighlighter.base_style == _STYLE_PREFIX
)


# A compiled pattern with its named groups (number, style) in groupdict() order.
_Highlight = tuple[re.Pattern[str], tuple[tuple[int, str], ...]]


@lru_cache(maxsize=8)
def _compiled(pattern: str) -> _Highlight:
    return _highlight(pattern)


def _highlight(pattern: str) -> _Highlight:
    compiled = re.compile(pattern)
    groups = tuple((index, f"{_STYLE_PREFIX}{name}") for name, index in compiled.groupindex.items())
    return compiled, groups


def _add_group_spans(plain: str, spans: list[Span], highlight: _Highlight) -> None:
    """Append spans exactly as ``Text.highlight_regex`` does with a style prefix."""
    pattern, groups = highlight
    for match in pattern.finditer(plain):
        get_span = match.span
        for index, style in groups:
            start, end = get_span(index)
            if start != -1 and end > start:
                spans.append(Span(start, end, style))


def _combined_checks(s: str) -> tuple[bool, ...]:
    """For each ``_COMBINED`` pattern in order: False if it cannot match in ``s``."""
    dots, dashes, colons = s.count("."), s.count("-"), s.count(":")
    return (
        dots >= 3,  # ipv4
        colons > 0 and _has_colon_form(s) is not None,  # ipv6: a colon, then a colon or hex digit
        dashes >= 7 or colons >= 7 or dots >= 3,  # eui64
        dashes >= 5 or colons >= 5 or dots >= 2,  # eui48
        dashes >= 4,  # uuid
        "(" in s,  # call
        "True" in s or "False" in s or "None" in s,  # bool_true, bool_false, none
        "..." in s,  # ellipsis
        "j" in s,  # number_complex
        _has_digit(s) is not None,  # number
        "/" in s,  # path
        "'" in s or '"' in s,  # str
        "://" in s,  # url
    )


@lru_cache(maxsize=256)
def _combined_pattern(checks: tuple[bool, ...]) -> _Highlight | None:
    patterns = [pattern for pattern, possible in zip(_COMBINED, checks, strict=True) if possible]
    return _highlight("|".join(patterns)) if patterns else None


def repr_spans(plain: str, spans: list[Span], *, tags: bool = True) -> None:
    """Append to ``spans`` the spans ``ReprHighlighter`` would add to a Text of ``plain``.

    ``tags=False`` leaves out the ``tag`` pattern's spans (see :func:`tag_spans`).
    """
    for pattern, can_match in _SEPARATE if tags else _SEPARATE[1:]:
        if can_match(plain):
            _add_group_spans(plain, spans, _compiled(pattern))
    combined = _combined_pattern(_combined_checks(plain))
    if combined is not None:
        _add_group_spans(plain, spans, combined)


def tag_spans(plain: str, spans: list[Span]) -> None:
    """Append the spans of ``ReprHighlighter``'s first pattern (``tag``) alone.

    It is the only one of its patterns that can match across a newline: from the
    first ``<`` to the last ``>``, wherever they are. Every other match lies
    within one line, and the line's start and end look to the patterns' ``\\b``,
    ``\\B`` and lookbehinds as the text's start and end do.
    """
    pattern, can_match = _SEPARATE[0]
    if can_match(plain):
        _add_group_spans(plain, spans, _compiled(pattern))


def highlight_repr(text: Text) -> None:
    """Add to ``text`` the spans ``ReprHighlighter().highlight(text)`` would add."""
    repr_spans(text.plain, text.spans)


# -- messages in which only numbers can be highlighted (most log lines) ----------

# What makes some pattern other than ``number`` possible (see numbers_only): a
# character it needs (tag ``<``, attrib ``=``, brace, call ``(``, path ``/``,
# str quotes, number_complex ``j``); ipv6's and the eui's colon forms, in which
# a colon is followed by a colon or a hex digit; the words True, False, None.
_NEEDED = "[](){}<>='\"/j"
_COLON_FORM = ":[:0-9A-Fa-f]"
_WORDS = ("True", "False", "None")
NOT_NUMBERS_ONLY = f"[{re.escape(_NEEDED)}]|{_COLON_FORM}|{'|'.join(_WORDS)}"
_not_numbers_only = re.compile(NOT_NUMBERS_ONLY).search
_has_colon_form = re.compile(_COLON_FORM).search
# Printable ASCII but the needed characters: a class the engine scans for quickly.
_ORDINARY = "".join(chr(code) for code in range(0x20, 0x7F) if chr(code) not in _NEEDED)

# rich's ``number`` alternative, rewritten to start with a character class so that
# the regex engine skips to the next ``-`` or digit instead of trying every
# position (2-3x faster). The same matches: the original's branches are
# ``(?<!\w)-?[0-9]+TAIL`` (a ``-`` not after a word character, or a digit not
# after one, ``-?`` being greedy) and then ``0x...`` at a ``0``; here the first
# character is consumed and the lookbehinds check what the original's
# ``(?<!\w)`` checked before it. tests/test_repr_highlight.py compares them.
_TAIL = r"\.?[0-9]*(?:e[-+]?\d+?)?\b"
NUMBER = re.compile(
    rf"[-0-9](?:(?<=-)(?<!\w-)[0-9]+{_TAIL}|(?<=[0-9])(?<!\w[0-9])[0-9]*{_TAIL}|(?<=0)x[0-9a-fA-F]*)"
)


def numbers_only(plain: str) -> bool:
    """Whether every span ``ReprHighlighter`` finds in ``plain`` is a ``repr.number``.

    True only when each other pattern provably cannot match: it lacks something
    it needs (``NOT_NUMBERS_ONLY``), or the dots or dashes its forms need (ipv4
    and the ellipsis three dots, eui48's dotted form two, uuid four dashes,
    eui48 five, eui64 seven). Then ``ReprHighlighter``'s spans are those of the
    ``number`` alternative alone.
    """
    return _not_numbers_only(plain) is None and plain.count(".") < 2 and plain.count("-") < 4


@lru_cache(maxsize=64)
def usual_test(words: tuple[str, ...] = ()) -> Callable[[str], bool]:
    """A test for the console's usual message: printable ASCII for which
    :func:`numbers_only` holds and in which none of ``words`` occurs.

    The same answer as that definition, in about half the time: one character
    class instead of an alternation tried at every position, the words in a
    regex of their own, and the colon forms looked for only after a colon.
    """
    unusual_character = re.compile(f"[^{re.escape(_ORDINARY)}]").search
    word = re.compile("|".join(re.escape(each) for each in (*_WORDS, *words))).search
    colon_form = _has_colon_form

    def usual(plain: str) -> bool:
        return (
            unusual_character(plain) is None
            and word(plain) is None
            and (":" not in plain or colon_form(plain) is None)
            and plain.count(".") < 2
            and plain.count("-") < 4
        )

    return usual


# NUMBER with the whole match as a group: split() gives text, number, text, ...
_split_numbers = re.compile(f"({NUMBER.pattern})").split


def paint_numbers(plain: str, before: str, after: str) -> str:
    """``plain`` with each ``repr.number`` span between ``before`` and ``after``.

    For a ``plain`` that :func:`numbers_only` accepts, this is the painted text
    of ``ReprHighlighter``'s spans: they do not overlap, and the text between
    them is unstyled.
    """
    parts = _split_numbers(plain)
    count = len(parts)
    if count == 1:
        return plain
    for index in range(1, count, 2):
        parts[index] = before + parts[index] + after
    return "".join(parts)
