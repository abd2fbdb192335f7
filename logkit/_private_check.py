"""The check that every private name logkit relies on still exists and means the same.

The accessors live in :mod:`logkit._private` (``logging``) and
:mod:`logkit._rich_private` (``rich``, ``tqdm``); each name they read, or that a
logkit class overrides, has a probe here. Only the check loads this module
(``tests/test_private_check.py``), so ``configure()`` pays for none of it.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable, Mapping

from ._private import (
    add_format_defaults,
    clear_level_caches,
    format_string,
    handler_references,
    handlers_by_name,
    level_numbers,
    logging_lock,
    percent_format,
)
from ._rich_private import (
    CONSOLE_BUFFER_INDEX,
    CONSOLE_RENDER_HOOKS,
    CONSOLE_THEME_STACK,
    THEME_STACK_LOOKUP,
    console_width,
    global_console,
    null_file_class,
    proxy_console,
    renew_console_lock,
    syntax_ranges,
    tqdm_bars,
    tqdm_redirect_handler_class,
)

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import Any

    from rich.console import Console


def _require(holds: bool, meaning: str) -> None:
    """Fail a probe whose name still exists but no longer means what logkit relies on."""
    if not holds:
        raise TypeError(meaning)


# -- logging (logkit._private) ---------------------------------------------------


def _probe_format_defaults() -> None:
    formatter = logging.Formatter("%(probe)s")
    add_format_defaults(formatter, {"probe": "yes"})
    record = logging.LogRecord("probe", logging.INFO, __file__, 1, "m", None, None)
    _require(formatter.format(record) == "yes", "Formatter._style._defaults fills fields")
    _require(percent_format(logging.Formatter("%(a)s")) == "%(a)s", "Formatter._style._fmt")


def _probe_closed() -> None:
    handler = logging.Handler()
    _require(vars(handler)["_closed"] is False, "Handler._closed starts False")
    handler.close()
    _require(vars(handler)["_closed"] is True, "Handler.close() sets _closed")


def _probe_call_handlers_locals() -> None:
    names = logging.Logger.callHandlers.__code__.co_varnames
    if "c" not in names or "hdlr" not in names:
        raise AttributeError("Logger.callHandlers has no locals 'c' and 'hdlr'")


def _probe_file_handler_open() -> None:
    opened: list[str] = []

    class Probe(logging.FileHandler):
        def _open(self) -> io.TextIOWrapper:
            opened.append(self.baseFilename)
            return super()._open()

    Probe(os.devnull).close()
    _require(bool(opened), "FileHandler opens its stream through _open()")


# -- rich and tqdm (logkit._rich_private) ------------------------------------------


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


def _probe_global_console() -> None:
    import rich

    made = rich.get_console()
    _require(global_console() is made, "rich._console holds what get_console() returns")


def _probe_console_lock() -> None:
    console = _probe_console()
    lock = console._lock
    _require(hasattr(lock, "acquire") and hasattr(lock, "release"), "Console._lock is a lock")
    renew_console_lock(console)
    _require(console._lock is not lock, "Console._lock can be replaced")


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


_PROBES: Mapping[str, Callable[[], object]] = {
    # logging
    "logging._lock": logging_lock,
    "logging._handlers": handlers_by_name,
    "logging._handlerList": handler_references,
    "logging._nameToLevel": level_numbers,
    "logging.Manager._clear_cache": clear_level_caches,
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
        probes: Name -> a function that reads it (default: every name that
            logkit._private and logkit._rich_private read or override).

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
