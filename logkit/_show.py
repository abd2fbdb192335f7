"""The logger tree of a process, as data, as text or a Rich tree, and printed.

After brandon-rhodes' logging_tree: :func:`logger_tree` walks the live
``logging`` manager into plain data, :func:`render_lines` and :func:`render_rich`
turn that data into text, and :func:`print_tree` picks one for its output. Third
party handlers and filters can be anything, so every attribute is read through
:func:`_read`, which turns a failure into ``<unreadable: ...>`` instead of an
exception: a diagnostic tool must never be the thing that crashes.

Kept light (no dataclasses, Rich imported only to draw) because ``logkit.show``
is imported with ``logkit``.
"""

from __future__ import annotations

import logging
import os
import sys
import types
from collections.abc import Callable, Collection, Iterator, Mapping
from functools import partial
from typing import Any, NamedTuple, TextIO, TypeVar

from ._private import format_string, logging_lock

_T = TypeVar("_T")


# A label is a run of (text, Rich style) segments: joined for plain text,
# assembled into a rich.text.Text for a terminal (never parsed as markup).
Segment = tuple[str, str]


class HandlerView(NamedTuple):
    """What a handler is and where it writes, all as display text."""

    name: str  # as shown: 'console', (unnamed), <unreadable: ...>
    cls: str
    level: str
    formatter: str
    destination: str
    filters: tuple[str, ...]


class LoggerView(NamedTuple):
    """One node of the logger tree; ``placeholder`` when only its children exist."""

    name: str
    placeholder: bool
    level: str
    effective_level: str
    propagate: bool
    disabled: bool
    handlers: tuple[HandlerView, ...]
    filters: tuple[str, ...]
    children: tuple[LoggerView, ...]


def _unreadable(error: BaseException) -> str:
    return f"<unreadable: {type(error).__name__}>"


def _read(read: Callable[[], _T], fallback: Callable[[BaseException], _T]) -> _T:
    """``read()``, or ``fallback(error)`` when a foreign object's attribute raises."""
    try:
        return read()
    except Exception as error:  # noqa: BLE001 - foreign code may raise anything
        return fallback(error)


def _level_name(read: Callable[[], object]) -> str:
    def name() -> str:
        level = read()
        if isinstance(level, int) and not isinstance(level, bool):
            return str(logging.getLevelName(level))
        return repr(level)

    return _read(name, _unreadable)


def _class_name(obj: object) -> str:
    cls = type(obj)
    return _read(lambda: f"{cls.__module__}.{cls.__qualname__}", _unreadable)


def _stream_name(stream: object) -> str:
    if stream is None:
        return "nothing (no stream)"
    for name in ("stdout", "stderr"):
        if stream is getattr(sys, name, None) or stream is getattr(sys, f"__{name}__", None):
            return name
    stream_name: object = _read(lambda: getattr(stream, "name", None), lambda error: None)
    if isinstance(stream_name, str):
        return {"<stdout>": "stdout", "<stderr>": "stderr"}.get(stream_name, stream_name)
    return f"a {_class_name(stream)} stream"


def _path_for_display(path: str) -> str:
    """Relative to the working directory when under it: shorter and what users typed."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def _memory_target(attrs: dict[str, Any]) -> str:
    target = attrs.get("target")
    if not isinstance(target, logging.Handler):
        return f"a buffer of {attrs.get('capacity')!r} records, never flushed (no target)"
    where = _read(lambda: _handler_name(target.get_name()), _unreadable)
    return f"a buffer of {attrs.get('capacity')!r} records, flushed to handler {where}"


def _destination_describers() -> list[tuple[type, Callable[[dict[str, Any]], str]]]:
    """(handler class, how to say where it writes), most specific first."""
    import logging.handlers as stdlib

    return [
        (logging.FileHandler, lambda a: f"file {_path_for_display(a['baseFilename'])}"),
        (stdlib.MemoryHandler, _memory_target),
        (stdlib.SysLogHandler, lambda a: f"syslog {a.get('address')!r}"),
        (stdlib.SMTPHandler, lambda a: f"mail via {a.get('mailhost')!r} to {a.get('toaddrs')!r}"),
        (stdlib.HTTPHandler, lambda a: f"HTTP {a.get('method')} {a.get('host')}{a.get('url')}"),
        (stdlib.SocketHandler, lambda a: f"socket {a.get('host')}:{a.get('port')}"),
        (stdlib.QueueHandler, lambda a: f"queue {_class_name(a.get('queue'))}"),
        (logging.NullHandler, lambda a: "nowhere"),
        (logging.StreamHandler, lambda a: _stream_name(a.get("stream"))),
    ]


def _destination(handler: logging.Handler) -> str:
    """Where a handler's records end up, for the handler classes that say."""
    attrs: dict[str, Any] = _read(lambda: dict(vars(handler)), lambda error: {})
    for cls, describe in _destination_describers():
        if isinstance(handler, cls):
            return describe(attrs)
    if "stream" in attrs:
        return _stream_name(attrs["stream"])
    console = attrs.get("console")  # rich.logging.RichHandler and look-alikes
    if console is not None:
        file = _read(lambda: getattr(console, "file", None), lambda error: None)
        return f"a Rich console on {_stream_name(file)}"
    return "(not known)"


def _formatter(handler: logging.Handler) -> str:
    formatter = _read(lambda: handler.formatter, lambda error: error)
    if isinstance(formatter, BaseException):
        return _unreadable(formatter)
    if formatter is None:
        return "none (the message alone)"
    fmt = _read(lambda: repr(format_string(formatter)), _unreadable)
    if type(formatter) is logging.Formatter:
        return fmt
    return f"{_class_name(formatter)} {fmt}"


def _describe_filter(item: object) -> str:
    if type(item) is logging.Filter:
        return f"name {item.name!r}"
    if isinstance(item, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return f"function {item.__qualname__}"
    return _class_name(item)


def _filters(filterer: object) -> tuple[str, ...]:
    try:
        filters = list(getattr(filterer, "filters", []))
    except Exception as error:  # noqa: BLE001 - foreign code may raise anything
        return (_unreadable(error),)
    return tuple(_read(partial(_describe_filter, item), _unreadable) for item in filters)


def _handler_name(name: object) -> str:
    return "(unnamed)" if name is None else repr(name)


def describe_handler(handler: logging.Handler) -> HandlerView:
    """A handler as display text; never raises, whatever the handler does."""
    name = _read(lambda: _handler_name(handler.get_name()), _unreadable)
    return HandlerView(
        name=name,
        cls=_class_name(handler),
        level=_level_name(lambda: handler.level),
        formatter=_formatter(handler),
        destination=_read(lambda: _destination(handler), _unreadable),
        filters=_filters(handler),
    )


def _describe_logger(name: str, logger: object, children: tuple[LoggerView, ...]) -> LoggerView:
    if not isinstance(logger, logging.Logger):  # a PlaceHolder, or something odder
        return LoggerView(name, True, "", "", True, False, (), (), children)
    handlers = _read(lambda: list(logger.handlers), lambda error: [])
    return LoggerView(
        name=name,
        placeholder=False,
        level=_level_name(lambda: logger.level),
        effective_level=_level_name(logger.getEffectiveLevel),
        propagate=bool(_read(lambda: logger.propagate, lambda error: True)),
        disabled=bool(_read(lambda: logger.disabled, lambda error: False)),
        handlers=tuple(describe_handler(handler) for handler in handlers),
        filters=_filters(logger),
        children=children,
    )


def _parent_name(name: str, included: Collection[str]) -> str:
    """The nearest dotted ancestor in the tree, as logging itself links them."""
    parts = name.split(".")
    for end in range(len(parts) - 1, 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in included:
            return candidate
    return ""


def logger_tree(names: Collection[str] | None = None) -> LoggerView:
    """The live process's loggers as a tree rooted at the root logger.

    Args:
        names: Only these loggers (and the ancestors that link them to the
            root); all of them when None.
    """
    with logging_lock():  # getLogger() in another thread changes the dict
        existing = dict(logging.root.manager.loggerDict)
    if names is None:
        included = set(existing)
    else:
        included = set()
        for name in names:
            parts = name.split(".")
            included.update(
                ".".join(parts[:end])
                for end in range(1, len(parts) + 1)
                if ".".join(parts[:end]) in existing
            )
    children: dict[str, list[str]] = {}
    for name in sorted(included):
        children.setdefault(_parent_name(name, included), []).append(name)

    def build(name: str, logger: object) -> LoggerView:
        below = tuple(build(child, existing[child]) for child in children.get(name, []))
        return _describe_logger(name or "root", logger, below)

    return build("", logging.root)


# -- rendering ---------------------------------------------------------------


def _logger_label(node: LoggerView) -> list[Segment]:
    shown_name = node.name if node.name == "root" else repr(node.name)
    if node.placeholder:
        return [(f"logger {shown_name}", "bold cyan"), (" (placeholder: not created)", "dim")]
    label: list[Segment] = [
        (f"logger {shown_name}", "bold cyan"),
        (": level ", ""),
        (node.level, "magenta"),
        (f" (effective {node.effective_level})", "dim"),
    ]
    if not node.propagate:
        label.append((", does not propagate", "yellow"))
    if node.disabled:
        label.append((", disabled", "bold red"))
    return label


def _handler_label(handler: HandlerView) -> list[Segment]:
    return [
        (f"handler {handler.name}", "bold green"),
        (f": {handler.cls}, level ", ""),
        (handler.level, "magenta"),
        (", writes to ", ""),
        (handler.destination, "blue"),
    ]


def _filter_label(description: str) -> list[Segment]:
    return [("filter ", "yellow"), (description, "")]


class _Node(NamedTuple):
    label: list[Segment]
    children: list[_Node]


def _nodes(node: LoggerView) -> _Node:
    """The tree to draw: a logger's filters, then its handlers, then its children."""
    below = [_Node(_filter_label(f), []) for f in node.filters]
    for handler in node.handlers:
        details = [_Node([("formatter ", "yellow"), (handler.formatter, "")], [])]
        details.extend(_Node(_filter_label(f), []) for f in handler.filters)
        below.append(_Node(_handler_label(handler), details))
    below.extend(_nodes(child) for child in node.children)
    return _Node(_logger_label(node), below)


def render_lines(tree: LoggerView) -> list[str]:
    """The tree as plain text, indented two spaces per level."""

    def walk(node: _Node, depth: int) -> Iterator[str]:
        yield "  " * depth + "".join(text for text, _ in node.label)
        for child in node.children:
            yield from walk(child, depth + 1)

    return list(walk(_nodes(tree), 0))


def render_rich(tree: LoggerView) -> Any:
    """The tree as a ``rich.tree.Tree``."""
    from rich.text import Text
    from rich.tree import Tree

    def build(node: _Node, parent: Tree | None) -> Tree:
        label = Text.assemble(*node.label)
        branch = Tree(label) if parent is None else parent.add(label)
        for child in node.children:
            build(child, branch)
        return branch

    return build(_nodes(tree), None)


def print_tree(tree: LoggerView, file: TextIO | None = None) -> None:
    """Print the tree: drawn by Rich on a terminal, plain lines otherwise."""
    from rich.console import Console

    console = Console(file=file)
    if console.is_terminal:
        console.print(render_rich(tree))
    else:
        out = file if file is not None else sys.stdout
        out.write("".join(f"{line}\n" for line in render_lines(tree)))


def tree_of_config(config: Mapping[str, Any]) -> LoggerView:
    """The logger tree a dictConfig dict builds, without keeping it or writing anything.

    The config is built on trial (file handlers told not to open their files),
    described, and rolled back. Only the root and the loggers the config names
    (with the ancestors linking them) are shown.

    Raises:
        ConfigError: the standard library rejects the config (not located:
            wrap the call in ``Prepared.locating()``).
    """
    from ._apply import trial_build

    loggers = config.get("loggers")
    names = [str(name) for name in loggers] if isinstance(loggers, Mapping) else []
    return trial_build(config, lambda: logger_tree(names))


# -- the tree a config means, read from the file alone (``show --static``) -------


def _written_level(value: object, unset: str) -> str:
    from ._schema import normalize_level

    return unset if value is None else str(normalize_level(value))


def _static_filters(config: Mapping[str, Any], names: object) -> tuple[str, ...]:
    defined = config.get("filters")
    described = []
    for name in names if isinstance(names, list) else []:
        item = defined.get(name) if isinstance(defined, Mapping) else None
        if isinstance(item, Mapping) and "()" in item:
            described.append(f"factory {item['()']}")
        elif isinstance(item, Mapping):
            described.append(f"name {item.get('name', '')!r}")
        else:
            described.append(repr(item))
    return tuple(described)


def _static_formatter(config: Mapping[str, Any], name: object) -> str:
    formatters = config.get("formatters")
    item = formatters.get(name) if isinstance(formatters, Mapping) and name else None
    if not isinstance(item, Mapping):
        return "none (the message alone)"
    if "()" in item:
        return f"factory {item['()']}"
    written = repr(item.get("format"))
    return written if "class" not in item else f"{item['class']} {written}"


def _static_destination(handler: Mapping[str, Any]) -> str:
    filename = handler.get("filename")
    if isinstance(filename, str):
        return f"file {_path_for_display(os.path.abspath(filename))}"
    stream = handler.get("stream")
    if isinstance(stream, str):
        return stream.removeprefix("ext://sys.")
    return "(not known without running code)"


def _static_handler(config: Mapping[str, Any], name: object) -> HandlerView:
    handlers = config.get("handlers")
    item = handlers.get(name) if isinstance(handlers, Mapping) else None
    item = item if isinstance(item, Mapping) else {}
    factory = item.get("()")
    return HandlerView(
        name=repr(name),
        cls=f"factory {factory}" if factory is not None else str(item.get("class")),
        level=_written_level(item.get("level"), "NOTSET"),
        formatter=_static_formatter(config, item.get("formatter")),
        destination=_static_destination(item),
        filters=_static_filters(config, item.get("filters")),
    )


def static_tree(config: Mapping[str, Any]) -> LoggerView:
    """The logger tree a dictConfig dict means, read from the dict alone: no code runs.

    Nothing is imported or built, so the tree shows what the file says: levels
    as written (a logger without one is NOTSET, the root WARNING, as in a
    fresh process), handlers by their class (or ``()`` factory) as written and
    where they write when the file says (``filename``, ``stream``). A logger
    hangs under its nearest configured ancestor; none is shown as disabled.
    """
    written = config.get("loggers")
    loggers = {str(k): v for k, v in written.items()} if isinstance(written, Mapping) else {}
    names = sorted(loggers)
    root = config.get("root")

    def build(name: str, item: object, inherited: str) -> LoggerView:
        item = item if isinstance(item, Mapping) else {}
        level = _written_level(item.get("level"), "WARNING" if not name else "NOTSET")
        effective = level if level != "NOTSET" else inherited
        below = tuple(
            build(child, loggers[child], effective)
            for child in names
            if _parent_name(child, names) == name
        )
        handlers = item.get("handlers")
        return LoggerView(
            name=name or "root",
            placeholder=False,
            level=level,
            effective_level=effective,
            propagate=bool(item.get("propagate", True)),
            disabled=False,
            handlers=tuple(
                _static_handler(config, h) for h in (handlers if isinstance(handlers, list) else [])
            ),
            filters=_static_filters(config, item.get("filters")),
            children=below,
        )

    return build("", root, "WARNING")


def show(file: TextIO | None = None) -> None:
    """Print the live process's logger tree: levels, propagation, handlers and where they write.

    Args:
        file: Where to print (default: ``sys.stdout``). A Rich tree on a
            terminal, plain text otherwise. Never raises because of an odd
            third-party handler or filter.
    """
    print_tree(logger_tree(), file)
