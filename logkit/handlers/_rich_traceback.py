"""Rich tracebacks that cost the same wherever the frame sits in its file.

``rich.traceback.Traceback`` shows each frame as a ``Syntax`` of the frame's
whole source file with a ``line_range`` of a few lines: highlighting lexes the
file from line 1 down to the frame, and splits all of that text into lines, so
an exception raised at line 5,000 takes about 400 ms against 6 ms at line 10.

Here each frame's ``Syntax`` gets only the file from a line where Pygments'
lexer is in its root state (see :mod:`logkit.handlers._python_lexer_state`),
a few lines above the first line shown, with ``start_line`` set so that the
numbers, the marked line and the error ranges stay where they were. The line
number column keeps its width, because the code still runs to the end of the
file. The output is Rich's own, byte for byte (``tests/test_rich_traceback.py``).

Only Python sources are windowed (other lexers keep the whole file), and only
with a fixed ``code_width`` (``RichHandler``'s default, 88): without one,
``Syntax`` measures the widest line of the whole file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from logging import LogRecord

from rich.logging import RichHandler

from logkit._rich_private import syntax_ranges
from logkit.handlers._python_lexer_state import root_line_at_or_before

# rich.traceback (with rich.syntax, Pygments and rich.pretty) is imported at the
# first rich traceback, not with the console: ~20 ms of every start-up at a
# terminal, for tracebacks the console prints plain unless asked.
TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from rich.console import ConsoleRenderable, Group, RenderableType
    from rich.syntax import Syntax
    from rich.traceback import Stack, Traceback

    WindowedTraceback: type[Traceback]  # made on first use, by the module's __getattr__

__all__ = ["WindowedTraceback", "WindowedTracebackHandler", "window_syntax"]

# Lines lexed above the first line shown. Where the lexer starts, its first
# token may differ from the full lexer's (a token that began on the line
# above); the lines after it are the same.
MARGIN = 3


def window_syntax(syntax: Syntax) -> None:
    """Make ``syntax`` lex from a root-state line near its ``line_range``, same output."""
    if syntax.line_range is None or syntax.code_width is None or syntax.dedent:
        return
    first_shown, last_shown = syntax.line_range
    if first_shown is None or syntax.start_line != 1:
        return
    ranges = syntax_ranges(syntax)
    earliest = min([first_shown, *(style_range.start[0] for style_range in ranges)])
    if earliest - MARGIN <= 1 or getattr(syntax.lexer, "name", None) != "Python":
        return
    start_line, offset = root_line_at_or_before(syntax.code, earliest - MARGIN)
    if start_line <= 1:
        return
    shift = start_line - 1
    syntax.code = syntax.code[offset:]
    syntax.start_line = start_line
    syntax.line_range = (first_shown - shift, None if last_shown is None else last_shown - shift)
    ranges[:] = [
        style_range._replace(
            start=(style_range.start[0] - shift, style_range.start[1]),
            end=(style_range.end[0] - shift, style_range.end[1]),
        )
        for style_range in ranges
    ]


def _syntaxes(renderables: list[RenderableType]) -> Iterator[Syntax]:
    from rich.columns import Columns
    from rich.syntax import Syntax

    for renderable in renderables:
        if isinstance(renderable, Syntax):
            yield renderable
        elif isinstance(renderable, Columns):  # a frame shown with its locals
            yield from _syntaxes(renderable.renderables)


@functools.cache
def _windowed_traceback() -> type[Traceback]:
    """The class ``WindowedTraceback``, made when rich.traceback is first needed."""
    from rich.traceback import Traceback

    class WindowedTraceback(Traceback):
        """``rich.traceback.Traceback`` whose frames lex a window of their file."""

        def _render_stack(self, stack: Stack) -> Group:
            rendered: Group = super()._render_stack(stack)
            for syntax in _syntaxes(rendered.renderables):
                window_syntax(syntax)
            return rendered

    WindowedTraceback.__module__ = __name__
    WindowedTraceback.__qualname__ = "WindowedTraceback"  # found by name, as if made here
    return WindowedTraceback


def __getattr__(name: str) -> Any:
    if name == "WindowedTraceback":
        return _windowed_traceback()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class WindowedTracebackHandler(RichHandler):
    """``RichHandler`` whose rich tracebacks are :class:`WindowedTraceback`."""

    def render(
        self,
        *,
        record: LogRecord,
        traceback: Traceback | None,
        message_renderable: ConsoleRenderable,
    ) -> ConsoleRenderable:
        """``RichHandler.render``, with the traceback windowed."""
        if traceback is not None:  # RichHandler made it: rich.traceback is imported
            from rich.traceback import Traceback

            if type(traceback) is Traceback:
                # The same object, read as the subclass: it only adds the window.
                traceback.__class__ = _windowed_traceback()
        return super().render(
            record=record, traceback=traceback, message_renderable=message_renderable
        )
