"""Every private name of ``logging``, ``rich`` and ``tqdm`` that logkit uses, in one place.

Neither library promises these names. Each use goes through this module, so a
reader sees them in one list, mypy sees one ``Any`` instead of many, and
``tests/test_private.py`` fails loudly (rather than a feature quietly falling
back) when a new release renames one: :func:`missing_names` tries each.

``import logkit`` must not load rich, so the rich accessors import it (or are
handed its objects) only when called.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
import types
import weakref
from collections.abc import Callable, Collection, Mapping, MutableMapping

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import IO, Any

    from rich._log_render import LogRender
    from rich.console import Console
    from rich.logging import RichHandler
    from rich.syntax import Syntax
    from rich.text import Text

# typeshed does not declare the private registry; read it through one Any.
_logging: Any = logging


def logging_lock() -> threading.RLock:
    """The lock that guards the handler registry and the logger tree."""
    lock: threading.RLock = _logging._lock
    return lock


def handlers_by_name() -> MutableMapping[str, logging.Handler]:
    """The registry of named handlers (``logging._handlers``, a weak-value dict)."""
    registry: MutableMapping[str, logging.Handler] = _logging._handlers
    return registry


def handler_references() -> list[weakref.ReferenceType[logging.Handler]]:
    """Weak references to every handler, which ``dictConfig`` closes before building."""
    references: list[weakref.ReferenceType[logging.Handler]] = _logging._handlerList
    return references


def level_numbers() -> Mapping[str, int]:
    """Registered level names and their numbers, without a copy per call."""
    names: Mapping[str, int] = _logging._nameToLevel
    return names


def clear_level_caches() -> None:
    """Forget every logger's cached ``isEnabledFor`` answers."""
    manager: Any = logging.root.manager
    manager._clear_cache()


def format_string(formatter: logging.Formatter) -> str | None:
    """The format a formatter was built with (``None`` only for odd subclasses)."""
    fmt: str | None = formatter._fmt
    return fmt


def percent_format(formatter: logging.Formatter) -> str | None:
    """``_style._fmt`` if ``_style`` is a ``PercentStyle`` without ``_defaults``, else None."""
    style: Any = formatter._style
    return None if style._defaults or type(style) is not logging.PercentStyle else str(style._fmt)


def add_format_defaults(formatter: logging.Formatter, values: Mapping[str, object]) -> None:
    """Give a formatter's fields defaults, as ``Formatter(defaults=...)`` does (3.10+).

    A record's own attributes (``extra=``) win; defaults the formatter was
    built with win over ``values``.
    """
    style: Any = formatter._style
    style._defaults = {**values, **(style._defaults or {})}


def _probe_format_defaults() -> None:
    formatter = logging.Formatter("%(probe)s")
    add_format_defaults(formatter, {"probe": "yes"})
    record = logging.LogRecord("probe", logging.INFO, __file__, 1, "m", None, None)
    _require(formatter.format(record) == "yes", "Formatter._style._defaults fills fields")
    _require(percent_format(logging.Formatter("%(a)s")) == "%(a)s", "Formatter._style._fmt")


# -- logging's handler classes (logkit.handlers._rotating) -------------------


def handler_is_closed(handler: logging.Handler) -> bool:
    """Whether ``close()`` ran (``Handler._closed``; ``False`` if this Python lacks it).

    ``FileHandler.emit`` reads it so that a closed ``mode="w"`` handler does not
    reopen, and truncate, its file; logkit's rotating handlers do the same.
    """
    closed: bool = getattr(handler, "_closed", False)
    return closed


_CALL_HANDLERS = logging.Logger.callHandlers.__code__


def handler_being_called(frame: types.FrameType) -> tuple[object, object] | None:
    """For a frame running ``Logger.callHandlers``: the logger whose handler list it
    iterates (its local ``c``) and the handler it is calling (``hdlr``); else None.

    The transaction reads it to tell the caller's own iteration from other threads'.
    """
    if frame.f_code is not _CALL_HANDLERS:
        return None
    local = frame.f_locals
    return local.get("c"), local.get("hdlr")


def _probe_call_handlers_locals() -> None:
    names = _CALL_HANDLERS.co_varnames
    if "c" not in names or "hdlr" not in names:
        raise AttributeError("Logger.callHandlers has no locals 'c' and 'hdlr'")


# logkit's rotating handlers also *override* ``FileHandler._open``: the standard
# constructor, ``emit`` and ``doRollover`` open every stream through it, which is
# how the handlers learn each new file descriptor. An override cannot go through
# an accessor, so the name is only listed in the check below.


# -- rich (logkit.handlers._rich_console) --------------------------------------


def null_file_class() -> type[IO[str]]:
    """``rich._null_file.NullFile``: what a Console writes to when there is no stdout."""
    from rich._null_file import NullFile

    return NullFile


def console_width(console: Console) -> int:
    """``console.width``, without the terminal-size probe when the width is fixed.

    ``Console._width`` holds the width the console was given (``None`` if not).
    """
    fixed = getattr(console, "_width", None)
    if isinstance(fixed, int) and not console.legacy_windows:
        return fixed
    return console.width


# Console attributes that RichConsoleHandler.emit reads on every record, with
# getattr and a safe default (rich's own emit draws the record, or no style is
# cached). Accessor calls for them cost about 1% of a record (measured), so the
# handler takes the names from here instead.
CONSOLE_BUFFER_INDEX = "_buffer_index"  # non-zero inside capture() and pager()
CONSOLE_RENDER_HOOKS = "_render_hooks"  # non-empty while a Live display runs
CONSOLE_THEME_STACK = "_theme_stack"  # the pushed themes (thread-local)
# ThemeStack keeps the top theme's dict.get as this attribute: a new object
# exactly when a theme is pushed or popped, so it can key style caches.
THEME_STACK_LOOKUP = "get"


def log_render(handler: RichHandler) -> LogRender:
    """The handler's row renderer (``RichHandler._log_render``), which holds its options.

    Its ``show_time``, ``show_level``, ``show_path``, ``omit_repeated_times`` and
    ``time_format`` are public names on a class from a private module, so they
    are listed in the check too.
    """
    return handler._log_render


def last_time(render: LogRender) -> Text | None:
    """The time text the renderer last showed (``LogRender._last_time``)."""
    return render._last_time


def remember_time(render: LogRender, time_text: Text) -> None:
    """Record a shown time, as ``LogRender`` does, so repeated times are omitted."""
    render._last_time = time_text


# -- rich's live displays and tqdm's bars (logkit.handlers._shared_console) ---


def global_console() -> Console | None:
    """Rich's global console (``rich._console``), or ``None`` if none was made yet."""
    rich: Any = sys.modules.get("rich")  # not imported: no console either
    console: Console | None = None if rich is None else rich._console
    return console


def renew_console_lock(console: Console) -> None:
    """Give a console a new lock (``Console._lock``): in a forked child, the copy
    of a lock another thread of the parent held stays held forever."""
    held: Any = console
    held._lock = threading.RLock()


def _probe_console_lock() -> None:
    from rich.console import Console

    console = Console(file=io.StringIO())
    lock = console._lock
    _require(hasattr(lock, "acquire") and hasattr(lock, "release"), "Console._lock is a lock")
    renew_console_lock(console)
    _require(console._lock is not lock, "Console._lock can be replaced")


def proxy_console(proxy: object) -> Console:
    """The console a live display sends writes to ``sys.stdout``/``stderr`` through
    (``rich.file_proxy.FileProxy.__console``)."""
    held: Any = proxy
    console: Console = held._FileProxy__console
    return console


def tqdm_bars(tqdm_class: Any) -> Collection[Any]:
    """The bars tqdm has not closed (``tqdm._instances``, shared by its subclasses)."""
    bars: Collection[Any] = tqdm_class._instances
    return bars


def tqdm_redirect_handler_class() -> type[logging.Handler]:
    """The handler ``logging_redirect_tqdm()`` puts on each logger it redirects."""
    import importlib  # here: configure() need not load it

    tqdm_logging: Any = importlib.import_module("tqdm.contrib.logging")  # tqdm has no types
    handler_class: type[logging.Handler] = tqdm_logging._TqdmLoggingHandler
    return handler_class


def _probe_global_console() -> None:
    import rich

    made = rich.get_console()
    _require(global_console() is made, "rich._console holds what get_console() returns")


def _probe_proxy_console() -> None:
    from rich.file_proxy import FileProxy

    console = _probe_console()
    proxy = FileProxy(console, io.StringIO())
    _require(proxy_console(proxy) is console, "FileProxy.__console is the console it prints to")


def _probe_tqdm_bars() -> None:
    import importlib

    tqdm = importlib.import_module("tqdm").tqdm
    with tqdm(total=1, file=io.StringIO()) as bar:
        _require(bar in set(tqdm_bars(tqdm)), "tqdm._instances holds the open bars")


def _probe_tqdm_redirect_handler() -> None:
    import importlib

    logging_redirect_tqdm = importlib.import_module("tqdm.contrib.logging").logging_redirect_tqdm
    logger = logging.Logger("probe")
    with logging_redirect_tqdm([logger]):
        added = [type(handler) for handler in logger.handlers]
    _require(added == [tqdm_redirect_handler_class()], "logging_redirect_tqdm adds it")


# logkit.handlers._rich_traceback also *overrides* ``Traceback._render_stack``
# (the Group of a stack's frames, each frame's code a ``Syntax``), listed below.


def syntax_ranges(syntax: Syntax) -> list[Any]:
    """The ranges ``Syntax.stylize_range`` added (``Syntax._stylized_ranges``).

    Each is a named tuple with ``start`` and ``end`` as (line, column), lines
    counted from the start of ``syntax.code``.
    """
    ranges: list[Any] = syntax._stylized_ranges
    return ranges


# -- the check ----------------------------------------------------------------


def _require(holds: bool, meaning: str) -> None:
    """Fail a probe whose name still exists but no longer means what logkit relies on."""
    if not holds:
        raise TypeError(meaning)


def _probe_closed() -> None:
    handler = logging.Handler()
    _require(vars(handler)["_closed"] is False, "Handler._closed starts False")
    handler.close()
    _require(vars(handler)["_closed"] is True, "Handler.close() sets _closed")


def _probe_file_handler_open() -> None:
    opened: list[str] = []

    class Probe(logging.FileHandler):
        def _open(self) -> io.TextIOWrapper:
            opened.append(self.baseFilename)
            return super()._open()

    Probe(os.devnull).close()
    _require(bool(opened), "FileHandler opens its stream through _open()")


def _probe_console() -> Console:
    from rich.console import Console

    return Console(file=io.StringIO(), width=77, force_terminal=True)


def _probe_null_file() -> None:
    _require(isinstance(null_file_class(), type), "rich._null_file.NullFile is a class")


def _probe_width() -> None:
    fixed: object = _probe_console()._width
    _require(fixed == 77, "Console._width holds the width the console was given")
    _require(console_width(_probe_console()) == 77, "console_width() reads it")


def _probe_buffer_index() -> None:
    console = _probe_console()
    outside = getattr(console, CONSOLE_BUFFER_INDEX)
    with console.capture():
        inside = getattr(console, CONSOLE_BUFFER_INDEX)
    _require(outside == 0 and inside != 0, "Console._buffer_index counts open captures")


def _probe_render_hooks() -> None:
    from rich.console import RenderHook

    class Hook(RenderHook):
        def process_renderables(self, renderables: list[Any]) -> list[Any]:
            return renderables

    console = _probe_console()
    idle = list(getattr(console, CONSOLE_RENDER_HOOKS))
    console.push_render_hook(Hook())
    busy = list(getattr(console, CONSOLE_RENDER_HOOKS))
    console.pop_render_hook()
    _require(not idle and bool(busy), "Console._render_hooks lists the active hooks")


def _probe_theme_stack() -> None:
    from rich.theme import ThemeStack

    stack = getattr(_probe_console(), CONSOLE_THEME_STACK)
    _require(isinstance(stack, ThemeStack), "Console._theme_stack is a ThemeStack")


def _probe_theme_lookup() -> None:
    from rich.theme import Theme

    console = _probe_console()
    stack = console._theme_stack
    before = getattr(stack, THEME_STACK_LOOKUP)
    _require(before("log.time") == console.get_style("log.time"), "ThemeStack.get finds styles")
    console.push_theme(Theme({"log.time": "red"}))
    changed = getattr(stack, THEME_STACK_LOOKUP) is not before
    console.pop_theme()
    _require(changed, "ThemeStack.get is a new object when a theme is pushed")


def _probe_log_render() -> None:
    from rich._log_render import LogRender
    from rich.logging import RichHandler

    render: object = RichHandler(console=_probe_console())._log_render
    _require(isinstance(render, LogRender), "RichHandler._log_render is a LogRender")


def _probe_last_time() -> None:
    from rich.logging import RichHandler
    from rich.text import Text

    handler = RichHandler(console=_probe_console(), show_path=False)
    render = handler._log_render
    _require(render._last_time is None, "LogRender._last_time starts unset")
    record = logging.LogRecord("probe", logging.INFO, __file__, 1, "probe", None, None)
    handler.render(record=record, traceback=None, message_renderable=Text("probe"))
    shown = render._last_time
    _require(shown is not None and bool(shown.plain.strip()), "LogRender._last_time is set")


def _probe_log_render_option(attribute: str, option: str, value: object) -> Callable[[], None]:
    """A probe that ``RichHandler(option=value)`` shows up as ``LogRender.<attribute>``."""

    def probe() -> None:
        from rich.logging import RichHandler

        options: dict[str, Any] = {option: value}
        render = RichHandler(console=_probe_console(), **options)._log_render
        _require(getattr(render, attribute) == value, f"LogRender.{attribute} is {option}")

    return probe


def _probe_syntax_ranges() -> None:
    from rich.syntax import Syntax

    syntax = Syntax("a = 1\nb = 2\n", "python")
    syntax.stylize_range("red", (2, 0), (2, 1))
    (added,) = syntax_ranges(syntax)
    moved = added._replace(start=(1, 0), end=(1, 1))
    _require(moved.start == (1, 0) and added.end == (2, 1), "Syntax._stylized_ranges")


def _probe_render_stack() -> None:
    from rich.syntax import Syntax
    from rich.traceback import Traceback

    try:
        raise ValueError("probe")
    except ValueError as error:
        traceback = Traceback.from_exception(type(error), error, error.__traceback__)
    group = traceback._render_stack(traceback.trace.stacks[0])
    found = [item for item in group.renderables if isinstance(item, Syntax)]
    _require(bool(found), "Traceback._render_stack returns a Group holding each frame's Syntax")


_PROBES: Mapping[str, Callable[[], object]] = {
    # logging
    "logging._lock": logging_lock,
    "logging._handlers": handlers_by_name,
    "logging._handlerList": handler_references,
    "logging._nameToLevel": level_numbers,
    "logging.Manager._clear_cache": lambda: _logging.root.manager._clear_cache,
    "logging.Formatter._fmt": lambda: format_string(logging.Formatter("%(message)s")),
    "logging.Formatter._style._defaults, _fmt": _probe_format_defaults,
    "logging.Handler._closed": _probe_closed,
    "logging.Logger.callHandlers locals c, hdlr": _probe_call_handlers_locals,
    "logging.FileHandler._open": _probe_file_handler_open,
    # rich
    "rich._null_file.NullFile": _probe_null_file,
    "rich.console.Console._width": _probe_width,
    "rich.console.Console._buffer_index": _probe_buffer_index,
    "rich.console.Console._render_hooks": _probe_render_hooks,
    "rich.console.Console._theme_stack": _probe_theme_stack,
    "rich.theme.ThemeStack.get": _probe_theme_lookup,
    "rich.logging.RichHandler._log_render": _probe_log_render,
    "rich._log_render.LogRender._last_time": _probe_last_time,
    "rich._log_render.LogRender.show_time": _probe_log_render_option(
        "show_time", "show_time", False
    ),
    "rich._log_render.LogRender.show_level": _probe_log_render_option(
        "show_level", "show_level", False
    ),
    "rich._log_render.LogRender.show_path": _probe_log_render_option(
        "show_path", "show_path", False
    ),
    "rich._log_render.LogRender.omit_repeated_times": _probe_log_render_option(
        "omit_repeated_times", "omit_repeated_times", False
    ),
    "rich._log_render.LogRender.time_format": _probe_log_render_option(
        "time_format", "log_time_format", "%H:%M"
    ),
    "rich.syntax.Syntax._stylized_ranges": _probe_syntax_ranges,
    "rich.traceback.Traceback._render_stack": _probe_render_stack,
    "rich._console": _probe_global_console,
    "rich.console.Console._lock": _probe_console_lock,
    "rich.file_proxy.FileProxy.__console": _probe_proxy_console,
    # tqdm
    "tqdm.std.tqdm._instances": _probe_tqdm_bars,
    "tqdm.contrib.logging._TqdmLoggingHandler": _probe_tqdm_redirect_handler,
}


def missing_names(probes: Mapping[str, Callable[[], object]] | None = None) -> list[str]:
    """The private names logkit relies on that the installed libraries do not have.

    A name counts as missing when its probe raises ``AttributeError``,
    ``ImportError``, ``KeyError`` or ``TypeError``: it is gone, or it no longer
    means what logkit reads it for.

    Args:
        probes: Name -> a function that reads it (default: every name listed
            here).

    Returns:
        The names whose probe failed, in listing order.
    """
    if probes is None:
        probes = _PROBES
    missing: list[str] = []
    for name, probe in probes.items():
        try:
            probe()
        except (AttributeError, ImportError, KeyError, TypeError):
            missing.append(name)
    return missing
