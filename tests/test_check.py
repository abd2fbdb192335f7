"""logkit check (``_check.py`` and its command): every problem reported, nothing touched."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._apply import log_location_problem
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


# -- several files, or the one configure() would use ----------------------------


def test_check_takes_several_files_and_fails_if_any_does(
    tmp_path: Path, shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    yaml, toml = shipped_paths["yaml"], shipped_paths["toml"]
    assert main(["check", str(yaml), "missing.yaml", str(toml)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{yaml}: ok\n{toml}: ok\n"
    assert captured.err == "logkit: missing.yaml: file not found\n"


def test_check_without_a_path_checks_what_configure_would_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "the built-in default scheme: ok\n"
    (tmp_path / "logging.json").write_text(logkit.dump(default_config(), "json"))
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "logging.json (from working directory): ok\n"
    monkeypatch.setenv("LOGKIT_CONFIG", "absent.toml")
    assert main(["check"]) == 1
    assert capsys.readouterr().err == (
        "logkit: absent.toml: LOGKIT_CONFIG: file not found (named by $LOGKIT_CONFIG)\n"
    )


# -- warnings: printed, and failing with --strict ---------------------------------


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_check_prints_warnings_and_fails_on_them_with_strict(
    strict: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "version: 1\nhandlers:\n  h: {class: logging.NullHandler}\n"
        "root:\n  handlers: [h]\n  colour: red\n"
    )
    assert main(["check", *(["--strict"] if strict else []), str(path)]) == (1 if strict else 0)
    captured = capsys.readouterr()
    assert captured.err == (
        f"logkit: warning: {path}:6: root.colour: unknown key: dictConfig ignores it\n"
    )
    assert captured.out == ("" if strict else f"{path}: ok\n")


# -- what check runs, and --static ----------------------------------------------

# A filter made by calling os.makedirs, and a handler class from a module that
# marks its import: checking the config builds it, --static must not.
MARKING_MODULE = """\
import logging
import pathlib

pathlib.Path("ran-import").mkdir()
MarkedHandler = logging.NullHandler
"""
MARKING_CONFIG = """\
version: 1
filters:
  marked: {"()": os.makedirs, name: ran-factory}
handlers:
  h: {class: marking_module_for_check.MarkedHandler, filters: [marked]}
root: {handlers: [h]}
"""


# An INI file names a handler class (imported to name its args=) and a formatter
# class (built, as fileConfig builds it, to reject what fileConfig rejects).
MARKING_INI_MODULE = """\
import logging
import pathlib

pathlib.Path("ran-import").mkdir()


class MarkedFormatter(logging.Formatter):
    def __init__(self, *args, **kwargs):
        pathlib.Path("ran-formatter").mkdir(exist_ok=True)
        super().__init__(*args, **kwargs)


MarkedHandler = logging.StreamHandler
"""
MARKING_INI = """\
[loggers]
keys=root

[handlers]
keys=h

[formatters]
keys=f

[logger_root]
handlers=h

[handler_h]
class=marking_ini_module.MarkedHandler
args=(sys.stdout,)
formatter=f

[formatter_f]
class=marking_ini_module.MarkedFormatter
format=%(message)s
"""


# What each config makes run when checked: (module, its text, config name, its text).
MARKING = {
    "yaml": ("marking_module_for_check", MARKING_MODULE, "marking.yaml", MARKING_CONFIG),
    "ini": ("marking_ini_module", MARKING_INI_MODULE, "marking.ini", MARKING_INI),
}
RUNS_WHEN_BUILT = {"yaml": ["ran-factory", "ran-import"], "ini": ["ran-formatter", "ran-import"]}


@pytest.mark.parametrize("static", [False, True], ids=["built", "static"])
@pytest.mark.parametrize("fmt", sorted(MARKING))
def test_check_runs_the_configs_code_unless_static(
    fmt: str,
    static: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    module, module_text, name, config_text = MARKING[fmt]
    (tmp_path / f"{module}.py").write_text(module_text)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module, raising=False)
    path = tmp_path / name
    path.write_text(config_text)
    assert main(["check", *(["--static"] if static else []), str(path)]) == 0
    ran = sorted(p.name for p in tmp_path.glob("ran-*"))
    if static:
        assert ran == []
        assert capsys.readouterr().out == f"{path}: ok (static: no code run)\n"
    else:
        assert ran == RUNS_WHEN_BUILT[fmt]
    monkeypatch.delitem(sys.modules, module, raising=False)


# -- log file locations: one verdict for check and configure --------------------


@pytest.fixture
def unprivileged(monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, os.access says yes to everything: answer from the owner's mode bits."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        try:
            st_mode = os.stat(path).st_mode
        except OSError:
            return False
        bits = {os.R_OK: 0o400, os.W_OK: 0o200, os.X_OK: 0o100}
        return all(st_mode & bit for flag, bit in bits.items() if mode & flag)

    monkeypatch.setattr(os, "access", access)


def _config_logging_to(directory: Path) -> Path:
    config = default_config()
    config["handlers"]["info"]["filename"] = str(directory / "info.log")
    config["handlers"]["error"]["filename"] = str(directory / "error.log")
    path = directory.parent / "c.yaml"
    path.write_text(logkit.dump(config, "yaml"))
    return path


@pytest.mark.usefixtures("unprivileged")
def test_an_existing_writable_file_in_a_read_only_directory_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    for name in ("info.log", "error.log"):
        (logs / name).write_text("")
    path = _config_logging_to(logs)
    logs.chmod(0o555)
    try:
        assert main(["check", str(path)]) == 0, capsys.readouterr().err
        logkit.configure(path, rich=False)  # as configure() does
    finally:
        logs.chmod(0o755)


@pytest.mark.usefixtures("unprivileged")
def test_check_and_configure_reject_a_read_only_directory_alike(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    path = _config_logging_to(logs)
    logs.chmod(0o555)
    try:
        with pytest.raises(logkit.ConfigError) as checked:
            check_config(path)
        with pytest.raises(logkit.ConfigError) as configured:
            logkit.configure(path, rich=False)
    finally:
        logs.chmod(0o755)
    verdicts = [(e.value.key, e.value.line, e.value.reason) for e in (checked, configured)]
    assert verdicts[0] == verdicts[1]
    assert verdicts[0] == (
        "handlers.info.filename",
        verdicts[0][1],
        f"no permission to create files under {logs}",
    )
    assert verdicts[0][1] is not None


def test_a_log_file_that_another_process_is_rotating_is_not_called_unwritable(
    tmp_path: Path,
) -> None:
    # Children of a program configure while a sibling rotates their shared log: the
    # file is renamed and made again under the check's feet. It is still writable.
    log = tmp_path / "info.log"
    log.touch()
    stop = threading.Event()

    def rotate() -> None:
        while not stop.is_set():
            os.replace(log, tmp_path / "info.log.1")
            log.touch()

    rotator = threading.Thread(target=rotate)
    rotator.start()
    try:
        verdicts = {log_location_problem(str(log)) for _ in range(20_000)}
    finally:
        stop.set()
        rotator.join(timeout=10)
    assert verdicts == {None}
