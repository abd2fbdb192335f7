"""Distributed launches: records know their rank; the console shows rank 0 and every warning."""

from __future__ import annotations

import copy
import logging
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._launch import Launch, detect_launch, shows_launch

TIMEOUT = 60
WORLD = 4

LAUNCHERS = {
    "torchrun": (
        "RANK",
        "WORLD_SIZE",
        {"LOCAL_RANK": "{rank}", "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": "29500"},
    ),
    "slurm": ("SLURM_PROCID", "SLURM_NTASKS", {"SLURM_LOCALID": "{rank}"}),
    "openmpi": ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", {}),
    "mpich": ("PMI_RANK", "PMI_SIZE", {}),
}


@pytest.mark.parametrize("launcher", list(LAUNCHERS))
def test_each_launcher_is_recognised(launcher: str) -> None:
    rank_name, size_name, _ = LAUNCHERS[launcher]
    assert detect_launch({rank_name: "2", size_name: "4"}) == Launch(2, 4)


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"RANK": "1"},  # no size
        {"RANK": "x", "WORLD_SIZE": "4"},
        {"RANK": "4", "WORLD_SIZE": "4"},  # out of range
        {"RANK": "-1", "WORLD_SIZE": "4"},
        {"LOCAL_RANK": "1"},
    ],
)
def test_anything_else_is_a_single_process(environ: dict[str, str]) -> None:
    assert detect_launch(environ) == Launch(0, 1)
    assert not detect_launch(environ).distributed


def test_a_format_shows_a_launch_when_it_names_a_field() -> None:
    assert shows_launch("%(rank)s/%(world_size)s %(message)s")
    assert shows_launch("{world_size}")
    assert not shows_launch("%(levelname)s %(message)s")


def test_torchrun_wins_over_the_slurm_job_it_runs_in() -> None:
    environ = {"RANK": "5", "WORLD_SIZE": "8", "SLURM_PROCID": "1", "SLURM_NTASKS": "2"}
    assert detect_launch(environ) == Launch(5, 8)


def test_a_launch_is_a_pair_that_names_its_parts() -> None:
    launch = Launch(3, 8)
    rank, world_size = launch
    assert (rank, world_size) == (launch.rank, launch.world_size) == (3, 8)
    assert launch.distributed
    assert Launch() == (0, 1)
    assert repr(launch) == "Launch(rank=3, world_size=8)"
    assert pickle.loads(pickle.dumps(launch)) == launch  # noqa: S301 - our own bytes
    assert copy.deepcopy(launch).world_size == 8


def _config(fmt: str, rank_variable: str) -> str:
    """The console as shipped, and one file per rank named by the launcher's variable."""
    file = f"logs/rank${{{rank_variable}:-0}}.log"
    line = "%(rank)s/%(world_size)s %(levelname)s %(message)s"
    if fmt == "yaml":
        return textwrap.dedent(
            f"""\
            version: 1
            formatters:
              minimal: {{format: "%(message)s"}}
              ranked: {{format: "{line}"}}
            handlers:
              console: {{class: logging.StreamHandler, formatter: minimal, stream: ext://sys.stdout}}
              file: {{class: logging.FileHandler, formatter: ranked, filename: "{file}"}}
            root: {{level: INFO, handlers: [console, file]}}
            """
        )
    if fmt == "toml":
        return textwrap.dedent(
            f"""\
            version = 1
            [formatters.minimal]
            format = "%(message)s"
            [formatters.ranked]
            format = "{line}"
            [handlers.console]
            class = "logging.StreamHandler"
            formatter = "minimal"
            stream = "ext://sys.stdout"
            [handlers.file]
            class = "logging.FileHandler"
            formatter = "ranked"
            filename = "{file}"
            [root]
            level = "INFO"
            handlers = ["console", "file"]
            """
        )
    return textwrap.dedent(
        f"""\
        [loggers]
        keys=root
        [handlers]
        keys=console,file
        [formatters]
        keys=minimal,ranked
        [logger_root]
        level=INFO
        handlers=console,file
        [handler_console]
        class=StreamHandler
        formatter=minimal
        args=(sys.stdout,)
        [handler_file]
        class=FileHandler
        formatter=ranked
        args=('{file}', 'a')
        [formatter_minimal]
        format=%(message)s
        [formatter_ranked]
        format={line}
        """
    )


PROGRAM = """
import logging
log = logging.getLogger("train")
for step in range(100):
    log.info("step %d", step)
log.warning("finished")
"""

CONFIGURES = "import logkit\nlogkit.configure()\n" + PROGRAM


def _launch(
    tmp_path: Path, child_environment: Any, launcher: str, how: str, fmt: str, **extra: str
) -> list[str]:
    """Start WORLD ranks at once; return the console lines of all of them."""
    rank_name, size_name, more = LAUNCHERS[launcher]
    suffix = {"yaml": "yaml", "toml": "toml", "ini": "config"}[fmt]
    config = tmp_path / f"logging.{suffix}"
    config.write_text(_config(fmt, rank_name), encoding="utf-8")
    (tmp_path / "train.py").write_text(CONFIGURES if how == "configure()" else PROGRAM)
    command = [sys.executable, "train.py"]
    if how == "logkit run":
        command = [sys.executable, "-m", "logkit", "run", "train.py"]
    ranks = []
    for rank in range(WORLD):
        env = child_environment(**{rank_name: str(rank), size_name: str(WORLD)}, **extra)
        env.update({name: value.format(rank=rank) for name, value in more.items()})
        env["LOGKIT_CONFIG"] = str(config)
        ranks.append(
            subprocess.Popen(
                command,
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    lines = []
    for process in ranks:
        out, err = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, err
        assert err == ""
        lines += out.splitlines()
    return lines


def _check_files(tmp_path: Path) -> None:
    for rank in range(WORLD):
        lines = (tmp_path / "logs" / f"rank{rank}.log").read_text().splitlines()
        assert lines == [f"{rank}/{WORLD} INFO step {step}" for step in range(100)] + [
            f"{rank}/{WORLD} WARNING finished"
        ]


@pytest.mark.parametrize("fmt", ["yaml", "toml", "ini"])
@pytest.mark.parametrize("launcher", list(LAUNCHERS))
def test_rank_zero_and_every_warning_on_the_console(
    launcher: str, fmt: str, tmp_path: Path, child_environment: Any
) -> None:
    console = _launch(tmp_path, child_environment, launcher, "start-up hook", fmt)
    assert sorted(console) == sorted(
        [f"[rank 0] step {step}" for step in range(100)]
        + [f"[rank {rank}] finished" for rank in range(WORLD)]
    )
    _check_files(tmp_path)


@pytest.mark.parametrize("how", ["start-up hook", "logkit run", "configure()"])
def test_every_rank_on_the_console_when_asked(
    how: str, tmp_path: Path, child_environment: Any
) -> None:
    console = _launch(tmp_path, child_environment, "torchrun", how, "yaml", LOGKIT_ALL_RANKS="1")
    assert len(console) == WORLD * 101
    for rank in range(WORLD):
        mine = [line for line in console if line.startswith(f"[rank {rank}] ")]
        assert len(mine) == 101
    _check_files(tmp_path)


def test_outside_a_launch_records_say_rank_0_of_1(tmp_path: Path) -> None:
    (tmp_path / "logging.yaml").write_text(_config("yaml", "RANK"))
    logkit.configure(tmp_path / "logging.yaml", rich=False)
    logging.getLogger("solo").warning("alone")
    for handler in logging.root.handlers:
        handler.flush()
    assert (tmp_path / "logs" / "rank0.log").read_text() == "0/1 WARNING alone\n"


def test_in_a_launch_the_console_is_ranked_though_no_format_names_the_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RANK", "1")
    monkeypatch.setenv("WORLD_SIZE", "2")
    config = tmp_path / "logging.yaml"
    config.write_text(
        "version: 1\n"
        "handlers: {console: {class: logging.StreamHandler, stream: ext://sys.stdout}}\n"
        "root: {level: INFO, handlers: [console]}\n"
    )
    logkit.configure(config, rich=False)
    logging.getLogger("train").info("quiet on rank 1")
    logging.getLogger("train").warning("shown")
    assert capsys.readouterr().out == "[rank 1] shown\n"


def test_the_rank_prefix_is_not_read_as_markup_by_rich(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RANK", "2")
    monkeypatch.setenv("WORLD_SIZE", "4")
    monkeypatch.setenv("COLUMNS", "200")
    (tmp_path / "logging.yaml").write_text(_config("yaml", "RANK"))
    assert logkit.configure(tmp_path / "logging.yaml", rich=True).rich_console
    logging.getLogger("train").warning("loss [bold]%s[/bold]", "nan")
    printed = capsys.readouterr().out
    assert "WARNING  [rank 2] loss nan" in printed, printed


def test_a_records_own_rank_wins_and_other_formats_are_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RANK", "1")
    monkeypatch.setenv("WORLD_SIZE", "2")
    (tmp_path / "logging.yaml").write_text(_config("yaml", "RANK"))
    logkit.configure(tmp_path / "logging.yaml", rich=False)
    logkit.configure(tmp_path / "logging.yaml", rich=False)  # applied again: the same
    log = logging.getLogger("x")
    log.warning("own", extra={"rank": 7})  # the standard library's way still works
    log.warning("detected")
    for handler in logging.root.handlers:
        handler.flush()
    assert (tmp_path / "logs" / "rank1.log").read_text().splitlines() == [
        "7/2 WARNING own",
        "1/2 WARNING detected",
    ]
    (console,) = [h for h in logging.root.handlers if h.get_name() == "console"]
    assert console.formatter is not None
    assert console.formatter.inner._style._defaults is None  # type: ignore[attr-defined]


def test_a_real_torchrun_launch(tmp_path: Path, child_environment: Any) -> None:
    import importlib.util
    import os

    if importlib.util.find_spec("torch") is None:
        if os.environ.get("CI_REQUIRES_TORCH"):
            pytest.fail("CI installed torch for this test, but it does not import")
        pytest.skip("torch is not installed (.ci/run installs it on CPython 3.11)")
    (tmp_path / "logging.yaml").write_text(_config("yaml", "RANK"))
    (tmp_path / "train.py").write_text(PROGRAM)
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone"]
    finished = subprocess.run(
        [*command, "--nproc-per-node", str(WORLD), "train.py"],
        cwd=tmp_path,
        env=child_environment(LOGKIT_CONFIG=str(tmp_path / "logging.yaml"), OMP_NUM_THREADS="1"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT * 2,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    console = [line for line in finished.stdout.splitlines() if line.startswith("[rank ")]
    assert sorted(console) == sorted(
        [f"[rank 0] step {step}" for step in range(100)]
        + [f"[rank {rank}] finished" for rank in range(WORLD)]
    )
    _check_files(tmp_path)
