"""Validation (``_validate.py``): every problem found before anything is applied, each located.

What ``logkit check`` prints for whole bad files is data: ``tests/data/invalid``.
"""

from __future__ import annotations

import copy
import logging
import logging.config
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
import logkit._check
from logkit._default import default_config
from logkit._errors import ConfigWarning, InvalidConfig
from logkit._formats import format_module
from logkit._schema import no_imports
from logkit._validate import find_problems, validate_config


def test_validation_touches_nothing(
    tmp_path: Path,
    shipped_paths: dict[str, Path],
    invalid_data: Callable[[str], Path],
    logging_state: Callable[[], dict[str, Any]],
) -> None:
    logkit.configure(shipped_paths["yaml"], rich=False)
    before = logging_state()
    handlers = logging.root.handlers[:]
    path = invalid_data("three-mistakes.yaml")
    path.write_text(path.read_text().replace("logs/info.log", "new/dir/info.log"))
    with pytest.raises(logkit.ConfigError):
        logkit.configure(path, rich=False)
    assert logging_state() == before
    assert logging.root.handlers == handlers
    assert not (tmp_path / "new").exists()


# -- each kind of problem, in each format ----------------------------------------

Mutation = Any

PROBLEMS: dict[str, tuple[Mutation, str, str]] = {
    "unknown-top-level-key": (
        lambda c: c.update({"handler": {}}),
        "handler",
        "unknown top-level key (did you mean 'handlers'?)",
    ),
    "unknown-logger-key": (
        lambda c: c["root"].update({"handler": ["console"]}),
        "root.handler",
        "unknown key (did you mean 'handlers'?)",
    ),
    "unknown-formatter-key": (
        lambda c: c["formatters"]["minimal"].update({"fromat": "%(message)s"}),
        "formatters.minimal.fromat",
        "unknown key (did you mean 'format'?)",
    ),
    "undefined-handler": (
        lambda c: c["root"].update({"handlers": ["console", "inof"]}),
        "root.handlers",
        "handler 'inof' is not defined (did you mean 'info'?)",
    ),
    "undefined-formatter": (
        lambda c: c["handlers"]["info"].update({"formatter": "detail"}),
        "handlers.info.formatter",
        "formatter 'detail' is not defined (did you mean 'detailed'?)",
    ),
    "undefined-filter": (
        lambda c: c["handlers"]["info"].update({"filters": ["quiet"]}),
        "handlers.info.filters",
        "filter 'quiet' is not defined (there is no 'filters' section)",
    ),
    "class-does-not-import": (
        lambda c: c["handlers"]["info"].update({"class": "logging.handlers.RotatingFileHandlr"}),
        "handlers.info.class",
        "cannot import 'logging.handlers.RotatingFileHandlr': no 'RotatingFileHandlr' in"
        " 'logging.handlers' (did you mean 'logging.handlers.RotatingFileHandler'?)",
    ),
    "module-does-not-import": (
        lambda c: c["handlers"]["info"].update({"class": "nosuchmodule.Handler"}),
        "handlers.info.class",
        "cannot import 'nosuchmodule.Handler': no module named 'nosuchmodule'",
    ),
    "argument-not-taken": (
        lambda c: c["handlers"]["info"].update({"maxbytes": 5}),
        "handlers.info.maxbytes",
        "RotatingFileHandler takes no argument 'maxbytes' (did you mean 'maxBytes'?)",
    ),
    "argument-missing": (
        lambda c: c["handlers"]["info"].pop("filename"),
        "handlers.info",
        "RotatingFileHandler needs the argument 'filename'",
    ),
    "string-for-a-number": (
        lambda c: c["handlers"]["info"].update({"maxBytes": "10485760"}),
        "handlers.info.maxBytes",
        "expected a number, found the string '10485760'",
    ),
    "string-for-a-boolean": (
        lambda c: c["handlers"]["info"].update({"delay": "false"}),
        "handlers.info.delay",
        "the string 'false' is true to dictConfig: write false",
    ),
    "string-for-disable-existing-loggers": (
        lambda c: c.update({"disable_existing_loggers": "no"}),
        "disable_existing_loggers",
        "the string 'no' is true to dictConfig: write false",
    ),
    "unknown-level": (
        lambda c: c["handlers"]["error"].update({"level": "EROR"}),
        "handlers.error.level",
        "unknown level 'EROR' (did you mean 'ERROR'?)",
    ),
    "lower-case-level": (
        lambda c: c["root"].update({"level": "debug"}),
        "root.level",
        "unknown level 'debug' (did you mean 'DEBUG'?)",
    ),
    "missing-version": (
        lambda c: c.pop("version"),
        "version",
        "missing: dictConfig needs 'version: 1'",
    ),
    "handlers-not-a-list": (
        lambda c: c["root"].update({"handlers": "console"}),
        "root.handlers",
        "expected a list of handler names, found the string 'console'",
    ),
}


def broken_file(tmp_path: Path, fmt: str, mutate: Mutation) -> Path:
    config = default_config()
    mutate(config)
    path = tmp_path / f"broken.{fmt}"
    path.write_text(logkit.dump(config, fmt))
    return path


@pytest.mark.parametrize("fmt", ["yaml", "toml", "json"])
@pytest.mark.parametrize("case", list(PROBLEMS))
def test_each_problem_is_found_and_located(case: str, fmt: str, tmp_path: Path) -> None:
    mutate, key, reason = PROBLEMS[case]
    path = broken_file(tmp_path, fmt, mutate)
    with pytest.raises(logkit.ConfigError) as caught:
        logkit._check.check_config(path)
    error = caught.value
    assert not isinstance(error, InvalidConfig)  # exactly one problem
    assert (error.path, error.key, error.reason) == (str(path), key, reason)
    assert error.line is not None
    if case != "missing-version":
        written = path.read_text().splitlines()[error.line - 1]
        assert key.split(".")[-1] in written


@pytest.mark.parametrize("case", list(PROBLEMS))
def test_the_standard_library_also_trips_on_it_or_ignores_it(
    case: str, logging_state: Callable[[], dict[str, Any]]
) -> None:
    """Each reported problem is a failure of dictConfig, or a key it would silently ignore."""
    config = default_config()
    config["handlers"]["info"]["filename"] = "info.log"
    config["handlers"]["error"]["filename"] = "error.log"
    PROBLEMS[case][0](config)
    try:
        logging.config.dictConfig(copy.deepcopy(config))
    except (ValueError, TypeError, KeyError, AttributeError, ImportError):
        return
    state = logging_state()
    silently_ignored = {
        "unknown-top-level-key",
        "unknown-logger-key",
        "unknown-formatter-key",
        "string-for-a-boolean",
        "string-for-disable-existing-loggers",
    }
    assert case in silently_ignored | {"string-for-a-number"}, state
    if case == "string-for-a-number":  # accepted now, fails at the first rollover
        info = next(h for h in logging.root.handlers if h.get_name() == "info")
        with pytest.raises(TypeError):
            info.shouldRollover(logging.makeLogRecord({"msg": "x"}))  # type: ignore[attr-defined]


# -- what the standard library accepts, validation accepts ----------------------


def test_shipped_files_have_no_problems(shipped: Path) -> None:
    assert find_problems(logkit.load(shipped)) == []


class KeywordHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A third-party style handler taking options through **kwargs."""

    def __init__(self, **options: Any) -> None:
        super().__init__()
        self.options = options


class OldStyleHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Takes ``strm``, as handlers written for Python 2.6 did; dictConfig retries."""

    def __init__(self, strm: Any = None) -> None:
        super().__init__(strm)


def make_filter(allowed: str = "") -> logging.Filter:
    return logging.Filter(allowed)


ACCEPTED: dict[str, dict[str, Any]] = {
    "kwargs-handler": {
        "version": 1,
        "handlers": {"h": {"class": f"{__name__}.KeywordHandler", "colour": "blue"}},
    },
    "strm-fallback": {
        "version": 1,
        "handlers": {"h": {"class": f"{__name__}.OldStyleHandler", "stream": "ext://sys.stderr"}},
    },
    "factories": {
        "version": 1,
        "filters": {"f": {"()": f"{__name__}.make_filter", "allowed": "app"}},
        "formatters": {
            "x": {"()": "logging.Formatter", "fmt": "%(message)s"},
            "retried-with-fmt": {"()": "logging.Formatter", "format": "%(message)s"},
        },
        "handlers": {
            "h": {
                "()": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "filters": ["f"],
                "formatter": "x",
                ".": {"terminator": "\r\n"},
            }
        },
        "root": {"handlers": ["h"], "level": 5},
    },
    "cfg-reference-to-a-custom-key": {
        "version": 1,
        "custom": {"address": "localhost"},
        "handlers": {
            "h": {"class": "logging.handlers.SysLogHandler", "address": "cfg://custom.address"}
        },
    },
    "memory-handler-target": {
        "version": 1,
        "handlers": {
            "target": {"class": "logging.StreamHandler"},
            "buffer": {
                "class": "logging.handlers.MemoryHandler",
                "capacity": 10,
                "flushLevel": 40,
                "target": "target",
            },
        },
    },
    "incremental": {
        "version": 1,
        "incremental": True,
        "handlers": {"existing": {"level": "DEBUG"}},
        "loggers": {"app": {"level": "INFO"}},
    },
    "integer-level-and-custom-level": {
        "version": 1,
        "disable_existing_loggers": 0,
        "loggers": {"app": {"level": 15, "propagate": 1}},
        "root": {"level": "NOTSET"},
    },
}

if sys.version_info >= (3, 12):
    ACCEPTED["queue-handler"] = {
        "version": 1,
        "handlers": {
            "sink": {"class": "logging.StreamHandler"},
            "queued": {
                "class": "logging.handlers.QueueHandler",
                "handlers": ["sink"],
                "respect_handler_level": True,
            },
        },
        "root": {"handlers": ["queued"]},
    }
    ACCEPTED["formatter-defaults"] = {
        "version": 1,
        "formatters": {"f": {"format": "%(app)s %(message)s", "defaults": {"app": "x"}}},
    }


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_what_the_standard_library_accepts_passes(case: str) -> None:
    config = ACCEPTED[case]
    assert find_problems(config) == []
    if not config.get("incremental"):
        logging.config.dictConfig(copy.deepcopy(config))  # the stdlib agrees
    for handler in logging.root.handlers:
        listener = getattr(handler, "listener", None)
        if getattr(listener, "_thread", None) is not None:  # stop() fails unless started
            listener.stop()  # type: ignore[union-attr]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="dictConfig builds queues from 3.12")
def test_queue_handler_keys_need_python_3_12() -> None:
    config = {
        "version": 1,
        "handlers": {"q": {"class": "logging.handlers.QueueHandler", "handlers": ["x"]}},
    }
    keys = [error.key for error in find_problems(config)]
    assert "handlers.q.handlers" in keys


def test_a_config_that_is_not_a_mapping() -> None:
    (error,) = find_problems([1, 2])  # type: ignore[arg-type]
    assert error.reason == "expected a mapping, found a list"


def test_locate_uses_the_format(tmp_path: Path) -> None:
    text = logkit.dump(default_config(), "toml").replace('level = "ERROR"', 'level = "ERR"')
    problems = find_problems(
        format_module("toml").parse(text), locate=format_module("toml").locator(text)
    )
    assert [(p.key, text.splitlines()[p.line - 1]) for p in problems if p.line] == [
        ("handlers.error.level", 'level = "ERR"')
    ]


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="formatter defaults exist from 3.12")
def test_formatter_defaults_need_python_3_12() -> None:
    config = {"version": 1, "formatters": {"f": {"format": "%(x)s", "defaults": {"x": 1}}}}
    (error,) = find_problems(config)
    assert (error.key, error.reason) == (
        "formatters.f.defaults",
        "formatter defaults need Python 3.12 or later",
    )


def test_control_characters_in_names_stay_on_one_line() -> None:
    config = {"version": 1, "handlers": {"h": {"class": "no\nsuch.Class"}}, "bad\nkey": 1}
    errors, warnings = validate_config(config)
    problems = [*errors, *warnings]
    assert len(problems) == 2
    assert all("\n" not in str(problem) for problem in problems)
    assert {problem.key for problem in problems} == {"handlers.h.class", "bad\\nkey"}


def test_syslog_facility_may_be_a_name() -> None:
    config = {
        "version": 1,
        "handlers": {"h": {"class": "logging.handlers.SysLogHandler", "facility": "local0"}},
    }
    assert find_problems(config) == []


def test_memory_handler_flush_level_names_need_python_3_13() -> None:
    config = {
        "version": 1,
        "handlers": {
            "t": {"class": "logging.NullHandler"},
            "m": {"class": "logging.handlers.MemoryHandler", "capacity": 2, "flushLevel": "ERROR"},
        },
    }
    problems = [str(problem) for problem in find_problems(config)]
    if sys.version_info >= (3, 13):
        assert problems == []
    else:
        assert problems == ["handlers.m.flushLevel: expected an integer, found the string 'ERROR'"]




# -- strings for booleans: what dictConfig's truthiness reads as what they say ------

BOOL_FIELDS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "propagate": lambda v: {"version": 1, "loggers": {"app": {"propagate": v}}},
    "disable_existing_loggers": lambda v: {"version": 1, "disable_existing_loggers": v},
    "incremental": lambda v: {"version": 1, "incremental": v},
    "validate": lambda v: {"version": 1, "formatters": {"f": {"format": "%(x)s", "validate": v}}},
    "handler-argument": lambda v: {
        "version": 1,
        "handlers": {"h": {"class": "logging.FileHandler", "filename": "x.log", "delay": v}},
    },
}
BOOL_KEYS = {
    "propagate": "loggers.app.propagate",
    "disable_existing_loggers": "disable_existing_loggers",
    "incremental": "incremental",
    "validate": "formatters.f.validate",
    "handler-argument": "handlers.h.delay",
}


@pytest.mark.parametrize("text", ["true", "True", "YES", "on", "1", " yes "])
@pytest.mark.parametrize("field", list(BOOL_FIELDS))
def test_strings_that_say_true_pass(field: str, text: str) -> None:
    assert find_problems(BOOL_FIELDS[field](text)) == []


@pytest.mark.parametrize("text", ["false", "False", "NO", "off", "0"])
@pytest.mark.parametrize("field", list(BOOL_FIELDS))
def test_strings_that_say_false_are_errors_because_dictconfig_reads_them_as_true(
    field: str, text: str
) -> None:
    (error,) = find_problems(BOOL_FIELDS[field](text))
    assert error.key == BOOL_KEYS[field]
    assert error.reason == f"the string {text!r} is true to dictConfig: write false"
    assert bool(text)  # what dictConfig's `if value:` makes of it


def test_an_empty_string_for_a_boolean_is_an_error() -> None:
    (error,) = find_problems(BOOL_FIELDS["propagate"](""))
    assert error.reason == "the empty string is false to dictConfig: write false (or true)"


# -- whole sections and entries given as cfg:// references ---------------------------

# That CPython's own config11 passes is tests/test_fidelity.py's to show.


def test_what_a_cfg_reference_leads_to_is_validated_where_it_is_written() -> None:
    config = {
        "version": 1,
        "shared": {
            "formatters": {"brief": {"format": "%(message)s", "validate": "no"}},
            "console": {"class": "logging.StreamHandler", "formatter": "breif"},
        },
        "formatters": "cfg://shared.formatters",
        "handlers": {"console": "cfg://shared[console]"},
        "root": {"handlers": ["console"]},
    }
    problems = {(error.key, error.reason) for error in find_problems(config)}
    assert problems == {
        ("shared.formatters.brief.validate", "the string 'no' is true to dictConfig: write false"),
        ("shared.console.formatter", "formatter 'breif' is not defined (did you mean 'brief'?)"),
    }


def test_a_list_of_names_given_as_a_cfg_reference_is_followed() -> None:
    config = {
        "version": 1,
        "names": {"all": ["h", "missing"]},
        "handlers": {"h": {"class": "logging.NullHandler"}},
        "root": {"handlers": "cfg://names.all"},
    }
    (error,) = find_problems(config)
    assert (error.key, error.reason) == ("names.all", "handler 'missing' is not defined")


# -- keys dictConfig ignores: warnings, unless they misspell a key it reads ------------


def test_keys_dictconfig_ignores_are_warnings() -> None:
    config = {
        "version": 1,
        "notes": "kept for people",
        "loggers": {"gunicorn.error": {"level": "INFO", "qualname": "gunicorn.error"}},
        "filters": {"f": {"name": "app", "comment": "x"}},
    }
    errors, warnings = validate_config(config)
    assert errors == []
    assert all(isinstance(warning, ConfigWarning) for warning in warnings)
    assert {(w.key, w.reason) for w in warnings} == {
        ("notes", "unknown top-level key: dictConfig ignores it"),
        ("loggers.gunicorn.error.qualname", "unknown key: dictConfig ignores it"),
        ("filters.f.comment", "unknown key: dictConfig ignores it"),
    }
    logging.config.dictConfig(copy.deepcopy(config))  # the stdlib agrees


def test_warnings_are_located_in_the_file(tmp_path: Path) -> None:
    text = "version: 1\nloggers:\n  app:\n    level: INFO\n    qualname: app\n"
    fmt = format_module("yaml")
    findings = validate_config(fmt.parse(text), locate=fmt.locator(text), path="x.yaml")
    (warning,) = findings.warnings
    assert str(warning) == "x.yaml:5: loggers.app.qualname: unknown key: dictConfig ignores it"


# -- inside no_imports(): nothing the config names is imported ----------------------

RECORDING_MODULE = """
import logging, os
open(os.environ["IMPORTED_MARKER"], "a").write(__name__ + "\\n")

class Handler(logging.StreamHandler):
    def __init__(self, colour):
        super().__init__()

def make_formatter(fmt):
    return logging.Formatter(fmt)
"""


@pytest.fixture
def recording_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A module ``recorded_on_import`` that notes in a file when it is imported."""
    (tmp_path / "recorded_on_import.py").write_text(RECORDING_MODULE)
    marker = tmp_path / "imported.txt"
    monkeypatch.setenv("IMPORTED_MARKER", str(marker))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "recorded_on_import", raising=False)
    return marker


RUNS_CODE = {
    "version": 1,
    "formatters": {"f": {"()": "recorded_on_import.make_formatter", "fmt": "%(message)s"}},
    "handlers": {
        "h": {"class": "recorded_on_import.Handler", "colour": "red", "formatter": "f"},
        "std": {"class": "logging.StreamHandler", "strem": "ext://sys.stderr"},
    },
    "root": {"handlers": ["h", "std"]},
}


def test_validation_without_running_code_imports_nothing(recording_module: Path) -> None:
    with no_imports():
        errors = find_problems(RUNS_CODE)
    assert not recording_module.exists()
    # The standard classes, already imported, are still checked.
    assert [error.key for error in errors] == ["handlers.std.strem"]
    find_problems(RUNS_CODE)
    assert recording_module.read_text() == "recorded_on_import\n"


@pytest.mark.parametrize("name", ["not a name", "a..b", "1up.Handler", ""])
def test_without_running_code_class_names_are_checked_for_form(name: str) -> None:
    config = {"version": 1, "handlers": {"h": {"class": name}}}
    with no_imports():
        (error,) = find_problems(config)
    assert error.key == "handlers.h.class"
    assert error.reason.startswith("expected a dotted class name, found")


def test_a_number_too_long_to_print_is_described_not_raised() -> None:
    (error,) = find_problems({"version": 10**5000})
    assert error.reason == "unsupported version: expected 1, found a number too long to show"
