"""logkit check (``_check.py`` and its command): every problem reported, nothing touched."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._check import check_config
from logkit._cli import main
from logkit._default import default_config


def test_check_accepts_the_shipped_files(
    shipped: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["check", str(shipped)]) == 0
    assert capsys.readouterr().out == f"{shipped}: ok\n"
    assert not (tmp_path / "logs").exists()  # nothing was created or opened


def test_check_reports_each_bad_file(
    invalid_file: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each file of tests/data/invalid: exactly its ``.expected`` lines on stderr."""
    assert main(["check", str(invalid_file.path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == invalid_file.expected
    assert os.listdir() == [invalid_file.path.name]  # no log directory, no log file


def test_check_leaves_the_running_logging_alone(
    shipped_paths: dict[str, Path], logging_state: Callable[[], dict[str, Any]]
) -> None:
    logkit.configure(shipped_paths["toml"], rich=False)
    before = logging_state()
    handlers = logging.root.handlers[:]
    assert main(["check", str(shipped_paths["yaml"])]) == 0
    assert logging_state() == before
    assert logging.root.handlers == handlers
    assert all(not getattr(h, "_closed", False) for h in handlers)


def test_check_reports_a_directory_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("")
    config = default_config()
    config["handlers"]["error"]["filename"] = "blocker/error.log"
    path = tmp_path / "c.toml"
    path.write_text(logkit.dump(config, "toml"))
    with pytest.raises(logkit.ConfigError, match="not a directory") as caught:
        check_config(path)
    assert caught.value.key == "handlers.error.filename"
    assert caught.value.line is not None


def test_check_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such.yaml"]) == 1
    assert capsys.readouterr().err == "logkit: no/such.yaml: file not found\n"


def test_check_says_which_overrides_it_applied(
    shipped_paths: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LOGKIT_LEVEL", "DEBUG")
    monkeypatch.setenv("LOGKIT_LOGS_DIR", str(tmp_path / "app"))
    toml = shipped_paths["toml"]
    assert main(["check", str(toml)]) == 0
    assert capsys.readouterr().out == (
        f"{toml}: ok (with LOGKIT_LEVEL=DEBUG, LOGKIT_LOGS_DIR={tmp_path / 'app'})\n"
    )
    assert not (tmp_path / "app").exists()  # checked, not created
