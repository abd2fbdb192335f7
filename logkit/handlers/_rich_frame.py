"""The fixed columns of ``RichConsoleHandler``'s rows (time, level, path): ``LogRender``'s look.

Each column is a :class:`~logkit.handlers._rich_paint.Cell`, cached in the
painter per text; :func:`frame_for` puts a row's columns together into one
cached :class:`~logkit.handlers._rich_paint.Frame` per time text, level and
source line.
"""

from __future__ import annotations

import os

from rich.cells import cell_len
from rich.text import Span

from logkit.handlers._rich_paint import LINK_ID, Cell, Frame, Painter

__all__ = ["frame_for"]


def frame_for(
    painter: Painter,
    time_text: str | None,
    level: str | None,
    path: tuple[str, int, bool] | None,
) -> Frame:
    """The row's fixed columns: ``time_text`` unless ``None``, ``level`` (a level
    name) unless ``None``, and ``path`` (pathname, line number, whether to link)
    unless ``None``; cached in the painter.
    """
    key = (time_text, level, path)
    frame = painter.frames.get(key)
    if frame is None:
        before = []
        if time_text is not None:
            before.append(_time_cell(time_text, painter))
        if level is not None:
            before.append(_level_cell(level, painter))
        path_cell = _path_cell(*path, painter) if path is not None else None
        pad = painter.paint(" ", painter.style("log.message")) if path_cell is not None else ""
        frame = painter.frames[key] = Frame.of(before, pad, path_cell)
    return frame


def _time_cell(time_text: str, painter: Painter) -> Cell:
    """The time column: the time, or blanks when it repeats, column-styled, padded."""
    key = ("time", time_text)
    cell = painter.cells.get(key)
    if cell is None:
        style = painter.style("log.time")
        width = cell_len(time_text) + 1
        first = painter.paint(time_text, style) + painter.paint(" ", style)
        cell = Cell((first,), painter.paint(" " * width, style), width)
        painter.cells[key] = cell
    return cell


def _level_cell(levelname: str, painter: Painter) -> Cell:
    """The level column, as ``get_level_text`` styles it, padded."""
    key = ("level", levelname)
    cell = painter.cells.get(key)
    if cell is None:
        level_text = levelname.ljust(8)
        style = painter.style("log.level")
        span = Span(0, len(level_text), f"logging.level.{levelname.lower()}")
        width = cell_len(level_text) + 1
        first = painter.cell(level_text, [span], style) + painter.paint(" ", style)
        cell = Cell((first,), painter.paint(" " * width, style), width)
        painter.cells[key] = cell
    return cell


def _path_cell(pathname: str, lineno: int, link_path: bool, painter: Painter) -> Cell | None:
    """The path column (``None`` when the record has no file name).

    Its width includes the message column's padding, which comes with it.
    """
    key = ("path", pathname, lineno, link_path)
    cell = painter.cells.get(key)
    if cell is None:
        path = os.path.basename(pathname)
        if not path:
            return None
        text = f"{path}:{lineno}" if lineno else path
        style = painter.style("log.path")
        spans = _path_spans(pathname, lineno, path) if link_path else []
        first = painter.cell(text, spans, style)
        blank = painter.paint(" " * cell_len(text), style)
        cell = Cell(tuple(LINK_ID.split(first)), blank, cell_len(text) + 1)
        painter.cells[key] = cell
    return cell


def _path_spans(pathname: str, lineno: int, path: str) -> list[Span]:
    """The spans ``LogRender`` gives the path cell (links to the source file)."""
    spans = [Span(0, len(path), f"link file://{pathname}")]
    if lineno:
        start = len(path) + 1
        spans.append(Span(start, start + len(str(lineno)), f"link file://{pathname}#{lineno}"))
    return spans
