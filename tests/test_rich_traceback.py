"""Windowed rich tracebacks print Rich's own bytes, and lex only near the frame.

End to end through the handlers (RichHandler against RichConsoleHandler, real
exceptions from a generated module), and frame by frame over lines sampled
from the standard library's modules (rich.traceback.Traceback against
WindowedTraceback on the same Trace).
"""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import random
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rich.console import Console
from rich.logging import RichHandler
from rich.syntax import Syntax
from rich.traceback import Frame, Stack, Trace, Traceback

from logkit.handlers import RichConsoleHandler
from logkit.handlers._rich_traceback import WindowedTraceback

LINK_ID = re.compile(r"\x1b\]8;id=[^;]*;")

FILLER = '''
def helper_{n}(value, other=None):
    """Helper {n}: a docstring with 'quotes' and a "{{field}}"."""
    text = f"{{value!r:>{{10}}}} {{other}}"  # comment {n}
    return [len(text), r"\\d+", b"\\x00", """
    a string over lines {n}
    """]
'''

FAILING = """

def fails_in_one_line():
    raise ValueError("line one")


def fails_over_lines(mapping):
    return (
        mapping["first"]
        + mapping["missing"]
    )


def fails_with_locals(count=3, name="x"):
    values = list(range(count))
    return values[count]
"""


@pytest.fixture
def deep_module(tmp_path: Path) -> ModuleType:
    """A module whose failing functions sit below line 240."""
    filler = "".join(FILLER.format(n=n) for n in range(35))
    path = tmp_path / "deep_module.py"
    path.write_text(filler + FAILING, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("deep_module", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render_exception(handler_class: type[RichHandler], error: BaseException, **options: Any) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=110, force_terminal=True, color_system="truecolor")
    handler = handler_class(console=console, markup=True, rich_tracebacks=True, **options)
    record = logging.LogRecord(
        "app", logging.ERROR, "/src/app.py", 7, "failed", None, (type(error), error, None)
    )
    record.exc_info = (type(error), error, error.__traceback__)
    record.created = 1_700_000_000.0
    handler.handle(record)
    return LINK_ID.sub("", buffer.getvalue())


def raised(function: Any, *args: Any) -> BaseException:
    try:
        function(*args)
    except Exception as error:  # noqa: BLE001 - the exception is what the test renders
        return error
    raise AssertionError("did not raise")


CALLS = {
    "one-line": ("fails_in_one_line", ()),
    "error-range-over-lines": ("fails_over_lines", ({"first": 1},)),
    "locals": ("fails_with_locals", ()),
}
OPTIONS = {
    "defaults": {},
    "locals": {"tracebacks_show_locals": True},
    "no-word-wrap": {"tracebacks_word_wrap": False},
    "more-lines": {"tracebacks_extra_lines": 6},
    "no-code-width": {"tracebacks_code_width": None},
    "theme": {"tracebacks_theme": "monokai"},
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_handler_output_is_richs(
    deep_module: ModuleType, call: tuple[str, tuple[Any, ...]], options: dict[str, Any]
) -> None:
    name, args = call
    error = raised(getattr(deep_module, name), *args)
    expected = render_exception(RichHandler, error, **options)
    actual = render_exception(RichConsoleHandler, error, **options)
    assert actual == expected
    assert "❱" in actual  # the frame's code is really shown


def test_chained_exceptions_render_as_rich_does(deep_module: ModuleType) -> None:
    def fails_twice() -> None:
        try:
            deep_module.fails_in_one_line()
        except ValueError as inner:
            raise KeyError("outer") from inner

    error = raised(fails_twice)
    expected = render_exception(RichHandler, error)
    assert render_exception(RichConsoleHandler, error) == expected


def _stack_syntaxes(traceback: Traceback) -> list[Syntax]:
    group = traceback._render_stack(traceback.trace.stacks[0])
    return [item for item in group.renderables if isinstance(item, Syntax)]


def test_a_deep_frame_lexes_from_near_the_frame(deep_module: ModuleType) -> None:
    error = raised(deep_module.fails_in_one_line)
    traceback = WindowedTraceback.from_exception(type(error), error, error.__traceback__)
    syntax = _stack_syntaxes(traceback)[-1]
    assert traceback.trace.stacks[0].frames[-1].lineno > 240
    assert syntax.start_line > 230
    assert syntax.code.count("\n") < 30  # from the window to the end of the file


def _sampled_frames() -> list[Frame]:
    """Frames at lines sampled from standard library modules, the same on every run.

    Lines stay under 1,500: Rich's own rendering, the reference, lexes the whole
    file down to the frame.
    """
    stdlib = Path(os.__file__).parent
    files = sorted(p for p in stdlib.glob("*.py") if p.stat().st_size > 30_000)
    chooser = random.Random(14)
    frames = []
    for path in chooser.sample(files, 8):
        lines = min(1500, path.read_text(encoding="utf-8").count("\n"))
        for lineno in chooser.sample(range(10, lines), 3):
            frames.append(Frame(filename=str(path), lineno=lineno, name="sampled"))
    return frames


def _frame_id(frame: Frame) -> str:
    return f"{Path(frame.filename).name}:{frame.lineno}"


@pytest.mark.parametrize("frame", _sampled_frames(), ids=_frame_id)
def test_standard_library_frames_render_as_rich_does(frame: Frame) -> None:
    trace = Trace(stacks=[Stack(exc_type="ValueError", exc_value="sampled", frames=[frame])])
    outputs = []
    for traceback_class in (Traceback, WindowedTraceback):
        console = Console(file=io.StringIO(), width=110, force_terminal=True)
        console.print(traceback_class(trace, code_width=88))
        outputs.append(console.file.getvalue())  # type: ignore[attr-defined]
    assert outputs[1] == outputs[0]
