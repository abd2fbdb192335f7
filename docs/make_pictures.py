"""Draw the README's pictures with Rich's SVG export: ``python docs/make_pictures.py [OUT_DIR]``.

``console.svg``: the demo app (``examples/app.py``, with its traceback) run under the
shipped ``logging.yaml`` through logkit's real console handler; ``show.svg``: what
``logkit show logging.yaml`` prints. Both are the real output bytes (ANSI, at a
terminal 100 columns wide) replayed into a recording Rich console, so the pictures
show exactly what a terminal shows. The clock is fixed and paths are relative, so
running it again gives the same files. OUT_DIR defaults to this ``docs/`` folder.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import runpy
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
WIDTH = 100
# 09:30:00 local time on 1 March 2025, whatever the time zone: the time column is fixed.
FIXED_TIME = time.mktime((2025, 3, 1, 9, 30, 0, 0, 0, -1))


class TerminalStream(io.StringIO):
    """Text written to what Rich takes for a colour terminal."""

    def isatty(self) -> bool:
        return True


@contextlib.contextmanager
def at_a_terminal() -> Iterator[TerminalStream]:
    """stdout is a 100-column truecolor terminal, records are made at FIXED_TIME, and
    the working directory is the repository (the demo's paths print relative)."""
    stream = TerminalStream()
    environment = {"COLUMNS": str(WIDTH), "LINES": "50", "COLORTERM": "truecolor"}
    saved_environment = {name: os.environ.get(name) for name in [*environment, "NO_COLOR"]}
    os.environ.update(environment)
    os.environ.pop("NO_COLOR", None)
    make_record = logging.getLogRecordFactory()

    def record_at_fixed_time(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        record.created, record.msecs = FIXED_TIME, 0.0
        return record

    logging.setLogRecordFactory(record_at_fixed_time)
    saved_cwd, saved_argv = os.getcwd(), sys.argv
    os.chdir(REPO)
    try:
        with contextlib.redirect_stdout(stream):
            yield stream
    finally:
        os.chdir(saved_cwd)
        sys.argv = saved_argv
        logging.setLogRecordFactory(make_record)
        for name, value in saved_environment.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def save_svg(ansi: str, path: Path, title: str) -> None:
    """Replay terminal output into a recording console and save it as SVG."""
    from rich.console import Console
    from rich.text import Text

    console = Console(
        record=True, width=WIDTH, file=io.StringIO(), force_terminal=True, color_system="truecolor"
    )
    console.print(relative_paths(Text.from_ansi(ansi.rstrip("\n"))))
    console.save_svg(str(path), title=title)


def relative_paths(text: Text) -> Text:
    """The text with the repository's absolute path left out of each line, so the
    picture is the same on every machine.

    Rich's tracebacks print a frame's file absolute; inside the traceback's box the
    characters taken out are put back as spaces before the right border.
    """
    from rich.text import Text

    prefix = f"{REPO}{os.sep}"
    lines = [_without(prefix, line) for line in text.split("\n")]
    return Text("\n").join(lines)


def _without(prefix: str, line: Text) -> Text:
    from rich.text import Text

    while prefix in line.plain:
        start = line.plain.index(prefix)
        line = line[:start] + line[start + len(prefix) :]
        border = line.plain.rfind("\N{BOX DRAWINGS LIGHT VERTICAL}")
        if border > start:
            line = line[:border] + Text(" " * len(prefix)) + line[border:]
    return line


def demo_run() -> str:
    """What ``logkit run examples/app.py`` prints at a terminal, with logging.yaml."""
    import logkit

    with tempfile.TemporaryDirectory() as logs, at_a_terminal() as terminal:
        os.environ["LOGKIT_LOGS_DIR"] = logs  # the repository's logs/ stays untouched
        try:
            logkit.configure("logging.yaml", rich=True)
            sys.argv = ["examples/app.py"]
            runpy.run_path("examples/app.py", run_name="__main__")
        finally:
            del os.environ["LOGKIT_LOGS_DIR"]
            for handler in logging.root.handlers[:]:
                logging.root.removeHandler(handler)
                handler.close()
        return terminal.getvalue()


def show_output() -> str:
    """What ``logkit show logging.yaml`` prints at a terminal."""
    from logkit._cli import main

    with at_a_terminal() as terminal:
        status = main(["show", "logging.yaml"])
    if status != 0:
        raise SystemExit(f"logkit show failed with status {status}")
    return terminal.getvalue()


def make_pictures(out: Path) -> list[Path]:
    """Write console.svg and show.svg into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    console, show = out / "console.svg", out / "show.svg"
    save_svg(demo_run(), console, "logkit run examples/app.py")
    save_svg(show_output(), show, "logkit show logging.yaml")
    return [console, show]


if __name__ == "__main__":
    for written in make_pictures(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS):
        print(f"wrote {written}")
