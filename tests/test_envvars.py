"""${VAR} in configs, and the LOGKIT_LEVEL / LOGKIT_LOGS_DIR overrides."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

import logkit
from logkit._cli import main
from logkit._default import default_config
from logkit._envvars import substitute
from logkit._errors import InvalidConfig
from logkit._formats import FORMATS


def scheme_file(tmp_path: Path, fmt: str, **handler_info: object) -> Path:
    """The shipped scheme in ``fmt``, with the ``info`` handler's fields replaced."""
    config = default_config()
    config["handlers"]["info"].update(handler_info)
    path = tmp_path / f"logging.{fmt}"
    path.write_text(logkit.dump(config, fmt))
    return path


def file_handler(name: str) -> logging.FileHandler:
    handler = next(h for h in logging.root.handlers if h.get_name() == name)
    assert isinstance(handler, logging.FileHandler)
    return handler


@pytest.mark.parametrize("fmt", FORMATS)
def test_variables_and_defaults_in_every_format(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_LOG_DIR", "applogs")
    monkeypatch.delenv("APP_LOG_NAME", raising=False)
    path = scheme_file(tmp_path, fmt, filename="${APP_LOG_DIR}/${APP_LOG_NAME:-info}.log")
    assert logkit.load(path)["handlers"]["info"]["filename"] == "applogs/info.log"
    assert logkit.load(path, env=False)["handlers"]["info"]["filename"] == (
        "${APP_LOG_DIR}/${APP_LOG_NAME:-info}.log"
    )
    logkit.configure(path, rich=False)
    assert file_handler("info").baseFilename == str(tmp_path / "applogs" / "info.log")


def test_an_empty_variable_takes_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMPTY", "")
    config = {"a": "${EMPTY:-fallback}", "b": "[${EMPTY}]", "c": "${EMPTY:-}"}
    assert substitute(config) == {"a": "fallback", "b": "[]", "c": ""}


def test_dollar_dollar_is_a_literal_and_dollar_style_formats_are_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("message", "from the environment")
    config = {
        "formatters": {
            "template": {"format": "${asctime} ${message}", "style": "$"},
            "percent": {"format": "$${message} ${message}"},
        }
    }
    formatters = substitute(config)["formatters"]
    assert formatters["template"]["format"] == "${asctime} ${message}"
    assert formatters["percent"]["format"] == "${message} from the environment"


def test_ini_interpolation_keeps_working_with_variables(
    tmp_path: Path, shipped_paths: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_ROOT", str(tmp_path / "root"))
    text = (
        shipped_paths["ini"]
        .read_text()
        .replace("[loggers]", "[DEFAULT]\nlogdir=${APP_ROOT}/logs\n\n[loggers]", 1)
        .replace("args=('logs/info.log',", "args=('%(logdir)s/info.log',")
    )
    path = tmp_path / "logging.ini"
    path.write_text(text)
    expected = str(tmp_path / "root" / "logs" / "info.log")
    assert logkit.load(path)["handlers"]["info"]["filename"] == expected
    logkit.configure(path, rich=False)
    assert file_handler("info").baseFilename == expected


@pytest.mark.parametrize("fmt", ["yaml", "toml", "json"])
def test_numbers_and_booleans_are_converted_where_expected(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_BYTES", "2048")
    monkeypatch.setenv("DELAY", "yes")
    monkeypatch.setenv("APP_LEVEL", "10")
    path = scheme_file(
        tmp_path,
        fmt,
        maxBytes="${MAX_BYTES}",
        backupCount="${BACKUPS:-3}",
        delay="${DELAY}",
        level="${APP_LEVEL}",
        mode="${MODE:-a}",
    )
    info = logkit.load(path)["handlers"]["info"]
    assert (info["maxBytes"], info["backupCount"], info["delay"]) == (2048, 3, True)
    assert (info["level"], info["mode"]) == (10, "a")
    logkit.configure(path, rich=False)
    handler = file_handler("info")
    assert (handler.maxBytes, handler.backupCount, handler.level) == (2048, 3, 10)  # type: ignore[attr-defined]


def test_a_value_that_does_not_convert_is_reported_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_BYTES", "10MB")
    path = scheme_file(tmp_path, "yaml", maxBytes="${MAX_BYTES}")
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(path, rich=False)
    error = caught.value
    assert (error.key, error.reason) == (
        "handlers.info.maxBytes",
        "expected a number, found the string '10MB'",
    )
    assert error.line is not None  # without it, [-1] would look at the last line instead
    assert "maxBytes" in path.read_text().splitlines()[error.line - 1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_unset_variable_without_default_names_it_and_where(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    path = scheme_file(tmp_path, fmt, filename="${NOT_SET_ANYWHERE}/info.log")
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.load(path)
    error = caught.value
    assert "environment variable 'NOT_SET_ANYWHERE' is not set and has no default" in str(error)
    assert (error.path, error.key) == (str(path), "handlers.info.filename")
    assert error.line is not None
    assert "NOT_SET_ANYWHERE" in path.read_text().splitlines()[error.line - 1]


def test_every_unset_variable_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("UNSET_A", "UNSET_B"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(InvalidConfig) as caught:
        substitute({"x": "${UNSET_A}", "y": ["${UNSET_B}"]})
    assert [e.key for e in caught.value.errors] == ["x", "y.0"]


@pytest.mark.parametrize("text", ["${}", "${1ABC}", "${NAME:?error}", "${NOT CLOSED"])
def test_malformed_references_are_errors(text: str) -> None:
    with pytest.raises(logkit.ConfigError, match="is not a variable reference") as caught:
        substitute({"handlers": {"h": {"filename": text}}})
    assert caught.value.key == "handlers.h.filename"


# -- defaults within defaults, as a shell reads them ------------------------------------

NESTED = {
    "both-unset": ({}, "${A:-${B:-x}}", "x"),
    "inner-set": ({"B": "b"}, "${A:-${B:-x}}", "b"),
    "outer-set": ({"A": "a"}, "${A:-${B:-x}}", "a"),
    "outer-empty": ({"A": "", "B": "b"}, "${A:-${B:-x}}", "b"),
    "text-around": ({}, "pre-${A:-in-${B:-x}-side}-post", "pre-in-x-side-post"),
    "three-deep": ({"C": "c"}, "${A:-${B:-${C}}}", "c"),
    "literal-in-default": ({}, "${A:-$${B}}", "${B}"),
    "brace-after": ({}, "${A:-x}}", "x}"),
    "unused-default-names-an-unset-variable": ({"A": "a"}, "${A:-${UNSET_Z}}", "a"),
}


@pytest.mark.parametrize("case", list(NESTED))
def test_defaults_nest_as_in_a_shell(case: str) -> None:
    environ, text, expected = NESTED[case]
    assert substitute({"x": text}, environ) == {"x": expected}


def test_an_unset_variable_in_a_taken_default_is_reported() -> None:
    with pytest.raises(logkit.ConfigError) as caught:
        substitute({"handlers": {"h": {"filename": "${A:-${B:-${UNSET_Z}}}"}}}, {})
    assert caught.value.key == "handlers.h.filename"
    assert "'UNSET_Z' is not set" in caught.value.reason


@pytest.mark.parametrize("text", ["${A:-${B:-x}", "${A:-x", "${A:-${1B}}"])
def test_malformed_nested_references_are_errors(text: str) -> None:
    with pytest.raises(logkit.ConfigError, match="is not a variable reference") as caught:
        substitute({"handlers": {"h": {"filename": text}}}, {})
    assert caught.value.key == "handlers.h.filename"


def test_nesting_is_bounded() -> None:
    text = "${A:-" * 100_000 + "x" + "}" * 100_000
    with pytest.raises(logkit.ConfigError, match="defaults nest at most 16 deep") as caught:
        substitute({"handlers": {"h": {"filename": text}}}, {})
    assert caught.value.key == "handlers.h.filename"
    assert len(str(caught.value)) < 300


# -- integers longer than Python reads -----------------------------------------------


def test_a_too_long_integer_from_a_variable_names_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_BYTES", "9" * 5000)
    path = scheme_file(tmp_path, "yaml", maxBytes="${MAX_BYTES}")
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(path, rich=False)
    assert (caught.value.path, caught.value.key) == (str(path), "handlers.info.maxBytes")
    assert "integer of 5,000 digits is too long" in caught.value.reason
    assert caught.value.line is not None


def test_a_too_long_logkit_level_names_the_variable(
    shipped_paths: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGKIT_LEVEL", "1" * 5000)
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(shipped_paths["yaml"], rich=False)
    assert caught.value.key == "LOGKIT_LEVEL"
    assert "integer of 5,000 digits is too long" in caught.value.reason


# -- only the file may write ext:// and cfg:// ------------------------------------------

MADE_BY_THE_ENVIRONMENT = {
    "whole-value": ({"STREAM": "ext://os.system"}, "${STREAM}", "STREAM"),
    "the-scheme": ({"P": "ext"}, "${P}://os.system", "P"),
    "part-of-the-scheme": ({"X": "xt:/"}, "e${X}/os.system", "X"),
    "cfg": ({"STREAM": "cfg://handlers"}, "${STREAM}", "STREAM"),
    "set-over-a-written-default": (
        {"STREAM": "ext://sys.stdout"}, "${STREAM:-ext://sys.stderr}", "STREAM"
    ),
    "in-a-nested-default": ({"B": "ext://os.system"}, "${A:-${B}}", "B"),
}


@pytest.mark.parametrize("case", list(MADE_BY_THE_ENVIRONMENT))
def test_the_environment_may_not_make_a_reference(case: str) -> None:
    environ, text, variable = MADE_BY_THE_ENVIRONMENT[case]
    with pytest.raises(logkit.ConfigError) as caught:
        substitute({"handlers": {"h": {"stream": text}}}, environ)
    assert caught.value.key == "handlers.h.stream"
    assert f"environment variable '{variable}' makes this value the reference" in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("environ", "text", "expected"),
    [
        ({"S": "stdout"}, "ext://sys.${S}", "ext://sys.stdout"),
        ({}, "${STREAM:-ext://sys.stderr}", "ext://sys.stderr"),
        ({"NAME": "custom"}, "cfg://${NAME}.address", "cfg://custom.address"),
    ],
)
def test_a_reference_the_file_writes_may_take_variables(
    environ: dict[str, str], text: str, expected: str
) -> None:
    assert substitute({"x": text}, environ) == {"x": expected}


def test_the_environment_may_not_make_file_names_references(
    shipped_paths: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGKIT_LOGS_DIR", "ext://os")
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(shipped_paths["yaml"], rich=False)
    assert caught.value.key == "LOGKIT_LOGS_DIR"


def test_convert_keeps_references_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("APP_LOG_DIR", "here")
    path = scheme_file(tmp_path, "yaml", filename="${APP_LOG_DIR}/info.log")
    assert main(["convert", str(path), "--to", "toml", "--keep-env"]) == 0
    assert 'filename = "${APP_LOG_DIR}/info.log"' in capsys.readouterr().out
    assert main(["convert", str(path), "--to", "toml"]) == 0
    assert 'filename = "here/info.log"' in capsys.readouterr().out


# -- LOGKIT_LEVEL and LOGKIT_LOGS_DIR --------------------------------------------


# Each shipped file, and the built-in default (the working directory is empty).
SHIPPED_OR_DEFAULT = pytest.mark.parametrize(
    "shipped_format", ["yaml", "toml", "ini", None], ids=["yaml", "toml", "ini", "default"]
)


@SHIPPED_OR_DEFAULT
def test_logkit_level_overrides_the_root_level(
    shipped_format: str | None, shipped_paths: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = shipped_paths[shipped_format] if shipped_format else None
    monkeypatch.setenv("LOGKIT_LEVEL", "debug")
    logkit.configure(shipped, rich=False)
    assert logging.root.level == logging.DEBUG
    if shipped is not None:
        assert logkit.load(shipped)["root"]["level"] == "INFO"  # the file's meaning is kept


def test_a_bad_logkit_level_is_a_config_error(
    shipped_paths: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    logkit.configure(shipped_paths["yaml"], rich=False)
    monkeypatch.setenv("LOGKIT_LEVEL", "VERBOSE")
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(shipped_paths["yaml"], rich=False)
    assert caught.value.key == "LOGKIT_LEVEL"
    assert "unknown level 'VERBOSE'" in str(caught.value)
    assert logging.root.level == logging.INFO
    assert main(["check", str(shipped_paths["yaml"])]) == 1


@SHIPPED_OR_DEFAULT
def test_logkit_logs_dir_moves_relative_log_files(
    shipped_format: str | None,
    shipped_paths: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shipped = shipped_paths[shipped_format] if shipped_format else None
    monkeypatch.setenv("LOGKIT_LOGS_DIR", str(tmp_path / "var" / "log"))
    logkit.configure(shipped, rich=False)
    expected = tmp_path / "var" / "log" / "logs" / "info.log"
    assert file_handler("info").baseFilename == str(expected)
    assert expected.is_file()
    assert not (tmp_path / "logs").exists()


def test_logkit_logs_dir_keeps_absolute_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = str(tmp_path / "abs" / "info.log")
    path = scheme_file(tmp_path, "yaml", filename=absolute)
    monkeypatch.setenv("LOGKIT_LOGS_DIR", "elsewhere")
    logkit.configure(path, rich=False)
    assert file_handler("info").baseFilename == absolute
    assert file_handler("error").baseFilename == os.path.abspath("elsewhere/logs/error.log")


