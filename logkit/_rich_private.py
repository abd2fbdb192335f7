"""Every private name of ``rich`` and ``tqdm`` that logkit uses, in one place.

Neither library promises these names. Each use goes through this module, so a
reader sees them in one list, mypy sees one ``Any`` instead of many, and
``tests/test_private_check.py`` fails loudly (rather than a handler quietly
taking its slow path) when a new release renames one: the probes in
:mod:`logkit._private_check` try each. Only the Rich console handlers (and the
tqdm bars they share the console with) load this module; the standard
library's private names, which every ``configure()`` reads, are in
:mod:`logkit._private`.

``import logkit`` must not load rich, so the accessors import it (or are
handed its objects) only when called.
"""

from __future__ import annotations

import sys
import threading

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    import logging
    from collections.abc import Collection
    from typing import IO, Any

    from rich._log_render import LogRender
    from rich.console import Console
    from rich.logging import RichHandler
    from rich.syntax import Syntax
    from rich.text import Text


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


# -- rich's tracebacks (logkit.handlers._rich_traceback) -----------------------

# logkit.handlers._rich_traceback also *overrides* ``Traceback._render_stack``
# (the Group of a stack's frames, each frame's code a ``Syntax``), listed in the
# check (logkit._private_check).


def syntax_ranges(syntax: Syntax) -> list[Any]:
    """The ranges ``Syntax.stylize_range`` added (``Syntax._stylized_ranges``).

    Each is a named tuple with ``start`` and ``end`` as (line, column), lines
    counted from the start of ``syntax.code``.
    """
    ranges: list[Any] = syntax._stylized_ranges
    return ranges
