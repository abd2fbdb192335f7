"""``RichConsoleHandler``: ``RichHandler``'s output, written without building a Table.

``RichHandler`` lays out every record as a ``Table.grid`` (time, level, message,
path) and lets the console measure, wrap, pad and crop it: ~600 µs a record. The
grid's layout is simple, though: fixed columns as wide as their text, one space
of padding styled like the column to its left, and the message column taking
the rest. So we compute those widths, let rich do what it does best on the
message alone (markup, highlighting, word wrap), and turn the spans into ANSI
with rich's own ``Style`` objects, following ``Text.render`` and the table's
cell styling. The bytes are the same; the tests compare them over a corpus.

We fall back to ``RichHandler.emit`` whenever the simple picture does not hold: rich tracebacks, a
callable time format, columns that do not fit the width, custom text attributes from a highlighter,
and consoles that are recording, capturing, paging, live-updating, quiet, ``no_color``,
soft-wrapping, Jupyter or legacy Windows, or a subclass that overrides the rendering hooks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from logging import LogRecord
from typing import IO

from rich.console import Console
from rich.highlighter import ReprHighlighter
from rich.logging import RichHandler
from rich.text import Text

from logkit._rich_private import (
    CONSOLE_BUFFER_INDEX,
    CONSOLE_RENDER_HOOKS,
    console_width,
    last_time,
    log_render,
    null_file_class,
    remember_time,
)
from logkit.handlers._per_record import message_only
from logkit.handlers._repr_highlight import (
    MATCHES_RICH,
    paint_numbers,
    usual_test,
)
from logkit.handlers._rich_frame import frame_for
from logkit.handlers._rich_lines import message_cells, message_lines
from logkit.handlers._rich_markup import (
    TemplateMarkupHandler,
    escaped_arguments,
    may_hold_markup,
)
from logkit.handlers._rich_paint import Frame, Painter
from logkit.handlers._rich_traceback import WindowedTracebackHandler
from logkit.handlers._shared_console import ConsoleSharingHandler

__all__ = ["RichConsoleHandler"]

_NullFile = null_file_class()
# datetime rounds to the microsecond: a time this far into its second shows the next one.
_LAST_MICROSECOND = 0.999999
_BODIES_KEPT = 1024  # remembered message cells, per painter


# self.keywords, a copy of it, its regex (None if empty), the lane's test for a usual message.
_KeywordPatterns = tuple[object, list[str], "re.Pattern[str] | None", Callable[[str], bool]]


@lru_cache(maxsize=64)
def _keyword_regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """The regex ``Text.highlight_words`` rebuilds on every call, built once."""
    return re.compile("|".join(re.escape(word) for word in words)) if words else None


class RichConsoleHandler(WindowedTracebackHandler, ConsoleSharingHandler):
    """A drop-in ``rich.logging.RichHandler`` that renders common records 20-30x faster.

    Same constructor, same look, same bytes on the console. Name it in a config
    wherever ``rich.logging.RichHandler`` would go, e.g. as the ``console``
    handler when logs are read on a terminal at volume.

    One deliberate difference, with ``markup=True``: markup comes from the
    template only. Arguments are escaped, so ``log.info("%s", "[red]x[/red]")``
    prints ``[red]x[/red]`` (``RichHandler`` styles it) and ``"[/api/users]"``
    prints as is (``RichHandler`` drops it with ``MarkupError``), and a template
    with invalid markup prints as plain text.
    """

    __module__ = "logkit.handlers"  # the public home, for show/diff and pickle

    _painter: Painter | None = None
    # The last time text made, kept for its second: (second, format, text, its blank).
    _time_cache: tuple[int, str, str, str] = (-1, "", "", "")
    # The time Text this handler last gave LogRender to remember, and its text.
    _remembered: tuple[Text | None, str] = (None, "")
    # self.keywords, a copy of it (a list may change in place) and its searches
    _keywords_cache: _KeywordPatterns = (None, [], None, usual_test())

    def emit(self, record: LogRecord) -> None:
        """Write the record as ``RichHandler`` would, without the Table when possible."""
        console = self.console
        file = console.file
        try:
            row = self._lane_row(record, console, file)
            if row is not None:
                file.write(row)
                file.flush()
                return
        except Exception:  # noqa: BLE001 - a log call must never raise; handleError reports
            self.handleError(record)
            return
        if not self._can_go_fast(record, console, file):
            super().emit(record)
            return
        try:
            message = self.format(record)
            output = self._render_row(record, message, self._painter_for(console))
            if output is None:
                super().emit(record)
                return
            file.write(output)
            file.flush()
        except Exception:  # noqa: BLE001 - a log call must never raise; handleError reports
            self.handleError(record)

    def _lane_row(self, record: LogRecord, console: Console, file: IO[str]) -> str | None:
        """The row of the usual record, formatted and drawn in one go; else ``None``.

        The usual record has no exception or stack text, a ``%(message)s``
        formatter (its text is ``getMessage()``), no argument that markup
        escaping would change, rich's highlighter, and a usual message (see
        ``_lane_body``) that fits. Per record, this is most of what the console
        costs, so it is written out flat.
        """
        formatter = self.formatter
        if (
            record.exc_info
            or record.exc_text
            or record.stack_info
            or formatter is None
            or not message_only(formatter)
            or not self._console_is_plain(console, file)
            or not MATCHES_RICH
            or type(getattr(record, "highlighter", self.highlighter)) is not ReprHighlighter
        ):
            return None
        args = record.args
        markup = bool(getattr(record, "markup", self.markup))
        if args and markup and escaped_arguments(args):
            return None
        message = record.getMessage()
        record.message = message  # as Formatter.format leaves it
        painter = self._painter_for(console)
        body = self._lane_cell(message, bool(args), markup, painter)
        if body is None:
            return None
        # The usual row comes in the second of the row before it, drawn here: then its
        # time column is blank (rich omits a repeated time). That case in fewer steps
        # than _place, which works out every other.
        second, time_format, time_text, blank = self._time_cache
        created = record.created
        render = log_render(self)
        new_time = None
        if (
            int(created) == second
            and 0 <= created - second < _LAST_MICROSECOND  # else it shows second + 1
            and last_time(render) is self._remembered[0]
            and self._remembered[1] == time_text
            and render.show_time
            and render.show_level
            and render.show_path
            and render.omit_repeated_times
            and (formatter.datefmt or render.time_format) == time_format
        ):
            path = (record.pathname, record.lineno, self.enable_link_path)
            frame = frame_for(painter, blank, record.levelname, path)
        else:
            placed = self._place(record, painter)
            if placed is None:
                return None
            frame, _, new_time = placed
        width = console_width(console) - frame.width
        if len(message) > width or width < 1:  # for ASCII, its length is its width in cells
            return None
        if new_time is not None:
            self._remember_time(new_time)
        return f"{frame.head}{body}{' ' * (width - len(message))}{frame.close()}\n"

    def _lane_cell(self, message: str, args: bool, markup: bool, painter: Painter) -> str | None:
        """The usual message painted (see ``_lane_paint``), else ``None``; remembered when
        the record had no arguments (such messages repeat)."""
        keywords = self._keyword_patterns()
        if args:  # a message of its own: nothing to remember
            return self._lane_paint(message, markup, keywords[3], painter)
        key = (message, markup, keywords[2])
        bodies = painter.bodies
        if key in bodies:
            return bodies[key]
        body = bodies[key] = self._lane_paint(message, markup, keywords[3], painter)
        if len(bodies) > _BODIES_KEPT:
            bodies.clear()
        return body

    def _painter_for(self, console: Console) -> Painter:
        painter = self._painter
        if painter is None:
            painter = self._painter = Painter(console)
        painter.use(console)
        return painter

    def _can_go_fast(self, record: LogRecord, console: Console, file: IO[str]) -> bool:
        """Whether the console and handler are in the plain state the fast path reproduces."""
        if self.rich_tracebacks and record.exc_info and record.exc_info != (None, None, None):
            return False
        return self._console_is_plain(console, file)

    def _console_is_plain(self, console: Console, file: IO[str]) -> bool:
        """Whether rows drawn here are what rich would write to this console (see module)."""
        return _renders_like_rich(type(self)) and not (
            console.record
            or console.quiet
            or console.no_color
            or console.soft_wrap
            or console.is_jupyter
            or console.legacy_windows
            or isinstance(file, _NullFile)
            or getattr(console, CONSOLE_BUFFER_INDEX, 1) != 0  # inside capture() or pager()
            or getattr(console, CONSOLE_RENDER_HOOKS, True)  # a Live display is active
        )

    def _place(self, record: LogRecord, painter: Painter) -> tuple[Frame, int, str | None] | None:
        """The row's fixed columns, the message column's width, and the time text to
        remember once the row is written (``None`` when the time is not new); or
        ``None`` where rich must draw the row.

        The time text is reused within a second (unless it shows ``%f``); rich must
        draw a callable time format, or a text that is empty or spans lines (the
        table would size that column differently).
        """
        render = log_render(self)
        time_text = None
        new_time = None
        if render.show_time:
            formatter = self.formatter
            time_format = (formatter.datefmt if formatter else None) or render.time_format
            if callable(time_format):
                return None
            created = record.created
            second = int(created)
            cached_second, cached_format, time_text, _ = self._time_cache
            if not (
                second == cached_second
                and time_format == cached_format
                and 0 <= created - second < _LAST_MICROSECOND  # else it shows second + 1
            ):
                time_text = datetime.fromtimestamp(created).strftime(time_format)
                if not time_text or "\n" in time_text:
                    return None
                if 0 <= created - second < _LAST_MICROSECOND and "%f" not in time_format:
                    self._time_cache = (second, time_format, time_text, " " * len(time_text))
            last = last_time(render)
            if last is not None and last is self._remembered[0]:  # made here: no spans
                last_text: str | None = self._remembered[1]
            else:
                last_text = last.plain if last is not None and not last.spans else None
            if render.omit_repeated_times and last_text == time_text:
                time_text = " " * len(time_text)
            else:
                new_time = time_text
        frame = frame_for(
            painter,
            time_text,
            record.levelname if render.show_level else None,
            (record.pathname, record.lineno, self.enable_link_path) if render.show_path else None,
        )
        width = console_width(self.console) - frame.width
        if width < 1:
            return None
        return frame, width, new_time

    def _render_row(self, record: LogRecord, message: str, painter: Painter) -> str | None:
        """The ANSI text of the grid row, or ``None`` where rich must draw it.

        The fixed columns come as one cached :class:`Frame`; the message column
        gets the width the grid leaves it (the frame's width includes padding).
        """
        placed = self._place(record, painter)
        if placed is None:
            return None
        frame, width, new_time = placed
        body = self._lane_body(record, message, width, painter)
        output: str | None
        if body is not None:
            output = f"{frame.head}{body}{frame.close()}\n"
        else:
            output = self._drawn_rows(record, message, width, frame, painter)
        if output is not None and new_time is not None:
            self._remember_time(new_time)
        return output

    def _remember_time(self, time_text: str) -> None:
        """Have ``LogRender`` remember the shown time, as it does when it draws a row."""
        shown = Text(time_text)
        remember_time(log_render(self), shown)
        self._remembered = (shown, time_text)

    def _lane_body(
        self, record: LogRecord, message: str, width: int, painter: Painter
    ) -> str | None:
        """The message cell for the usual message, without spans or wrapping; else ``None``.

        The usual message is one line of printable ASCII that fits ``width``, holds
        no markup, and in which rich's highlighters can find only numbers (or
        nothing), under a theme that leaves the message column unstyled.
        """
        if (
            len(message) > width  # for ASCII, its width in cells
            or not MATCHES_RICH
            or type(getattr(record, "highlighter", self.highlighter)) is not ReprHighlighter
        ):
            return None
        markup = bool(getattr(record, "markup", self.markup))
        body = self._lane_paint(message, markup, self._keyword_patterns()[3], painter)
        if body is None:
            return None
        return f"{body}{' ' * (width - len(message))}"

    @staticmethod
    def _lane_paint(
        message: str, markup: bool, usual: Callable[[str], bool], painter: Painter
    ) -> str | None:
        """``message`` painted, if it is a usual message (see ``_lane_body``).

        ``usual`` says whether it is printable ASCII in which rich's highlighter
        finds only numbers and no keyword occurs (``usual_test``).
        """
        if (
            not usual(message)
            or (markup and may_hold_markup(message))
            or painter.wrapper("log.message") != ("", "")
        ):
            return None
        number = painter.wrapper("repr.number")
        if number is None:
            return None
        return paint_numbers(message, *number)

    def _keyword_patterns(self) -> _KeywordPatterns:
        """``self.keywords`` (rich's default when ``None``), its copy, its regex (``None``
        if empty) and the lane's search for anything unusual, kept until they change."""
        keywords = self.keywords
        if keywords is None:
            keywords = self.keywords = self.KEYWORDS
        cached = self._keywords_cache
        if cached[0] is keywords and cached[1] == keywords:
            return cached
        words = list(keywords or ())
        cached = (keywords, words, _keyword_regex(tuple(words)), usual_test(tuple(words)))
        self._keywords_cache = cached
        return cached

    def _keywords(self) -> re.Pattern[str] | None:
        """The regex of ``self.keywords`` (rich's default when ``None``), ``None`` if empty."""
        return self._keyword_patterns()[2]

    def _drawn_rows(
        self, record: LogRecord, message: str, width: int, frame: Frame, painter: Painter
    ) -> str | None:
        """The row for any other message: spans painted, wrapped as the table would."""
        cells = self._cells_by_line(record, message, width, painter)
        if cells is None:
            lines = message_lines(
                message,
                width,
                markup=bool(getattr(record, "markup", self.markup)),
                highlighter=getattr(record, "highlighter", self.highlighter),
                keywords=self._keywords(),
                console=self.console,
            )
            if lines is None:
                return None
            message_style = painter.style("log.message")
            cells = [painter.cell(plain, spans, message_style) for plain, spans in lines]
        row = [frame.head, cells[0], frame.close(), "\n"]
        for cell in cells[1:]:
            row += (frame.blank_head, cell, frame.blank_tail, "\n")
        return "".join(row)

    def _cells_by_line(
        self, record: LogRecord, message: str, width: int, painter: Painter
    ) -> list[str] | None:
        """A message of several lines (a traceback, say) from remembered lines, if
        rich's highlighter applies (see ``_rich_lines``); else ``None``."""
        if "\n" not in message:
            return None
        highlighter = getattr(record, "highlighter", self.highlighter)
        if not (MATCHES_RICH and type(highlighter) is ReprHighlighter):
            return None
        _, _, keywords, usual = self._keyword_patterns()
        return message_cells(
            message,
            width,
            markup=bool(getattr(record, "markup", self.markup)),
            keywords=keywords,
            usual=usual,
            painter=painter,
            tab_size=self.console.tab_size or 8,
        )


_RENDERS_LIKE_RICH: dict[type[RichHandler], bool] = {}


def _renders_like_rich(cls: type[RichHandler]) -> bool:
    """A subclass that overrides a rendering hook must be drawn by rich itself."""
    known = _RENDERS_LIKE_RICH.get(cls)
    if known is None:
        known = _RENDERS_LIKE_RICH[cls] = (
            cls.render is WindowedTracebackHandler.render
            and cls.render_message is TemplateMarkupHandler.render_message
            and cls.get_level_text is RichHandler.get_level_text
        )
    return known
