"""configure(): finding the config, applying it like the stdlib would, all or nothing."""

from __future__ import annotations

import configparser
import logging
import logging.config
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from logging_state import logging_state
from shipped import SHIPPED, shipped_files

import logkit
from logkit._default import default_config


def stdlib_state(shipped: Path) -> dict[str, Any]:
    """What the standard library alone makes of a shipped file."""
    os.makedirs("logs", exist_ok=True)
    if shipped.suffix == ".config":
        logging.config.fileConfig(shipped, disable_existing_loggers=False)
    else:
        logging.config.dictConfig(logkit.load(shipped))
    return logging_state()


@shipped_files
def test_applies_what_the_standard_library_applies(shipped: Path) -> None:
    expected = stdlib_state(shipped)
    shutil.rmtree("logs")
    logkit.configure(shipped, rich=False)
    assert logging_state() == expected


def test_every_shipped_file_and_the_default_give_the_same_logging() -> None:
    states = {}
    for name, path in SHIPPED.items():
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


def test_creates_missing_log_directories(tmp_path: Path) -> None:
    config = default_config()
    config["handlers"]["info"]["filename"] = "deep/er/info.log"
    path = tmp_path / "c.json"
    path.write_text(logkit.dump(config, "json"))
    logkit.configure(path, rich=False)
    assert (tmp_path / "deep" / "er" / "info.log").is_file()


def test_existing_loggers_are_not_disabled() -> None:
    early = logging.getLogger("made.before.configure")
    logkit.configure(SHIPPED["yaml"], rich=False)
    assert not early.disabled


# -- which config is used ------------------------------------------------------


def test_without_any_file_the_builtin_default_is_used() -> None:
    applied = logkit.configure(rich=False)
    assert applied.used_default
    assert (applied.path, applied.format, applied.source) == (None, "default", "built-in default")


def test_environment_variable_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(SHIPPED["yaml"], "logging.yaml")  # would be found, but the env wins
    monkeypatch.setenv("LOGKIT_CONFIG", str(SHIPPED["toml"]))
    applied = logkit.configure(rich=False)
    assert (applied.path, applied.format, applied.source) == (
        SHIPPED["toml"],
        "toml",
        "LOGKIT_CONFIG",
    )


def test_environment_variable_naming_a_missing_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGKIT_CONFIG", "nowhere/logging.yaml")
    with pytest.raises(logkit.ConfigError, match="file not found") as caught:
        logkit.configure()
    assert caught.value.path == "nowhere/logging.yaml"
    assert caught.value.key == "LOGKIT_CONFIG"


def test_explicit_path_beats_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGKIT_CONFIG", str(SHIPPED["toml"]))
    assert logkit.configure(SHIPPED["ini"], rich=False).format == "ini"


@pytest.mark.parametrize(
    ("present", "chosen"),
    [
        (["logging.ini", "logging.config", "logging.json"], "logging.json"),
        (["logging.ini", "logging.toml", "logging.yml"], "logging.yml"),
        (["logging.yml", "logging.yaml"], "logging.yaml"),
        (["logging.ini", "logging.config"], "logging.config"),
        (["logging.ini"], "logging.ini"),
    ],
)
def test_working_directory_search_order(present: list[str], chosen: str) -> None:
    text = {".ini": SHIPPED["ini"], ".config": SHIPPED["ini"], ".toml": SHIPPED["toml"]}
    for name in present:
        source = text.get(Path(name).suffix, SHIPPED["yaml"])
        if name.endswith(".json"):
            Path(name).write_text(logkit.dump(default_config(), "json"))
        else:
            shutil.copy(source, name)
    applied = logkit.configure(rich=False)
    assert applied.path == Path(chosen)
    assert applied.source == "working directory"


def test_editing_the_file_changes_logging_on_the_next_configure() -> None:
    shutil.copy(SHIPPED["yaml"], "logging.yaml")
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


REJECTED = {
    "bad-class": (
        lambda c: c["handlers"]["info"].update({"class": "logging.handlers.NoSuchHandler"}),
        "handlers.info.class",
        "NoSuchHandler",
    ),
    "bad-level": (
        lambda c: c["handlers"]["error"].update({"level": "EROR"}),
        "handlers.error.level",
        "EROR",
    ),
    "unknown-formatter": (
        lambda c: c["handlers"]["console"].update({"formatter": "fancy"}),
        "handlers.console.formatter",
        "fancy",
    ),
    "bad-keyword": (
        lambda c: c["handlers"]["info"].update({"maxbytes": 5}),
        "handlers.info.maxbytes",
        "maxbytes",
    ),
    "unsupported-version": (lambda c: c.update({"version": 2}), "version", "version"),
}


@pytest.mark.parametrize("case", list(REJECTED))
def test_stdlib_rejection_is_a_located_config_error(case: str, tmp_path: Path) -> None:
    mutate, key, detail = REJECTED[case]
    path = write_config(tmp_path, "broken.yaml", mutate)
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(path, rich=False)
    error = caught.value
    assert error.path == str(path)
    assert error.key == key
    assert detail in str(error)
    assert "\n" not in str(error)
    if key is not None:
        assert error.line is not None
        assert key.split(".")[-1] in path.read_text().splitlines()[error.line - 1]


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


def test_ini_rejection_is_a_config_error(tmp_path: Path) -> None:
    parser = configparser.ConfigParser()
    parser.read(SHIPPED["ini"])
    parser["handler_info"]["level"] = "NOPE"
    path = tmp_path / "broken.ini"
    with path.open("w") as file:
        parser.write(file)
    with pytest.raises(logkit.ConfigError, match="NOPE") as caught:
        logkit.configure(path, rich=False)
    assert caught.value.path == str(path)


@pytest.mark.parametrize("case", list(REJECTED))
def test_failed_configure_keeps_the_previous_logging(case: str, tmp_path: Path) -> None:
    logkit.configure(SHIPPED["yaml"], rich=False)
    before = logging_state()
    handlers = logging.root.handlers[:]
    path = write_config(tmp_path, "broken.yaml", REJECTED[case][0])
    with pytest.raises(logkit.ConfigError):
        logkit.configure(path, rich=False)
    assert logging_state() == before
    assert logging.root.handlers == handlers  # the very same objects, still open
    logging.getLogger("app").error("after the failure")
    for handler in handlers:
        handler.flush()
    assert "after the failure" in Path("logs/error.log").read_text()


def test_failed_configure_closes_what_it_built(tmp_path: Path) -> None:
    logkit.configure(SHIPPED["yaml"], rich=False)
    fds_before = len(os.listdir("/proc/self/fd")) if sys.platform == "linux" else 0
    path = write_config(
        tmp_path,
        "broken.yaml",
        lambda c: c["handlers"]["console"].update({"formatter": "fancy"}),
    )
    for _ in range(5):
        with pytest.raises(logkit.ConfigError):
            logkit.configure(path, rich=False)
    if sys.platform == "linux":
        assert len(os.listdir("/proc/self/fd")) == fds_before


def test_successful_configure_closes_the_previous_handlers() -> None:
    logkit.configure(SHIPPED["yaml"], rich=False)
    old = logging.root.handlers[:]
    logkit.configure(SHIPPED["toml"], rich=False)
    info = next(h for h in old if h.get_name() == "info")
    assert isinstance(info, logging.FileHandler)
    assert info.stream is None  # closed
    assert all(h not in logging.root.handlers for h in old)
    registered = logging._handlers["console"]  # type: ignore[attr-defined]
    assert registered in logging.root.handlers  # closing the old one kept the new name
