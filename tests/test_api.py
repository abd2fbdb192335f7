"""The public operations (``_api.py``): configure() applies what the standard library
would, all or nothing, and reports what ``logkit check`` reports; dump() takes a dict.

Which file configure() picks is ``test_discovery.py``'s; how a failure is rolled back,
``test_transaction.py``'s.
"""

from __future__ import annotations

import logging
import logging.config
import os
import pickle
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
    # As written: tests/test_safe_rotation.py covers the swap of the rotating handlers.
    logkit.configure(shipped, rich=False, safe_rotation=False)
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


# -- warnings: configs that work but may not mean what was meant -------------------------


def test_keys_the_standard_library_ignores_are_warned_at_the_callers_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "logging.yaml"
    path.write_text(
        "version: 1\ndisable_existing_loggers: false\n"
        "loggers:\n  gunicorn:\n    level: INFO\n    qualname: gunicorn\n"
    )
    with pytest.warns(logkit.ConfigWarning) as caught:
        logkit.configure(path, rich=False)  # the line the warning names
    (warning,) = caught
    assert warning.filename == __file__
    assert warning.lineno == _line_of("logkit.configure(path, rich=False)  # the line")
    assert str(warning.message) == (
        f"{path}:6: loggers.gunicorn.qualname: unknown key: dictConfig ignores it"
    )
    assert logging.getLogger("gunicorn").level == logging.INFO


def _line_of(text: str) -> int:
    lines = Path(__file__).read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


SILENT_LOGGERS = 5  # loggers the program made before the config was (re)applied


def _silencing_config(level: str) -> dict[str, Any]:
    """A config that leaves disable_existing_loggers at dictConfig's default (true)."""
    return {
        "version": 1,
        "formatters": {"plain": {"format": "%(name)s %(message)s"}},
        "handlers": {"file": {"class": "logging.FileHandler", "filename": "app.log",
                              "formatter": "plain"}},
        "root": {"level": level, "handlers": ["file"]},
    }


def test_a_reload_that_silences_loggers_warns_with_how_many_and_which(
    tmp_path: Path,
) -> None:
    import time
    import warnings

    path = tmp_path / "logging.yaml"
    path.write_text(logkit.dump(_silencing_config("INFO"), "yaml"))
    logkit.configure(path, rich=False)
    loggers = [logging.getLogger(f"app.part{n}") for n in range(SILENT_LOGGERS)]

    def records_written(count: int) -> int:
        for logger in loggers:
            for number in range(count):
                logger.warning("record %d", number)
        for handler in logging.root.handlers:
            handler.flush()
        lines = (tmp_path / "app.log").read_text().splitlines()
        return sum(line.startswith("app.part") for line in lines)

    assert records_written(10) == 10 * SILENT_LOGGERS
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        logkit.watch(path, interval=0.02, rich=False)
        path.write_text(logkit.dump(_silencing_config("DEBUG"), "yaml"))
        deadline = time.monotonic() + 5
        while logging.root.level != logging.DEBUG and time.monotonic() < deadline:
            time.sleep(0.01)
        logkit.stop()
    assert logging.root.level == logging.DEBUG  # reloaded
    assert records_written(10) == 10 * SILENT_LOGGERS  # every record after it dropped...
    silenced = [w.message for w in caught if isinstance(w.message, logkit.ConfigWarning)]
    assert silenced, "...and nothing said so"
    warning = silenced[-1]
    # Located as a missing top-level key is: the file as a whole.
    assert (warning.path, warning.line, warning.key) == (
        str(path.absolute()),
        1,
        "disable_existing_loggers",
    )
    assert warning.reason.startswith(
        f"{SILENT_LOGGERS} loggers that were enabled are now disabled"
        " ('app.part0', 'app.part1', 'app.part2' and 2 more)"
    )
    assert "unless it says 'disable_existing_loggers: false'" in warning.reason


def test_no_warning_when_the_config_asks_to_disable_existing_loggers(tmp_path: Path) -> None:
    import warnings

    config = {**_silencing_config("INFO"), "disable_existing_loggers": True}
    path = tmp_path / "logging.json"
    path.write_text(logkit.dump(config, "json"))
    early = logging.getLogger("app.early")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        logkit.configure(path, rich=False)
    assert early.disabled  # what the file asked for, so nothing to warn about


def test_no_warning_when_existing_loggers_are_kept(
    tmp_path: Path, shipped_paths: dict[str, Path]
) -> None:
    import warnings

    logging.getLogger("app.early")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        logkit.configure(shipped_paths["yaml"], rich=False)
        logkit.configure(shipped_paths["yaml"], rich=False)
    assert not logging.getLogger("app.early").disabled


def test_applied_config_reads_compares_prints_and_pickles_like_a_named_tuple(
    shipped_paths: dict[str, Path],
) -> None:
    shutil.copy(shipped_paths["yaml"], "logging.yaml")
    applied = logkit.configure("logging.yaml", rich=False)
    assert applied.path == Path("logging.yaml")
    assert isinstance(applied.path, Path)
    assert applied.path is applied.path  # made once
    assert applied.path.name == "logging.yaml"
    assert not applied.used_default
    path, fmt, source, rich_console = applied
    assert (path, fmt, source, rich_console) == (Path("logging.yaml"), "yaml", "argument", False)
    assert repr(applied) == (
        f"AppliedConfig(path={Path('logging.yaml')!r}, format='yaml', source='argument',"
        " rich_console=False)"
    )
    again = pickle.loads(pickle.dumps(applied))  # noqa: S301 - our own bytes
    assert again == applied
    assert hash(again) == hash(applied)
    assert again.path == Path("logging.yaml")
    assert applied == logkit.AppliedConfig(Path("logging.yaml"), "yaml", "argument", False)
    assert applied != logkit.AppliedConfig(Path("other.yaml"), "yaml", "argument", False)
    with pytest.raises(AttributeError, match="read-only"):
        applied.format = "toml"


def test_applied_config_of_the_builtin_default_has_no_path() -> None:
    applied = logkit.configure(rich=False)
    assert applied.path is None
    assert applied.used_default
    assert pickle.loads(pickle.dumps(applied)) == applied  # noqa: S301 - our own bytes
    assert repr(applied).startswith("AppliedConfig(path=None, format='default',")
