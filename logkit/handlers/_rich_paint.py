"""Rich styles to ANSI for ``RichConsoleHandler``, as ``Console._render_buffer`` writes them.

A :class:`Painter` caches what it rendered per console, theme and color system;
a :class:`Cell` is one fixed column of a log row (time, level, path) and a
:class:`Frame` the fixed columns of a row put together, so that a record only
adds its message and fresh hyperlink ids.
"""

from __future__ import annotations

import itertools
import random
import re
from typing import NamedTuple

from rich.color import ColorSystem
from rich.console import COLOR_SYSTEMS, Console
from rich.style import Style
from rich.text import Span

from logkit._rich_private import CONSOLE_THEME_STACK, THEME_STACK_LOOKUP

__all__ = ["LINK_ID", "Cell", "Frame", "Painter"]

_NULL = Style.null()
_StyleName = str | Style

LINK_ID = re.compile(r"(?<=\x1b\]8;id=)[^;]*")
# Terminals join hyperlink cells that share an id and URI, so each record's links
# get ids of their own (rich draws them from a counter with a random start too).
_link_ids = itertools.count(random.getrandbits(24))


class Painter:
    """Turns styled pieces into ANSI for one console, as ``Console._render_buffer`` would.

    Rendered forms are cached per final ``Style`` object (styles come from the
    console's theme, so a theme change yields new objects and new entries). Link
    styles are rendered afresh each time, as rich gives every copy a new link id.
    """

    def __init__(self, console: Console) -> None:
        self._wrappers: dict[tuple[Style, ColorSystem | None], tuple[str, str]] = {}
        self._combined: dict[tuple[Style, ...], Style] = {}
        self._styles: dict[str, Style] = {}
        self.cells: dict[tuple[object, ...], Cell] = {}
        self.frames: dict[tuple[object, ...], Frame] = {}
        self._named: dict[str, tuple[str, str] | None] = {}
        self.bodies: dict[tuple[object, ...], str | None] = {}
        self.lines: dict[tuple[object, ...], list[str]] = {}
        self._state: tuple[object, ...] = ()
        self.console = console
        self.color_system: ColorSystem | None = None

    def use(self, console: Console) -> None:
        """Start a record; forget cached styles if the console, theme or colors changed."""
        name = console.color_system
        # A new object exactly when a theme is pushed or popped. Without it, cache nothing.
        theme = getattr(getattr(console, CONSOLE_THEME_STACK, None), THEME_STACK_LOOKUP, None)
        state = (console, theme, name)
        if state == self._state and len(self.cells) + len(self.frames) <= 4096:
            return  # the same console, theme and colors as the last record: all kept
        self._styles.clear()
        self.cells.clear()
        self.frames.clear()
        self._named.clear()
        self.bodies.clear()
        self.lines.clear()
        self._state = state if theme is not None else ()
        self.console = console
        self.color_system = None if name is None else COLOR_SYSTEMS[name]

    def style(self, name: _StyleName) -> Style:
        if isinstance(name, Style):
            return name
        style = self._styles.get(name)
        if style is None:
            style = self.console.get_style(name, default=_NULL)
            if not style.link:  # links get a fresh copy (and id) every time
                self._styles[name] = style
        return style

    def paint(self, text: str, style: Style | None) -> str:
        if not style or not text:
            return text
        if style.link:
            return style.render(text, color_system=self.color_system)
        key = (style, self.color_system)
        wrapper = self._wrappers.get(key)
        if wrapper is None:
            before, _, after = style.render("\x00", color_system=self.color_system).partition(
                "\x00"
            )
            wrapper = self._wrappers[key] = (before, after)
        return f"{wrapper[0]}{text}{wrapper[1]}"

    def wrapper(self, name: str) -> tuple[str, str] | None:
        """What ``paint`` puts before and after any text in the named style; ``None`` for a link."""
        try:
            return self._named[name]
        except KeyError:
            pass
        style = self.style(name)
        wrapper = None
        if not style.link:
            before, _, after = (self.paint("\x00", style) if style else "\x00").partition("\x00")
            wrapper = (before, after)
        self._named[name] = wrapper
        return wrapper

    def combine(self, styles: tuple[Style, ...]) -> Style:
        """``Style.combine``, remembered for link-free styles (links need fresh ids)."""
        combined = self._combined.get(styles)
        if combined is None:
            combined = Style.combine(styles)
            if not combined.link:
                self._combined[styles] = combined
        return combined

    def cell(self, text: str, spans: list[Span], cell_style: Style) -> str:
        """Render one line of a table cell: ``Text.render`` plus the column's style."""
        if not spans:
            return self.paint(text, cell_style + None if cell_style else None)
        if not cell_style:
            flat = self._flat_cell(text, spans)
            if flat is not None:
                return flat
        get_style = self.style
        style_map = [_NULL, *(get_style(span.style) for span in spans)]
        bounds = [(0, False, 0), (len(text), True, 0)]
        for index, span in enumerate(spans, 1):
            bounds.append((span.start, False, index))
            bounds.append((span.end, True, index))
        bounds.sort(key=_offset_then_leaving)
        stack: list[int] = []
        per_render: dict[tuple[Style, ...], Style] = {}
        out: list[str] = []
        for (offset, leaving, style_id), (next_offset, _, _) in itertools.pairwise(bounds):
            if leaving:
                stack.remove(style_id)
            else:
                stack.append(style_id)
            if next_offset > offset:
                key = tuple([style_map[i] for i in sorted(stack)])
                style = per_render.get(key)
                if style is None:
                    style = per_render[key] = self.combine(key)
                final = cell_style + style if cell_style else style
                out.append(self.paint(text[offset:next_offset], final))
        return "".join(out)

    def _flat_cell(self, text: str, spans: list[Span]) -> str | None:
        """The common case quickly: no cell style and spans that do not overlap.

        Then each span's text takes exactly the span's style and the text between
        spans is unstyled, which is what the general walk yields in that case.
        """
        ordered = spans
        for before, after in itertools.pairwise(spans):
            if after.start < before.start:
                ordered = sorted(spans, key=_span_start)
                break
        out: list[str] = []
        position = 0
        style = self.style
        paint = self.paint
        for start, end, name in ordered:
            if start < position or end <= start:
                return None
            if start > position:
                out.append(text[position:start])
            out.append(paint(text[start:end], style(name)))
            position = end
        out.append(text[position:])
        return "".join(out)


class Cell(NamedTuple):
    """A fixed column of the row: its first line (split where link ids go), blank, width."""

    parts: tuple[str, ...]
    blank: str
    width: int

    def first(self) -> str:
        """The first line; each hyperlink gets a fresh id, as rich's style copies do."""
        parts = self.parts
        if len(parts) == 1:
            return parts[0]
        return parts[0] + "".join(f"{next(_link_ids)}{part}" for part in parts[1:])


def _span_start(span: Span) -> int:
    return span.start


def _offset_then_leaving(bound: tuple[int, bool, int]) -> tuple[int, bool]:
    return bound[0], bound[1]


class Frame(NamedTuple):
    """The fixed columns of one row around its message column.

    ``head`` is what comes before the message on the first line (time, level),
    ``tail`` what comes after it (the message column's padding, the path) as a
    ``%`` template with one ``%s`` per hyperlink id (``links`` of them), and
    ``width`` the cells they take. Lines after the first get the ``blank_`` forms.
    """

    head: str
    tail: str
    links: int
    width: int
    blank_head: str
    blank_tail: str

    @classmethod
    def of(cls, before: list[Cell], pad: str, path: Cell | None) -> Frame:
        """The frame of these cells: ``before`` the message, ``pad`` and ``path`` after it."""
        head = "".join(cell.first() for cell in before)
        blank_head = "".join(cell.blank for cell in before)
        width = sum(cell.width for cell in before)
        if path is None:
            return cls(head, pad, 0, width, blank_head, pad)
        links = len(path.parts) - 1
        if links:
            tail = "%s".join(
                part.replace("%", "%%") for part in (pad + path.parts[0], *path.parts[1:])
            )
        else:
            tail = pad + path.parts[0]
        return cls(head, tail, links, width + path.width, blank_head, pad + path.blank)

    def close(self) -> str:
        """The tail of the first line, each hyperlink with a fresh id (as rich gives them)."""
        links = self.links
        if not links:
            return self.tail
        if links == 2:
            return self.tail % (next(_link_ids), next(_link_ids))
        return self.tail % tuple(itertools.islice(_link_ids, links))
