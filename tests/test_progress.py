"""Logging beside progress bars, seen as a person sees it: the final screen of a terminal.

Each program runs under ``logkit run`` in a pseudo-terminal; the ``pyte``
terminal emulator replays everything it wrote (the ``terminal_screen``
fixture), and the test reads the screen that is left.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

import logkit
from logkit._default import default_config

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

COLUMNS, ROWS = 100, 40
STEPS = tuple(range(0, 200, 10))

RICH_LOOP = """
import logging, time
from rich.progress import track

log = logging.getLogger("train")
for step in track(range(200), description="training"):
    if step % 10 == 0:
        log.info("step %d loss %.3f", step, 1 / (step + 1))
    time.sleep(0.002)
"""

TQDM_LOOP = """
import contextlib, logging, sys, time
from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

log = logging.getLogger("train")
redirect = logging_redirect_tqdm() if sys.argv[1:] == ["redirect"] else contextlib.nullcontext()
with redirect:
    for step in tqdm(range(200), desc="training"):
        if step % 10 == 0:
            log.info("step %d loss %.3f", step, 1 / (step + 1))
        time.sleep(0.002)
"""

# Rich's default columns: the time (or blanks when it repeats), the level, the
# message, the path at the right edge.
LOG_LINE = re.compile(
    r"(?:\[[^\]]+\]| +) INFO {5}step (\d+) loss \d\.\d{3} +prog\.py:\d+"
)
FINAL_BARS = {
    "rich": re.compile(r"training ━{40} 100% 0:00:00"),
    "tqdm": re.compile(r"training: 100%\|█+\| 200/200 \[.*\]"),
}


def problems(screen: list[str], bar: re.Pattern[str]) -> list[str]:
    """What is wrong on a final screen; empty when every log line is whole, starts at
    column 0 and holds nothing else, each step shows once, and one finished bar remains."""
    found: list[str] = []
    steps: Counter[int] = Counter()
    bars = 0
    for number, line in enumerate(screen):
        if not line:
            continue
        if match := LOG_LINE.fullmatch(line):
            steps[int(match.group(1))] += 1
        elif bar.fullmatch(line):
            bars += 1
        else:
            found.append(f"line {number}: {line!r}")
    if steps != Counter(STEPS):
        found.append(f"steps shown {sorted(steps.elements())}, expected each of {STEPS} once")
    if bars != 1:
        found.append(f"{bars} finished bars on the screen, expected 1")
    return found


@pytest.fixture
def logkit_run(
    tmp_path: Path,
    child_environment: Callable[..., dict[str, str]],
    terminal_screen: Callable[..., list[str]],
) -> Callable[..., list[str]]:
    """``logkit_run(source, *args, stream="stdout")``: the final screen of ``logkit run
    prog.py`` with the built-in scheme, its console on ``stream``."""

    def run(source: str, *args: str, stream: str = "stdout") -> list[str]:
        config = default_config()
        config["handlers"]["console"]["stream"] = f"ext://sys.{stream}"
        (tmp_path / "logging.json").write_text(logkit.dump(config, "json"))
        (tmp_path / "prog.py").write_text(source)
        argv = [sys.executable, "-m", "logkit", "run", "prog.py", *args]
        return terminal_screen(argv, tmp_path, child_environment(), COLUMNS, ROWS)

    return run


# A bar on a console of the program's own: Rich's live display redirects stdout to it.
OWN_CONSOLE_LOOP = RICH_LOOP.replace(
    'track(range(200), description="training")',
    'track(range(200), description="training", console=Console())',
).replace("import logging, time", "import logging, time\nfrom rich.console import Console")


@pytest.mark.parametrize(
    ("source", "stream"),
    [(RICH_LOOP, "stdout"), (RICH_LOOP, "stderr"), (OWN_CONSOLE_LOOP, "stdout")],
    ids=["stdout", "stderr", "own-console"],
)
def test_records_print_above_a_rich_progress_bar(
    source: str, stream: str, logkit_run: Callable[..., list[str]]
) -> None:
    screen = logkit_run(source, stream=stream)
    assert problems(screen, FINAL_BARS["rich"]) == [], "\n".join(screen)


@pytest.mark.parametrize("args", [(), ("redirect",)], ids=["plain", "logging_redirect_tqdm"])
def test_records_print_above_a_tqdm_bar_once(
    args: tuple[str, ...], logkit_run: Callable[..., list[str]]
) -> None:
    screen = logkit_run(TQDM_LOOP, *args)
    assert problems(screen, FINAL_BARS["tqdm"]) == [], "\n".join(screen)


def test_the_check_sees_a_console_of_its_own_break_the_bar(
    logkit_run: Callable[..., list[str]],
) -> None:
    # What logkit did before: RichHandler on a Console of its own for the same stdout.
    own_console = (
        "import logging, sys\n"
        "from rich.console import Console\n"
        "from rich.logging import RichHandler\n"
        "logging.root.handlers[:] = [RichHandler(console=Console(file=sys.stdout))]\n"
    )
    screen = logkit_run(own_console + RICH_LOOP)
    assert problems(screen, FINAL_BARS["rich"]), "\n".join(screen)
