"""The logkit command line (``_cli.py``): dispatch, usage errors and ``python -m logkit``.

Each command has its own tests: ``test_check.py``, ``test_convert.py``,
``test_diff.py``, ``test_show.py`` and ``test_run.py``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import logkit
from logkit._cli import main


@pytest.mark.parametrize(
    "argv", [[], ["frobnicate"], ["check", "--bogus"], ["convert", "x", "--bogus"]]
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "check" in capsys.readouterr().out


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([flag]) == 0
    assert capsys.readouterr().out == f"logkit {logkit.__version__}\n"


def test_python_dash_m_and_console_script_agree(
    tmp_path: Path,
    shipped_paths: dict[str, Path],
    child_environment: Callable[..., dict[str, str]],
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "logkit", "check", str(shipped_paths["toml"])],
        capture_output=True,
        text=True,
        env=child_environment(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{shipped_paths['toml']}: ok\n"
