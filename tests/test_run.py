"""logkit run: configure logging, then run a program as python would (real subprocesses)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from logkit._cli import main

# Prints what a program can see of how it was started, one item per line.
INTROSPECT = """\
import sys
print("argv", sys.argv)
print("name", __name__)
print("file", __file__)
print("path0", sys.path[0])
print("main", sys.modules["__main__"].__dict__ is globals())
print("spec", getattr(__spec__, "name", None))
"""

# Never imports logkit: the config must reach it anyway.
PLAIN_APP = """\
import logging
import sys

log = logging.getLogger("plain.app")
log.debug("debug record")
log.info("info record, argv %s", sys.argv[1:])
log.error("error record")
"""

CONFIG = """\
version: 1
disable_existing_loggers: false
formatters:
  tagged: {format: "CONFIGURED %(levelname)s %(name)s: %(message)s"}
handlers:
  out: {class: logging.StreamHandler, stream: ext://sys.stdout, formatter: tagged}
  file: {class: logging.FileHandler, filename: logs/app.log, formatter: tagged, level: ERROR}
root: {level: INFO, handlers: [out, file]}
"""


Python = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def python(child_environment: Callable[..., dict[str, str]]) -> Python:
    """``python(*argv, cwd, logkit=True)``: run ``python -m logkit run ARGV`` (or plain
    ``python ARGV``) in ``cwd``."""

    def run(*argv: str, cwd: Path, logkit: bool = True) -> subprocess.CompletedProcess[str]:
        env = child_environment()
        prefix = [sys.executable, "-m", "logkit", "run"] if logkit else [sys.executable]
        return subprocess.run(
            [*prefix, *argv],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=60,
            check=False,
        )

    return run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def test_a_program_that_never_imports_logkit_logs_through_the_config(
    tmp_path: Path,
    python: Python,
) -> None:
    write(tmp_path / "app.py", PLAIN_APP)
    write(tmp_path / "logging.yaml", CONFIG)
    result = python("app.py", "--flag", "x", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "CONFIGURED INFO plain.app: info record, argv ['--flag', 'x']",
        "CONFIGURED ERROR plain.app: error record",
    ]
    assert (tmp_path / "logs" / "app.log").read_text() == (
        "CONFIGURED ERROR plain.app: error record\n"
    )


def test_config_option_picks_the_file_and_later_options_go_to_the_program(
    tmp_path: Path,
    python: Python,
) -> None:
    write(tmp_path / "app.py", PLAIN_APP)
    write(tmp_path / "conf" / "mine.yaml", CONFIG)
    result = python("--config", "conf/mine.yaml", "app.py", "--config", "y", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "info record, argv ['--config', 'y']" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [["prog.py"], ["prog.py", "a", "--b", "-m", "c"], ["sub/prog.py", "--", "x"]],
    ids=["no-args", "options", "subdir"],
)
def test_the_program_sees_what_python_would_show_it(
    argv: list[str],
    tmp_path: Path,
    python: Python,
) -> None:
    write(tmp_path / argv[0], INTROSPECT)
    under_logkit = python(*argv, cwd=tmp_path)
    under_python = python(*argv, cwd=tmp_path, logkit=False)
    assert under_logkit.returncode == under_python.returncode == 0, under_logkit.stderr
    assert under_logkit.stdout == under_python.stdout
    assert f"argv {argv!r}" in under_logkit.stdout


def test_dash_m_runs_a_module_as_python_dash_m_does(tmp_path: Path, python: Python) -> None:
    write(tmp_path / "pkg" / "__init__.py", "")
    write(tmp_path / "pkg" / "tool.py", INTROSPECT)
    under_logkit = python("-m", "pkg.tool", "--verbose", "--", "x", cwd=tmp_path)
    under_python = python("-m", "pkg.tool", "--verbose", "--", "x", cwd=tmp_path, logkit=False)
    assert under_logkit.returncode == 0, under_logkit.stderr
    assert under_logkit.stdout == under_python.stdout
    assert f"argv [{str(tmp_path / 'pkg' / 'tool.py')!r}, '--verbose', '--', 'x']" in (
        under_logkit.stdout
    )


def test_dash_m_runs_a_packages_main(tmp_path: Path, python: Python) -> None:
    write(tmp_path / "pkg" / "__init__.py", "")
    write(tmp_path / "pkg" / "__main__.py", PLAIN_APP)
    write(tmp_path / "logging.yaml", CONFIG)
    result = python("-m", "pkg", "q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "CONFIGURED INFO plain.app: info record, argv ['q']" in result.stdout


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [
        ("sys.exit(3)", 3, ""),
        ("sys.exit()", 0, ""),
        ("raise SystemExit(None)", 0, ""),
        ("sys.exit('goodbye')", 1, "goodbye\n"),
        ("sys.exit(True)", 1, ""),
        ("sys.exit(False)", 0, ""),
        ("pass", 0, ""),
    ],
)
def test_exit_status_is_the_programs(
    code: str,
    status: int,
    stderr: str,
    tmp_path: Path,
    python: Python,
) -> None:
    write(tmp_path / "prog.py", f"import sys\n{code}\n")
    result = python("prog.py", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (status, stderr)


def test_an_uncaught_exception_is_printed_as_python_prints_it(
    tmp_path: Path,
    python: Python,
) -> None:
    write(
        tmp_path / "prog.py",
        """\
        def fail():
            raise ValueError("bad value")

        fail()
        """,
    )
    under_logkit = python("prog.py", cwd=tmp_path)
    under_python = python("prog.py", cwd=tmp_path, logkit=False)
    assert under_logkit.returncode == under_python.returncode == 1
    assert under_logkit.stderr == under_python.stderr
    assert under_logkit.stderr.startswith("Traceback (most recent call last):\n")
    assert "logkit" not in under_logkit.stderr


def test_a_syntax_error_is_printed_as_python_prints_it(tmp_path: Path, python: Python) -> None:
    write(tmp_path / "prog.py", "x = (\n")
    under_logkit = python("prog.py", cwd=tmp_path)
    under_python = python("prog.py", cwd=tmp_path, logkit=False)
    assert under_logkit.returncode == under_python.returncode == 1
    assert under_logkit.stderr == under_python.stderr


def test_the_programs_own_excepthook_is_used(tmp_path: Path, python: Python) -> None:
    write(
        tmp_path / "prog.py",
        """\
        import sys
        sys.excepthook = lambda kind, error, tb: print("hooked", kind.__name__, tb.tb_lineno)
        raise KeyError("k")
        """,
    )
    result = python("prog.py", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "hooked KeyError 3\n")


def test_missing_script_and_module(tmp_path: Path, python: Python) -> None:
    script = python("absent.py", cwd=tmp_path)
    assert script.returncode == 2
    assert "can't open file" in script.stderr
    assert "absent.py" in script.stderr
    module = python("-m", "no_such_module_here", cwd=tmp_path)
    assert module.returncode == 1
    assert module.stderr == "logkit run: No module named no_such_module_here\n"


def test_a_bad_config_stops_before_the_program_runs(tmp_path: Path, python: Python) -> None:
    write(tmp_path / "prog.py", "print('ran')\n")
    write(tmp_path / "logging.yaml", "version: 1\nroot: {level: LOUD}\n")
    result = python("prog.py", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("logkit: logging.yaml")


def test_the_demo_app_logs_through_the_config(
    tmp_path: Path,
    shipped_paths: dict[str, Path],
    repo: Path,
    child_environment: Callable[..., dict[str, str]],
) -> None:
    app = repo / "examples" / "app.py"
    imported = set()
    for node in ast.walk(ast.parse(app.read_text())):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert "logkit" not in imported  # the config arrives through `logkit run` alone
    env_config = {"LOGKIT_CONFIG": str(shipped_paths["yaml"])}
    result = subprocess.run(
        [sys.executable, "-m", "logkit", "run", str(repo / "examples" / "app.py")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_environment(**env_config),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "demo finished" in result.stdout
    assert "epoch 3/3" in result.stdout and "gradient norm" not in result.stdout
    assert "demo finished" in (tmp_path / "logs" / "error.log").read_text()
    assert "KeyError: 'momentum'" in (tmp_path / "logs" / "error.log").read_text()


@pytest.mark.parametrize(
    ("argv", "message"),
    [([], "give a script to run"), (["--"], "give a script to run"), (["-m"], "-m needs")],
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: logkit run")
    assert message in err


def test_an_uncaught_keyboard_interrupt_exits_as_interrupted(
    tmp_path: Path,
    python: Python,
) -> None:
    write(tmp_path / "prog.py", "raise KeyboardInterrupt\n")
    result = python("prog.py", cwd=tmp_path)
    assert result.returncode == 130  # python itself dies by SIGINT: a shell shows 130 too
    assert result.stderr.endswith("KeyboardInterrupt\n")
    assert "logkit" not in result.stderr
