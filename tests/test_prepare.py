"""The read pipeline: each file is read and parsed once, and errors are located from that."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
import logkit._formats.yaml as yaml_format
from logkit import _prepare
from logkit._check import check_config
from logkit._default import default_config
from logkit._errors import InvalidConfig
from logkit._prepare import Source, load_config, prepare

THREE_MISTAKES = """\
version: 1
handlers:
  console:
    class: logging.StreamHandler
    level: LOUD
  file:
    class: logging.FileHandler
    filename: app.log
    mode: 3
root:
  level: INFOO
  handlers: [console, file]
"""


class ExplodingHandler(logging.Handler):
    """Passes validation (a real class, known arguments); fails when built."""

    def __init__(self, fuse: str = "lit") -> None:
        raise RuntimeError(f"boom ({fuse})")


def counting(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    """Replace ``owner.name`` by a wrapper that records each call; return the record."""
    calls: list[object] = []
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)
    return calls


def test_every_problem_is_located_from_one_index_of_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "logging.yaml"
    path.write_text(THREE_MISTAKES)
    composed = counting(monkeypatch, yaml_format.yaml, "compose")
    with pytest.raises(InvalidConfig) as raised:
        prepare(path)
    located = [(error.line, error.key) for error in raised.value.errors]
    assert located == [(5, "handlers.console.level"), (9, "handlers.file.mode"), (11, "root.level")]
    assert len(composed) == 1


def test_a_valid_file_is_never_indexed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "logging.yaml"
    path.write_text(logkit.dump(default_config(), "yaml"))
    composed = counting(monkeypatch, yaml_format.yaml, "compose")
    prepared = prepare(path)
    assert prepared.config == default_config()
    assert composed == []


def test_check_reads_the_file_once_even_to_locate_a_late_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = default_config()
    config["handlers"]["boom"] = {"class": f"{__name__}.ExplodingHandler"}
    path = tmp_path / "logging.yaml"
    path.write_text(logkit.dump(config, "yaml"))
    reads = counting(monkeypatch, _prepare, "read_config_text")
    with pytest.raises(logkit.ConfigError) as raised:
        check_config(path)
    assert (raised.value.path, raised.value.key) == (str(path), "handlers.boom")
    assert raised.value.line is not None
    assert len(reads) == 1


def test_without_a_file_the_default_scheme_is_prepared() -> None:
    prepared = prepare(None)
    assert (prepared.source, prepared.path, prepared.format) == (None, None, "default")
    assert prepared.config == default_config()


def test_load_keeps_variables_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_LEVEL", "DEBUG")
    path = tmp_path / "logging.yaml"
    path.write_text("version: 1\nroot:\n  level: ${APP_LEVEL}\n")
    assert load_config(path)["root"] == {"level": "DEBUG"}
    assert load_config(path, env=False)["root"] == {"level": "${APP_LEVEL}"}


def test_errors_raised_later_are_located_in_the_source(tmp_path: Path) -> None:
    path = tmp_path / "logging.toml"
    path.write_text('version = 1\n\n[handlers.h]\nclass = "logging.StreamHandler"\n')
    source = Source.read(path)
    with pytest.raises(logkit.ConfigError) as raised, source.locating():
        raise logkit.ConfigError("something wrong", key="handlers.h.class")
    assert (raised.value.path, raised.value.line) == (str(path), 4)
    assert str(raised.value) == f"{path}:4: handlers.h.class: something wrong"


# -- warnings, and preparing without running code ---------------------------------------


def test_prepared_carries_the_warnings_located(tmp_path: Path) -> None:
    path = tmp_path / "logging.yaml"
    path.write_text("version: 1\nloggers:\n  app:\n    qualname: app\nnotes: hi\n")
    prepared = prepare(path)
    assert [str(warning) for warning in prepared.warnings] == [
        f"{path}:4: loggers.app.qualname: unknown key: dictConfig ignores it",
        f"{path}:5: notes: unknown top-level key: dictConfig ignores it",
    ]
    assert prepare(None).warnings == []


RECORDING_MODULE = """
import logging, os
open(os.environ["IMPORTED_MARKER"], "a").write("imported\\n")

class Handler(logging.Handler):
    def __init__(self, size=0, verbose=False):
        super().__init__()
"""


def test_preparing_without_running_code_imports_nothing_the_file_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    (tmp_path / "recorded_on_import.py").write_text(RECORDING_MODULE)
    marker = tmp_path / "imported.txt"
    monkeypatch.setenv("IMPORTED_MARKER", str(marker))
    monkeypatch.setenv("SIZE", "10")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "recorded_on_import", raising=False)
    path = tmp_path / "logging.yaml"
    path.write_text(
        "version: 1\n"
        "handlers:\n"
        "  mine: {class: recorded_on_import.Handler, size: '${SIZE}', verbose: 'yes'}\n"
        "  std: {class: logging.handlers.RotatingFileHandler, filename: x.log,"
        " maxBytes: '${SIZE}'}\n"
    )
    prepared = prepare(path, run_code=False)
    assert not marker.exists()
    # What the standard classes take is still known; the file's own class is not looked at.
    assert prepared.config["handlers"]["std"]["maxBytes"] == 10
    assert prepared.config["handlers"]["mine"]["size"] == "10"
    prepare(path)
    assert marker.read_text() == "imported\n"
