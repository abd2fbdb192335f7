"""RichConsoleHandler writes the bytes RichHandler writes, for every record in the corpus.

(Its private rich names and the highlighter patterns are checked in test_private_check.py.)
"""

from __future__ import annotations

import io
import json
import logging
import logging.config
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.errors import MarkupError
from rich.highlighter import ReprHighlighter
from rich.logging import RichHandler
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from logkit.handlers import RichConsoleHandler
from logkit.handlers._repr_highlight import highlight_repr

RECORDS = Path(__file__).parent / "data" / "rich_records"
CORPUS = json.loads((RECORDS / "corpus.json").read_text("utf-8"))
# Messages on both sides of every condition of the handler's lane for usual
# messages (numbers only, ASCII, one line that fits, no markup or keyword) and
# of its remembered cells (repeated messages, odd characters in the path).
LANE = json.loads((RECORDS / "lane.json").read_text("utf-8"))
# Link ids come from a global counter, so two runs never share them; compare the rest.
ColorSystemName = Literal["standard", "256", "truecolor"]
LINK_ID = re.compile(r"\x1b\]8;id=[^;]*;")


def make_record(case: dict[str, Any]) -> logging.LogRecord:
    exc_info = None
    if case.get("exception"):
        try:
            raise KeyError("missing")  # a real exception with a traceback
        except KeyError:
            exc_info = sys.exc_info()
    level = logging.getLevelName(case["level"])
    record = logging.LogRecord(
        "app",
        case.get("levelno", level if isinstance(level, int) else 25),
        case.get("pathname", "/src/app.py"),
        case.get("lineno", 42),
        case["msg"],
        tuple(case.get("args", ())),
        exc_info,
        "serve",
    )
    record.levelname = case["level"]
    record.created = case["created"]
    for key, value in case.get("extra", {}).items():
        setattr(record, key, value)
    return record


def render(
    handler_class: type[RichHandler],
    records: list[logging.LogRecord],
    *,
    width: int = 100,
    color_system: ColorSystemName | None = "truecolor",
    theme: Theme | None = None,
    **options: Any,
) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color_system is not None,
        color_system=color_system,
        theme=theme,
    )
    options.setdefault("rich_tracebacks", True)
    handler = handler_class(console=console, markup=True, **options)
    for record in records:
        handler.handle(record)
    return LINK_ID.sub("\x1b]8;id=*;", buffer.getvalue())


def assert_same_output(records: list[logging.LogRecord], **kwargs: Any) -> None:
    expected = render(RichHandler, records, **kwargs)
    actual = render(RichConsoleHandler, records, **kwargs)
    assert actual.splitlines() == expected.splitlines()
    assert actual == expected


OPTIONS = {
    "defaults": {},
    "no-links": {"enable_link_path": False},
    "no-time": {"show_time": False},
    "no-level-no-path": {"show_level": False, "show_path": False},
    "repeat-times": {"omit_repeated_times": False},
    "time-format": {"log_time_format": "%H:%M:%S.%f"},
    "keywords-off": {"keywords": []},
}


@pytest.mark.parametrize("width", [30, 60, 100, 180])
@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_corpus_renders_identically(width: int, options: dict[str, Any]) -> None:
    assert_same_output([make_record(case) for case in CORPUS], width=width, **options)


@pytest.mark.parametrize("color_system", ["standard", "256", "truecolor", None])
def test_every_color_system_renders_identically(color_system: ColorSystemName | None) -> None:
    assert_same_output([make_record(case) for case in CORPUS], color_system=color_system)


def test_a_theme_that_styles_every_column_renders_identically() -> None:
    theme = Theme(
        {
            "log.time": "bold magenta",
            "log.level": "underline",
            "log.message": "italic",
            "log.path": "reverse",
            "logging.level.info": "on blue",
            "repr.number": "red",
        }
    )
    assert_same_output([make_record(case) for case in CORPUS], theme=theme)


def test_pushing_a_theme_between_records_is_seen() -> None:
    records = [make_record(case) for case in CORPUS[:6]]
    outputs = []
    for handler_class in (RichHandler, RichConsoleHandler):
        buffer = io.StringIO()
        console = Console(file=buffer, width=90, force_terminal=True)
        handler = handler_class(console=console, enable_link_path=False)
        for index, record in enumerate(records):
            if index == 3:
                console.push_theme(Theme({"log.time": "red", "repr.number": "green"}))
            handler.handle(record)
        outputs.append(buffer.getvalue())
    assert outputs[1] == outputs[0]


def test_bytes_are_identical_without_link_ids() -> None:
    records = [
        make_record(case)
        for case in CORPUS
        if not case.get("exception") and "[link=" not in case["msg"]
    ]
    buffers = []
    for handler_class in (RichHandler, RichConsoleHandler):
        buffer = io.StringIO()
        console = Console(file=buffer, width=90, force_terminal=True, color_system="256")
        handler = handler_class(console=console, markup=True, enable_link_path=False)
        for record in records:
            handler.handle(record)
        buffers.append(buffer.getvalue())
    assert buffers[1] == buffers[0]
    assert "\x1b[" in buffers[0]


def test_a_formatter_datefmt_sets_the_time_column() -> None:
    records = [make_record(case) for case in CORPUS[:4]]
    outputs = []
    for handler_class in (RichHandler, RichConsoleHandler):
        buffer = io.StringIO()
        handler = handler_class(console=Console(file=buffer, width=80, force_terminal=True))
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s", datefmt="[%X]"))
        for record in records:
            handler.handle(record)
        outputs.append(LINK_ID.sub("", buffer.getvalue()))
    assert outputs[1] == outputs[0]


def test_plain_records_do_not_build_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_table(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("fell back to RichHandler's Table")

    monkeypatch.setattr(Table, "grid", no_table)  # RichHandler lays out rows with Table.grid
    handler = RichConsoleHandler(
        console=Console(file=io.StringIO(), width=100, force_terminal=True)
    )
    handler.handleError = lambda record: pytest.fail("handler error")  # type: ignore[method-assign]
    for case in CORPUS:
        if not case.get("exception"):
            handler.handle(make_record(case))


def test_rich_tracebacks_fall_back_to_rich() -> None:
    exception = [make_record(case) for case in CORPUS if case.get("exception")]
    assert exception
    assert_same_output(exception)


def test_recording_and_capturing_consoles_still_work() -> None:
    console = Console(file=io.StringIO(), width=80, record=True, force_terminal=True)
    handler = RichConsoleHandler(console=console)
    handler.handle(make_record(CORPUS[0]))
    assert "Server starting..." in console.export_text()

    with console.capture() as capture:
        handler.handle(make_record(CORPUS[1]))
    assert "Listening on" in capture.get()


@settings(max_examples=150, deadline=None)
@given(
    messages=st.lists(
        st.text(
            alphabet=st.sampled_from(list("ab xyZ09.:-/()[]{}<>='\"\n\t_jTrueNn…日🎉\\")),
            max_size=120,
        ),
        min_size=1,
        max_size=4,
    ),
    width=st.integers(min_value=25, max_value=160),
    markup=st.booleans(),
)
def test_random_messages_render_identically(messages: list[str], width: int, markup: bool) -> None:
    if markup:  # rich raises for a stray closing tag: see the test below
        assume(all(_is_valid_markup(message) for message in messages))
    records = []
    for index, message in enumerate(messages):
        record = make_record(
            {"msg": message, "level": "INFO", "created": 1_700_000_000.0 + index // 2}
        )
        record.markup = markup
        records.append(record)
    assert_same_output(records, width=width)


def _is_valid_markup(message: str) -> bool:
    try:
        Text.from_markup(message)
    except MarkupError:
        return False
    return True


def plain_console_output(
    msg: str,
    args: Any,
    *,
    record_console: bool = False,
    markup: bool = True,
    handler_class: type[RichHandler] = RichConsoleHandler,
) -> tuple[str, logging.LogRecord]:
    """What a handler prints for one record (ANSI kept), and the record."""
    record = make_record({"msg": msg, "level": "INFO", "created": 1_700_000_000.0})
    record.args = args
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=120, force_terminal=True, color_system="truecolor", record=record_console
    )
    handler = handler_class(console=console, markup=markup, show_path=False)
    handler.handle(record)
    return buffer.getvalue(), record


@pytest.mark.parametrize("record_console", [False, True], ids=["fast", "drawn-by-rich"])
def test_markup_in_arguments_prints_literally(
    record_console: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    # RichHandler drops the first record (MarkupError) and styles the others.
    cases = [
        ("GET %s", ("[/api/users]",)),
        ("user said %s", ("[red]x[/red]",)),
        ("see %s", ("[link=https://evil.example]docs[/link]",)),
        ("%r", ("[bold]name[/bold]",)),
        ("%(path)s %(n)d", {"path": "[/x]", "n": 3}),
        ("got %s", (["[red]", 1],)),
    ]
    for msg, args in cases:
        output, record = plain_console_output(msg, args, record_console=record_console)
        literal = msg % args
        assert literal in Text.from_ansi(output).plain
        assert "\x1b]8;" not in output  # no terminal hyperlink
        # Exactly what RichHandler prints for the same text escaped in the template.
        expected, _ = plain_console_output(escape(literal), None, handler_class=RichHandler)
        assert output == expected
        assert record.message == literal  # other handlers see the arguments unescaped
    assert capsys.readouterr().err == ""


def test_markup_in_the_template_still_styles() -> None:
    output, _ = plain_console_output("[bold]done[/bold] in %s", ("[red]3 s[/red]",))
    assert "\x1b[1mdone\x1b[0m" in output
    assert "done in [red]3 s[/red]" in Text.from_ansi(output).plain


def test_arguments_without_markup_render_as_rich_does() -> None:
    records = [
        make_record({"msg": msg, "args": args, "level": "INFO", "created": 1_700_000_000.0})
        for msg, args in [
            ("user %s took %d ms", ["alice", 12]),
            ("%s: %r", ["key", {"a": 1.5}]),
            ("[bold]%s[/bold] ok", ["fine"]),
            ("values %s", [[1, 2, None, True]]),
        ]
    ]
    assert_same_output(records)


@pytest.mark.parametrize("record_console", [False, True], ids=["fast", "drawn-by-rich"])
def test_a_template_with_invalid_markup_prints_as_plain_text(
    record_console: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    # RichHandler lets MarkupError out of handle() and writes nothing.
    record = make_record({"msg": "[/]", "level": "INFO", "created": 1_700_000_000.0})
    with pytest.raises(MarkupError):
        render(RichHandler, [record])
    output, _ = plain_console_output(
        "closing [/] and [/api] %d", (1,), record_console=record_console
    )
    assert "closing [/] and [/api] 1" in Text.from_ansi(output).plain
    assert capsys.readouterr().err == ""


def test_without_markup_arguments_are_left_alone() -> None:
    output, record = plain_console_output("%s", ("[red]x[/red]",), markup=False)
    assert "[red]x[/red]" in Text.from_ansi(output).plain
    assert record.message == "[red]x[/red]"


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("aef xyZ0189.:-/()[]{}<>='\"_jTrueFalsNon…日\\b")),
        max_size=80,
    )
)
def test_repr_spans_equal_rich_repr_highlighter(plain: str) -> None:
    expected = ReprHighlighter()(Text(plain)).spans
    text = Text(plain)
    highlight_repr(text)
    assert text.spans == expected


def test_named_in_a_dict_config_by_its_dotted_path() -> None:
    logging.config.dictConfig(
        {
            "version": 1,
            "handlers": {
                "console": {
                    "class": "logkit.handlers.RichConsoleHandler",
                    "markup": True,
                    "show_path": False,
                }
            },
            "root": {"level": "INFO", "handlers": ["console"]},
        }
    )
    handler = logging.root.handlers[0]
    assert isinstance(handler, RichConsoleHandler)
    assert isinstance(handler, RichHandler)
    buffer = io.StringIO()
    handler.console = Console(file=buffer, width=60)
    logging.getLogger("app").info("hello [bold]there[/bold]")
    assert "hello there" in buffer.getvalue()


def test_import_does_not_load_rich(child_environment: Callable[..., dict[str, str]]) -> None:
    code = "import sys, logkit, logkit._rich_private, logkit.handlers; print('rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=child_environment(),
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("width", [30, 60, 100, 180])
@pytest.mark.parametrize("tracebacks", [False, True], ids=["plain-tracebacks", "rich-tracebacks"])
def test_lane_corpus_renders_identically(width: int, tracebacks: bool) -> None:
    assert_same_output(
        [make_record(case) for case in LANE], width=width, rich_tracebacks=tracebacks
    )


LANE_THEMES = {
    "message-column-styled": Theme({"log.message": "italic"}),
    "numbers-linked": Theme({"repr.number": "bold link https://example.com"}),
    "numbers-unstyled": Theme({"repr.number": "none"}),
    "keywords-styled": Theme({"logging.keyword": "reverse"}),
}


@pytest.mark.parametrize("theme", LANE_THEMES.values(), ids=LANE_THEMES.keys())
def test_lane_corpus_renders_identically_under_themes(theme: Theme) -> None:
    assert_same_output([make_record(case) for case in LANE], theme=theme, rich_tracebacks=False)


@pytest.mark.parametrize("color_system", ["standard", "256", None])
def test_lane_corpus_renders_identically_in_every_color_system(
    color_system: ColorSystemName | None,
) -> None:
    records = [make_record(case) for case in LANE]
    assert_same_output(records, color_system=color_system, rich_tracebacks=False)


def test_keywords_changed_between_records_are_seen() -> None:
    outputs = []
    for handler_class in (RichHandler, RichConsoleHandler):
        buffer = io.StringIO()
        console = Console(file=buffer, width=100, force_terminal=True)
        handler = handler_class(console=console, keywords=["GET"], enable_link_path=False)
        for change in range(4):
            if change == 1:
                handler.keywords.append("items")  # in place
            elif change == 2:
                handler.keywords = ["passed"]
            elif change == 3:
                handler.keywords = None  # rich's default list
            for message in ("3 items", "health check passed", "GET 3"):
                handler.handle(make_record({"msg": message, "level": "INFO", "created": 1.0}))
        outputs.append(buffer.getvalue())
    assert outputs[1] == outputs[0]


def test_usual_messages_take_the_lane(monkeypatch: pytest.MonkeyPatch) -> None:
    def drawn(*args: Any) -> None:
        raise AssertionError("drawn through spans, not the lane")

    monkeypatch.setattr(RichConsoleHandler, "_drawn_rows", drawn)
    handler = RichConsoleHandler(
        console=Console(file=io.StringIO(), width=120, force_terminal=True)
    )
    handler.handleError = lambda record: pytest.fail("handler error")  # type: ignore[method-assign]
    for case in [
        {"msg": "health check passed"},
        {"msg": "request %d served in %.3f ms for user %s", "args": [12, 0.156, "alice"]},
        {"msg": "failed to process order %d: %s", "args": [19, "timeout after 30s"]},
    ]:
        handler.handle(make_record({**case, "level": "INFO", "created": 1.0}))


# -- the lane for whole records (a ``%(message)s`` formatter, as the shipped scheme has) --

MESSAGE_ONLY = logging.Formatter("%(message)s")


def render_formatted(
    handler_class: type[RichHandler],
    records: list[logging.LogRecord],
    formatter: logging.Formatter | None,
    **options: Any,
) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=options.pop("width", 100), force_terminal=True)
    handler = handler_class(console=console, markup=True, **options)
    handler.setFormatter(formatter)  # type: ignore[arg-type]
    for record in records:
        handler.handle(record)
    return LINK_ID.sub("\x1b]8;id=*;", buffer.getvalue())


@pytest.mark.parametrize("width", [30, 60, 100, 180])
def test_whole_records_in_the_lane_render_identically(width: int) -> None:
    records = [make_record(case) for case in [*LANE, *CORPUS]]
    expected = render_formatted(RichHandler, records, MESSAGE_ONLY, width=width)
    assert render_formatted(RichConsoleHandler, records, MESSAGE_ONLY, width=width) == expected


def test_usual_records_are_drawn_by_the_lane(monkeypatch: pytest.MonkeyPatch) -> None:
    def general(*args: Any) -> None:
        raise AssertionError("drawn by the general path, not the record lane")

    monkeypatch.setattr(RichConsoleHandler, "_render_row", general)
    monkeypatch.setattr(RichHandler, "emit", general)
    records = [
        make_record({"msg": "health check passed", "level": "INFO", "created": 1.0}),
        make_record({"msg": "order %d: %s", "args": [9, "late"], "level": "ERROR", "created": 2.0}),
    ]
    render_formatted(RichConsoleHandler, records, MESSAGE_ONLY)


class _Suffixed(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return super().format(record) + " (seen)"


def _with_format_time(formatter: logging.Formatter) -> logging.Formatter:
    formatter.format = lambda record: "replaced"  # type: ignore[method-assign]
    return formatter


# Each of these would print the bare message if the lane ignored its guard.
NOT_MESSAGE_ONLY = {
    "other-fields": logging.Formatter("%(levelname)s %(message)s"),
    "subclass": _Suffixed("%(message)s"),
    "format-replaced-on-instance": _with_format_time(logging.Formatter("%(message)s")),
    "defaults": logging.Formatter("%(message)s%(x)s", defaults={"x": "!"}),
    "brace-style": logging.Formatter("{message}{levelname}", style="{"),
}


@pytest.mark.parametrize("formatter", NOT_MESSAGE_ONLY.values(), ids=NOT_MESSAGE_ONLY.keys())
def test_other_formatters_are_not_taken_for_the_message(formatter: logging.Formatter) -> None:
    records = [make_record(case) for case in LANE[:20]]
    expected = render_formatted(RichHandler, records, formatter)
    assert render_formatted(RichConsoleHandler, records, formatter) == expected


def _record_with(**attributes: Any) -> logging.LogRecord:
    record = make_record({"msg": "health check passed", "level": "INFO", "created": 1.0})
    for name, value in attributes.items():
        setattr(record, name, value)
    return record


class _TrailingBackslash:
    def __str__(self) -> str:
        return "C:\\logs\\"


@pytest.mark.parametrize(
    "record",
    [
        _record_with(exc_text="Traceback (most recent call last):\nValueError: x"),
        _record_with(stack_info="Stack (most recent call last):\n  File x"),
        _record_with(markup=False, msg="plain %s", args=("[b]x[/b]",)),
        _record_with(msg="saved to %s", args=(_TrailingBackslash(),)),
        _record_with(highlighter=None),
    ],
    ids=["exc-text", "stack-info", "markup-off", "escaped-argument", "no-highlighter"],
)
def test_records_the_lane_declines_render_as_without_it(
    record: logging.LogRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_lane = render_formatted(RichConsoleHandler, [record], MESSAGE_ONLY)
    monkeypatch.setattr(RichConsoleHandler, "_lane_row", lambda *args: None)
    assert with_lane == render_formatted(RichConsoleHandler, [record], MESSAGE_ONLY)


def test_a_time_that_rounds_up_shows_the_next_second() -> None:
    # datetime.fromtimestamp rounds to the microsecond: x.9999997 is second x + 1.
    records = [
        make_record({"msg": "first", "level": "INFO", "created": 1_000_000.5}),
        make_record({"msg": "second", "level": "INFO", "created": 1_000_000.9999997}),
        make_record({"msg": "third", "level": "INFO", "created": 1_000_001.2}),
    ]
    for formatter in (None, MESSAGE_ONLY):
        options = {"log_time_format": "%H:%M:%S"}
        expected = render_formatted(RichHandler, records, formatter, **options)
        assert render_formatted(RichConsoleHandler, records, formatter, **options) == expected


# What may change between two records of one second, and so decide whether the
# second row's time is blank: the renderer's options, the formatter's datefmt, and
# a row drawn by rich itself in between (its time Text is not one the lane made).
BETWEEN_RECORDS: dict[str, Callable[[RichHandler], None]] = {
    "nothing": lambda handler: None,
    "show_time off": lambda handler: setattr(handler._log_render, "show_time", False),
    "show_level off": lambda handler: setattr(handler._log_render, "show_level", False),
    "show_path off": lambda handler: setattr(handler._log_render, "show_path", False),
    "repeat times": lambda handler: setattr(handler._log_render, "omit_repeated_times", False),
    "time format": lambda handler: setattr(handler._log_render, "time_format", "%H:%M"),
    "datefmt": lambda handler: setattr(handler.formatter, "datefmt", "<%S>"),
    "a rich traceback row": lambda handler: handler.handle(
        make_record({"msg": "boom", "level": "ERROR", "created": 1_000_000.4, "exception": True})
    ),
    "a rich traceback row of a later second": lambda handler: handler.handle(
        make_record({"msg": "boom", "level": "ERROR", "created": 1_000_002.4, "exception": True})
    ),
    "a row whose time rounds up": lambda handler: handler.handle(
        make_record({"msg": "served 5", "level": "INFO", "created": 1_000_000.9999997})
    ),
}


@pytest.mark.parametrize("change", BETWEEN_RECORDS.values(), ids=BETWEEN_RECORDS.keys())
def test_what_changes_within_a_second_is_seen_by_the_next_row(
    change: Callable[[RichHandler], None],
) -> None:
    def rows(handler_class: type[RichHandler]) -> str:
        buffer = io.StringIO()
        console = Console(file=buffer, width=100, force_terminal=True)
        handler = handler_class(console=console, markup=True, rich_tracebacks=True)
        handler.setFormatter(logging.Formatter("%(message)s"))
        for created in (1_000_000.1, 1_000_000.2):
            handler.handle(make_record({"msg": "served 3", "level": "INFO", "created": created}))
        change(handler)
        for created in (1_000_000.5, 1_000_000.6, 1_000_001.1):
            handler.handle(make_record({"msg": "served 4", "level": "INFO", "created": created}))
        return LINK_ID.sub("\x1b]8;id=*;", buffer.getvalue())

    assert rows(RichConsoleHandler) == rows(RichHandler)
