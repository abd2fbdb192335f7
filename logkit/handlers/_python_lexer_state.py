"""Where Pygments' Python lexer is back in its root state, found without running it.

Rich highlights a traceback frame by lexing its source file from line 1 down to
the frame (``Syntax.highlight`` with a ``line_range``): the cost grows with the
frame's line. Lexing can start later, at a line where the full lexer would be
in its root state anyway (not inside a string, a docstring or an f-string
field): from there on, both produce the same tokens.

:func:`root_line_at_or_before` finds such a line. One regular expression,
matched from the start of the file up to a candidate line (C speed: ~1 ms for
5,000 lines), consumes what the lexer reads as one piece in its root state:
newlines, comments, backslash continuations, names, other characters, and every
kind of string. The string rules are Pygments' own (``PythonLexer``), not
Python's where they differ: a docstring-looking string at the start of a line
ends at the first closing triple quote whatever backslashes precede it; raw
triple-quoted strings have no escapes; ``'{a[' ... ']}'`` is one format
field; a single-quoted string with no closing quote ends at the newline (where
the lexer resets to its root state). If the match reaches the candidate line,
the lexer is in its root state there. If it stops short (the line is inside a
string, or at something the expression does not model: f-string fields nested
more than two deep, an unclosed string), the candidate moves back to the line
where it stopped and the match is tried again.

Not modelled, because Python rejects it or no real code writes it: a ``match``
or ``case`` soft keyword followed by a triple-quoted pattern on the same line,
and a string prefix glued to a number (``0b"..."``). ``tests/test_rich_traceback.py``
checks the rule against the full lexer over the standard library's modules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

__all__ = ["root_line_at_or_before"]

_counter = iter(range(1_000_000))


def _atomic(pattern: str) -> str:
    """``pattern``, matched once and never given back (``(?>...)`` before Python 3.11)."""
    name = f"a{next(_counter)}"
    return f"(?=(?P<{name}>{pattern}))(?P={name})"


# Escapes that hide a quote, a backslash, a newline or a brace; any other
# backslash stands alone (Pygments' stringescape and bytesescape).
_ESCAPE = r"""\\(?:[\\"'\n]|N\{[^\n]*?\})"""
_LONE_BACKSLASH = r"""\\(?![\\"'\n]|N\{[^\n]*?\})"""
# Raw single-quoted strings: Pygments' own ``\\\\|\\"|\\\n`` (the other quote
# hidden or not, the string ends at the same place).
_RAW_ESCAPE = r"""\\[\\"'\n]"""
_RAW_LONE_BACKSLASH = r"""\\(?![\\"'\n])"""
# ``'{name.attr[key]!r:>10}'`` in a string that is not an f-string: one token
# (``innerstring_rules``), which may run over quotes and newlines inside ``[...]``.
_FORMAT_TAIL = (
    r"(?:\w+(?:\.\w+|\[[^\]]+\])*)?(?:![sra])?"
    r"(?::(?:.?[<>=^])?[-+ ]?#?0?(?:\d+)?,?(?:\.\d+)?[E-GXb-gnosx%]?)?\}"
)
_FORMAT_FIELD = r"\{" + _FORMAT_TAIL
_LONE_BRACE = r"\{(?!" + _FORMAT_TAIL + ")"
# String prefixes in the order Pygments tries them, and how each kind lexes.
# String prefixes in the order Pygments tries them, and how each kind lexes.
# The prefix has been read with the name characters before the quote, so each
# kind is told by what precedes its quote: the prefix as a whole word.
_RAW_F_PREFIX = r"(?:(?<=[rR][fFtT])|(?<=[fFtT][rR]))(?<!\w\w\w)"
_F_PREFIX = r"(?<=[fFtT])(?<!\w\w)"
_RAW_PREFIX = r"(?:(?:(?<=[rR][bB])|(?<=[bB][rR]))(?<!\w\w\w)|(?<=[rR])(?<!\w\w))"
_PREFIXES = (
    (r"(?<!\w)", "plain", False),  # no prefix: the usual case, tried first
    (_RAW_F_PREFIX, "raw", True),
    (_F_PREFIX, "plain", True),
    (_RAW_PREFIX, "raw", False),
    (f"(?<=\\w)(?!{_RAW_F_PREFIX}|{_F_PREFIX}|{_RAW_PREFIX})", "plain", False),  # u, b, a name
)
_NAME = r"\w+(?!\w)"
_QUOTES = "\"'"


# A string inside an f-string field: its own escapes and quotes only (fields in
# a nested f-string are not followed: the match stops there, which is safe).
_NESTED_STRING = (
    r"""(?:[rRuUbBfFtT]{1,2})?(?:\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''"""
    r"""|"(?:\\[\s\S]|[^"\\\n])*"|'(?:\\[\s\S]|[^'\\\n])*')"""
)


def _body(quote: str, triple: bool, kind: str, fstring: bool) -> str:
    """The inside of one kind of string, every piece read in exactly one way."""
    pieces: list[str] = []
    if kind == "plain":
        excluded = "\\\\" + quote
        pieces += [_ESCAPE, _LONE_BACKSLASH]
    elif triple:  # raw triple-quoted: a backslash is an ordinary character
        excluded = quote
    else:
        excluded = "\\\\" + quote
        pieces += [_RAW_ESCAPE, _RAW_LONE_BACKSLASH]
    if not triple:
        excluded += "\\n"
    if fstring:
        excluded += "{}"
        pieces += [r"\{\{", r"\}\}", r"\}(?!\})", r"\{(?!\{)" + _field()]
    else:
        excluded += "{"
        pieces += [_FORMAT_FIELD, _LONE_BRACE]
    if triple:
        pieces.append(f"{quote}(?!{quote}{quote})")
    # Unrolled (ordinary run, then special piece and run, repeated): one way to
    # read any text, so a string that does not close fails in linear time.
    run = f"[^{excluded}]*"
    return f"{run}(?:(?:{'|'.join(pieces)}){run})*"


def _string() -> str:
    """Any string literal, with its prefix, as Pygments reads it in its root state."""
    kinds = []
    for prefix, kind, fstring in _PREFIXES:
        for triple in (False, True):
            for quote in _QUOTES:
                # A single quote never starts what the lexer reads as a triple one.
                opening = quote * 3 if triple else f"{quote}(?!{quote}{quote})"
                closing = opening if triple else f"(?:{quote}|(?=\\n))"
                body = _body(quote, triple, kind, fstring)
                kinds.append(f"{prefix}{opening}{body}{closing}")
    return "(?:" + "|".join(kinds) + ")"


_BRACKET_DEPTH = 3


def _expression(brackets: int) -> str:
    """Expression text in an f-string field: strings, names, brackets, anything else.

    Outside brackets a ``:`` ends the expression (a format spec follows); inside
    them it is punctuation, as in Pygments' ``expr-inside-fstring-inner``.
    """
    top = brackets == _BRACKET_DEPTH
    ordinary = r"""[^\w"'{}()\[\]:]+""" if top else r"""[^\w"'{}()\[\]]+"""
    pieces = [_NESTED_STRING, _NAME, _atomic(ordinary)]
    if brackets > 0:
        pieces.append(r"[\[({]" + _expression(brackets - 1) + r"[\])}]")
    return "(?:" + "|".join(pieces) + ")*"


def _field() -> str:
    """An f-string replacement field after its ``{``.

    Pygments ends it at the first ``}`` or ``:`` outside brackets (a format
    spec is string text again, its own fields included).
    """
    return _expression(_BRACKET_DEPTH) + "[}:]"


@lru_cache(maxsize=1)
def _root_pieces() -> re.Pattern[str]:
    """Everything the lexer reads as one piece in its root state, repeated."""
    # Pygments' ``^(\s*)`` may start on a blank line's spaces; starting on the
    # docstring's own line reads the same string as a docstring.
    docstring = (
        r"""^[^\S\n]*[rRuUbB]{0,2}"""
        r"""(?:\"\"\"[^"]*(?:"(?!"")[^"]*)*\"\"\"|'\'\'[^']*(?:'(?!'')[^']*)*'\'\')"""
    )
    # A docstring is tried before the indentation that would hide its line start.
    pieces = [
        r"\n",
        docstring,
        r"""[^\n"'#\\]+""",  # names (string prefixes too) and everything else
        r"\#[^\n]*",
        r"\\\n?",
        _string(),
    ]
    return re.compile("(?:" + "|".join(pieces) + ")*", re.MULTILINE)


def line_offsets(code: str, last_line: int) -> list[int]:
    """The offset where each line starts, for lines 1..``last_line`` (fewer if the code ends)."""
    offsets = [0]
    find = code.find
    position = 0
    while len(offsets) < last_line:
        position = find("\n", position) + 1
        if not position:
            break
        offsets.append(position)
    return offsets


@lru_cache(maxsize=64)
def root_line_at_or_before(code: str, line: int) -> tuple[int, int]:
    """The last line at or before ``line`` (1-based) that starts in the lexer's root state.

    Returns the line and the offset where it starts in ``code``. Line 1 always
    qualifies. Costs one match over the code before the line (another each
    time the line turns out to be inside a string); remembered, so a frame
    that fails again costs a lookup.
    """
    offsets = line_offsets(code, line)
    line = min(line, len(offsets))
    match_root = _root_pieces().match
    while line > 1:
        start = offsets[line - 1]
        matched = match_root(code, 0, start)  # (...)* always matches, perhaps nothing
        reached = matched.end() if matched else 0
        if reached == start:
            return line, start
        # Stopped inside a string (or at something not modelled): the line
        # where it stopped is the next candidate.
        line = min(line - 1, bisect_right(offsets, reached))
    return 1, 0
