"""logkit show: the logger tree as data, as text or Rich, and printed; never crashing."""

from __future__ import annotations

import io
import logging
import logging.config
import logging.handlers
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest

import logkit
from logkit._cli import main
from logkit._prepare import Source
from logkit._show import (
    HandlerView,
    describe_handler,
    logger_tree,
    print_tree,
    render_lines,
    render_rich,
    tree_of_config,
)

CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"short": {"format": "%(levelname)s %(message)s"}},
    "filters": {"only_app": {"name": "app"}},
    "handlers": {
        "out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "level": "INFO"},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": "logs/app.log",
            "formatter": "short",
            "filters": ["only_app"],
            "delay": True,
        },
    },
    "loggers": {
        "app.db": {"level": "DEBUG", "handlers": ["file"], "propagate": False},
        "app.web": {},
        "noisy": {"level": 40},
    },
    "root": {"level": "WARNING", "handlers": ["out"]},
}

EXPECTED_LINES = [
    "logger root: level WARNING (effective WARNING)",
    "  handler 'out': logging.StreamHandler, level INFO, writes to stdout",
    "    formatter none (the message alone)",
    "  logger 'app' (placeholder: not created)",
    "    logger 'app.db': level DEBUG (effective DEBUG), does not propagate",
    "      handler 'file': logging.handlers.RotatingFileHandler, level NOTSET,"
    " writes to file logs/app.log",
    "        formatter '%(levelname)s %(message)s'",
    "        filter name 'app'",
    "    logger 'app.web': level NOTSET (effective WARNING)",
    "  logger 'noisy': level ERROR (effective ERROR)",
]


def test_the_tree_of_a_config_as_data() -> None:
    tree = tree_of_config(CONFIG)
    assert (tree.name, tree.level, tree.effective_level) == ("root", "WARNING", "WARNING")
    assert [child.name for child in tree.children] == ["app", "noisy"]
    app = tree.children[0]
    assert app.placeholder
    db, web = app.children
    assert (db.level, db.effective_level, db.propagate, db.disabled) == (
        "DEBUG",
        "DEBUG",
        False,
        False,
    )
    assert web.effective_level == "WARNING"
    (file_handler,) = db.handlers
    assert file_handler == HandlerView(
        name="'file'",
        cls="logging.handlers.RotatingFileHandler",
        level="NOTSET",
        formatter="'%(levelname)s %(message)s'",
        destination=f"file {Path('logs', 'app.log')}",
        filters=("name 'app'",),
    )


def test_the_tree_as_plain_text() -> None:
    assert render_lines(tree_of_config(CONFIG)) == EXPECTED_LINES


def test_describing_a_config_changes_nothing_and_writes_nothing(
    tmp_path: Path,
    logging_state: Callable[[], dict[str, Any]],
) -> None:
    config = {**CONFIG, "disable_existing_loggers": True}
    plain = {"class": "logging.FileHandler", "filename": "other/plain.log"}
    config["handlers"] = {**CONFIG["handlers"], "plain": plain}
    logging.getLogger("already.here").setLevel(logging.INFO)
    before = logging_state()
    tree_of_config(config)
    after = logging_state()
    created = {name: after["loggers"].pop(name) for name in ("app.db", "app.web", "noisy")}
    assert after == before
    inert = {"level": 0, "propagate": True, "disabled": False, "handlers": [], "filters": []}
    assert all(state == inert for state in created.values())
    assert list(tmp_path.iterdir()) == []


def test_a_disabled_logger_is_shown_as_such() -> None:
    logging.getLogger("old").info("exists before the config")
    logging.config.dictConfig({"version": 1, "loggers": {"new": {}}})
    lines = render_lines(logger_tree(["old", "new"]))
    assert "  logger 'old': level NOTSET (effective WARNING), disabled" in lines
    assert "  logger 'new': level NOTSET (effective WARNING)" in lines


def test_the_rich_tree_draws_the_same_labels() -> None:
    from rich.console import Console

    out = io.StringIO()
    Console(file=out, force_terminal=True, width=200, color_system=None).print(
        render_rich(tree_of_config(CONFIG))
    )
    drawn = out.getvalue().splitlines()
    assert drawn[0] == EXPECTED_LINES[0]
    assert drawn[1].startswith("├── handler 'out': logging.StreamHandler")
    assert any(line.endswith("└── logger 'noisy': level ERROR (effective ERROR)") for line in drawn)


def test_labels_are_not_read_as_rich_markup() -> None:
    logging.getLogger("[bold]x[/bold]")
    out = io.StringIO()
    from rich.console import Console

    Console(file=out, force_terminal=True, width=200, color_system=None).print(
        render_rich(logger_tree(["[bold]x[/bold]"]))
    )
    assert "logger '[bold]x[/bold]'" in out.getvalue()


def test_print_tree_writes_plain_text_when_not_on_a_terminal() -> None:
    out = io.StringIO()
    print_tree(tree_of_config(CONFIG), out)
    assert out.getvalue() == "".join(f"{line}\n" for line in EXPECTED_LINES)


def test_logkit_show_prints_the_live_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert "show" in logkit.__all__
    logging.getLogger("live.one").setLevel(logging.ERROR)
    logkit.show()
    out = capsys.readouterr().out
    assert out.startswith("logger root: ")
    assert "    logger 'live.one': level ERROR (effective ERROR)\n" in out


# -- never crash on foreign handlers and filters ------------------------------


def _raise(*args: object) -> NoReturn:
    raise RuntimeError("hostile")


class HostileHandler(logging.Handler):
    """A third-party handler whose every attribute blows up."""

    level = property(_raise)  # type: ignore[assignment]
    formatter = property(_raise)  # type: ignore[assignment]
    filters = property(_raise)  # type: ignore[assignment]
    stream = property(_raise)
    baseFilename = property(_raise)
    get_name = _raise  # type: ignore[assignment]

    def __init__(self) -> None:  # no super(): its attributes cannot be set
        pass

    def __getattribute__(self, name: str) -> Any:
        if name == "__dict__":
            raise RuntimeError("no dict either")
        return super().__getattribute__(name)

    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class HostileFilter:
    def __getattr__(self, name: str) -> NoReturn:
        raise RuntimeError("hostile filter")

    def __call__(self, record: logging.LogRecord) -> bool:
        return True


class StrangeFormatter(logging.Formatter):
    @property
    def _fmt(self) -> str:  # type: ignore[override]
        raise RuntimeError("no format")

    @_fmt.setter
    def _fmt(self, value: str) -> None:
        pass


def test_a_hostile_handler_is_described_without_raising() -> None:
    view = describe_handler(HostileHandler())
    assert view.cls == f"{__name__}.HostileHandler"
    assert view.name == "<unreadable: RuntimeError>"  # not quoted: not a name
    assert view.level == "<unreadable: RuntimeError>"
    assert view.formatter == "<unreadable: RuntimeError>"
    assert view.filters == ("<unreadable: RuntimeError>",)
    assert view.destination == "(not known)"


def test_show_survives_hostile_handlers_filters_and_formatters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    logger = logging.getLogger("hostile")
    logger.handlers.append(HostileHandler())
    logger.filters.append(HostileFilter())
    odd = logging.StreamHandler(io.StringIO())
    odd.setFormatter(StrangeFormatter())
    odd.addFilter(lambda record: True)
    logger.handlers.append(odd)
    logging.root.manager.loggerDict["not.a.logger"] = object()  # type: ignore[assignment]
    try:
        logkit.show()
    finally:
        del logging.root.manager.loggerDict["not.a.logger"]
    out = capsys.readouterr().out
    assert f"handler <unreadable: RuntimeError>: {__name__}.HostileHandler" in out
    assert f"filter {__name__}.HostileFilter" in out
    assert f"formatter {__name__}.StrangeFormatter <unreadable: RuntimeError>" in out
    assert "filter function test_show_survives_hostile_handlers_filters" in out
    assert "writes to a StringIO stream" not in out  # io.StringIO has no name...
    assert "writes to a _io.StringIO stream" in out  # ...so its class is shown
    assert "logger 'not.a.logger' (placeholder: not created)" in out


@pytest.mark.parametrize(
    ("make_handler", "destination"),
    [
        (logging.NullHandler, "nowhere"),
        (lambda: logging.StreamHandler(sys.stderr), "stderr"),
        (lambda: logging.handlers.SocketHandler("localhost", 9020), "socket localhost:9020"),
        (
            lambda: logging.handlers.MemoryHandler(10, target=logging.NullHandler()),
            "a buffer of 10 records, flushed to handler (unnamed)",
        ),
        (
            lambda: logging.handlers.MemoryHandler(10),
            "a buffer of 10 records, never flushed (no target)",
        ),
        (
            lambda: logging.handlers.HTTPHandler("example.com", "/log"),
            "HTTP GET example.com/log",
        ),
    ],
    ids=["null", "stderr", "socket", "memory", "memory-without-target", "http"],
)
def test_where_handlers_write(
    make_handler: Callable[[], logging.Handler], destination: str
) -> None:
    assert describe_handler(make_handler()).destination == destination


def test_a_rich_handler_writes_to_its_console() -> None:
    from rich.console import Console
    from rich.logging import RichHandler

    handler = RichHandler(console=Console(file=sys.stdout))
    assert describe_handler(handler).destination == "a Rich console on stdout"


# -- the command line ---------------------------------------------------------


def test_cli_shows_each_shipped_file_the_same(
    shipped: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    shipped_paths: dict[str, Path],
    logging_state: Callable[[], dict[str, Any]],
) -> None:
    before = logging_state()
    assert main(["show", str(shipped)]) == 0
    header, *tree = capsys.readouterr().out.splitlines()
    assert header == str(shipped)
    assert tree[0] == "logger root: level INFO (effective INFO)"
    assert "  handler 'info': logging.handlers.RotatingFileHandler, level INFO," in tree[3]
    assert main(["show", str(shipped_paths["yaml"])]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == tree
    assert logging_state() == before
    assert not (tmp_path / "logs").exists()


def test_cli_without_path_shows_the_discovered_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "the built-in default scheme"
    (tmp_path / "logging.json").write_text(logkit.dump(CONFIG, "json"))
    assert main(["show"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["logging.json (from working directory)", *EXPECTED_LINES]


def test_cli_reports_a_rejected_config_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\nhandlers:\n  h:\n    class: no.such.Handler\n")
    assert main(["show", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"logkit: {path}:4: handlers.h.class: cannot import 'no.such.Handler'")


def test_what_the_standard_library_rejects_is_located_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\nhandlers:\n  h:\n    class: no.such.Handler\n")
    source = Source.read(path)
    with pytest.raises(logkit.ConfigError) as rejected, source.locating():
        tree_of_config(source.substituted())
    assert (rejected.value.path, rejected.value.line, rejected.value.key) == (
        str(path),
        3,
        "handlers.h",
    )


def test_cli_shows_what_configure_would_apply_with_logkit_overrides(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    shipped_paths: dict[str, Path],
) -> None:
    monkeypatch.setenv("LOGKIT_LEVEL", "debug")
    monkeypatch.setenv("LOGKIT_LOGS_DIR", "var/log")
    assert main(["show", str(shipped_paths["toml"])]) == 0
    out = capsys.readouterr().out
    assert "logger root: level DEBUG (effective DEBUG)" in out
    assert f"writes to file {Path('var', 'log', 'logs', 'info.log')}" in out


def test_cli_prints_nothing_before_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "missing.yaml"]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "logkit: missing.yaml: file not found\n")


def test_cli_static_draws_the_shipped_tree_from_the_file_alone(
    shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    yaml = shipped_paths["yaml"]
    assert main(["show", str(yaml)]) == 0
    built = capsys.readouterr().out.splitlines()
    assert main(["show", "--static", str(yaml)]) == 0
    title, *tree = capsys.readouterr().out.splitlines()
    assert title == f"{yaml} (static: from the file alone)"
    assert tree == built[1:]


# A filter made by calling os.makedirs: building the config creates a directory.
MARKING_CONFIG = """\
version: 1
filters:
  marked: {"()": os.makedirs, name: ran-factory}
handlers:
  console: {class: logging.StreamHandler, stream: ext://sys.stdout, filters: [marked]}
loggers:
  a.b: {level: DEBUG, propagate: false}
root: {handlers: [console]}
"""


def test_cli_static_runs_no_code_from_the_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "marking.yaml"
    path.write_text(MARKING_CONFIG)
    assert main(["show", "--static", str(path)]) == 0
    assert not (tmp_path / "ran-factory").exists()
    assert capsys.readouterr().out.splitlines()[1:] == [
        "logger root: level WARNING (effective WARNING)",
        "  handler 'console': logging.StreamHandler, level NOTSET, writes to stdout",
        "    formatter none (the message alone)",
        "    filter factory os.makedirs",
        "  logger 'a.b': level DEBUG (effective DEBUG), does not propagate",
    ]
    assert main(["show", str(path)]) == 0  # without --static, the factory runs
    assert (tmp_path / "ran-factory").is_dir()
