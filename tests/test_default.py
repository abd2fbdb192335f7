"""The built-in scheme (``_default.py``): what every shipped file means, and the fallback."""

from __future__ import annotations

import logging
import logging.config
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import logkit
from logkit._default import default_config


def test_shipped_file_means_the_builtin_scheme(shipped: Path) -> None:
    assert logkit.load(shipped) == default_config()


def test_builtin_default_is_accepted_by_the_standard_library(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()  # the standard library does not create it
    logging.config.dictConfig(default_config())
    assert [h.get_name() for h in logging.root.handlers] == ["console", "info", "error"]


def test_every_shipped_file_and_the_default_give_the_same_logging(
    shipped_paths: dict[str, Path], logging_state: Callable[[], dict[str, Any]]
) -> None:
    states = {}
    for name, path in shipped_paths.items():
        logkit.configure(path, rich=False)
        states[name] = logging_state()
    logkit.configure(rich=False)  # the working directory is empty: the default
    states["default"] = logging_state()
    assert states["yaml"] == states["toml"] == states["ini"] == states["default"]
    root = states["default"]["root"]
    assert root["level"] == logging.INFO
    handlers = {h["name"]: h for h in root["handlers"]}
    assert list(handlers) == ["console", "info", "error"]
    assert handlers["info"]["baseFilename"] == os.path.abspath("logs/info.log")
    assert handlers["info"]["maxBytes"] == 10 * 1024 * 1024
    assert handlers["error"]["level"] == logging.ERROR
    assert handlers["console"]["level"] == logging.DEBUG
