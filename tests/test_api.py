"""The public operations (``_api.py``): configure() applies what the standard library
would, all or nothing, and reports what ``logkit check`` reports; dump() takes a dict.

Which file configure() picks is ``test_discovery.py``'s; how a failure is rolled back,
``test_transaction.py``'s.
"""

from __future__ import annotations

import logging
import logging.config
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._default import default_config


def test_applies_what_the_standard_library_applies(
    shipped: Path, logging_state: Callable[[], dict[str, Any]]
) -> None:
    os.makedirs("logs", exist_ok=True)  # what the standard library alone makes of the file
    if shipped.suffix == ".config":
        logging.config.fileConfig(shipped, disable_existing_loggers=False)
    else:
        logging.config.dictConfig(logkit.load(shipped))
    expected = logging_state()
    shutil.rmtree("logs")
    logkit.configure(shipped, rich=False)
    assert logging_state() == expected


def test_creates_missing_log_directories(tmp_path: Path) -> None:
    config = default_config()
    config["handlers"]["info"]["filename"] = "deep/er/info.log"
    path = tmp_path / "c.json"
    path.write_text(logkit.dump(config, "json"))
    logkit.configure(path, rich=False)
    assert (tmp_path / "deep" / "er" / "info.log").is_file()


def test_existing_loggers_are_not_disabled(shipped_paths: dict[str, Path]) -> None:
    early = logging.getLogger("made.before.configure")
    logkit.configure(shipped_paths["yaml"], rich=False)
    assert not early.disabled


def test_editing_the_file_changes_logging_on_the_next_configure(
    shipped_paths: dict[str, Path],
) -> None:
    shutil.copy(shipped_paths["yaml"], "logging.yaml")
    logkit.configure(rich=False)
    assert logging.root.level == logging.INFO
    text = Path("logging.yaml").read_text()
    edited = text.replace("root:\n  level: INFO", "root:\n  level: DEBUG")
    assert edited != text
    Path("logging.yaml").write_text(edited)
    logkit.configure(rich=False)
    assert logging.root.level == logging.DEBUG


# -- failures: a ConfigError, and the previous logging stays --------------------


def write_config(tmp_path: Path, name: str, mutate: Any) -> Path:
    config = default_config()
    mutate(config)
    path = tmp_path / name
    path.write_text(logkit.dump(config, Path(name).suffix.lstrip(".")))
    return path


def test_missing_log_file_location_names_the_cause(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a directory should be")
    path = write_config(
        tmp_path,
        "c.toml",
        lambda c: c["handlers"]["info"].update({"filename": "blocker/info.log"}),
    )
    with pytest.raises(logkit.ConfigError, match="blocker") as caught:
        logkit.configure(path, rich=False)
    assert caught.value.key is not None


def test_configure_reports_what_check_reports_and_keeps_the_logging(
    invalid_file: Any,
    shipped_paths: dict[str, Path],
    logging_state: Callable[[], dict[str, Any]],
) -> None:
    """Each file of tests/data/invalid: the problems ``logkit check`` lists, raised as
    one ConfigError, and the logging in place before is still in place and writing."""
    logkit.configure(shipped_paths["yaml"], rich=False)
    before = logging_state()
    handlers = logging.root.handlers[:]
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(invalid_file.path, rich=False)
    error = caught.value
    assert [f"logkit: {problem}" for problem in error.errors] == invalid_file.expected
    assert error.path == str(invalid_file.path)
    assert "\n" not in str(error)
    assert logging_state() == before
    assert logging.root.handlers == handlers  # the very same objects, still open
    logging.getLogger("app").error("after the failure")
    for handler in handlers:
        handler.flush()
    assert "after the failure" in Path("logs/error.log").read_text()


def test_dump_rejects_a_non_mapping() -> None:
    with pytest.raises(logkit.ConfigError, match="expected a dict, found list"):
        logkit.dump([1, 2], "yaml")  # type: ignore[arg-type]
