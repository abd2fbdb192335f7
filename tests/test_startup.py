"""The start-up hook: ``LOGKIT_CONFIG=path python app.py`` with an app that never imports logkit."""

from __future__ import annotations

import site
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from logkit._startup import _runs_logkit_command

TIMEOUT = 60
HOOK_NAME = "logkit-startup.pth"


def _python(
    code: str, tmp_path: Path, child_environment: Any, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "app.py"
    program.write_text(textwrap.dedent(code), encoding="utf-8")
    return _run([sys.executable, str(program), *args], tmp_path, child_environment(**env))


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``command`` to its end (at most TIMEOUT), its output captured as text."""
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


LOGS_ONE_RECORD = """
    import logging
    logging.getLogger("app").warning("hello %s", "there")
    print(len(logging.root.handlers), [type(h).__name__ for h in logging.root.handlers])
"""


def test_pip_install_put_the_hook_in_site_packages(repo: Path) -> None:
    installed = [Path(d, HOOK_NAME) for d in site.getsitepackages() if Path(d, HOOK_NAME).exists()]
    assert installed, f"{HOOK_NAME} is not in {site.getsitepackages()}"
    assert installed[0].read_bytes() == (repo / "build_backend" / HOOK_NAME).read_bytes()


@pytest.mark.parametrize("value", [None, ""])
def test_unset_the_hook_imports_nothing_of_logkit(
    value: str | None, tmp_path: Path, child_environment: Any
) -> None:
    env = {} if value is None else {"LOGKIT_CONFIG": value}
    code = "import sys; print(sorted(m for m in sys.modules if m.startswith('logkit')))"
    finished = _python(code, tmp_path, child_environment, **env)
    assert (finished.returncode, finished.stdout, finished.stderr) == (0, "[]\n", "")


def test_set_it_configures_an_app_that_never_imports_logkit(
    shipped: Path, tmp_path: Path, child_environment: Any
) -> None:
    finished = _python(LOGS_ONE_RECORD, tmp_path, child_environment, LOGKIT_CONFIG=str(shipped))
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == [
        "hello there",  # the console handler, plain: stdout is not a terminal
        "3 ['StreamHandler', 'RotatingFileHandler', 'RotatingFileHandler']",
    ]
    assert (tmp_path / "logs" / "info.log").read_text().endswith("\nhello there\n")


def test_an_app_that_also_configures_gets_its_handlers_once(
    tmp_path: Path, child_environment: Any, shipped_paths: dict[str, Path]
) -> None:
    code = "import logkit\nlogkit.configure()\nlogkit.configure()\n" + textwrap.dedent(
        LOGS_ONE_RECORD
    )
    env = {"LOGKIT_CONFIG": str(shipped_paths["yaml"])}
    finished = _python(code, tmp_path, child_environment, **env)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.count("hello there") == 1
    assert (tmp_path / "logs" / "info.log").read_text().count("hello there") == 1


BROKEN = "version: 1\nhandlers:\n  x: {class: logging.Nope}\n"


def test_a_broken_config_is_one_line_and_the_program_runs_untouched(
    tmp_path: Path, child_environment: Any
) -> None:
    (tmp_path / "bad.yaml").write_text(BROKEN)
    code = """
        import logging, sys
        print(logging.root.handlers, logging.root.level)
        logging.getLogger("app").warning("still logs")
        sys.exit(3)
    """
    finished = _python(code, tmp_path, child_environment, LOGKIT_CONFIG="bad.yaml")
    assert finished.returncode == 3  # the program's own status
    assert finished.stdout == "[] 30\n"  # the standard library's logging, untouched
    assert finished.stderr.splitlines() == [
        f"logkit: {tmp_path / 'bad.yaml'}:3: handlers.x.class: cannot import"
        " 'logging.Nope': no 'Nope' in 'logging'",
        "still logs",  # logging's last resort
    ]


def test_a_missing_file_is_one_line(tmp_path: Path, child_environment: Any) -> None:
    finished = _python("print('ran')", tmp_path, child_environment, LOGKIT_CONFIG="nope.yaml")
    assert finished.stdout == "ran\n"
    assert (
        finished.stderr
        == "logkit: nope.yaml: LOGKIT_CONFIG: file not found (named by $LOGKIT_CONFIG)\n"
    )


SPAWNS_TWO = """
    import logging, multiprocessing, sys

    def work(n):
        logging.getLogger("child").warning("child %d", n)

    if __name__ == "__main__":
        context = multiprocessing.get_context("spawn")
        children = [context.Process(target=work, args=(n,)) for n in range(2)]
        for child in children:
            child.start()
        for child in children:
            child.join(60)
        sys.exit(max(child.exitcode for child in children))
"""


def test_a_problem_is_reported_once_per_program_not_once_per_child(
    tmp_path: Path, child_environment: Any
) -> None:
    (tmp_path / "bad.yaml").write_text(BROKEN)
    finished = _python(SPAWNS_TWO, tmp_path, child_environment, LOGKIT_CONFIG="bad.yaml")
    assert finished.returncode == 0
    lines = finished.stderr.splitlines()
    assert sum(line.startswith("logkit: ") for line in lines) == 1, lines
    assert sorted(lines[1:]) == ["child 0", "child 1"]


def test_warnings_are_logkit_lines_once(tmp_path: Path, child_environment: Any) -> None:
    (tmp_path / "odd.yaml").write_text("version: 1\nroot: {level: INFO, colour: red}\n")
    finished = _python(SPAWNS_TWO, tmp_path, child_environment, LOGKIT_CONFIG="odd.yaml")
    warnings = [line for line in finished.stderr.splitlines() if line.startswith("logkit:")]
    assert len(warnings) == 1 and warnings[0].startswith("logkit: warning: "), finished.stderr
    assert "root.colour" in warnings[0]


def test_handler_classes_next_to_the_program_import(tmp_path: Path, child_environment: Any) -> None:
    (tmp_path / "myhandlers.py").write_text(
        "import logging\nclass Loud(logging.StreamHandler):\n"
        "    def format(self, record):\n        return 'LOUD ' + super().format(record)\n"
    )
    (tmp_path / "mine.yaml").write_text(
        "version: 1\nhandlers:\n  loud: {class: myhandlers.Loud, stream: ext://sys.stdout}\n"
        "root: {level: INFO, handlers: [loud]}\n"
    )
    finished = _python(LOGS_ONE_RECORD, tmp_path, child_environment, LOGKIT_CONFIG="mine.yaml")
    assert finished.stdout.splitlines()[0] == "LOUD hello there", finished.stderr
    assert finished.stderr == ""


def test_a_relative_path_holds_for_children_in_other_directories(
    tmp_path: Path, child_environment: Any, shipped_paths: dict[str, Path]
) -> None:
    (tmp_path / "logging.yaml").write_bytes(shipped_paths["yaml"].read_bytes())
    (tmp_path / "elsewhere").mkdir()
    code = """
        import os, subprocess, sys
        os.chdir("elsewhere")
        subprocess.run([sys.executable, "-c", "import logging; logging.warning('from afar')"],
                       check=True, timeout=60)
    """
    finished = _python(code, tmp_path, child_environment, LOGKIT_CONFIG="logging.yaml")
    assert finished.returncode == 0, finished.stderr
    assert "from afar" in (tmp_path / "elsewhere" / "logs" / "info.log").read_text()


def test_default_names_the_built_in_scheme(tmp_path: Path, child_environment: Any) -> None:
    finished = _python(LOGS_ONE_RECORD, tmp_path, child_environment, LOGKIT_CONFIG="default")
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines()[-1].startswith("3 ")
    assert (tmp_path / "logs" / "info.log").exists()


@pytest.mark.parametrize("use_file", [True, False], ids=["file", "built-in"])
def test_logkit_run_hands_its_choice_to_children(
    use_file: bool, tmp_path: Path, child_environment: Any, shipped_paths: dict[str, Path]
) -> None:
    if use_file:  # found in the working directory: children find it by the variable
        (tmp_path / "logging.toml").write_bytes(shipped_paths["toml"].read_bytes())
    (tmp_path / "app.py").write_text(textwrap.dedent(SPAWNS_TWO))
    finished = _run(
        [sys.executable, "-m", "logkit", "run", "app.py"], tmp_path, child_environment()
    )
    assert finished.returncode == 0, finished.stderr
    info = (tmp_path / "logs" / "info.log").read_text()
    assert info.count("child 0") == info.count("child 1") == 1


def test_logkits_own_command_line_is_left_alone(tmp_path: Path, child_environment: Any) -> None:
    (tmp_path / "bad.yaml").write_text(BROKEN)
    command = [sys.executable, "-m", "logkit", "check"]
    finished = _run(command, tmp_path, child_environment(LOGKIT_CONFIG="bad.yaml"))
    assert finished.returncode == 1
    assert len(finished.stderr.splitlines()) == 1  # check's report, not the hook's too


@pytest.mark.parametrize(
    "argv, orig_argv, expected",
    [
        (["/venv/bin/logkit", "run"], ["/venv/bin/python", "/venv/bin/logkit", "run"], True),
        (["-m"], ["python", "-m", "logkit", "check"], True),
        (["-m"], ["python", "-X", "dev", "-m", "logkit"], True),
        (["-m"], ["python", "-mlogkit"], True),
        (["-m"], ["python", "-m", "logkitten"], False),
        (["app.py", "-m", "logkit"], ["python", "app.py", "-m", "logkit"], False),
        (["-c"], ["python", "-c", "pass", "-m", "logkit"], False),
        (["-m"], ["python", "-m", "json.tool"], False),
    ],
)
def test_which_processes_are_logkits_own(
    argv: list[str], orig_argv: list[str], expected: bool
) -> None:
    assert _runs_logkit_command(argv, orig_argv) is expected


def test_the_quickstart_demo_is_the_same_in_every_format(
    repo: Path, tmp_path: Path, child_environment: Any, shipped_paths: dict[str, Path]
) -> None:
    """README's Quickstart: LOGKIT_CONFIG=logging.yaml python examples/app.py, any format."""
    import re

    seen = {}
    for fmt, config in shipped_paths.items():
        directory = tmp_path / fmt
        directory.mkdir()
        command = [sys.executable, str(repo / "examples" / "app.py")]
        finished = _run(command, directory, child_environment(LOGKIT_CONFIG=str(config)))
        assert finished.returncode == 0, finished.stderr
        files = [
            re.sub(r"\d{4}-\d\d-\d\d [\d:,]+", "<time>", (directory / "logs" / name).read_text())
            for name in ("info.log", "error.log")
        ]
        seen[fmt] = (finished.stdout, finished.stderr, *files)
    assert seen["yaml"] == seen["toml"] == seen["ini"]
    stdout, _, info, errors = seen["yaml"]
    assert "epoch 3/3: loss 0.1250" in stdout and "epoch 3/3" in info
    assert "KeyError: 'momentum'" in errors and "DEBUG" not in info
