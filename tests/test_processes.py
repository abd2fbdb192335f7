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


@pytest.mark.parametrize(
    "how, fmt",
    [
        ("spawn", "yaml"),
        ("spawn", "toml"),
        ("spawn", "ini"),
        ("forkserver", "yaml"),
        ("fork", "ini"),
        ("pool", "toml"),
        ("subprocess", "yaml"),
    ],
)
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
