"""Property tests: generated dictConfig dicts mean the same in every format that can hold them.

For each generated dict and each format: either ``dump`` refuses it with a
``ConfigError`` that names the key it cannot write, or the written file loads
back to exactly the dict, and configuring logging from that file gives the same
logging as ``dictConfig`` on the dict (for INI, through ``fileConfig``).

Kept fast for CI (four Python versions): LOGKIT_PROPERTY_EXAMPLES raises the
number of examples for a longer local run.
"""

from __future__ import annotations

import copy
import logging.config
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import logkit
from logkit._diff import config_differences
from logkit._formats import FORMATS

PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("LOGKIT_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    # The autouse fixtures (cwd, logging state) are per test, not per example:
    # each example rolls its own logging back, and writes only fresh file names.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# -- the strategy: valid dictConfig dicts ----------------------------------------

names = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
LOGGER_NAMES = ("app", "app.db", "app.web", "app.web.http", "lib", "lib.cache", "zeta")
LEVEL_NAMES = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "NOTSET")
levels = st.one_of(st.sampled_from(LEVEL_NAMES), st.sampled_from([0, 10, 20, 30, 40, 50]))
# Literal text in formats: quotes, comment and section characters, unicode, line
# breaks (INI continuation lines, YAML blocks, TOML multi-line strings).
literal_text = st.text(
    alphabet=st.sampled_from("ab Z09-_:;#=[]'\"\\/\t\r\né→"), max_size=12
).filter(lambda text: text == text.strip(" \t"))
FIELDS = ("levelname", "name", "message", "asctime", "lineno", "funcName")
STYLE_FIELD = {"%": "%({})s", "{": "{{{}}}", "$": "${{{}}}"}


@st.composite
def formatters(draw: st.DrawFn) -> dict[str, Any]:
    style = draw(st.sampled_from(["%", "{", "$"]))
    fields = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=3, unique=True))
    parts = [STYLE_FIELD[style].format(field) for field in fields]
    text = draw(literal_text)
    formatter: dict[str, Any] = {"format": f"{text} {' '.join(parts)}".strip()}
    if style != "%" or draw(st.booleans()):
        formatter["style"] = style
    datefmt = draw(st.sampled_from([None, "%Y-%m-%d %H:%M:%S", "%H:%M", "absent"]))
    if datefmt != "absent":
        formatter["datefmt"] = datefmt  # None: valid for dictConfig, has no TOML form
    return formatter


def _handler_classes(filename: str) -> dict[str, st.SearchStrategy[dict[str, Any]]]:
    """Standard handler classes with their own parameters; files never opened."""
    file_params: dict[str, Any] = {"filename": filename, "delay": True}
    return {
        "stream": st.fixed_dictionaries(
            {"class": st.just("logging.StreamHandler")},
            optional={"stream": st.sampled_from(["ext://sys.stdout", "ext://sys.stderr"])},
        ),
        "null": st.just({"class": "logging.NullHandler"}),
        "socket": st.fixed_dictionaries(
            {
                "class": st.sampled_from(
                    ["logging.handlers.SocketHandler", "logging.handlers.DatagramHandler"]
                ),
                "host": st.just("localhost"),
                "port": st.integers(1024, 65535),
            }
        ),
        "http": st.fixed_dictionaries(
            {
                "class": st.just("logging.handlers.HTTPHandler"),
                "host": st.sampled_from(["example.com", "localhost:8080"]),
                "url": st.sampled_from(["/log", "/a/b?c=d"]),
            },
            optional={"method": st.sampled_from(["GET", "POST"]), "secure": st.booleans()},
        ),
        "memory": st.fixed_dictionaries(
            {
                "class": st.just("logging.handlers.MemoryHandler"),
                "capacity": st.integers(1, 1000),
            },
            # flushLevel as a number: dictConfig converts names only from 3.13 on.
            optional={"flushLevel": st.sampled_from([10, 20, 30, 40, 50])},
        ),
        "file": st.fixed_dictionaries(
            {"class": st.just("logging.FileHandler"), **_just(file_params)},
            optional={"mode": st.sampled_from(["a", "w"]), "encoding": st.just("utf-8")},
        ),
        "watched": st.fixed_dictionaries(
            {"class": st.just("logging.handlers.WatchedFileHandler"), **_just(file_params)}
        ),
        "rotating": st.fixed_dictionaries(
            {"class": st.just("logging.handlers.RotatingFileHandler"), **_just(file_params)},
            optional={
                "maxBytes": st.integers(0, 10**8),
                "backupCount": st.integers(0, 30),
            },
        ),
        "timed": st.fixed_dictionaries(
            {
                "class": st.just("logging.handlers.TimedRotatingFileHandler"),
                **_just(file_params),
            },
            optional={
                "when": st.sampled_from(["S", "M", "H", "D", "midnight", "W0"]),
                "interval": st.integers(1, 10),
                "backupCount": st.integers(0, 30),
                "utc": st.booleans(),
            },
        ),
    }


def _just(values: dict[str, Any]) -> dict[str, st.SearchStrategy[Any]]:
    return {key: st.just(value) for key, value in values.items()}


def _subset(draw: st.DrawFn, pool: list[str], *, ordered: bool = False) -> list[str]:
    """Some of ``pool``; in a drawn order when order matters (a logger's handlers)."""
    chosen = draw(st.lists(st.sampled_from(pool), unique=True)) if pool else []
    return chosen if ordered else [name for name in pool if name in chosen]


def _draw_handlers(
    draw: st.DrawFn, formatter_names: list[str], filter_names: list[str]
) -> dict[str, Any]:
    handler_map: dict[str, Any] = {}
    for name in draw(st.lists(names, unique=True, max_size=3)):
        kind = draw(st.sampled_from(sorted(_handler_classes(""))))
        handler = dict(draw(_handler_classes(f"logs/{name}.log")[kind]))
        if draw(st.booleans()):
            handler["level"] = draw(levels)
        if formatter_names and draw(st.booleans()):
            handler["formatter"] = draw(st.sampled_from(formatter_names))
        if chosen_filters := _subset(draw, filter_names):
            handler["filters"] = chosen_filters
        handler_map[name] = handler
    # A MemoryHandler may flush to another handler (dictConfig builds targets first);
    # not to a MemoryHandler, so that targets never form a cycle.
    buffers = [name for name, h in handler_map.items() if h["class"].endswith("MemoryHandler")]
    for name in buffers:
        handler = handler_map[name]
        others = [other for other in handler_map if other not in buffers]
        if others and draw(st.booleans()):
            handler["target"] = draw(st.sampled_from(others))
    return handler_map


def _draw_logger(
    draw: st.DrawFn, handler_names: list[str], filter_names: list[str]
) -> dict[str, Any]:
    logger: dict[str, Any] = {}
    if draw(st.booleans()):
        logger["level"] = draw(levels)
    if draw(st.booleans()):
        logger["propagate"] = draw(st.booleans())
    if chosen := _subset(draw, handler_names, ordered=True):
        logger["handlers"] = chosen
    if chosen_filters := _subset(draw, filter_names):
        logger["filters"] = chosen_filters
    return logger


@st.composite
def dict_configs(draw: st.DrawFn) -> dict[str, Any]:
    """A dictConfig dict that the standard library accepts."""
    config: dict[str, Any] = {"version": 1}
    disable = draw(st.sampled_from([True, False, "absent"]))
    if disable != "absent":
        config["disable_existing_loggers"] = disable

    formatter_map = draw(st.dictionaries(names, formatters(), max_size=2))
    filter_map = draw(
        st.dictionaries(
            names,
            st.fixed_dictionaries({}, optional={"name": st.sampled_from(LOGGER_NAMES)}),
            max_size=2,
        )
    )
    handler_map = _draw_handlers(draw, sorted(formatter_map), sorted(filter_map))
    logger_map = {
        name: _draw_logger(draw, list(handler_map), sorted(filter_map))
        for name in _subset(draw, list(LOGGER_NAMES))
    }
    for section, content in (
        ("formatters", formatter_map),
        ("filters", filter_map),
        ("handlers", handler_map),
        ("loggers", logger_map),
    ):
        if content:
            config[section] = content
    if draw(st.booleans()):
        root: dict[str, Any] = {"level": draw(levels)}
        if chosen := _subset(draw, list(handler_map), ordered=True):
            root["handlers"] = chosen
        config["root"] = root
    return config


# -- helpers ---------------------------------------------------------------------


def written(config: dict[str, Any], fmt: str, directory: Path) -> Path | logkit.ConfigError:
    """The config dumped to a fresh file, or the error that says why it cannot be."""
    try:
        text = logkit.dump(config, fmt)
    except logkit.ConfigError as error:
        event(f"{fmt} cannot hold it: {error.key}")
        return error
    event(f"{fmt} holds it")
    path = directory / f"config-{next(_counter)}.{fmt}"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _counting() -> Any:
    count = 0
    while True:
        count += 1
        yield count


_counter = _counting()


SECTIONS = {"version", "disable_existing_loggers", "incremental", "root"}
SECTIONS |= {"formatters", "filters", "handlers", "loggers"}


def assert_names_a_key_of(error: logkit.ConfigError, config: dict[str, Any]) -> None:
    """The key is in the config, or is a section the format needs and the config lacks."""
    assert error.key, f"no key in: {error}"
    head, _, rest = error.key.partition(".")
    assert head in config or (head in SECTIONS and not rest), f"{error.key!r}: {error}"
    if head in config and rest and isinstance(config[head], dict):
        entry = rest.split(".")[0]
        named = any(name == rest or rest.startswith(f"{name}.") for name in config[head])
        assert named or entry in config[head], f"{error.key!r} is not in the config"


# fileConfig has one spelling for some meanings (a root logger always has a
# ``handlers=`` line), so INI gives back an equivalent dict, not always an equal one.
EXACT_FORMATS = ("yaml", "toml", "json")


# -- the properties ----------------------------------------------------------------

PictureOf = Callable[[Callable[[], object], Iterable[str]], dict[str, Any]]


def test_the_strategy_makes_configs_the_standard_library_accepts(
    tmp_path: Path, picture_of: PictureOf
) -> None:
    @PROPERTY_SETTINGS
    @given(dict_configs())
    def accepted(config: dict[str, Any]) -> None:
        picture_of(lambda: logging.config.dictConfig(copy.deepcopy(config)), [])

    accepted()
    assert not (tmp_path / "logs").exists()  # delay=True: no file was opened


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_round_trips_what_it_can_hold(fmt: str, tmp_path: Path) -> None:
    @PROPERTY_SETTINGS
    @given(dict_configs())
    def round_trips(config: dict[str, Any]) -> None:
        path = written(config, fmt, tmp_path)
        if isinstance(path, logkit.ConfigError):
            assert_names_a_key_of(path, config)
            return
        loaded = logkit.load(path)
        assert config_differences(config, loaded) == []
        if fmt in EXACT_FORMATS:
            assert loaded == config
        else:  # INI's reading is canonical: a second round trip changes nothing
            again = written(loaded, fmt, tmp_path)
            assert not isinstance(again, logkit.ConfigError), again
            assert logkit.load(again) == loaded

    round_trips()


@pytest.mark.parametrize("fmt", FORMATS)
def test_configuring_from_a_file_is_configuring_from_the_dict(
    fmt: str, tmp_path: Path, picture_of: PictureOf
) -> None:
    @PROPERTY_SETTINGS
    @given(dict_configs())
    def same_logging(config: dict[str, Any]) -> None:
        path = written(config, fmt, tmp_path)
        if isinstance(path, logkit.ConfigError):
            assert_names_a_key_of(path, config)
            return
        loggers = list(config.get("loggers", {}))
        expected = picture_of(lambda: logging.config.dictConfig(copy.deepcopy(config)), loggers)
        actual = picture_of(
            lambda: logkit.configure(path, rich=False, safe_rotation=False), loggers
        )
        assert actual == expected

    same_logging()


def test_formats_refuse_what_they_cannot_hold_by_key() -> None:
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"f": {"format": "%(message)s", "datefmt": None}},
        "filters": {"only": {"name": "app"}},
    }
    with pytest.raises(logkit.ConfigError) as toml_error:
        logkit.dump(config, "toml")
    assert toml_error.value.key == "formatters.f.datefmt"
    with pytest.raises(logkit.ConfigError) as ini_error:
        logkit.dump(config, "ini")
    assert ini_error.value.key == "filters"


def test_the_normalized_config_means_the_same_to_the_standard_library(
    picture_of: PictureOf,
) -> None:
    """What diff fills in is what dictConfig would have used: the logging is the same."""
    from logkit._diff import normalize_config

    @PROPERTY_SETTINGS
    @given(dict_configs())
    def same_logging(config: dict[str, Any]) -> None:
        normalized = normalize_config(config)
        assert config_differences(config, normalized) == []
        assert normalize_config(normalized) == normalized
        loggers = list(config.get("loggers", {}))
        expected = picture_of(lambda: logging.config.dictConfig(copy.deepcopy(config)), loggers)
        actual = picture_of(lambda: logging.config.dictConfig(copy.deepcopy(normalized)), loggers)
        assert actual == expected

    same_logging()
