"""Real processes: LOGKIT_CONFIG=<file> python -c "import logkit; logkit.configure()"."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

PROGRAM = """
import logging, logkit
applied = logkit.configure()
log = logging.getLogger("demo.app")
log.debug("debug-record")
log.info("info-record")
log.warning("warning-record")
log.error("error-record")
print("applied:", applied.format, applied.rich_console)
"""


Run = Callable[..., "subprocess.CompletedProcess[str]"]  # the run fixture (conftest.py)


def test_records_reach_the_right_files_and_the_console(
    shipped: Path, tmp_path: Path, run: Run
) -> None:
    result = run(PROGRAM, tmp_path, LOGKIT_CONFIG=str(shipped))
    assert result.returncode == 0, result.stderr
    info = (tmp_path / "logs" / "info.log").read_text()
    error = (tmp_path / "logs" / "error.log").read_text()

    assert "info-record" in info and "warning-record" in info and "error-record" in info
    assert "error-record" in error
    assert "info-record" not in error and "warning-record" not in error
    assert "debug-record" not in info + error
    assert "ERROR " in error and "[demo.app:<string>:<module>:" in error

    # Piped stdout: plain lines, one record a line, no Rich columns.
    lines = result.stdout.splitlines()
    assert lines[:3] == ["info-record", "warning-record", "error-record"]
    assert "debug-record" not in result.stdout
    fmt = "ini" if shipped.suffix == ".config" else shipped.suffix[1:]
    assert lines[-1] == f"applied: {fmt} False"


def test_forcing_rich_with_the_environment_draws_its_columns(
    tmp_path: Path, shipped_paths: dict[str, Path], run: Run
) -> None:
    result = run(PROGRAM, tmp_path, LOGKIT_CONFIG=str(shipped_paths["yaml"]), LOGKIT_RICH="1")
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "error-record" in line)
    assert "ERROR" in line and "<string>:" in line
    assert result.stdout.splitlines()[-1] == "applied: yaml True"


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_terminal_gets_rich_output(
    tmp_path: Path,
    shipped_paths: dict[str, Path],
    child_environment: Callable[..., dict[str, str]],
) -> None:
    import pty

    primary, secondary = pty.openpty()
    environment = child_environment(LOGKIT_CONFIG=str(shipped_paths["toml"]))
    process = subprocess.Popen(
        [sys.executable, "-c", PROGRAM],
        cwd=tmp_path,
        env=environment,
        stdout=secondary,
        stderr=subprocess.PIPE,
    )
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(primary)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else ""
    text = output.decode()
    assert "applied: toml True" in text
    assert "\x1b[" in text  # styled by Rich


def test_no_config_anywhere_uses_the_builtin_default(tmp_path: Path, run: Run) -> None:
    result = run(PROGRAM, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "applied: default False" in result.stdout
    assert "info-record" in (tmp_path / "logs" / "info.log").read_text()


def test_import_logkit_is_light(repo: Path, run: Run) -> None:
    program = (
        "import sys, logkit\n"
        "heavy = [m for m in ('yaml', 'rich', 'tomllib', 'tomli', 'tomli_w', 'configparser')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = run(program, repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_plain_configure_does_not_import_rich(
    tmp_path: Path, shipped_paths: dict[str, Path], run: Run
) -> None:
    heavy = ("rich", "yaml", "inspect", "difflib", "logkit._show", "logkit._stdlib_errors")
    program = (
        "import sys, logkit\n"
        "logkit.configure()\n"
        f"print([m for m in {heavy!r} if m in sys.modules])\n"
    )
    result = run(program, tmp_path, LOGKIT_CONFIG=str(shipped_paths["toml"]))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
