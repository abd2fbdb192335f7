"""INI -> dict (``logkit._formats.ini._translate``) against its oracle, ``fileConfig``.

Every corpus file in ``tests/data/ini`` must configure logging the same way
through ``dictConfig(parse(text))`` as through ``fileConfig``. Every broken
file in ``tests/data/ini/invalid`` must be reported with the messages beside
it, located by file, line and key, by the translation or by the validation
that follows it.
"""

from __future__ import annotations

import configparser
import logging
import logging.config
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from logkit._errors import ConfigError
from logkit._formats import ini
from logkit._validate import find_problems

CORPUS = Path(__file__).resolve().parent / "data" / "ini"
CORPUS_FILES = sorted(CORPUS.glob("*.ini"))
CORPUS_NAMES = [path.name for path in CORPUS_FILES]
INVALID = sorted((CORPUS / "invalid").glob("*.ini"))
FAILING_ON_APPLY = sorted((CORPUS / "fails_on_apply").glob("*.ini"))


def corpus_id(name: str) -> str:
    return name.removesuffix(".ini")


class UpperFormatter(logging.Formatter):
    """A custom formatter class for corpus files (``class=test_ini_translate.UpperFormatter``)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).upper()


class RecordingHandler(logging.Handler):
    """A third-party-style handler: positional, keyword-only and ``**`` parameters.

    It keeps its arguments in attributes ``logging_state`` compares. The corpus
    and ``test_ini_render`` name it ``test_ini_translate.RecordingHandler``.
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


class Oracle:
    """The logging state a configuration builds, with every logger undone afterwards."""

    def __init__(self, logging_state: Callable[[], dict[str, Any]]) -> None:
        self.logging_state = logging_state

    def state_after(self, configure: Callable[[], object]) -> dict[str, Any]:
        with restored_loggers():
            configure()
            return self.logging_state()

    def file_config(self, path: Path) -> dict[str, Any]:
        return self.state_after(
            lambda: logging.config.fileConfig(path, disable_existing_loggers=False)
        )

    def dict_config(self, config: dict[str, Any]) -> dict[str, Any]:
        return self.state_after(lambda: logging.config.dictConfig(config))

    def outcome(self, configure: Callable[[], object]) -> tuple[dict[str, Any] | None, str | None]:
        try:
            return self.state_after(configure), None
        except FILE_CONFIG_ERRORS as exc:
            return None, f"{type(exc).__name__}: {exc}"


@pytest.fixture
def oracle(logging_state: Callable[[], dict[str, Any]]) -> Oracle:
    return Oracle(logging_state)


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
    name: str, corpus_copy: Callable[[str], Path], oracle: Oracle
) -> None:
    path = corpus_copy(name)
    config = ini.parse(path.read_text(encoding="utf-8"), str(path))
    expected = oracle.file_config(path)
    assert oracle.dict_config(config) == expected


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


def test_oracle_comparison_notices_a_difference(
    corpus_copy: Callable[[str], Path], oracle: Oracle
) -> None:
    """Guard against a comparison that always passes."""
    path = corpus_copy("shipped.ini")
    config = ini.parse(path.read_text(encoding="utf-8"))
    config["handlers"]["info"]["maxBytes"] = 1024
    assert oracle.dict_config(config) != oracle.file_config(path)


def test_fileconfig_resets_propagate_on_existing_loggers(
    corpus_copy: Callable[[str], Path], oracle: Oracle
) -> None:
    """fileConfig sets propagate on every listed logger, stated or not; so must the dict."""
    path = corpus_copy("memory_and_streams.ini")
    logging.getLogger("buffered").propagate = False
    logging.getLogger("buffered.child").setLevel(logging.DEBUG)  # reset as a child logger
    expected = oracle.file_config(path)
    assert expected["loggers"]["buffered"]["propagate"]  # 1: fileConfig stores the int
    assert oracle.dict_config(ini.parse(path.read_text(encoding="utf-8"))) == expected


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


@given(text=mutated_corpus_files())
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_parse_agrees_with_file_config_on_mutated_files(
    text: str, tmp_path: Path, oracle: Oracle
) -> None:
    """Whatever fileConfig rejects is rejected; whatever both accept configures the same."""
    (tmp_path / "logs").mkdir(exist_ok=True)
    path = tmp_path / "mutated.ini"
    path.write_text(text, encoding="utf-8")
    expected, file_config_error = oracle.outcome(
        lambda: logging.config.fileConfig(path, disable_existing_loggers=False)
    )
    try:
        config = ini.parse(text)
    except ConfigError:
        event("parse rejects" + (" (fileConfig accepts)" if expected is not None else ""))
        return  # rejecting more than fileConfig does is allowed (safer), see the report
    actual, dict_config_error = oracle.outcome(lambda: logging.config.dictConfig(config))
    event("both accept" if expected is not None else "both fail when applying")
    assert (actual is None) == (expected is None), (file_config_error, dict_config_error)
    assert actual == expected


def test_a_propagate_number_means_what_its_truth_means(tmp_path: Path, oracle: Oracle) -> None:
    # Found by the mutation test above: fileConfig keeps int("10"), the translation True.
    text = BASE.replace("[logger_app]\n", "[logger_app]\npropagate=10\n")
    path = tmp_path / "logging.ini"
    path.write_text(text, encoding="utf-8")
    assert ini.parse(text)["loggers"]["app"]["propagate"] is True
    expected = oracle.state_after(
        lambda: logging.config.fileConfig(path, disable_existing_loggers=False)
    )
    assert oracle.state_after(lambda: logging.config.dictConfig(ini.parse(text))) == expected


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


def reported(text: str) -> list[ConfigError]:
    """What logkit says about ``text`` read as ``logging.ini``: parse, then validation."""
    try:
        config = ini.parse(text, "logging.ini")
    except ConfigError as error:
        return error.errors
    return find_problems(config, locate=ini.locator(text), path="logging.ini")


def expectation(case: Path) -> tuple[list[str], bool]:
    """The messages in ``NAME.expected``, and whether fileConfig rejects the file too."""
    lines = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    messages = [line for line in lines if not line.startswith("# fileConfig accepts it")]
    return messages, len(messages) == len(lines)


def case_id(path: Path) -> str:
    return path.stem


@pytest.mark.parametrize("case", INVALID, ids=case_id)
def test_invalid_files_are_reported_with_file_line_and_key(case: Path) -> None:
    errors = reported(case.read_text(encoding="utf-8"))
    assert [str(error) for error in errors] == expectation(case)[0]
    for error in errors:
        assert error.path == "logging.ini"
        line = f"{error.line}:{error.column}" if error.column else f"{error.line}"
        where = f"logging.ini:{line}: " if error.line else "logging.ini: "
        assert str(error).startswith(where)
        assert not error.key or f" {error.key}: " in str(error)


def test_every_invalid_file_has_its_expected_messages() -> None:
    expected = sorted((CORPUS / "invalid").glob("*.expected"))
    assert [path.stem for path in expected] == [path.stem for path in INVALID]
    assert len(INVALID) >= 50


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
    "case", [case for case in INVALID if expectation(case)[1]], ids=case_id
)
def test_file_config_rejects_the_same_files(case: Path, tmp_path: Path) -> None:
    path = tmp_path / "logging.ini"
    path.write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    with restored_loggers(), pytest.raises(FILE_CONFIG_ERRORS):
        logging.config.fileConfig(path, disable_existing_loggers=False)


# Files whose problems only show when the handlers are built (tests/data/ini/
# fails_on_apply): parse translates them, and dictConfig then fails where fileConfig does.
@pytest.mark.parametrize("case", FAILING_ON_APPLY, ids=case_id)
def test_files_failing_on_apply_fail_in_dict_config_too(case: Path, tmp_path: Path) -> None:
    text = case.read_text(encoding="utf-8")
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


