"""BackgroundHandlers that feed each other in a circle.

In a config file the circle is a located ConfigError (``configure`` and ``logkit
check``); built in code or by plain ``dictConfig`` it is reported once and each
record goes round once: no hang, no record lost, ``flush()``/``close()`` end.
Those runs happen in a child process with a timeout, and records are counted.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

import logkit
from logkit._cli import main
from logkit._errors import InvalidConfig
from logkit.handlers._background_records import circle_words, circles_from

BG = "logkit.handlers.BackgroundHandler"
CIRCLE = "a feeds b, which feeds a: records would circle forever"

# The same circle (a -> b -> a) in each format, and the line of handlers.a.handlers.
CIRCLES = {
    "yaml": (
        f"""\
version: 1
handlers:
  a:
    class: {BG}
    handlers: [b]
  b:
    class: {BG}
    handlers: [a]
root: {{level: INFO, handlers: [a]}}
""",
        5,
    ),
    "toml": (
        f"""\
version = 1

[handlers.a]
class = "{BG}"
handlers = ["b"]

[handlers.b]
class = "{BG}"
handlers = ["a"]

[root]
level = "INFO"
handlers = ["a"]
""",
        5,
    ),
    "json": (
        f"""\
{{
  "version": 1,
  "handlers": {{
    "a": {{"class": "{BG}",
          "handlers": ["b"]}},
    "b": {{"class": "{BG}", "handlers": ["a"]}}
  }},
  "root": {{"level": "INFO", "handlers": ["a"]}}
}}
""",
        5,
    ),
    "ini": (
        f"""\
[loggers]
keys=root

[handlers]
keys=a,b

[formatters]
keys=

[logger_root]
level=INFO
handlers=a

[handler_a]
class={BG}
args=(['b'],)

[handler_b]
class={BG}
args=(['a'],)
""",
        16,
    ),
}


def _yaml(handlers: str) -> str:
    """A YAML config whose root feeds handler ``a``, with these handlers."""
    return f"version: 1\nhandlers:\n{textwrap.indent(handlers, '  ')}root: {{handlers: [a]}}\n"


def _errors(path: Path) -> list[logkit.ConfigError]:
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(path, rich=False)
    error = caught.value
    return error.errors if isinstance(error, InvalidConfig) else [error]


# -- in a config file: a located error ---------------------------------------------------


@pytest.mark.parametrize("fmt", list(CIRCLES))
def test_a_circle_is_a_located_error_in_each_format(tmp_path: Path, fmt: str) -> None:
    text, line = CIRCLES[fmt]
    path = tmp_path / f"logging.{fmt}"
    path.write_text(text)
    (error,) = _errors(path)  # once for the circle, not once for each of its handlers
    assert (error.path, error.line, error.key) == (str(path), line, "handlers.a.handlers")
    assert error.reason == CIRCLE


@pytest.mark.parametrize("fmt", list(CIRCLES))
def test_check_reports_the_circle(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line = CIRCLES[fmt]
    path = tmp_path / f"logging.{fmt}"
    path.write_text(text)
    assert main(["check", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"logkit: {path}:{line}: handlers.a.handlers: {CIRCLE}"]


@pytest.mark.parametrize(
    ("handlers", "reasons"),
    [
        (
            f"a: {{class: {BG}, handlers: [b]}}\n"
            f"b: {{class: {BG}, handlers: [c]}}\n"
            f"c: {{class: {BG}, handlers: [a]}}\n",
            {("handlers.a.handlers", "a feeds b, which feeds c, which feeds a")},
        ),
        (  # through a handler named with "()", and one that is not first in the file
            f"a: {{class: {BG}, handlers: [c]}}\n"
            f"c: {{'()': {BG}, handlers: [d, a]}}\n"
            f"d: {{class: {BG}, handlers: [c, e]}}\n"
            "e: {class: logging.NullHandler}\n",
            {
                ("handlers.a.handlers", "a feeds c, which feeds a"),
                ("handlers.c.handlers", "c feeds d, which feeds c"),
            },
        ),
        (  # one circle through itself and another: each message once
            f"a: {{class: {BG}, handlers: [a, b]}}\nb: {{class: {BG}, handlers: [a]}}\n",
            {
                ("handlers.a.handlers", "a handler cannot feed itself"),
                ("handlers.a.handlers", "a feeds b, which feeds a"),
            },
        ),
    ],
    ids=["three", "factory-and-two-circles", "itself-and-another"],
)
def test_each_circle_is_reported_once(
    tmp_path: Path, handlers: str, reasons: set[tuple[str, str]]
) -> None:
    path = tmp_path / "logging.yaml"
    path.write_text(_yaml(handlers))
    suffix = ": records would circle forever"
    found = [(error.key, error.reason.removesuffix(suffix)) for error in _errors(path)]
    assert sorted(found) == sorted(reasons)


@pytest.mark.parametrize(
    "handlers",
    [
        f"a: {{class: {BG}, handlers: [b]}}\n"
        f"b: {{class: {BG}, handlers: [kept]}}\n"
        "kept: {class: logging.FileHandler, filename: kept.log}\n",
        f"a: {{class: {BG}, handlers: [b, kept]}}\n"
        f"b: {{class: {BG}, handlers: [kept]}}\n"
        "kept: {class: logging.FileHandler, filename: kept.log}\n",
    ],
    ids=["chain", "shared-target"],
)
def test_chains_and_shared_targets_are_accepted(tmp_path: Path, handlers: str) -> None:
    (tmp_path / "logging.yaml").write_text(_yaml(handlers))
    assert main(["check", str(tmp_path / "logging.yaml")]) == 0
    logkit.configure("logging.yaml", rich=False)
    logging.root.warning("once a path")
    logging.root.handlers[0].flush()
    expected = 2 if "b, kept" in handlers else 1  # two ways to the file: two lines
    assert (tmp_path / "kept.log").read_text() == "once a path\n" * expected


def test_circles_from_finds_the_shortest_way_back_through_each_first_step() -> None:
    feeds = {"a": ["a", "b", "c"], "b": ["c", "x"], "c": ["a"], "x": []}
    circles = circles_from("a", lambda node: feeds[node])
    assert circles == [["a", "b", "c", "a"], ["a", "c", "a"]]
    assert circles_from("x", lambda node: feeds[node]) == []
    assert circle_words(circles[0]) == "a feeds b, which feeds c, which feeds a"


# -- built in code or by plain dictConfig: reported once, each record round once ----------

RECORDS = 400  # from each of two threads

# a -> [b, file_a] and b -> [a, file_b], capacity 1 (every hand-over meets a full queue).
BUILD = {
    "dictConfig": """
        logging.config.dictConfig({
            "version": 1,
            "formatters": {"bare": {"format": "%(message)s"}},
            "handlers": {
                "a": {"class": BG, "handlers": ["b", "file_a"], "capacity": 1},
                "b": {"class": BG, "handlers": ["a", "file_b"], "capacity": 1},
                "file_a": {"class": "logging.FileHandler", "filename": "a.log",
                           "formatter": "bare"},
                "file_b": {"class": "logging.FileHandler", "filename": "b.log",
                           "formatter": "bare"},
            },
            "loggers": {"to_a": {"handlers": ["a"]}, "to_b": {"handlers": ["b"]}},
            "root": {"level": "INFO"},
        })
        a, b = logging.getLogger("to_a").handlers[0], logging.getLogger("to_b").handlers[0]
        """,
    "objects": """
        def file(name):
            handler = logging.FileHandler(name)
            handler.setFormatter(logging.Formatter("%(message)s"))
            return handler

        placeholder = logging.NullHandler()
        a = BackgroundHandler([placeholder, file("a.log")], capacity=1)
        b = BackgroundHandler([a, file("b.log")], capacity=1)
        a.replace_handler(placeholder, b)
        logging.getLogger("to_a").addHandler(a)
        logging.getLogger("to_b").addHandler(b)
        logging.root.setLevel(logging.INFO)
        """,
}
PROGRAM = """
import logging, logging.config, sys, threading
from logkit.handlers import BackgroundHandler
BG = "logkit.handlers.BackgroundHandler"
{build}
def write(name):
    for n in range({records}):
        logging.getLogger(name).info("%s %d", name, n)

threads = [threading.Thread(target=write, args=(name,)) for name in ("to_a", "to_b")]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join(30)
if sys.argv[1] == "flush-close":
    a.flush()
    b.flush()
    a.close()
    b.close()
    a.flush()
    logging.getLogger("to_b").info("to_b %d", {records})  # after close: handled inline
"""


@pytest.fixture
def run_circle(
    tmp_path: Path, child_environment: Callable[..., dict[str, str]]
) -> Callable[[str, str], subprocess.CompletedProcess[str]]:
    def run(build: str, ending: str) -> subprocess.CompletedProcess[str]:
        program = PROGRAM.format(build=textwrap.dedent(BUILD[build]), records=RECORDS)
        return subprocess.run(
            [sys.executable, "-c", program, ending],
            cwd=tmp_path,
            env=child_environment(),
            capture_output=True,
            text=True,
            timeout=60,  # a circle that hangs fails here
            check=False,
        )

    return run


@pytest.mark.parametrize("ending", ["exit", "flush-close"])
@pytest.mark.parametrize("build", list(BUILD))
def test_a_circle_built_in_code_ends_and_loses_nothing(
    tmp_path: Path,
    run_circle: Callable[[str, str], subprocess.CompletedProcess[str]],
    build: str,
    ending: str,
) -> None:
    result = run_circle(build, ending)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("--- Logging error ---") == 1, result.stderr[-3000:]
    assert result.stderr.count("records would circle forever") == 2  # the error and its message
    one = r"([ab]|<BackgroundHandler at 0x[0-9a-f]+>)"  # named by dictConfig, or not
    assert re.search(rf"{one} feeds {one}, which feeds {one}: records", result.stderr)
    assert "RecursionError" not in result.stderr
    extra = ["to_b 400"] if ending == "flush-close" else []
    expected = {
        source: [f"{source} {n}" for n in range(RECORDS)] + (extra if source == "to_b" else [])
        for source in ("to_a", "to_b")
    }
    for name in ("a.log", "b.log"):
        lines = (tmp_path / name).read_text().splitlines()
        counts = Counter(lines)
        assert max(counts.values()) == 1, f"{name}: a record twice"
        for source, wanted in expected.items():  # every record once, each source in order
            assert [line for line in lines if line.startswith(source)] == wanted, name
