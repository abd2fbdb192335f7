"""logkit's pytest plugin, run for real: generated test suites in pytester's directory.

The suites use only ``logkit.diff`` and the ``logkit_config`` fixture (the plugin
reaches them through its ``pytest11`` entry point, as a user's would), and an
autouse fixture of their own that compares the logger tree before and after
each test: every logger's and the root's level, propagate and disabled flags,
and the very handler and filter objects they hold.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import logkit
from logkit._transaction import logging_transaction

pytest_plugins = ["pytester"]

SHIPPED = ("logging.yaml", "logging.toml", "logging.config")
# Plugins the generated suites do not need: hypothesis's alone costs 0.6 s a run.
QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")

# The suite's own check, shared by every generated test file (a conftest.py).
RESTORED_CHECK = """
import logging
import threading

import pytest

opened = []  # handlers a test's configs built: closed once the test is over


def logger_tree():
    named = logging.root.manager.loggerDict.items()
    loggers = {"": logging.root, **{n: lg for n, lg in named if isinstance(lg, logging.Logger)}}
    return {
        name: (lg.level, lg.propagate, lg.disabled, list(lg.handlers), list(lg.filters))
        for name, lg in loggers.items()
    }


@pytest.fixture(autouse=True)
def logging_is_restored():
    before, factory = logger_tree(), logging.getLogRecordFactory()
    yield
    assert logging.getLogRecordFactory() is factory
    after = logger_tree()
    assert {name: after[name] for name in before} == before
    inert = (logging.NOTSET, True, False, [], [])
    assert all(after[name] == inert for name in after.keys() - before.keys())
    files = [h for h in opened if isinstance(h, logging.FileHandler)]
    assert all(h.stream is None for h in files), "a file the config opened is still open"
    opened.clear()
    assert not [t for t in threading.enumerate() if t.name.startswith("logkit-watch")]
"""

# The suite of the "done when": the shipped files and the built-in default agree,
# a one-key change is found with its key, and logging is restored after each test.
SUITE = """
import logging

import pytest

import logkit
from conftest import opened

SHIPPED = ["logging.yaml", "logging.toml", "logging.config"]


@pytest.mark.parametrize("path", SHIPPED)
def test_each_shipped_file_means_the_built_in_default(path):
    assert logkit.diff(path, None) == []


def test_a_one_key_change_is_found_with_its_key(tmp_path):
    changed = tmp_path / "changed.yaml"
    text = open("logging.yaml").read()
    changed.write_text(text.replace("backupCount: 10", "backupCount: 3", 1))
    assert [str(d) for d in logkit.diff("logging.yaml", changed)] == [
        "handlers.info.backupCount: 10 != 3"
    ]


@pytest.mark.parametrize("path", SHIPPED)
def test_each_shipped_file_applies_for_one_test(logkit_config, path):
    applied = logkit_config(path, rich=True)
    assert (applied.path.name, applied.rich_console) == (path, True)
    opened.extend(logging.root.handlers)
    logging.getLogger("app").error("written")
    assert "written" in open("logs/error.log").read()
    names = sorted(h.get_name() for h in logging.root.handlers)
    assert names == ["console", "error", "info"]


def test_the_built_in_default_applies(logkit_config, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no logging.yaml here: configure() uses the default
    applied = logkit_config()
    assert (applied.path, applied.format) == (None, "default")
    opened.extend(logging.root.handlers)


def test_a_dict_is_applied_and_silences_what_it_says(logkit_config):
    elsewhere = logging.getLogger("elsewhere")
    applied = logkit_config({
        "version": 1,
        "disable_existing_loggers": True,
        "filters": {"only_app": {"name": "app"}},
        "handlers": {"h": {"class": "logging.NullHandler", "filters": ["only_app"]}},
        "loggers": {"app.db": {"level": "DEBUG", "propagate": False, "handlers": ["h"]}},
        "root": {"level": "ERROR", "filters": ["only_app"]},
    })
    assert applied.format == "json"
    assert elsewhere.disabled
    assert logging.getLogger("app.db").level == logging.DEBUG
    assert logging.root.level == logging.ERROR


def test_a_file_is_watched_for_one_test(logkit_config):
    logkit_config("logging.toml", watch=True)
    opened.extend(logging.root.handlers)
"""


@pytest.fixture(scope="module")
def preloaded() -> None:
    """Load what the suites load lazily, before pytester's first snapshot of sys.modules.

    The suites run in this process (seconds faster than a child each), and
    pytester drops the modules imported since its fixture was set up: a parser
    dropped there would be half re-imported by the next run (PyYAML's loader
    classes then miss their constructors). Module-scoped, this runs first.
    """
    repo = Path(__file__).resolve().parent.parent
    with logging_transaction(trial=True):
        for name in SHIPPED:
            logkit.diff(repo / name, None)
            logkit.configure(repo / name, rich=True)
    importlib.import_module("logkit._watch")


@pytest.fixture
def suite(preloaded: None, pytester: pytest.Pytester, repo: Path) -> pytest.Pytester:
    """pytester's directory with the shipped files and the restored-logging check."""
    for name in SHIPPED:
        (pytester.path / name).write_text((repo / name).read_text(encoding="utf-8"))
    pytester.makeconftest(RESTORED_CHECK)
    return pytester


def test_the_generated_suite_passes(suite: pytest.Pytester) -> None:
    suite.makepyfile(test_generated_suite=SUITE)  # a name no test module of ours has
    result = suite.runpytest(*QUIET)
    result.assert_outcomes(passed=10)


def test_the_suite_checks_what_it_claims(suite: pytest.Pytester) -> None:
    """Without the fixture the check fails (a config left applied), and a one-key
    change fails the comparison: the suite above can fail."""
    suite.makepyfile(
        test_unrestored="""
        import logkit

        def test_configures_without_the_fixture():
            logkit.configure("logging.yaml", rich=False)

        def test_a_changed_key_is_a_difference():
            assert logkit.diff("logging.yaml", {"version": 1}) == []
        """
    )
    result = suite.runpytest(*QUIET)
    result.assert_outcomes(passed=1, failed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_configures_without_the_fixture*",
            "conftest.py:*: AssertionError",
        ]
    )
    result.stdout.fnmatch_lines(["*Difference(key='disable_existing_loggers'*"])


def test_a_failing_test_still_restores_and_closes(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        """
        import logging
        from conftest import opened

        def test_fails_with_a_config_applied(logkit_config):
            logkit_config("logging.config")
            opened.extend(logging.root.handlers)
            assert False, "the test's own failure"
        """
    )
    result = suite.runpytest(*QUIET)
    result.assert_outcomes(failed=1, errors=0)
    result.stdout.fnmatch_lines(["*the test's own failure*"])


def test_applying_twice_in_one_test_closes_the_first_and_restores_once(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(
        """
        import logging
        from conftest import opened

        def test_twice(logkit_config):
            logkit_config("logging.yaml")
            first = [h for h in logging.root.handlers if isinstance(h, logging.FileHandler)]
            logkit_config({"version": 1, "root": {"level": "DEBUG"}})
            assert first and all(h.stream is None for h in first)
            assert logging.root.handlers == [] and logging.root.level == logging.DEBUG
            opened.extend(first)

        def test_requested_twice(logkit_config, request):
            assert request.getfixturevalue("logkit_config") is logkit_config
            logkit_config("logging.toml")
            opened.extend(logging.root.handlers)
        """
    )
    suite.runpytest(*QUIET).assert_outcomes(passed=2)


def test_a_bad_config_raises_config_error_and_changes_nothing(suite: pytest.Pytester) -> None:
    (suite.path / "typo.yaml").write_text(
        (suite.path / "logging.yaml")
        .read_text()
        .replace("level: INFO\n  handlers", "level: INFOO\n  handlers")
    )
    suite.makepyfile(
        """
        import logging
        import pytest
        import logkit

        def test_bad_files(logkit_config):
            handlers = logging.root.handlers[:]
            with pytest.raises(logkit.ConfigError, match="absent.yaml: file not found"):
                logkit_config("absent.yaml")
            with pytest.raises(logkit.ConfigError) as raised:
                logkit_config("typo.yaml")
            assert (raised.value.line, raised.value.key) == (41, "root.level")
            with pytest.raises(logkit.ConfigError) as raised:
                logkit.diff("typo.yaml", None)
            assert str(raised.value).startswith("typo.yaml:41: root.level: unknown level")
            assert logging.root.handlers == handlers

        def test_what_json_cannot_hold(logkit_config):
            config = {"version": 1, "handlers": {"h": {"class": "logging.NullHandler"}}}
            config["handlers"]["h"]["x"] = object()
            with pytest.raises(logkit.ConfigError, match="cannot write as JSON"):
                logkit_config(config)
        """
    )
    suite.runpytest(*QUIET).assert_outcomes(passed=2)


def test_pytest_log_level_and_caplog_are_left_as_pytest_had_them(suite: pytest.Pytester) -> None:
    """pytest puts its capture handler on the root (and sets the root's level, with
    log_level) around each test phase: after a test that applied a config, the
    root must be as pytest leaves it, not as the config left it."""
    suite.makepyfile(
        """
        import logging

        levels = []

        def test_applies(logkit_config, caplog):
            levels.append(logging.root.level)
            logkit_config({"version": 1, "root": {"level": "DEBUG"}})

        def test_the_next_test_sees_the_level_pytest_set(caplog):
            assert logging.root.level == levels[0]
            logging.getLogger("x").critical("captured")
            assert caplog.messages == ["captured"]
        """
    )
    result = suite.runpytest(*QUIET, "-o", "log_level=ERROR")
    result.assert_outcomes(passed=2)


def test_the_entry_point_registers_the_plugin(suite: pytest.Pytester) -> None:
    suite.makepyfile("def test_uses(logkit_config):\n    pass\n")
    suite.runpytest(*QUIET).assert_outcomes(passed=1)
    turned_off = suite.runpytest(*QUIET, "-p", "no:logkit")
    turned_off.assert_outcomes(errors=1)
    turned_off.stdout.fnmatch_lines(["*fixture 'logkit_config' not found*"])


def test_the_plugin_imports_nothing_heavy(
    child_environment: Callable[..., dict[str, str]],
) -> None:
    """Every pytest run imports the plugin: not rich, not logkit's pipeline."""
    code = (
        "import sys, logkit.pytest_plugin\n"
        "heavy = ['rich', 'yaml', 'logging.config', 'logkit._api', 'logkit._prepare']\n"
        "print([name for name in heavy if name in sys.modules])\n"
    )
    environment = child_environment()
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    ).stdout
    assert out == "[]\n"
