"""The logkit command line: check and convert, called through main(argv)."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from logging_state import logging_state
from shipped import ALL_FORMATS, EXTENSION, SHIPPED, child_environment, shipped_files

import logkit
from logkit._cli import main
from logkit._default import default_config


@shipped_files
def test_check_accepts_the_shipped_files(
    shipped: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["check", str(shipped)]) == 0
    assert capsys.readouterr().out == f"{shipped}: ok\n"
    assert not (tmp_path / "logs").exists()  # nothing was created or opened


def test_check_leaves_the_running_logging_alone(tmp_path: Path) -> None:
    logkit.configure(SHIPPED["toml"], rich=False)
    before = logging_state()
    handlers = logging.root.handlers[:]
    assert main(["check", str(SHIPPED["yaml"])]) == 0
    assert logging_state() == before
    assert logging.root.handlers == handlers
    assert all(not getattr(h, "_closed", False) for h in handlers)


def write_broken(tmp_path: Path) -> Path:
    config = default_config()
    config["handlers"]["info"]["class"] = "logging.handlers.RotatingFileHandlr"
    path = tmp_path / "broken.yaml"
    path.write_text(logkit.dump(config, "yaml"))
    return path


def test_check_rejects_with_one_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_broken(tmp_path)
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    class_line = "    class: logging.handlers.RotatingFileHandlr"
    line_number = path.read_text().splitlines().index(class_line) + 1
    assert lines[0].startswith(f"logkit: {path}:{line_number}: handlers.info.class: ")
    assert "RotatingFileHandlr" in lines[0]


def test_check_reports_a_directory_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("")
    config = default_config()
    config["handlers"]["error"]["filename"] = "blocker/error.log"
    path = tmp_path / "c.toml"
    path.write_text(logkit.dump(config, "toml"))
    with pytest.raises(logkit.ConfigError, match="not a directory") as caught:
        logkit._check.check_config(path)
    assert caught.value.key == "handlers.error.filename"
    assert caught.value.line is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "file is empty"), (b"\x00\x01", "not a text file"), (b"a: [", "YAML syntax error")],
)
def test_check_rejects_bad_files(
    content: bytes, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 1
    assert message in capsys.readouterr().err


def test_check_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such.yaml"]) == 1
    assert capsys.readouterr().err == "logkit: no/such.yaml: file not found\n"


@shipped_files
@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_convert_to_stdout_round_trips(
    shipped: Path, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(shipped), "--to", fmt]) == 0
    out = tmp_path / f"out{EXTENSION[fmt]}"
    out.write_text(capsys.readouterr().out)
    assert logkit.load(out) == logkit.load(shipped)
    assert main(["check", str(out)]) == 0


def test_convert_to_a_file_infers_the_format(tmp_path: Path) -> None:
    out = tmp_path / "logging.json"
    assert main(["convert", str(SHIPPED["yaml"]), "-o", str(out)]) == 0
    assert out.read_text().startswith("{\n")
    assert logkit.load(out) == default_config()


def test_convert_without_target_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SHIPPED["yaml"])]) == 1
    assert "needs --to FMT or -o OUT" in capsys.readouterr().err


def test_convert_to_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SHIPPED["yaml"]), "--to", "xml"]) == 1
    assert "unknown format 'xml'" in capsys.readouterr().err


def test_convert_names_what_the_target_cannot_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = default_config()
    config["formatters"]["minimal"]["datefmt"] = None
    path = tmp_path / "c.json"
    path.write_text(logkit.dump(config, "json"))
    assert main(["convert", str(path), "--to", "toml"]) == 1
    assert "formatters.minimal.datefmt: TOML has no null" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["check"], ["convert", "x", "--bogus"]])
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "check" in capsys.readouterr().out


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "logkit", "check", str(SHIPPED["toml"])],
        capture_output=True,
        text=True,
        env=child_environment(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{SHIPPED['toml']}: ok\n"
