"""The handler named console becomes a Rich one only where Rich output belongs."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest
from rich.logging import RichHandler

import logkit
from logkit._default import default_config
from logkit.handlers import RichConsoleHandler


def console_handler() -> logging.Handler:
    handlers = {h.get_name(): h for h in logging.root.handlers}
    return handlers["console"]


def test_the_swap_uses_logkits_fast_rich_handler(shipped_paths: dict[str, Path]) -> None:
    logkit.configure(shipped_paths["yaml"], rich=True)
    handler = console_handler()
    assert type(handler) is RichConsoleHandler
    assert handler.markup
    assert not handler.rich_tracebacks  # opt in by naming the handler (issue 14)


def test_forced_swap_keeps_stream_level_filters_and_formatter(tmp_path: Path) -> None:
    config = default_config()
    config["filters"] = {"only_app": {"name": "app"}}
    config["handlers"]["console"]["filters"] = ["only_app"]
    path = tmp_path / "c.yaml"
    path.write_text(logkit.dump(config, "yaml"))

    logkit.configure(path, rich=False)
    plain = console_handler()
    logkit.configure(path, rich=True)
    swapped = console_handler()

    assert isinstance(swapped, RichHandler)
    assert swapped.level == logging.DEBUG
    assert [type(f) for f in swapped.filters] == [type(f) for f in plain.filters]
    assert swapped.filters[0].name == "app"  # type: ignore[union-attr]
    assert swapped.formatter is not None
    assert swapped.formatter._fmt == "%(message)s"
    assert logging._handlers["console"] is swapped  # type: ignore[attr-defined]
    assert isinstance(plain, logging.StreamHandler)
    assert swapped.console.file is plain.stream


def test_rich_false_never_swaps(
    monkeypatch: pytest.MonkeyPatch,
    shipped_paths: dict[str, Path],
) -> None:
    monkeypatch.setenv("LOGKIT_RICH", "1")
    applied = logkit.configure(shipped_paths["yaml"], rich=False)
    assert not applied.rich_console
    assert type(console_handler()) is logging.StreamHandler


def test_default_keeps_plain_lines_when_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
    shipped_paths: dict[str, Path],
) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    applied = logkit.configure(shipped_paths["toml"])  # pytest captures stdout: not a tty
    assert not applied.rich_console
    assert type(console_handler()) is logging.StreamHandler


@pytest.mark.parametrize(("value", "swapped"), [("1", True), ("true", True), ("0", False)])
def test_environment_overrides_the_default(
    value: str,
    swapped: bool,
    monkeypatch: pytest.MonkeyPatch,
    shipped_paths: dict[str, Path],
) -> None:
    monkeypatch.setenv("LOGKIT_RICH", value)
    assert logkit.configure(shipped_paths["yaml"]).rich_console is swapped
    assert isinstance(console_handler(), RichHandler) is swapped


def test_explicit_rich_beats_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    shipped_paths: dict[str, Path],
) -> None:
    monkeypatch.setenv("LOGKIT_RICH", "0")
    assert logkit.configure(shipped_paths["yaml"], rich=True).rich_console


def test_bad_environment_value_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
    shipped_paths: dict[str, Path],
) -> None:
    monkeypatch.setenv("LOGKIT_RICH", "maybe")
    with pytest.raises(logkit.ConfigError, match="LOGKIT_RICH: expected 0 or 1, found 'maybe'"):
        logkit.configure(shipped_paths["yaml"])


def test_force_color_counts_as_a_terminal_like_rich_says(
    monkeypatch: pytest.MonkeyPatch,
    shipped_paths: dict[str, Path],
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert logkit.configure(shipped_paths["yaml"]).rich_console


def test_no_console_handler_means_nothing_to_swap(tmp_path: Path) -> None:
    config = default_config()
    config["handlers"]["screen"] = config["handlers"].pop("console")
    config["root"]["handlers"] = ["screen", "info", "error"]
    path = tmp_path / "c.json"
    path.write_text(logkit.dump(config, "json"))
    assert not logkit.configure(path, rich=True).rich_console


def test_swap_replaces_the_handler_on_every_logger_that_holds_it(tmp_path: Path) -> None:
    config = default_config()
    config["loggers"] = {"app.db": {"level": "DEBUG", "handlers": ["console"], "propagate": False}}
    path = tmp_path / "c.yaml"
    path.write_text(logkit.dump(config, "yaml"))
    logkit.configure(path, rich=True)
    db = logging.getLogger("app.db")
    assert isinstance(db.handlers[0], RichHandler)
    assert db.handlers[0] is console_handler()


def render_through_rich(fmt: str, tmp_path: Path) -> str:
    config = default_config()
    config["formatters"]["minimal"]["format"] = fmt
    config["handlers"]["console"]["stream"] = "ext://sys.stderr"
    path = tmp_path / "c.yaml"
    path.write_text(logkit.dump(config, "yaml"))
    logkit.configure(path, rich=True)
    handler = console_handler()
    assert isinstance(handler, RichHandler)
    buffer = io.StringIO()
    handler.console.file = buffer
    logging.getLogger("app").warning("disk almost full")
    return buffer.getvalue()


def test_rich_draws_time_and_level_when_the_format_does_not(tmp_path: Path) -> None:
    output = render_through_rich("%(message)s", tmp_path)
    assert output.count("WARNING") == 1
    assert "disk almost full" in output


def test_fields_already_in_the_format_are_not_shown_twice(tmp_path: Path) -> None:
    output = render_through_rich("%(asctime)s %(levelname)s %(name)s: %(message)s", tmp_path)
    assert output.count("WARNING") == 1
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARNING app:", output)
    assert not re.search(r"\[\d\d/\d\d/\d\d", output)  # no second time column from Rich
    handler = console_handler()
    assert isinstance(handler, RichHandler)
    assert not handler._log_render.show_time
    assert not handler._log_render.show_level
