"""Hostile config files: each gives one located ``logkit:`` line from ``logkit check``.

Never a traceback, a hang or unbounded memory, whatever the file's size, depth
or content (issue 9). The inputs are generated here, never committed.
"""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from logkit._cli import main
from logkit._formats._shape import MAX_DEPTH
from logkit._reading import MAX_FILE_BYTES

# Generous: a regression hangs or swaps, it does not take 21 s instead of 19.
TIMEOUT_SECONDS = 20


def _alias_bomb(levels: int) -> str:
    """A few hundred bytes of YAML standing for 9**levels values."""
    lines = ["version: 1", "a: &a [x, x, x, x, x, x, x, x, x]"]
    names = "abcdefghijklmnopq"[:levels]
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _nested_mapping_yaml(depth: int) -> str:
    return (
        "version: 1\n"
        + "".join(f"{'  ' * level}k:\n" for level in range(depth))
        + ("  " * depth + "x: 1\n")
    )


def _long_sum(terms: int) -> str:
    return (
        "[loggers]\nkeys=root\n[handlers]\nkeys=h\n[formatters]\nkeys=\n"
        "[logger_root]\nhandlers=h\n"
        "[handler_h]\nclass=StreamHandler\nargs=(" + "+".join(["1"] * terms) + ",)\n"
    )


# name -> (file name, text, what the one line says, its line number). Alias bombs
# are only ever read in a child process with a memory limit: see below.
HOSTILE: dict[str, tuple[str, str, str, int]] = {
    "yaml-recursive-alias": ("self.yaml", "version: 1\na: &a [*a]\n", "contains itself", 2),
    "json-nested-500": ("deep.json", '{"a": ' + "[" * 500 + "]" * 500 + "}", "levels deep", 1),
    "json-nested-100000": (
        "deep.json",
        '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "levels deep",
        1,
    ),
    "toml-nested-500": ("deep.toml", "a = " + "[" * 500 + "]" * 500 + "\n", "levels deep", 1),
    "toml-dotted-key-500": ("deep.toml", ".".join(["k"] * 500) + " = 1\n", "levels deep", 1),
    "yaml-flow-nested-700": ("deep.yaml", "a: " + "[" * 700 + "]" * 700 + "\n", "levels deep", 1),
    "yaml-block-nested-800": ("deep.yaml", _nested_mapping_yaml(800), "levels deep", 101),
    "ini-sum-of-500-terms": ("long.ini", _long_sum(500), "nested too deeply", 11),
    "yaml-huge-integer": ("big.yaml", "version: 1\nn: " + "7" * 5000 + "\n", "5,000 digits", 2),
    "json-huge-integer": ("big.json", '{"n":\n ' + "7" * 5000 + "}", "5,000 digits", 2),
    "toml-huge-integer": ("big.toml", "version = 1\nn = " + "7" * 5000 + "\n", "5,000 digits", 2),
}


def _check_lines(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    status = main(["check", str(path)])
    captured = capsys.readouterr()
    assert status == 1
    return [line for line in captured.err.splitlines() if line.strip()]


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_gives_one_located_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name, text, says, line = HOSTILE[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    lines = _check_lines(path, capsys)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"logkit: {path}:{line}:")
    assert says in lines[0]
    assert len(lines[0]) < 300  # a key 500 levels deep is cut short


def _run_check_in_a_child(path: Path, memory_megabytes: int | None = None) -> str:
    """``logkit check path`` in a child process with a timeout (and a memory limit)."""
    limit = ""
    if memory_megabytes is not None:
        limit = (
            "import resource\n"
            f"size = {memory_megabytes} * 1024 * 1024\n"
            "resource.setrlimit(resource.RLIMIT_AS, (size, size))\n"
        )
    script = limit + (
        "import sys\nfrom logkit._cli import main\nsys.exit(main(['check', sys.argv[1]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is a POSIX limit")
@pytest.mark.parametrize("levels", [9, 12, 16])
def test_alias_bomb_is_refused_in_bounded_time_and_memory(levels: int, tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb(levels), encoding="utf-8")  # 9**levels values, expanded
    lines = _run_check_in_a_child(path, memory_megabytes=300).splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"logkit: {path}:7: f.0: aliases repeat more than 100,000 values")


@pytest.mark.parametrize("case", ["json-nested-100000", "ini-sum-of-500-terms"])
def test_deep_files_are_refused_in_bounded_time(case: str, tmp_path: Path) -> None:
    name, text, says, _ = HOSTILE[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert says in _run_check_in_a_child(path)


# -- files that are not files -------------------------------------------------


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A directory with a short path: a socket's path is limited to about 100 bytes."""
    with tempfile.TemporaryDirectory(prefix="lk") as directory:
        yield Path(directory)


def _fifo(directory: Path) -> Path:
    path = directory / "fifo.yaml"
    os.mkfifo(path)
    return path


def _socket(directory: Path) -> Path:
    path = directory / "sock.yaml"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def _device(directory: Path) -> Path:
    path = directory / "zero.yaml"
    path.symlink_to("/dev/zero")
    return path


SPECIAL_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (_fifo, "not a regular file (a FIFO)"),
    "socket": (_socket, "not a regular file (a socket)"),
    "dev-zero": (_device, "not a regular file (a character device)"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")
@pytest.mark.parametrize("kind", list(SPECIAL_FILES))
def test_special_file_is_refused_without_reading_it(kind: str, short_tmp: Path) -> None:
    make, says = SPECIAL_FILES[kind]
    path = make(short_tmp)
    # In a child: reading a FIFO would wait for a writer forever.
    assert _run_check_in_a_child(path).splitlines() == [f"logkit: {path}: {says}"]


def test_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no disk space
    assert _check_lines(path, capsys) == [
        f"logkit: {path}: file too large: {MAX_FILE_BYTES + 1:,} bytes"
        f" (the limit is {MAX_FILE_BYTES:,} bytes)"
    ]


def test_nesting_at_the_limit_is_accepted(tmp_path: Path) -> None:
    import logkit

    path = tmp_path / "deep.json"
    nested = "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)  # in the args mapping, in the file
    path.write_text('{"version": 1, "x": {"y": ' + nested + "}}", encoding="utf-8")
    assert logkit.load(path)["x"]["y"] is not None
