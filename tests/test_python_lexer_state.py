"""root_line_at_or_before finds lines where lexing can start without changing a token after it.

The check is the property windowed tracebacks rely on: Pygments' Python lexer,
started at the line found, gives every later line the tokens the full lexer
gives it. Checked on hand-written traps and on lines sampled from the
standard library's own modules (each file lexed once, in full).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from pygments.lexers.python import PythonLexer

from logkit.handlers._python_lexer_state import line_offsets, root_line_at_or_before

Tokens = list[list[tuple[object, str]]]


def tokens_by_line(code: str) -> Tokens:
    """Each line's tokens, split at newlines as rich's ``Syntax.highlight`` splits them."""
    lexer = PythonLexer(stripnl=False, ensurenl=True)
    lines: Tokens = [[]]
    for token_type, text in lexer.get_tokens(code):
        rest = text
        while rest:
            piece, newline, rest = rest.partition("\n")
            if piece:
                lines[-1].append((token_type, piece))
            if newline:
                lines.append([])
    return lines


def assert_same_tokens_after(code: str, line: int, full: Tokens | None = None) -> int:
    """Find the root line for ``line``; the lines after it lex as in the whole file."""
    found, offset = root_line_at_or_before(code, line)
    assert 1 <= found <= line
    assert offset == line_offsets(code, found)[found - 1]
    full = tokens_by_line(code) if full is None else full
    # Lex on well past ``line`` (a docstring is lexed differently when its end
    # is cut off) and compare down to the last line a traceback frame shows.
    offsets = line_offsets(code, line + 200)
    end = offsets[-1] if len(offsets) == line + 200 else len(code)
    window = tokens_by_line(code[offset:end])
    # Line ``found`` itself may start with a token the full lexer began earlier.
    shown = min(line + 3, len(full)) - found
    assert window[1 : 1 + shown] == full[found : found + shown], (line, found)
    return found


TRAPS = {
    "docstring": '"""Doc.\n\nx = 1\n"""\ny = 2\nz = 3\n',
    "indented-docstring": 'def f():\n    """\n    a = 1\n    """\n    return 2\n',
    "raw-docstring-backslash": 'r"""\\""" \nx = """\nstill a string\n"""\ny = 1\n',
    "escaped-quote-in-string": 'x = (1, """a \\""" b\nc""")\ny = 2\n',
    "raw-triple-ends-at-backslash-quotes": 'x = (r"""\\""", 1)\ny = """\nz\n"""\nw = 1\n',
    "format-field-over-quotes": "x = '{a[' + b + ']}'\ny = '''\nz\n'''\nw = 1\n",
    "unclosed-single-quote": "x = 'abc\ny = 1\nz = 2\n",
    "backslash-continued-string": "x = 'abc\\\ndef'\ny = 1\n",
    "f-string-nested": 'x = f"""{d["k"]:>{w}}\n{f(a, [b, (c)])}\n"""\ny = 1\n',
    "f-string-braces": "x = f'''{{\n}}'''\ny = 1\n",
    "hash-in-string": 'x = "#"\ny = """\n# not a comment\n"""\nz = 1\n',
    "quote-in-comment": "# it's\nx = '''\na\n'''\ny = 1\n",
    "prefixes": 'x = rb"\\\\" + Rb"""\n""" + br\'\' + u"""\n"""\ny = 1\n',
    "name-before-quote": 'x = (abr"""\\""" """, 1)\ny = 1\n',
    "blank-line-then-docstring": 'def f():\n    \n    """doc\n    """\n    return 1\n',
}


@pytest.mark.parametrize("code", TRAPS.values(), ids=TRAPS.keys())
def test_lexing_from_the_line_found_changes_no_later_token(code: str) -> None:
    full = tokens_by_line(code)
    for line in range(1, code.count("\n") + 2):
        assert_same_tokens_after(code, line, full)


def test_a_line_inside_a_string_moves_to_the_string_s_first_line() -> None:
    code = 'a = 1\nx = """\none\ntwo\n"""\nb = 2\n'
    assert root_line_at_or_before(code, 4) == (2, 6)
    assert root_line_at_or_before(code, 6)[0] == 6


def test_a_file_that_is_one_string_gives_line_one() -> None:
    assert root_line_at_or_before('"""\n' + "text\n" * 50 + '"""\n', 40) == (1, 0)


def test_lines_past_the_end_give_the_last_line() -> None:
    assert root_line_at_or_before("a = 1\nb = 2\n", 99)[0] == 3


def _standard_library_sample() -> list[Path]:
    """Six sizeable modules of the running Python, the same six on every run."""
    stdlib = Path(os.__file__).parent
    files = sorted(p for p in stdlib.glob("*.py") if p.stat().st_size > 40_000)
    return random.Random(14).sample(files, 6)


@pytest.mark.parametrize("path", _standard_library_sample(), ids=lambda path: path.name)
def test_standard_library_modules(path: Path) -> None:
    code = path.read_text(encoding="utf-8")
    full = tokens_by_line(code)
    lines = code.count("\n")
    for line in random.Random(path.name).sample(range(2, lines), 25):
        assert_same_tokens_after(code, line, full)
