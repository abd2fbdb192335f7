"""The message column's lines: any message's (:func:`message_lines`), and those of a
message of several lines drawn line by line and remembered (:func:`message_cells`).

A plain traceback through the console (``rich_tracebacks`` off, the default)
is a message of a dozen lines, and the same frames come back with every
exception raised from the same place. ``RichHandler`` highlights, wraps and
paints the whole text every time: ~0.2 ms for a short traceback, three times
what the standard library spends on the record. Line by line, the same cells
come out, so each line's cells are kept:

- without a markup tag (``[`` nowhere in the message) markup only replaces
  emoji codes, and no code spans a newline;
- ``ReprHighlighter``'s patterns never match across a newline except ``tag``
  (first ``<`` to last ``>``), whose spans are found on the whole text and
  clipped to each line (see :func:`~logkit.handlers._repr_highlight.tag_spans`);
- keywords are words, and ``Text.wrap`` wraps each line on its own.

The cells are kept in the painter per line text, width, clipped tag spans and
keywords; the painter forgets them when the console, theme or colors change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from rich.console import Console
from rich.control import strip_control_codes
from rich.highlighter import Highlighter, ReprHighlighter
from rich.style import Style
from rich.text import Span, Text

from logkit.handlers._repr_highlight import (
    MATCHES_RICH,
    highlight_repr,
    paint_numbers,
    repr_spans,
    tag_spans,
)
from logkit.handlers._rich_markup import may_hold_markup, text_from_template
from logkit.handlers._rich_paint import Painter
from logkit.handlers._rich_row import cell_length, lines_that_fit

__all__ = ["message_cells", "message_lines"]

_LINES_KEPT = 2048  # remembered lines, per painter

_Clip = tuple[tuple[int, int, str | Style], ...]


def message_cells(
    message: str,
    width: int,
    *,
    markup: bool,
    keywords: re.Pattern[str] | None,
    usual: Callable[[str], bool],
    painter: Painter,
    tab_size: int,
) -> list[str] | None:
    """The message column's painted lines (each ``width`` cells) for a message of
    several lines, highlighted by rich's ``ReprHighlighter`` and ``keywords``;
    ``None`` where the whole text must be drawn at once (a tab, a markup tag).

    ``usual`` says of a line whether it is printable ASCII in which only numbers
    are highlighted and no keyword occurs (``usual_test``): such a line, new in
    each record (``order 7 failed``), is painted as the console's lane paints a
    one-line message, without spans.
    """
    if "\t" in message or (markup and "[" in message):
        return None
    plains = [_plain_line(line, markup) for line in message.split("\n")]
    clips = _tag_clips(plains) if "<" in message and ">" in message else [()] * len(plains)
    kept = painter.lines
    if len(kept) > _LINES_KEPT:
        kept.clear()
    number = painter.wrapper("repr.number") if painter.wrapper("log.message") == ("", "") else None
    cells: list[str] = []
    for plain, clip in zip(plains, clips, strict=True):
        key = (plain, width, clip, keywords)
        line_cells = kept.get(key)
        if line_cells is not None:
            cells += line_cells
            continue
        if number is not None and not clip and len(plain) <= width and usual(plain):
            # New in each record, most likely (order 7 failed): not kept.
            cells.append(paint_numbers(plain, *number) + " " * (width - len(plain)))
            continue
        drawn = _draw_line(
            plain, clip, width, keywords=keywords, painter=painter, tab_size=tab_size
        )
        if drawn is None:
            return None
        line_cells, linked = drawn
        if not linked:  # a link needs a fresh id every time
            kept[key] = line_cells
        cells += line_cells
    return cells


def _plain_line(line: str, markup: bool) -> str:
    """The line as ``Text.from_markup`` (with no tag) or ``Text`` leaves it."""
    if markup and line.count(":") >= 2:  # an emoji code needs two colons
        return _plain_from_markup(line)
    return line if line.isprintable() else strip_control_codes(line)


@lru_cache(maxsize=1024)
def _plain_from_markup(line: str) -> str:
    return Text.from_markup(line).plain


def _tag_clips(plains: list[str]) -> list[_Clip]:
    """For each line, the part of the ``tag`` pattern's spans that falls on it
    (the markup and control codes taken out of a line add no ``<`` or ``>``)."""
    spans: list[Span] = []
    tag_spans("\n".join(plains), spans)
    clips: list[_Clip] = []
    start = 0
    for plain in plains:
        end = start + len(plain)
        clips.append(
            tuple(
                (max(span_start, start) - start, min(span_end, end) - start, style)
                for span_start, span_end, style in spans
                if min(span_end, end) > max(span_start, start)
            )
        )
        start = end + 1
    return clips


def _draw_line(
    plain: str,
    clip: _Clip,
    width: int,
    *,
    keywords: re.Pattern[str] | None,
    painter: Painter,
    tab_size: int,
) -> tuple[list[str], bool] | None:
    """One line's painted cells (more than one when it wraps), and whether a
    style on it is a link; ``None`` where rich must draw it."""
    spans = [Span(*span) for span in clip]
    repr_spans(plain, spans, tags=False)
    _add_keyword_spans(plain, spans, keywords)
    length = cell_length(plain)
    if length <= width:
        lines = [(plain + " " * (width - length), spans)]
    else:
        wrapped = Text(plain, spans=spans).wrap(
            painter.console, width, justify="left", overflow="fold", tab_size=tab_size
        )
        if any(line.style for line in wrapped):
            return None
        lines = [(line.plain, line.spans) for line in wrapped]
    style = painter.style("log.message")
    linked = bool(style.link) or any(painter.style(span.style).link for span in spans)
    return [painter.cell(text, line_spans, style) for text, line_spans in lines], linked


def message_lines(
    message: str,
    width: int,
    *,
    markup: bool,
    highlighter: Highlighter | None,
    keywords: re.Pattern[str] | None,
    console: Console,
) -> list[tuple[str, list[Span]]] | None:
    """The message cell's lines (text padded to ``width``, spans), as the table wraps
    them; ``None`` where rich must draw the message (a Text with a style of its own)."""
    text = None
    quick = _quick_message(message, markup=markup, highlighter=highlighter, keywords=keywords)
    if quick is None:
        text = _message_text(message, markup=markup, highlighter=highlighter, keywords=keywords)
        if text is None:
            return None
        plain, spans = text.plain, text.spans
    else:
        plain, spans = quick
    if "\n" not in plain and "\t" not in plain:
        length = cell_length(plain)
        if length <= width:  # one line, as wide as it is: only padding to add
            return [(plain + " " * (width - length), spans)]
    fitting = lines_that_fit(plain, spans, width)
    if fitting is not None:
        return fitting
    if text is None:
        text = Text(plain, spans=spans)
    tab_size = console.tab_size or 8
    wrapped = text.wrap(
        console, width, justify="left", overflow="fold", tab_size=tab_size, no_wrap=False
    )
    if any(line.style for line in wrapped):
        return None
    return [(line.plain, line.spans) for line in wrapped]


def _quick_message(
    message: str,
    *,
    markup: bool,
    highlighter: Highlighter | None,
    keywords: re.Pattern[str] | None,
) -> tuple[str, list[Span]] | None:
    """Text and spans without a Text object, when no markup and rich's highlighter apply."""
    if markup and may_hold_markup(message):
        return None  # rich's markup parser decides
    if not (MATCHES_RICH and type(highlighter) is ReprHighlighter):
        return None
    # As Text() does; a printable string has no control codes to strip.
    plain = message if message.isprintable() else strip_control_codes(message)
    spans: list[Span] = []
    repr_spans(plain, spans)
    _add_keyword_spans(plain, spans, keywords)
    return plain, spans


def _message_text(
    message: str,
    *,
    markup: bool,
    highlighter: Highlighter | None,
    keywords: re.Pattern[str] | None,
) -> Text | None:
    """``render_message``'s Text, with rich's ReprHighlighter replaced by equal faster code."""
    text = text_from_template(message) if markup and may_hold_markup(message) else Text(message)
    if highlighter:
        if MATCHES_RICH and type(highlighter) is ReprHighlighter:
            highlight_repr(text)
        else:
            text = highlighter(text)
    _add_keyword_spans(text.plain, text.spans, keywords)
    if text.style or text.justify or text.overflow or text.no_wrap is not None or text.tab_size:
        return None
    return text


def _add_keyword_spans(plain: str, spans: list[Span], keywords: re.Pattern[str] | None) -> None:
    """``Text.highlight_words(keywords, "logging.keyword")``, with the regex kept."""
    if keywords is not None:
        spans += [Span(*match.span(), "logging.keyword") for match in keywords.finditer(plain)]
