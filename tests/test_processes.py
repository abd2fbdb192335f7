"""One config for the whole program: children started every way get it, and no
record is lost, doubled or torn, through 50+ rotations (issue 10).

The programs here never import logkit: ``LOGKIT_CONFIG`` and the start-up hook
installed with logkit configure every process.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

WORKERS = 8
RECORDS = 5000  # per worker
EVERY_ERROR = 10  # one record in ten is an ERROR
MAX_BYTES = 50_000  # ~80 bytes a record in info.log: about 65 rotations
TIMEOUT = 120

PROGRAM = textwrap.dedent(
    f"""
    import logging
    import multiprocessing
    import os
    import subprocess
    import sys
    from concurrent.futures import ProcessPoolExecutor

    def work(worker):
        log = logging.getLogger("worker")
        for number in range({RECORDS}):
            level = logging.ERROR if number % {EVERY_ERROR} == 0 else logging.INFO
            log.log(level, "w%d r%d pid%d", worker, number, os.getpid())
        return worker

    if __name__ == "__main__":
        how = sys.argv[1]
        if how == "child":
            work(int(sys.argv[2]))
        elif how == "subprocess":
            children = [
                subprocess.Popen([sys.executable, __file__, "child", str(worker)])
                for worker in range({WORKERS})
            ]
            assert all(child.wait(timeout={TIMEOUT}) == 0 for child in children)
        elif how == "pool":
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor({WORKERS}, mp_context=context) as pool:
                assert sorted(pool.map(work, range({WORKERS}))) == list(range({WORKERS}))
        else:
            context = multiprocessing.get_context(how)
            processes = [context.Process(target=work, args=(w,)) for w in range({WORKERS})]
            for process in processes:
                process.start()
            for process in processes:
                process.join({TIMEOUT})
                assert process.exitcode == 0, process.exitcode
    """
)

RECORD = re.compile(r"w(\d+) r(\d+) pid(\d+)")


def _small_rotation(text: str) -> str:
    """The shipped scheme, rotating every MAX_BYTES and keeping every backup."""
    text = text.replace("10485760", str(MAX_BYTES))
    text = re.sub(r"(backupCount\s*[:=]\s*)10\b", r"\g<1>500", text)
    return text.replace(f"{MAX_BYTES}, 10)", f"{MAX_BYTES}, 500)")  # INI args


def _records(files: list[Path]) -> collections.Counter[tuple[int, int]]:
    """Each record's (worker, number), counted over ``files``; torn lines fail."""
    counted: collections.Counter[tuple[int, int]] = collections.Counter()
    for file in files:
        lines = file.read_text(encoding="utf-8").splitlines()
        # The detailed format: a header line, then the message on a line of its own.
        headers, messages = lines[0::2], lines[1::2]
        assert len(headers) == len(messages), file
        for header, message in zip(headers, messages, strict=True):
            assert header.startswith(("INFO ", "ERROR ")) and "[worker:" in header, header
            match = RECORD.fullmatch(message)
            assert match, f"torn or glued line in {file.name}: {message!r}"
            counted[int(match[1]), int(match[2])] += 1
    return counted


def _run(
    program: Path, how: str, config: Path, child_environment: Any
) -> subprocess.CompletedProcess[str]:
    with open(program.parent / "console.txt", "ab") as console:
        return subprocess.run(
            [sys.executable, str(program), how],
            cwd=program.parent,
            env=child_environment(LOGKIT_CONFIG=config.name),
            stdout=console,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )


@pytest.mark.parametrize("fmt", ["yaml", "toml", "ini"])
@pytest.mark.parametrize("how", ["spawn", "forkserver", "fork", "pool", "subprocess"])
def test_every_child_logs_each_record_exactly_once(
    how: str, fmt: str, shipped_paths: dict[str, Path], tmp_path: Path, child_environment: Any
) -> None:
    shipped = shipped_paths[fmt]
    config = tmp_path / shipped.name
    config.write_text(_small_rotation(shipped.read_text(encoding="utf-8")), encoding="utf-8")
    program = tmp_path / "app.py"
    program.write_text(PROGRAM, encoding="utf-8")

    finished = _run(program, how, config, child_environment)

    assert finished.returncode == 0, finished.stderr
    assert finished.stderr == ""
    logs = tmp_path / "logs"
    info_files = sorted(logs.glob("info.log*"))
    assert len(info_files) > 50  # rotated 50+ times
    expected = {(w, n) for w in range(WORKERS) for n in range(RECORDS)}
    info = _records(info_files)
    assert set(info) == expected and set(info.values()) == {1}
    errors = _records(sorted(logs.glob("error.log*")))
    assert set(errors) == {key for key in expected if key[1] % EVERY_ERROR == 0}
    assert set(errors.values()) == {1}
    # The children's console is the parent's: every record once there too.
    console = collections.Counter(
        (int(m[1]), int(m[2]))
        for m in map(RECORD.fullmatch, (tmp_path / "console.txt").read_text().splitlines())
        if m
    )
    assert set(console) == expected and set(console.values()) == {1}


CHILDREN_AT_A_TERMINAL = textwrap.dedent(
    """
    import logging, multiprocessing

    def work(n):
        logging.getLogger("child").warning("from child %d", n)

    if __name__ == "__main__":
        logging.getLogger("parent").warning("from the parent")
        for how in ("spawn", "fork"):
            child = multiprocessing.get_context(how).Process(target=work, args=(how == "fork",))
            child.start()
            child.join(60)
    """
)


def _run_at_a_terminal(command: list[str], cwd: Path, env: dict[str, str]) -> str:
    """What ``command`` writes to a 100-column pseudo-terminal, as text."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios
    import time

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    child = subprocess.Popen(command, cwd=cwd, env=env, stdout=follower, stderr=follower)
    os.close(follower)
    output = bytearray()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: every writer is gone
                break
            if not chunk:
                break
            output += chunk
        elif child.poll() is not None:
            break
    child.wait(timeout=TIMEOUT)
    os.close(leader)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b]*\x1b\\", "", output.decode())


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_children_at_a_terminal_print_through_rich_like_the_parent(
    shipped_paths: dict[str, Path], tmp_path: Path, child_environment: Any
) -> None:
    (tmp_path / "app.py").write_text(CHILDREN_AT_A_TERMINAL, encoding="utf-8")
    env = child_environment(LOGKIT_CONFIG=str(shipped_paths["yaml"]), TERM="xterm")
    env.pop("NO_COLOR", None)
    screen = _run_at_a_terminal([sys.executable, "app.py"], tmp_path, env)
    rows = [line for line in screen.splitlines() if "from " in line]
    assert len(rows) == 3, screen
    for row, message in zip(rows, ["from the parent", "from child 0", "from child 1"], strict=True):
        # Rich's columns: the time (blank when it repeats the line above's, as Rich
        # draws it), the level, the message, the path at the right.
        assert re.fullmatch(rf"(\[[\d/: ]+\]| +) WARNING  {message} +app\.py:\d+\s*", row), row


def test_the_readme_pool_example_logs_every_task_once(
    repo: Path, tmp_path: Path, child_environment: Any
) -> None:
    finished = subprocess.run(
        [sys.executable, str(repo / "examples" / "pool.py")],
        cwd=tmp_path,
        env=child_environment(LOGKIT_CONFIG=str(repo / "logging.yaml")),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    info = (tmp_path / "logs" / "info.log").read_text()
    tasks = collections.Counter(re.findall(r"^task (\d+) runs in process \d+$", info, re.M))
    assert tasks == {str(task): 1 for task in range(20)}
    errors = (tmp_path / "logs" / "error.log").read_text()
    assert len(re.findall(r"^task \d+: input", errors, re.M)) == 4
    assert finished.stdout.count("runs in process") == 20
