"""logkit convert (``_commands/convert.py``): another format, to stdout or a file, checked."""

from __future__ import annotations

from pathlib import Path

import pytest

import logkit
from logkit._cli import main
from logkit._default import default_config
from logkit._formats import FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_convert_to_stdout_round_trips(
    shipped: Path, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(shipped), "--to", fmt]) == 0
    out = tmp_path / f"out.{fmt}"
    out.write_text(capsys.readouterr().out)
    assert logkit.load(out) == logkit.load(shipped)
    assert main(["check", str(out)]) == 0


def test_convert_to_a_file_infers_the_format(
    tmp_path: Path, shipped_paths: dict[str, Path]
) -> None:
    out = tmp_path / "logging.json"
    assert main(["convert", str(shipped_paths["yaml"]), "-o", str(out)]) == 0
    assert out.read_text().startswith("{\n")
    assert logkit.load(out) == default_config()


def test_convert_without_target_format(
    shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(shipped_paths["yaml"])]) == 1
    assert "needs --to FMT or -o OUT" in capsys.readouterr().err


def test_convert_to_unknown_format(
    shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(shipped_paths["yaml"]), "--to", "xml"]) == 1
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


# -- convert --check reuses diff's comparison -----------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_convert_check_confirms_a_faithful_conversion(
    fmt: str, tmp_path: Path, shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["convert", str(shipped_paths["yaml"]), "-o", str(out), "--check"]) == 0
    assert capsys.readouterr().err == (
        f"wrote {out}\nchecked: {out} means the same as {shipped_paths['yaml']}\n"
    )


def test_convert_check_to_stdout_checks_the_text(
    shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(shipped_paths["ini"]), "--to", "toml", "--check"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# logkit's logging scheme in the standard library's")
    assert "\nversion = 1\n" in captured.out
    assert captured.err == (
        f"checked: the toml output means the same as {shipped_paths['ini']}\n"
    )


def test_convert_check_reports_what_the_conversion_lost(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "int-key.yaml"
    source.write_text("version: 1\nloggers:\n  1: {level: INFO}\n")  # JSON keys are strings
    assert main(["convert", str(source), "--to", "json", "--check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"logkit: the json output does not mean the same as {source}:"
    assert err[1].startswith("  loggers[1]: {'level': 'INFO'")
    assert err[2].startswith("  loggers.1: (absent) != {'level': 'INFO'")
