"""The INI format against its oracle, ``logging.config.fileConfig``.

Every corpus file in ``tests/data/ini`` must configure logging the same way
through ``dictConfig(parse(text))`` as through ``fileConfig``, and survive a
round trip through ``render``. Unhappy paths check the error's key and line.
"""

from __future__ import annotations

import configparser
import copy
import logging
import logging.config
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from logging_state import logging_state

from logkit._errors import ConfigError
from logkit._formats import ini

CORPUS = Path(__file__).resolve().parent / "data" / "ini"
CORPUS_FILES = sorted(CORPUS.glob("*.ini"))
CORPUS_NAMES = [path.name for path in CORPUS_FILES]


def corpus_id(name: str) -> str:
    return name.removesuffix(".ini")


class UpperFormatter(logging.Formatter):
    """A custom formatter class for corpus files (``class=test_ini.UpperFormatter``)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).upper()


class RecordingHandler(logging.Handler):
    """A third-party-style handler: positional, keyword-only and ``**`` parameters.

    It keeps its arguments in attributes ``logging_state`` compares.
    """

    def __init__(
        self,
        capacity: int,
        subject: str = "",
        *,
        encoding: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__()
        self.capacity = capacity
        self.subject = subject
        self.encoding = encoding
        self.toaddrs = extra
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@contextmanager
def restored_loggers() -> Iterator[None]:
    """Undo one configuration's effect on loggers, so the next starts equal.

    Both fileConfig and dictConfig close every existing handler first, so only
    the loggers (new ones, and changed levels/handlers/flags) need undoing.
    """
    root = logging.root
    manager = root.manager
    saved = dict(manager.loggerDict)
    saved_state = {
        name: (lg.level, lg.handlers[:], lg.propagate, lg.disabled)
        for name, lg in [("", root), *saved.items()]
        if isinstance(lg, logging.Logger)
    }
    try:
        yield
    finally:
        manager.loggerDict.clear()
        manager.loggerDict.update(saved)
        for name, (level, handlers, propagate, disabled) in saved_state.items():
            lg = root if name == "" else saved[name]
            assert isinstance(lg, logging.Logger)
            lg.level, lg.propagate, lg.disabled = level, propagate, disabled
            lg.handlers[:] = handlers
        manager._clear_cache()  # type: ignore[attr-defined]


def state_after(configure: Callable[[], object]) -> dict[str, Any]:
    with restored_loggers():
        configure()
        return logging_state()


def file_config_state(path: Path) -> dict[str, Any]:
    return state_after(lambda: logging.config.fileConfig(path, disable_existing_loggers=False))


def dict_config_state(config: dict[str, Any]) -> dict[str, Any]:
    return state_after(lambda: logging.config.dictConfig(config))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a corpus file into tmp_path (the cwd), where its relative log paths land."""
    (tmp_path / "logs").mkdir(exist_ok=True)

    def copy(name: str) -> Path:
        target = tmp_path / name
        target.write_text(corpus_text(name), encoding="utf-8")
        return target

    return copy


# -- the oracle -------------------------------------------------------------


@pytest.mark.parametrize("name", CORPUS_NAMES, ids=corpus_id)
def test_dict_config_of_parse_matches_file_config(
    name: str, corpus_copy: Callable[[str], Path]
) -> None:
    path = corpus_copy(name)
    config = ini.parse(path.read_text(encoding="utf-8"), str(path))
    expected = file_config_state(path)
    assert dict_config_state(config) == expected


def test_shipped_scheme_translation() -> None:
    config = ini.parse(corpus_text("shipped.ini"))
    rotating = {
        "class": "logging.handlers.RotatingFileHandler",
        "formatter": "detailed",
        "mode": "a",
        "maxBytes": 10485760,
        "backupCount": 10,
    }
    assert config == {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "minimal": {"format": "%(message)s"},
            "detailed": {
                "format": "%(levelname)s %(asctime)s "
                "[%(name)s:%(filename)s:%(funcName)s:%(lineno)d]\n%(message)s"
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "level": "DEBUG",
                "formatter": "minimal",
                "stream": "ext://sys.stdout",
            },
            "info": {**rotating, "level": "INFO", "filename": "logs/info.log"},
            "error": {**rotating, "level": "ERROR", "filename": "logs/error.log"},
        },
        "root": {"level": "INFO", "handlers": ["console", "info", "error"]},
    }
    assert list(config) == ["version", "disable_existing_loggers", "formatters", "handlers", "root"]
    assert list(config["handlers"]) == ["console", "info", "error"]


def test_oracle_comparison_notices_a_difference(corpus_copy: Callable[[str], Path]) -> None:
    """Guard against a comparison that always passes."""
    path = corpus_copy("shipped.ini")
    config = ini.parse(path.read_text(encoding="utf-8"))
    config["handlers"]["info"]["maxBytes"] = 1024
    assert dict_config_state(config) != file_config_state(path)


def test_fileconfig_resets_propagate_on_existing_loggers(
    corpus_copy: Callable[[str], Path],
) -> None:
    """fileConfig sets propagate on every listed logger, stated or not; so must the dict."""
    path = corpus_copy("memory_and_streams.ini")
    logging.getLogger("buffered").propagate = False
    logging.getLogger("buffered.child").setLevel(logging.DEBUG)  # reset as a child logger
    expected = file_config_state(path)
    assert expected["loggers"]["buffered"]["propagate"]  # 1: fileConfig stores the int
    assert dict_config_state(ini.parse(path.read_text(encoding="utf-8"))) == expected


# Bits of INI to splice into corpus files; none can spell a dangerous call.
_SPLICES = ["%", "%(", ")s", ",", "(", ")", "[", "]", "=", ":", " ", "'", "{", "}", "root",
            "keys", "handlers", "qualname", "level", "args", "class", "target", "DEBUG", "-",
            "*", ".", "#", ";", "0", "propagate=0", "x"]  # fmt: skip


@st.composite
def mutated_corpus_files(draw: st.DrawFn) -> str:
    """A corpus file with a few lines dropped, repeated or spliced."""
    lines = corpus_text(draw(st.sampled_from(CORPUS_NAMES))).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["drop", "repeat", "insert", "replace"]))
        if change == "drop":
            del lines[index]
        elif change == "repeat":
            lines.insert(index, draw(st.sampled_from(lines)))
        else:
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            after = at + 1 if change == "replace" else at
            lines[index] = line[:at] + draw(st.sampled_from(_SPLICES)) + line[after:]
    return "\n".join(lines) + "\n"


def outcome(configure: Callable[[], object]) -> tuple[dict[str, Any] | None, str | None]:
    try:
        return state_after(configure), None
    except FILE_CONFIG_ERRORS as exc:
        return None, f"{type(exc).__name__}: {exc}"


@given(text=mutated_corpus_files())
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_parse_agrees_with_file_config_on_mutated_files(text: str, tmp_path: Path) -> None:
    """Whatever fileConfig rejects is rejected; whatever both accept configures the same."""
    (tmp_path / "logs").mkdir(exist_ok=True)
    path = tmp_path / "mutated.ini"
    path.write_text(text, encoding="utf-8")
    expected, file_config_error = outcome(
        lambda: logging.config.fileConfig(path, disable_existing_loggers=False)
    )
    try:
        config = ini.parse(text)
    except ConfigError:
        event("parse rejects" + (" (fileConfig accepts)" if expected is not None else ""))
        return  # rejecting more than fileConfig does is allowed (safer), see the report
    actual, dict_config_error = outcome(lambda: logging.config.dictConfig(config))
    event("both accept" if expected is not None else "both fail when applying")
    assert (actual is None) == (expected is None), (file_config_error, dict_config_error)
    assert actual == expected


# -- round trips --------------------------------------------------------------


@pytest.mark.parametrize("name", CORPUS_NAMES, ids=corpus_id)
def test_render_round_trips(name: str) -> None:
    config = ini.parse(corpus_text(name))
    assert ini.parse(ini.render(config)) == config


def test_render_writes_the_shipped_scheme_as_shipped() -> None:
    text = corpus_text("shipped.ini")
    assert ini.render(ini.parse(text)) == text


def test_render_writes_constructor_arguments_as_args_then_kwargs() -> None:
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {
            "timed": {
                "class": "logging.handlers.TimedRotatingFileHandler",
                "filename": "logs/t.log",
                "when": "H",
                "backupCount": 2,
                "utc": True,
            },
            "out": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"},
        },
        "root": {"level": 10, "handlers": ["timed", "out"]},
    }
    text = ini.render(config)
    assert "class=handlers.TimedRotatingFileHandler\nargs=('logs/t.log', 'H')\n" in text
    assert "kwargs={'backupCount': 2, 'utc': True}\n" in text
    assert "args=(sys.stdout,)" in text
    assert "[logger_root]\nlevel=DEBUG\nhandlers=timed,out\n" in text


def test_render_escapes_percent_where_configparser_interpolates() -> None:
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"f": {"format": "100% %(message)s"}},
        "handlers": {
            "file": {"class": "logging.FileHandler", "filename": "logs/100%.log", "formatter": "f"}
        },
        "root": {"handlers": ["file"]},
    }
    text = ini.render(config)
    assert "format=100% %(message)s\n" in text
    assert "args=('logs/100%%.log',)" in text
    assert ini.parse(text) == config


_names = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=",[]"
    ),
    min_size=1,
    max_size=12,
).filter(lambda name: name == name.strip() and name not in ("root",))
_lines = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Zs")) | st.just(" "),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(lambda line: bool(line) and not line.startswith(("#", ";")))
)
_datefmts = st.lists(_lines, min_size=1, max_size=3).map("\n".join)
_formats = _datefmts.filter(lambda text: "%" not in text).map(lambda text: "%(message)s " + text)
_literals = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner),
    max_leaves=6,
)


@st.composite
def renderable_configs(draw: st.DrawFn) -> dict[str, Any]:
    """Dicts in the shape parse produces, with awkward names, formats and arguments."""
    formatter, handler, qualname = draw(_names), draw(_names), draw(_names)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            formatter: {"format": draw(_formats), "style": "%", "datefmt": draw(_datefmts)}
        },
        "handlers": {
            handler: {
                "class": "test_ini.RecordingHandler",
                "formatter": formatter,
                "capacity": draw(st.text(min_size=1, max_size=10)),
                "extra": draw(_literals),
            }
        },
        "loggers": {qualname: {"handlers": [handler], "propagate": draw(st.booleans())}},
        "root": {"handlers": []},
    }


@given(config=renderable_configs())
@settings(max_examples=150, deadline=None)
def test_render_then_parse_is_identity_or_a_config_error(config: dict[str, Any]) -> None:
    try:
        text = ini.render(config)
    except ConfigError as error:
        assert error.key  # every refusal names the part of the dict it refuses
        event(f"refused: {error.reason[:40]}")
        return
    event("written and read back")
    assert ini.parse(text) == config


# -- locate -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("handlers", 5),
        ("formatters", 8),
        ("loggers", 2),
        ("root", 10),
        ("root.level", 11),
        ("root.handlers", 12),
        ("handlers.console", 14),
        ("handlers.console.class", 15),
        ("handlers.console.stream", 18),
        ("handlers.info.level", 22),
        ("handlers.info.maxBytes", 24),
        ("formatters.detailed.format", 36),
        ("formatters.minimal", 32),
        ("handlers.missing", 5),
        ("version", None),
    ],
)
def test_locate_finds_where_a_key_is_written(key: str, line: int | None) -> None:
    assert ini.locate(corpus_text("shipped.ini"), key) == line


def test_locate_finds_loggers_by_qualname_and_arguments_in_kwargs() -> None:
    text = corpus_text("loggers.ini")
    assert ini.locate(text, "loggers.app.db.level") == 23
    assert ini.locate(text, "loggers.app.db") == 22
    assert ini.locate(text, "loggers.noisy.dependency.internals.propagate") == 35
    files = corpus_text("file_handlers.ini")
    assert (
        ini.locate(files, "handlers.timed.utc")
        == files.splitlines().index("kwargs={'utc': True, 'encoding': 'utf-8'}") + 1
    )
    assert ini.locate(corpus_text("interpolation.ini"), "root.level") == 19


def test_locate_reads_arguments_in_multi_line_kwargs_and_defaults() -> None:
    text = base_with(
        ("args=(sys.stdout,)", "kwargs={\n    'stream': sys.stdout,\n    }"),
        ("[logger_root]", "[DEFAULT]\nlevel=INFO\n\n[logger_root]"),
        ("level=INFO\nhandlers=console", "handlers=console"),
    )
    assert ini.locate(text, "handlers.console.stream") == 23
    assert ini.locate(text, "root.level") == 11  # inherited from [DEFAULT]


# -- unhappy paths ------------------------------------------------------------

BASE = """\
[loggers]
keys=root,app

[handlers]
keys=console

[formatters]
keys=minimal

[logger_root]
level=INFO
handlers=console

[logger_app]
handlers=console
qualname=app

[handler_console]
class=StreamHandler
formatter=minimal
args=(sys.stdout,)

[formatter_minimal]
format=%(message)s
"""


def base_with(*replacements: tuple[str, str]) -> str:
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_base_text_is_valid() -> None:
    assert ini.parse(BASE)["loggers"] == {"app": {"handlers": ["console"], "propagate": True}}


class Bad:
    """One broken INI file: what parse must say, and whether fileConfig rejects it too."""

    def __init__(
        self,
        text: str,
        key: str | None,
        line: int | None,
        says: str,
        *,
        file_config_rejects: bool = True,
    ) -> None:
        self.text, self.key, self.line, self.says = text, key, line, says
        self.file_config_rejects = file_config_rejects


BAD_FILES = {
    "option-before-any-section": Bad("keys=root\n" + BASE, None, 1, "expected a [section] header"),
    "line-without-equals": Bad(
        base_with(("qualname=app\n", "qualname=app\nthis line is nonsense\n")),
        None,
        17,
        "expected 'name = value'",
    ),
    "duplicate-section": Bad(BASE + "[handlers]\nkeys=x\n", "handlers", 25, "appears twice"),
    "duplicate-option": Bad(
        base_with(("level=INFO\n", "level=INFO\nlevel=DEBUG\n")), "root.level", 12, "twice"
    ),
    "missing-formatters-section": Bad(
        base_with(("[formatters]\nkeys=minimal\n", "")), "formatters", None, "[formatters]"
    ),
    "missing-handlers-keys": Bad(
        base_with(("keys=console\n", "")), "handlers", 4, "no keys= option"
    ),
    "listed-logger-without-section": Bad(
        base_with(("keys=root,app", "keys=root,app,ghost")), "loggers.ghost", 2, "[logger_ghost]"
    ),
    "listed-handler-without-section": Bad(
        base_with(("keys=console", "keys=console,ghost")), "handlers.ghost", 5, "[handler_ghost]"
    ),
    "listed-formatter-without-section": Bad(
        base_with(("keys=minimal", "keys=minimal,ghost")),
        "formatters.ghost",
        8,
        "[formatter_ghost] is missing",
    ),
    "root-not-listed": Bad(base_with(("keys=root,app", "keys=app")), "loggers", 2, "root"),
    "no-root-section": Bad(
        base_with(("[logger_root]\nlevel=INFO\nhandlers=console\n", "")), "root", 2, "[logger_root]"
    ),
    "undefined-formatter": Bad(
        base_with(("formatter=minimal", "formatter=fancy")),
        "handlers.console.formatter",
        20,
        "'fancy' is not in [formatters]",
    ),
    "undefined-handler-on-logger": Bad(
        base_with(("handlers=console\nqualname", "handlers=console,file\nqualname")),
        "loggers.app.handlers",
        15,
        "'file' is not in [handlers]",
    ),
    "undefined-handler-on-root": Bad(
        base_with(("handlers=console\n", "handlers=file\n")), "root.handlers", 12, "'file'"
    ),
    "trailing-comma-in-keys": Bad(
        base_with(("keys=console", "keys=console,")), "handlers", 5, "stray comma"
    ),
    "logger-without-handlers-option": Bad(
        base_with(("handlers=console\nqualname", "qualname")),
        "loggers.app.handlers",
        14,
        "no handlers= option",
    ),
    "root-without-handlers-option": Bad(
        base_with(("level=INFO\nhandlers=console\n", "level=INFO\n")),
        "root.handlers",
        10,
        "no handlers=",
    ),
    "logger-without-qualname": Bad(
        base_with(("qualname=app\n", "")), "loggers.app.qualname", 14, "no qualname="
    ),
    "unknown-class": Bad(
        base_with(("class=StreamHandler", "class=handlers.NoSuchHandler")),
        "handlers.console.class",
        19,
        "logging.handlers has no 'NoSuchHandler'",
    ),
    "unimportable-class": Bad(
        base_with(("class=StreamHandler", "class=nowhere.Handler")),
        "handlers.console.class",
        19,
        "nowhere",
    ),
    "class-that-is-not-a-handler": Bad(
        base_with(("class=StreamHandler", "class=Formatter")),
        "handlers.console.class",
        19,
        "expected a logging.Handler subclass",
        file_config_rejects=False,  # Formatter(sys.stdout) is built; it fails only when logging
    ),
    "class-expression": Bad(
        base_with(("class=StreamHandler", "class=getattr(logging, 'StreamHandler')")),
        "handlers.console.class",
        19,
        "dotted class name",
        file_config_rejects=False,
    ),
    "unknown-formatter-class": Bad(
        base_with(("format=%(message)s", "format=%(message)s\nclass=nowhere.Formatter")),
        "formatters.minimal.class",
        25,
        "cannot import",
    ),
    "args-call": Bad(
        base_with(("args=(sys.stdout,)", "args=(open('x', 'w'),)")),
        "handlers.console.args",
        21,
        "function calls: open('x', 'w')",
        file_config_rejects=False,
    ),
    "args-not-a-tuple": Bad(
        base_with(("class=StreamHandler", "class=FileHandler"), ("(sys.stdout,)", "('app.log')")),
        "handlers.console.args",
        21,
        "trailing comma",
    ),
    "args-syntax": Bad(
        base_with(("args=(sys.stdout,)", "args=(sys.stdout,")),
        "handlers.console.args",
        21,
        "not a Python expression",
    ),
    "args-unknown-name": Bad(
        base_with(("args=(sys.stdout,)", "args=(socket.SOCK_DGRAM,)")),
        "handlers.console.args",
        21,
        "'socket' is not a public name in the logging module",
    ),
    "args-private-attribute": Bad(
        base_with(("args=(sys.stdout,)", "args=(sys._getframe,)")),
        "handlers.console.args",
        21,
        "private",
        file_config_rejects=False,
    ),
    "args-attribute-of-an-object": Bad(
        base_with(("args=(sys.stdout,)", "args=(sys.stdout.buffer,)")),
        "handlers.console.args",
        21,
        "sys.stdout is neither",
        file_config_rejects=False,
    ),
    "too-many-args": Bad(
        base_with(("args=(sys.stdout,)", "args=(sys.stdout, 'extra')")),
        "handlers.console.args",
        21,
        "too many positional arguments",
    ),
    "missing-required-arg": Bad(
        base_with(("class=StreamHandler", "class=FileHandler"), ("args=(sys.stdout,)", "args=()")),
        "handlers.console.args",
        21,
        "missing a required argument: 'filename'",
    ),
    "unknown-kwarg": Bad(
        base_with(("args=(sys.stdout,)", "args=(sys.stdout,)\nkwargs={'colour': 'red'}")),
        "handlers.console.kwargs",
        22,
        "unexpected keyword argument 'colour'",
    ),
    "unhashable-set-item": Bad(
        base_with(("args=(sys.stdout,)", "args=({[1]},)")),
        "handlers.console.args",
        21,
        "unhashable",
        file_config_rejects=True,
    ),
    "kwargs-not-a-dict": Bad(
        base_with(("args=(sys.stdout,)", "kwargs=[('stream', sys.stdout)]")),
        "handlers.console.kwargs",
        21,
        "expected a dict",
    ),
    "bad-interpolation": Bad(
        base_with(
            ("class=StreamHandler", "class=FileHandler"), ("(sys.stdout,)", "('%(dir)s/a.log',)")
        ),
        "handlers.console.args",
        21,
        "%(dir)s names no option of [handler_console] or [DEFAULT]",
    ),
    "unknown-level": Bad(
        base_with(("level=INFO", "level=INFOO")), "root.level", 11, "did you mean 'INFO'?"
    ),
    "numeric-level": Bad(base_with(("level=INFO", "level=20")), "root.level", 11, "'20'"),
    "empty-handler-level": Bad(
        base_with(("formatter=minimal", "formatter=minimal\nlevel=")),
        "handlers.console.level",
        21,
        "unknown level ''",
    ),
    "propagate-not-a-number": Bad(
        base_with(("qualname=app", "qualname=app\npropagate=yes")),
        "loggers.app.propagate",
        17,
        "'yes'",
    ),
    "bad-style": Bad(
        base_with(("format=%(message)s", "format=%(message)s\nstyle=%%")),
        "formatters.minimal.style",
        25,
        "style must be one of",
    ),
    "format-not-valid-for-style": Bad(
        base_with(("format=%(message)s", "format=%(message)s\nstyle={")),
        "formatters.minimal.format",
        24,
        "is not valid for style '{'",
    ),
    "memory-target-undefined": Bad(
        base_with(
            ("class=StreamHandler", "class=handlers.MemoryHandler\ntarget=disk"),
            ("args=(sys.stdout,)", "args=(10,)"),
        ),
        "handlers.console.target",
        20,
        "'disk' is not in [handlers]",
    ),
    "qualname-root": Bad(
        base_with(("qualname=app", "qualname=root")),
        "loggers.app.qualname",
        16,
        "root logger",
        file_config_rejects=False,
    ),
    "ext-string-literal": Bad(
        base_with(("class=StreamHandler", "class=FileHandler"), ("(sys.stdout,)", "('ext://x',)")),
        "handlers.console.args",
        21,
        "ext://",
        file_config_rejects=False,
    ),
    "queue-handler": Bad(
        base_with(
            ("class=StreamHandler", "class=handlers.QueueHandler"), ("(sys.stdout,)", "([],)")
        ),
        "handlers.console.class",
        19,
        "QueueHandler",
        file_config_rejects=False,
    ),
    "string-flush-level": Bad(
        base_with(
            ("class=StreamHandler", "class=handlers.MemoryHandler"),
            ("args=(sys.stdout,)", "args=(10, 'ERROR')"),
        ),
        "handlers.console.flushLevel",
        21,
        "unquoted name such as ERROR",
        file_config_rejects=False,  # accepted, then every record fails in shouldFlush
    ),
    "memory-handler-targeting-itself": Bad(
        base_with(
            ("class=StreamHandler", "class=handlers.MemoryHandler\ntarget=console"),
            ("args=(sys.stdout,)", "args=(10,)"),
        ),
        "handlers.console.target",
        20,
        "dictConfig cannot build this chain",
        file_config_rejects=False,
    ),
    "level-as-constructor-argument": Bad(
        base_with(
            ("class=StreamHandler", "class=NullHandler"), ("args=(sys.stdout,)", "args=(10,)")
        ),
        "handlers.console.level",
        21,
        "level= instead",
        file_config_rejects=False,
    ),
    "empty-file": Bad("", "formatters", None, "[formatters] section is missing"),
    "blank-name-in-keys": Bad(
        base_with(("keys=console", "keys= , ")), "handlers", 5, "stray comma"
    ),
}


@pytest.mark.parametrize("case", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_parse_rejects_with_key_and_line(case: Bad) -> None:
    with pytest.raises(ConfigError) as caught:
        ini.parse(case.text, "logging.ini")
    error = caught.value
    assert (error.key, error.line) == (case.key, case.line), str(error)
    assert case.says in error.reason
    assert error.path == "logging.ini"
    assert str(error).startswith(f"logging.ini:{case.line}: " if case.line else "logging.ini: ")


# The zoo of exception types fileConfig raises for broken files.
FILE_CONFIG_ERRORS = (
    configparser.Error,
    OSError,
    LookupError,  # KeyError, and unknown encodings from the handler's open()
    ValueError,
    TypeError,
    RuntimeError,
    ImportError,
    AttributeError,
    NameError,
    SyntaxError,
)


@pytest.mark.parametrize(
    "case",
    [case for case in BAD_FILES.values() if case.file_config_rejects],
    ids=[name for name, case in BAD_FILES.items() if case.file_config_rejects],
)
def test_file_config_rejects_the_same_files(case: Bad, tmp_path: Path) -> None:
    path = tmp_path / "logging.ini"
    path.write_text(case.text, encoding="utf-8")
    with restored_loggers(), pytest.raises(FILE_CONFIG_ERRORS):
        logging.config.fileConfig(path, disable_existing_loggers=False)


# Files whose problems only show when the handlers are built: parse translates
# them (it builds no handlers), and dictConfig then fails where fileConfig does.
FAILING_ON_APPLY = {
    "log-directory-missing": base_with(
        ("class=StreamHandler", "class=FileHandler"),
        ("(sys.stdout,)", "('no/such/dir/app.log',)"),
    ),
    "max-bytes-not-a-number": base_with(
        ("class=StreamHandler", "class=handlers.RotatingFileHandler"),
        ("(sys.stdout,)", "('app.log', 'a', 'ten megabytes')"),
    ),
    "bad-file-mode": base_with(
        ("class=StreamHandler", "class=FileHandler"), ("(sys.stdout,)", "('app.log', 'q')")
    ),
}


@pytest.mark.parametrize("text", FAILING_ON_APPLY.values(), ids=FAILING_ON_APPLY.keys())
def test_files_failing_on_apply_fail_in_dict_config_too(text: str, tmp_path: Path) -> None:
    path = tmp_path / "logging.ini"
    path.write_text(text, encoding="utf-8")
    config = ini.parse(text)
    with restored_loggers(), pytest.raises(FILE_CONFIG_ERRORS):
        logging.config.fileConfig(path, disable_existing_loggers=False)
    with restored_loggers(), pytest.raises(ValueError, match="Unable to configure handler"):
        logging.config.dictConfig(config)


def test_args_are_never_executed(tmp_path: Path) -> None:
    for payload in (
        "(__import__('os').system('touch pwned'),)",
        "(__import__('pathlib').Path('pwned').touch(),)",
        "[(lambda: open('pwned', 'w'))()]",
        "(sys.modules['os'].system('touch pwned'),)",
        "(().__class__.__base__.__subclasses__(),)",
    ):
        text = base_with(("args=(sys.stdout,)", f"args={payload}"))
        with pytest.raises(ConfigError) as caught:
            ini.parse(text)
        assert caught.value.key == "handlers.console.args"
        assert caught.value.line == 21
        assert not (tmp_path / "pwned").exists()


def test_unsafe_args_are_quoted_in_the_message_with_their_column() -> None:
    text = base_with(("args=(sys.stdout,)", "args=('x.log', __import__('os').system('x'))"))
    with pytest.raises(
        ConfigError, match=r"function calls: __import__\('os'\)\.system\('x'\)"
    ) as caught:
        ini.parse(text)
    assert caught.value.column == len("args=('x.log', ") + 1


def test_syntax_error_keeps_the_configparser_error_as_cause() -> None:
    with pytest.raises(ConfigError) as caught:
        ini.parse("[a]\nnot an option\n")
    assert caught.value.line == 2
    assert isinstance(caught.value.__cause__, configparser.ParsingError)


# -- what render refuses ------------------------------------------------------


def shipped_dict() -> dict[str, Any]:
    return ini.parse(corpus_text("shipped.ini"))


def shipped_with(key: str, value: Any) -> dict[str, Any]:
    """The shipped scheme with one dotted key set (a missing value deletes it)."""
    config = shipped_dict()
    *parents, last = key.split(".")
    if key.endswith(".."):  # the custom-attributes key is '.' itself
        *parents, last = [*key[:-2].split("."), "."]
    entry = config
    for part in parents:
        entry = entry[part]
    if value is MISSING:
        del entry[last]
    else:
        entry[last] = value
    return config


MISSING = object()

UNWRITABLE = {
    "filters": ("filters", {"only_app": {"name": "app"}}, "no filters"),
    "handler-filters": ("handlers.console.filters", ["only_app"], "no filters"),
    "root-filters": ("root.filters", ["only_app"], "no filters"),
    "handler-factory": ("handlers.console.()", "ext://logging.StreamHandler", "'()'"),
    "formatter-factory": ("formatters.minimal.()", "logging.Formatter", "'()'"),
    "custom-attributes": ("handlers.console..", {"colour": "red"}, "custom attributes"),
    "incremental": ("incremental", True, "incremental"),
    "disable-existing-true": ("disable_existing_loggers", True, "must be false"),
    "disable-existing-missing": ("disable_existing_loggers", MISSING, "treats a missing value"),
    "version": ("version", 2, "expected version 1"),
    "unknown-top-level-key": ("colours", {}, "no place"),
    "unknown-formatter-key": ("formatters.minimal.colour", "red", "no place"),
    "unknown-logger-key": ("root.propagate", False, "no place"),
    "validate-false": ("formatters.minimal.validate", False, "always validates"),
    "format-trailing-newline": ("formatters.minimal.format", "%(message)s\n", "strips"),
    "format-leading-space": ("formatters.minimal.format", "  %(message)s", "strips"),
    "format-indented-line": ("formatters.minimal.format", "%(message)s\n  more", "strips"),
    "format-comment-line": ("formatters.minimal.format", "%(message)s\n# more", "drops"),
    "object-argument": ("handlers.info.maxBytes", object(), "no literal form"),
    "nan-argument": ("handlers.info.maxBytes", float("nan"), "NaN"),
    "empty-set-argument": ("handlers.info.maxBytes", set(), "empty set"),
    "enum-argument": ("handlers.info.maxBytes", socket.SOCK_DGRAM, "type SocketKind"),
    "cfg-reference": ("handlers.console.stream", "cfg://handlers.info", "reference"),
    "unreachable-reference": ("handlers.console.stream", "ext://decimal.Decimal", "cannot reach"),
    "nested-reference": ("handlers.info.filename", ("ext://sys.stdout",), "whole argument"),
    "unknown-argument": ("handlers.info.colour", "red", "has no parameter 'colour'"),
    "unregistered-level": ("handlers.info.level", 15, "no registered name"),
    "unknown-level-name": ("handlers.info.level", "LOUD", "unknown level"),
    "unknown-class": ("handlers.info.class", "nowhere.Handler", "cannot import"),
    "missing-root": ("root", MISSING, "always configures the root logger"),
    "empty-root": ("root", {}, "skips an empty root"),
    "undefined-formatter": ("handlers.console.formatter", "fancy", "'fancy' is not defined"),
    "undefined-handler": ("root.handlers", ["console", "disk"], "'disk' is not defined"),
    "handlers-not-a-list": ("root.handlers", "console", "expected a list of handler names"),
    "formatter-not-a-name": ("handlers.console.formatter", ["minimal"], "found list"),
    "handler-name-not-a-string": ("root.handlers", [["console"]], "found list"),
}


@pytest.mark.parametrize(("key", "value", "says"), UNWRITABLE.values(), ids=UNWRITABLE.keys())
def test_render_refuses_naming_the_key(key: str, value: Any, says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        ini.render(shipped_with(key, value))
    assert caught.value.key == key, str(caught.value)
    assert says in caught.value.reason


def test_render_refuses_a_memory_target_that_is_not_defined() -> None:
    memory = {"class": "logging.handlers.MemoryHandler", "capacity": 1, "target": "nowhere"}
    with pytest.raises(ConfigError) as caught:
        ini.render(shipped_with("handlers.console", memory))
    assert caught.value.key == "handlers.console.target"
    assert "handler 'nowhere' is not defined" in caught.value.reason


@pytest.mark.parametrize(
    ("kind", "name", "says"),
    [
        ("handlers", "a,b", "','"),
        ("handlers", " padded", "strips spaces"),
        ("formatters", "", "non-empty"),
        ("formatters", "a[b]", "brackets"),
    ],
)
def test_render_refuses_names_ini_cannot_hold(kind: str, name: str, says: str) -> None:
    config = shipped_dict()
    config[kind][name] = config[kind]["minimal" if kind == "formatters" else "console"]
    with pytest.raises(ConfigError) as caught:
        ini.render(config)
    assert caught.value.key == f"{kind}.{name}"
    assert says in caught.value.reason


@pytest.mark.parametrize(
    ("path", "expression"),
    [
        ("sys.stdout", "sys.stdout"),
        ("logging.ERROR", "ERROR"),
        ("logging.handlers.SysLogHandler.LOG_USER", "handlers.SysLogHandler.LOG_USER"),
        ("socket.SOCK_DGRAM", "handlers.socket.SOCK_DGRAM"),
    ],
)
def test_references_are_written_as_fileconfig_reaches_them(path: str, expression: str) -> None:
    config = shipped_with("handlers.console.stream", f"ext://{path}")
    assert f"args=({expression},)" in ini.render(config)
    assert ini.parse(ini.render(config)) == config


def test_infinite_numbers_round_trip() -> None:
    config = shipped_with("handlers.info.maxBytes", float("inf"))
    assert "args=('logs/info.log', 'a', 1e999, 10)" in ini.render(config)
    assert ini.parse(ini.render(config)) == config


def test_render_gives_awkward_logger_names_a_key_of_their_own() -> None:
    config = shipped_dict()
    config["loggers"] = {"a,b": {"handlers": [], "propagate": False}}
    text = ini.render(config)
    assert "keys=root,logger1\n" in text
    assert "[logger_logger1]\nhandlers=\npropagate=0\nqualname=a,b\n" in text
    assert ini.parse(text) == config


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="fileConfig reads defaults from 3.12")
def test_render_refuses_formatter_defaults_before_312() -> None:
    with pytest.raises(ConfigError) as caught:
        ini.render(shipped_with("formatters.minimal.defaults", {"tenant": "acme"}))
    assert caught.value.key == "formatters.minimal.defaults"


@pytest.mark.skipif(sys.version_info < (3, 12), reason="fileConfig reads defaults from 3.12")
def test_formatter_defaults_round_trip_from_312() -> None:
    config = shipped_with("formatters.minimal.defaults", {"tenant": "acme", "n": 1})
    text = ini.render(config)
    assert "defaults={'tenant': 'acme', 'n': 1}\n" in text
    assert ini.parse(text) == config


# -- render keeps the meaning of dicts written in other formats ---------------

YAML_STYLE_DICTS = {
    "shipped-scheme": {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"minimal": {"format": "%(message)s"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "level": "DEBUG",
                "formatter": "minimal",
                "stream": "ext://sys.stdout",
            },
            "info": {
                "class": "logging.handlers.RotatingFileHandler",
                "level": 20,
                "filename": "logs/info.log",
                "maxBytes": 10485760,
                "backupCount": 10,
                "encoding": "utf-8",
            },
        },
        "root": {"level": "INFO", "handlers": ["console", "info"]},
    },
    "lists-for-tuples": {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {
            "syslog": {
                "class": "logging.handlers.SysLogHandler",
                "address": ["localhost", 514],
                "facility": "ext://logging.handlers.SysLogHandler.LOG_LOCAL1",
            },
            "mail": {
                "class": "logging.handlers.SMTPHandler",
                "mailhost": ["localhost", 2525],
                "fromaddr": "a@example.com",
                "toaddrs": ["b@example.com"],
                "subject": "100% broken",
            },
        },
        "root": {"handlers": ["syslog", "mail"]},
    },
    "loggers-without-handlers-key": {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {
            "sink": {"class": "logging.FileHandler", "filename": "logs/sink.log", "delay": True},
            "buffer": {
                "class": "logging.handlers.MemoryHandler",
                "capacity": 10,
                "flushLevel": "ext://logging.ERROR",
                "target": "sink",
            },
        },
        "loggers": {
            "app": {"level": "DEBUG", "handlers": ["buffer"], "propagate": False},
            "app.quiet": {"level": "ERROR"},
        },
        "root": {"level": "WARNING"},
    },
}


@pytest.mark.parametrize("config", YAML_STYLE_DICTS.values(), ids=YAML_STYLE_DICTS.keys())
def test_file_config_of_render_matches_dict_config(config: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    path = tmp_path / "rendered.ini"
    path.write_text(ini.render(config), encoding="utf-8")
    assert file_config_state(path) == dict_config_state(copy.deepcopy(config))
