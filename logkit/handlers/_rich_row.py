"""Pieces of ``RichConsoleHandler``'s per-record path, kept out of ``_rich_console``.

That module draws a record's row; what it needs that is not about the row's
layout lives here, so the handler module stays small.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from rich.cells import cell_len
from rich.text import Span

__all__ = ["cell_length", "lines_that_fit"]


def cell_length(text: str) -> int:
    """``cell_len``, skipping its cache for printable ASCII (one cell per character)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return cell_len(text)


def lines_that_fit(
    plain: str, spans: list[Span], width: int
) -> list[tuple[str, list[Span]]] | None:
    """What ``Text(plain, spans=spans).wrap(console, width, justify="left",
    overflow="fold")`` makes of a text whose lines all fit: each line padded to
    ``width``, with its share of the spans; ``None`` unless every line is
    printable ASCII (no tab) of at most ``width`` characters.

    Then ``wrap`` breaks no line (``divide_line`` finds no offset when the whole
    line fits) and strips nothing (``rstrip_end`` acts only past ``width``), so
    its lines are ``Text.split``'s, padded by ``justify``. ``Text.split``
    divides the text at both ends of every newline and drops the newlines;
    ``Text.divide`` gives each piece the part of each span that overlaps it
    (if not empty), moved to the piece's start, in the spans' order. A text
    without a newline is copied whole, empty spans included.
    """
    if not plain.isascii():
        return None
    lines = plain.split("\n")
    for line in lines:
        if len(line) > width or not line.isprintable():
            return None
    if len(lines) == 1:  # Text.split and Text.divide copy a single line, spans and all
        return [(plain + " " * (width - len(plain)), list(spans))]
    line_spans: list[list[Span]] = [[] for _ in lines]
    if spans:
        starts = list(accumulate([len(line) + 1 for line in lines[:-1]], initial=0))
        for span_start, span_end, style in spans:
            index = bisect_right(starts, span_start) - 1
            for line_no in range(max(index, 0), len(lines)):
                line_start = starts[line_no]
                if line_start >= span_end:
                    break
                new_start = max(0, span_start - line_start)
                new_end = min(span_end - line_start, len(lines[line_no]))
                if new_end > new_start:
                    line_spans[line_no].append(Span(new_start, new_end, style))
    return [
        (line + " " * (width - len(line)), spans_of_line)
        for line, spans_of_line in zip(lines, line_spans, strict=True)
    ]
