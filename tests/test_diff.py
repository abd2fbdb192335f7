"""logkit diff: semantic comparison of configs, as data and through the CLI."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._cli import main
from logkit._default import default_config
from logkit._diff import (
    ABSENT,
    Difference,
    config_differences,
    normalize_config,
)

Edit = Callable[[dict[str, Any]], None]


def edited(edit: Edit) -> dict[str, Any]:
    config = copy.deepcopy(default_config())
    edit(config)
    return config


def _set(path: str, value: Any) -> Edit:
    def edit(config: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target = config
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value

    return edit


def _delete(path: str) -> Edit:
    def edit(config: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target = config
        for part in parents:
            target = target[part]
        del target[last]

    return edit


SAME_MEANING: dict[str, tuple[Edit, Edit]] = {
    "level number and name": (_set("root/level", 20), _set("root/level", "INFO")),
    "level digits and name": (
        _set("handlers/console/level", "10"),
        _set("handlers/console/level", "DEBUG"),
    ),
    "short handler class": (
        _set("handlers/console/class", "StreamHandler"),
        _set("handlers/console/class", "logging.StreamHandler"),
    ),
    "INI-style handler module": (
        _set("handlers/info/class", "handlers.RotatingFileHandler"),
        _set("handlers/info/class", "logging.handlers.RotatingFileHandler"),
    ),
    "default stream is stderr": (
        _set("handlers/console/stream", "ext://sys.stderr"),
        _delete("handlers/console/stream"),
    ),
    "null stream is stderr": (
        _set("handlers/console/stream", None),
        _set("handlers/console/stream", "ext://sys.stderr"),
    ),
    "constructor default mode": (_delete("handlers/info/mode"), _set("handlers/info/mode", "a")),
    "constructor default delay": (_set("handlers/info/delay", False), lambda config: None),
    "disable_existing_loggers default": (
        _delete("disable_existing_loggers"),
        _set("disable_existing_loggers", True),
    ),
    "propagate default": (
        _set("loggers/app", {"level": "DEBUG"}),
        _set("loggers/app", {"level": "DEBUG", "propagate": True, "handlers": []}),
    ),
    "formatter defaults": (
        _set("formatters/minimal", {}),
        _set("formatters/minimal", {"format": "%(message)s", "style": "%", "datefmt": None}),
    ),
    "formatter class spelled two ways": (
        _set("formatters/minimal/class", "logging.Formatter"),
        lambda config: None,
    ),
    "empty and absent sections": (_set("filters", {}), lambda config: None),
    "float and int": (_set("handlers/info/maxBytes", 10485760.0), lambda config: None),
}


@pytest.mark.parametrize("edits", list(SAME_MEANING.values()), ids=list(SAME_MEANING))
def test_different_spellings_of_one_meaning_are_identical(edits: tuple[Edit, Edit]) -> None:
    left, right = (edited(edit) for edit in edits)
    assert repr(left) != repr(right)
    assert config_differences(left, right) == []


DIFFERENT_MEANING: dict[str, tuple[Edit, Edit, str, Any, Any]] = {
    "maxBytes": (
        lambda config: None,
        _set("handlers/info/maxBytes", 1048576),
        "handlers.info.maxBytes",
        10485760,
        1048576,
    ),
    "stream": (
        lambda config: None,
        _delete("handlers/console/stream"),
        "handlers.console.stream",
        "ext://sys.stdout",
        "ext://sys.stderr",
    ),
    "handler order on a logger": (
        lambda config: None,
        _set("root/handlers", ["info", "console", "error"]),
        "root.handlers",
        ["console", "info", "error"],
        ["info", "console", "error"],
    ),
    "an extra logger": (
        lambda config: None,
        _set("loggers/app", {"level": "DEBUG"}),
        "loggers.app",
        ABSENT,
        {"level": "DEBUG", "propagate": True, "handlers": [], "filters": []},
    ),
    "an absent logger level is not NOTSET": (
        _set("loggers/app", {}),
        _set("loggers/app", {"level": "NOTSET"}),
        "loggers.app.level",
        ABSENT,
        "NOTSET",
    ),
    "propagate True is not 1": (
        _set("loggers/app", {"propagate": True}),
        _set("loggers/app", {"propagate": 1}),
        "loggers.app.propagate",
        True,
        1,
    ),
    "disable_existing_loggers default": (
        lambda config: None,
        _delete("disable_existing_loggers"),
        "disable_existing_loggers",
        False,
        True,
    ),
}


@pytest.mark.parametrize("case", list(DIFFERENT_MEANING.values()), ids=list(DIFFERENT_MEANING))
def test_a_different_meaning_is_reported_by_key_path(
    case: tuple[Edit, Edit, str, Any, Any],
) -> None:
    left_edit, right_edit, key, left_value, right_value = case
    differences = config_differences(edited(left_edit), edited(right_edit))
    assert differences == [Difference(key, left_value, right_value)]


def test_differences_come_in_the_left_files_key_order() -> None:
    right = edited(_set("handlers/error/maxBytes", 1))
    right["handlers"]["info"]["level"] = "DEBUG"
    right["root"]["level"] = "WARNING"
    keys = [d.key for d in config_differences(default_config(), right)]
    assert keys == ["handlers.info.level", "handlers.error.maxBytes", "root.level"]


def test_a_difference_prints_as_one_line() -> None:
    assert str(Difference("handlers.info.maxBytes", 10485760, 1048576)) == (
        "handlers.info.maxBytes: 10485760 != 1048576"
    )
    assert str(Difference("loggers.app", ABSENT, {"level": "DEBUG"})) == (
        "loggers.app: (absent) != {'level': 'DEBUG'}"
    )
    assert str(Difference("root.level", "INFO", "DEBUG")) == "root.level: 'INFO' != 'DEBUG'"


def test_normalizing_leaves_its_input_alone_and_is_idempotent() -> None:
    config = default_config()
    normalized = normalize_config(config)
    assert config == default_config()
    assert normalize_config(normalized) == normalized
    assert normalized["handlers"]["info"]["backupCount"] == 10
    assert normalized["handlers"]["info"]["delay"] is False


def test_unresolvable_classes_are_compared_as_written() -> None:
    left = edited(_set("handlers/info/class", "no.such.Handler"))
    right = edited(_set("handlers/info/class", "no.such.Handlr"))
    assert [d.key for d in config_differences(left, right)] == ["handlers.info.class"]


# -- the command line -------------------------------------------------------


@pytest.mark.parametrize("right", ["toml", "ini"])
def test_cli_shipped_files_are_identical(
    right: str, shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(shipped_paths["yaml"]), str(shipped_paths[right])]) == 0
    assert capsys.readouterr().out == "identical\n"


def test_cli_prints_each_difference_and_exits_1(
    tmp_path: Path, shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config = default_config()
    config["handlers"]["info"]["maxBytes"] = 1048576
    config["root"]["level"] = 10
    other = tmp_path / "other.json"
    other.write_text(logkit.dump(config, "json"))
    assert main(["diff", str(shipped_paths["yaml"]), str(other)]) == 1
    assert capsys.readouterr().out == (
        "handlers.info.maxBytes: 10485760 != 1048576\nroot.level: 'INFO' != 'DEBUG'\n"
    )


def test_cli_missing_file_is_a_failure(
    shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(shipped_paths["yaml"]), "absent.toml"]) == 1
    assert capsys.readouterr().err == "logkit: absent.toml: file not found\n"


def test_cli_needs_two_files(
    shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", str(shipped_paths["yaml"])]) == 2
    assert "usage:" in capsys.readouterr().err


def test_nan_is_the_same_as_nan_and_non_string_keys_are_marked() -> None:
    nan = {"version": 1, "handlers": {"h": {"class": "logging.NullHandler", "x": float("nan")}}}
    assert config_differences(nan, copy.deepcopy(nan)) == []
    int_key = {"version": 1, "loggers": {1: {}}}
    string_key = {"version": 1, "loggers": {"1": {}}}
    assert [d.key for d in config_differences(int_key, string_key)] == ["loggers[1]", "loggers.1"]


def test_ext_constants_are_their_values_and_flush_level_names_only_count_from_3_13() -> None:
    def memory(flush_level: object) -> dict[str, Any]:
        handler = {"class": "logging.handlers.MemoryHandler", "capacity": 10}
        return {"version": 1, "handlers": {"m": {**handler, "flushLevel": flush_level}}}

    assert config_differences(memory("ext://logging.ERROR"), memory(40)) == []
    by_name = config_differences(memory("ERROR"), memory(40))
    if sys.version_info >= (3, 13):  # dictConfig converts flushLevel names from 3.13 on
        assert by_name == []
    else:  # before, the string reaches MemoryHandler and fails at the first record
        assert [d.key for d in by_name] == ["handlers.m.flushLevel"]


def test_a_dotted_logger_name_is_one_key() -> None:
    """``loggers.examples.app`` would read as a key ``app`` inside ``loggers.examples``."""
    left = {"version": 1, "loggers": {"examples.app": {"level": "INFO"}, "plain": {}}}
    right = {"version": 1, "loggers": {"examples.app": {"level": "DEBUG"}, "plain": {"x": 1}}}
    keys = [difference.key for difference in config_differences(left, right)]
    assert keys == ['loggers["examples.app"].level', "loggers.plain.x"]


# -- logkit.diff: files, dicts and the built-in default ----------------------------


def test_each_shipped_file_means_the_built_in_default(shipped: Path) -> None:
    assert logkit.diff(shipped, None) == []
    assert logkit.diff(None, default_config()) == []
    assert logkit.diff(default_config(), shipped) == []


def test_one_changed_key_is_found_with_its_key(
    tmp_path: Path, shipped_paths: dict[str, Path]
) -> None:
    text = shipped_paths["yaml"].read_text(encoding="utf-8")
    changed = tmp_path / "changed.yaml"
    changed.write_text(text.replace("  level: INFO\n  handlers:", "  level: 10\n  handlers:"))
    (difference,) = logkit.diff(shipped_paths["toml"], changed)
    assert (difference.key, difference.left, difference.right) == ("root.level", "INFO", "DEBUG")
    assert str(difference) == "root.level: 'INFO' != 'DEBUG'"


def test_the_command_line_prints_what_diff_returns(
    tmp_path: Path, shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config = default_config()
    config["handlers"]["console"]["level"] = "WARNING"
    del config["handlers"]["console"]["stream"]
    other = tmp_path / "other.toml"
    other.write_text(logkit.dump(config, "toml"))
    expected = [str(d) for d in logkit.diff(shipped_paths["ini"], other)]
    assert len(expected) == 2
    assert main(["diff", str(shipped_paths["ini"]), str(other)]) == 1
    assert capsys.readouterr().out.splitlines() == expected


def test_a_missing_file_is_a_config_error_naming_it() -> None:
    with pytest.raises(logkit.ConfigError) as raised:
        logkit.diff("absent.toml", None)
    assert (raised.value.path, raised.value.reason) == ("absent.toml", "file not found")


def test_an_invalid_file_raises_what_check_prints(invalid_file: Any) -> None:
    """diff rejects each bad file with the words (file, line, key) `logkit check` uses."""
    with pytest.raises(logkit.ConfigError) as raised:
        logkit.diff(None, invalid_file.path)
    found = [f"logkit: {error}" for error in raised.value.errors]
    assert found == invalid_file.expected


def test_an_invalid_dict_is_a_config_error_naming_the_key() -> None:
    config = default_config()
    config["root"]["level"] = "INFOO"
    with pytest.raises(logkit.ConfigError) as raised:
        logkit.diff(config, None)
    assert (raised.value.path, raised.value.key) == (None, "root.level")
    assert "unknown level 'INFOO'" in raised.value.reason


def test_the_environment_is_substituted_but_logkit_overrides_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """${VAR} is part of what a file means; LOGKIT_LEVEL would change both sides alike."""
    config = default_config()
    config["root"]["level"] = "${APP_LEVEL}"
    templated = tmp_path / "templated.json"
    templated.write_text(logkit.dump(config, "json"))
    monkeypatch.setenv("APP_LEVEL", "INFO")
    monkeypatch.setenv("LOGKIT_LEVEL", "DEBUG")
    assert logkit.diff(templated, None) == []
    monkeypatch.setenv("APP_LEVEL", "ERROR")
    assert [str(d) for d in logkit.diff(templated, None)] == ["root.level: 'ERROR' != 'INFO'"]


def test_diff_is_public() -> None:
    assert "diff" in logkit.__all__
    assert logkit.diff.__doc__


def test_the_difference_type_is_public(shipped_paths: dict[str, Path]) -> None:
    import logkit

    config = logkit.load(shipped_paths["yaml"])
    config["root"]["level"] = "DEBUG"
    (difference,) = logkit.diff(shipped_paths["yaml"], config)
    assert isinstance(difference, logkit.Difference)
    assert "Difference" in logkit.__all__
