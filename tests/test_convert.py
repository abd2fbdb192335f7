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
    assert main(["convert", str(shipped_paths["yaml"])]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: logkit convert ")
    assert err.endswith("logkit convert: error: give --to FMT, or -o OUT with a known extension\n")


def test_convert_to_unknown_format(
    shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(shipped_paths["yaml"]), "--to", "xml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: logkit convert ")
    assert "logkit convert: error: unknown format 'xml'" in err
    assert main(["convert", str(shipped_paths["yaml"]), "-o", "out.xml"]) == 2
    assert "logkit convert: error: out.xml: unknown config format: '.xml'" in (
        capsys.readouterr().err
    )


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
    assert captured.out.startswith("# Converted by logkit from logging.config (INI); its\n")
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


# -- the opening comment is carried only where it stays true --------------------


def test_a_comment_about_the_source_format_is_not_carried(
    shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """logging.config's comment says "in the standard library's fileConfig format"."""
    assert main(["convert", str(shipped_paths["ini"]), "--to", "yaml"]) == 0
    out = capsys.readouterr().out
    assert "fileConfig" not in out
    assert out.startswith(
        "# Converted by logkit from logging.config (INI); its\n"
        "# opening comment spoke of that format and is not carried over.\n"
        "version: 1\n"
    )


def test_a_comment_is_carried_to_its_own_format_and_where_it_names_no_format(
    tmp_path: Path, shipped_paths: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(shipped_paths["ini"]), "--to", "ini"]) == 0
    assert capsys.readouterr().out.startswith(
        "# logkit's logging scheme in the standard library's fileConfig format: plain\n"
    )
    path = tmp_path / "c.yaml"
    path.write_text("# Console only, for the demo.\n" + logkit.dump(default_config(), "yaml"))
    assert main(["convert", str(path), "--to", "toml"]) == 0
    assert capsys.readouterr().out.startswith("# Console only, for the demo.\nversion = 1\n")
