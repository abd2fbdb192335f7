"""Applying a prepared config, and building one on trial."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._apply import apply_prepared, trial_build
from logkit._default import default_config
from logkit._prepare import prepare


def test_a_trial_build_returns_what_it_saw_and_leaves_nothing(
    tmp_path: Path, logging_state: Callable[[], dict[str, Any]]
) -> None:
    before = logging_state()
    seen = trial_build(default_config(), lambda: [type(h).__name__ for h in logging.root.handlers])
    assert seen == ["StreamHandler", "RotatingFileHandler", "RotatingFileHandler"]
    assert logging_state() == before
    assert list(tmp_path.iterdir()) == []  # file handlers were told not to open their files


def _one_file_config(filename: str) -> dict[str, Any]:
    handler = {"class": "logging.FileHandler", "filename": filename}
    return {"version": 1, "handlers": {"file": handler}, "root": {"handlers": ["file"]}}


def test_a_trial_may_open_files_and_still_rolls_back(
    tmp_path: Path, logging_state: Callable[[], dict[str, Any]]
) -> None:
    config = _one_file_config("info.log")
    before = logging_state()
    trial_build(config, lambda: None, open_files=True)
    assert logging_state() == before
    assert (tmp_path / "info.log").exists()


def test_a_rejected_trial_is_one_unlocated_error(
    logging_state: Callable[[], dict[str, Any]],
) -> None:
    config = _one_file_config(".")
    before = logging_state()
    with pytest.raises(logkit.ConfigError) as raised:
        trial_build(config, lambda: None, open_files=True)
    assert (raised.value.path, raised.value.key) == (None, "handlers.file")
    assert raised.value.reason.startswith("rejected by logging.config: ")
    assert logging_state() == before


def test_an_ini_failure_is_blamed_on_the_key_dictconfig_names(tmp_path: Path) -> None:
    path = tmp_path / "logging.ini"
    path.write_text(
        "[loggers]\nkeys=root\n\n[handlers]\nkeys=file\n\n[formatters]\nkeys=\n\n"
        "[logger_root]\nhandlers=file\n\n"
        "[handler_file]\nclass=FileHandler\nargs=('.',)\n"
    )
    prepared = prepare(path)
    with pytest.raises(logkit.ConfigError) as raised:
        apply_prepared(prepared, rich=False)
    # fileConfig says only "Is a directory"; the dictConfig trial names the handler.
    where = (raised.value.path, raised.value.key, raised.value.line)
    assert where == (str(path), "handlers.file", 13)
