"""dict -> INI (``logkit._formats.ini._render``): what render writes, and what it refuses.

Whatever render writes must read back (``parse``) as the dict it was given and
configure logging through ``fileConfig`` as the dict does through
``dictConfig``; whatever INI cannot hold is refused with the key that holds it.
"""

from __future__ import annotations

import copy
import logging
import logging.config
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from logkit._errors import ConfigError
from logkit._formats import ini

CORPUS = Path(__file__).resolve().parent / "data" / "ini"
CORPUS_NAMES = [path.name for path in sorted(CORPUS.glob("*.ini"))]


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


# -- round trips --------------------------------------------------------------


@pytest.mark.parametrize("name", CORPUS_NAMES, ids=lambda name: name.removesuffix(".ini"))
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
                "class": "test_ini_translate.RecordingHandler",
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
def test_file_config_of_render_matches_dict_config(
    config: dict[str, Any], tmp_path: Path, picture_of: Callable[..., dict[str, Any]]
) -> None:
    (tmp_path / "logs").mkdir()
    path = tmp_path / "rendered.ini"
    path.write_text(ini.render(config), encoding="utf-8")
    loggers = list(config.get("loggers", {}))
    from_ini = picture_of(
        lambda: logging.config.fileConfig(path, disable_existing_loggers=False), loggers
    )
    from_dict = picture_of(lambda: logging.config.dictConfig(copy.deepcopy(config)), loggers)
    assert from_ini == from_dict
