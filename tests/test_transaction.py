"""All-or-nothing configuration (``_transaction.py``): a failed configure() leaves the
previous logging exactly as it was, a successful one closes what it replaced.

Each broken config is applied on top of a working one that logs to a file;
afterwards the loggers, handlers (the same objects, still open), filters,
propagation and disabled flags are unchanged, no file descriptor leaked, and
the next record still reaches the file through the untouched handler.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._errors import InvalidConfig
from logkit._transaction import logging_transaction

Config = dict[str, Any]


class ExplodingHandler(logging.Handler):
    """A handler whose constructor fails, as a misconfigured third-party one might."""

    def __init__(self, fuse: str = "") -> None:
        raise RuntimeError(f"exploded: {fuse}")


def exploding_factory(**options: Any) -> logging.Filter:
    raise RuntimeError("the filter factory failed")


def working_config(log_dir: Path) -> Config:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(name)s %(message)s"}},
        "filters": {"only_app": {"name": "app"}},
        "handlers": {
            "file": {
                "class": "logging.FileHandler",
                "formatter": "plain",
                "filename": str(log_dir / "app.log"),
            },
            "errors": {
                "class": "logging.handlers.RotatingFileHandler",
                "level": "ERROR",
                "filename": str(log_dir / "errors.log"),
                "filters": ["only_app"],
            },
        },
        "loggers": {"app": {"level": "DEBUG", "propagate": False, "handlers": ["file", "errors"]}},
        "root": {"level": "WARNING", "handlers": ["file"], "filters": ["only_app"]},
    }


def _set(path: str, value: Any) -> Callable[[Config], None]:
    """A mutation setting one dotted key (creating nothing but the last part)."""

    def mutate(config: Config) -> None:
        *parents, last = path.split(".")
        target = config
        for part in parents:
            target = target[part]
        target[last] = value

    return mutate


def _delete(path: str) -> Callable[[Config], None]:
    def mutate(config: Config) -> None:
        *parents, last = path.split(".")
        target = config
        for part in parents:
            target = target[part]
        del target[last]

    return mutate


# Found by validation, before the transaction starts.
VALIDATION_FAILURES: dict[str, Callable[[Config], None]] = {
    "unknown-top-level-key": _set("handler", {}),
    "undefined-handler": _set("root.handlers", ["file", "nope"]),
    "undefined-formatter": _set("handlers.file.formatter", "fancy"),
    "undefined-filter": _set("handlers.file.filters", ["nope"]),
    "class-does-not-import": _set("handlers.errors.class", "logging.handlers.Nope"),
    "argument-not-taken": _set("handlers.errors.maxbytes", 10),
    "wrong-type": _set("handlers.errors.maxBytes", "10"),
    "unknown-level": _set("loggers.app.level", "DEBG"),
    "missing-version": _delete("version"),
}


def _new_handlers(**handlers: Config) -> Callable[[Config], None]:
    def mutate(config: Config) -> None:
        config["handlers"].update(handlers)
        config["root"]["handlers"] = [*config["root"]["handlers"], *handlers]

    return mutate


# Pass validation; the standard library fails part-way, after opening files.
STDLIB_FAILURES: dict[str, Callable[[Config], None]] = {
    # Handlers are built in name order: 'errors' and 'file' open their files first.
    "log-file-is-a-directory": _new_handlers(
        zz_dir={"class": "logging.FileHandler", "filename": "."}
    ),
    "handler-constructor-raises": _new_handlers(
        zz_boom={"class": f"{__name__}.ExplodingHandler", "fuse": "lit"}
    ),
    # logkit creates logs/zz/deeper for 'zy_new' before dictConfig fails on 'zz_boom'.
    "new-log-directory-then-a-constructor-raises": _new_handlers(
        zy_new={
            "class": "logging.FileHandler",
            "filename": "logs/zz/deeper/new.log",
            "delay": True,
        },
        zz_boom={"class": f"{__name__}.ExplodingHandler", "fuse": "lit"},
    ),
    # The same without delay: 'zy_new' creates its (empty) log file there first.
    "new-log-file-then-a-constructor-raises": _new_handlers(
        zy_new={"class": "logging.FileHandler", "filename": "logs/zz/deeper/new.log"},
        zz_boom={"class": f"{__name__}.ExplodingHandler", "fuse": "lit"},
    ),
    "filter-factory-raises": _set("filters.broken", {"()": f"{__name__}.exploding_factory"}),
    # Loggers come after every handler is built and open.
    "logger-level-resolves-to-nonsense": _set("loggers.app.level", "ext://os.sep"),
    "log-directory-cannot-be-created": _set("handlers.file.filename", "blocker/cannot/app.log"),
}


@pytest.fixture
def running(tmp_path: Path) -> Path:
    """A working config applied, with flags the config cannot express set by hand."""
    (tmp_path / "blocker").write_text("a file where a directory should be")
    log_dir = tmp_path / "logs"
    path = tmp_path / "working.json"
    path.write_text(logkit.dump(working_config(log_dir), "json"))
    logkit.configure(path, rich=False)
    logging.getLogger("quiet").disabled = True
    logging.getLogger("app.child").propagate = False
    return log_dir


@pytest.mark.parametrize("case", [*VALIDATION_FAILURES, *STDLIB_FAILURES])
def test_a_failed_configure_changes_nothing(
    case: str,
    running: Path,
    tmp_path: Path,
    logging_state: Callable[[], dict[str, Any]],
    open_descriptors: Callable[[], int],
) -> None:
    mutate = {**VALIDATION_FAILURES, **STDLIB_FAILURES}[case]
    before = logging_state()
    root_handlers = logging.root.handlers[:]
    app_handlers = logging.getLogger("app").handlers[:]
    filters = logging.root.filters[:]
    registered = dict(logging._handlers)  # type: ignore[attr-defined]
    descriptors = open_descriptors()  # files held by live objects, garbage collected

    config = working_config(running)
    mutate(config)
    broken = tmp_path / "broken.yaml"
    broken.write_text(logkit.dump(config, "yaml"))
    on_disk = sorted(tmp_path.rglob("*"))
    for _ in range(3):  # a leak would grow with each attempt
        with pytest.raises(logkit.ConfigError) as caught:
            logkit.configure(broken, rich=False)
    if case in VALIDATION_FAILURES:
        assert caught.value.key is not None
    else:
        assert not isinstance(caught.value, InvalidConfig)

    assert logging_state() == before
    assert logging.root.handlers == root_handlers  # the very same objects
    assert logging.getLogger("app").handlers == app_handlers
    assert logging.root.filters == filters
    assert logging.getLogger("quiet").disabled
    assert not logging.getLogger("app.child").propagate
    assert dict(logging._handlers) == registered  # type: ignore[attr-defined]
    assert open_descriptors() == descriptors
    assert sorted(tmp_path.rglob("*")) == on_disk  # the directories it made are gone

    logging.getLogger("app").error("after %s", case)
    for handler in app_handlers:
        handler.flush()
    assert f"app after {case}" in (running / "app.log").read_text()
    assert f"after {case}" in (running / "errors.log").read_text()


def test_a_failure_after_a_success_closes_nothing_of_the_new_config(
    running: Path, tmp_path: Path
) -> None:
    """Success, then failure: the second configure's handlers are the ones kept open."""
    config = working_config(tmp_path / "second")
    good = tmp_path / "second.toml"
    good.write_text(logkit.dump(config, "toml"))
    logkit.configure(good, rich=False)
    kept = logging.getLogger("app").handlers[:]
    STDLIB_FAILURES["log-file-is-a-directory"](config)
    broken = tmp_path / "broken.toml"
    broken.write_text(logkit.dump(config, "toml"))
    with pytest.raises(logkit.ConfigError):
        logkit.configure(broken, rich=False)
    logging.getLogger("app").warning("still here")
    for handler in kept:
        handler.flush()
    assert "app still here" in (tmp_path / "second" / "app.log").read_text()
    assert "still here" not in (running / "app.log").read_text()


@pytest.mark.parametrize("apply_with", ["fileConfig", "dictConfig"])
def test_a_failed_ini_configure_changes_nothing(
    apply_with: str,
    tmp_path: Path,
    shipped_paths: dict[str, Path],
    logging_state: Callable[[], dict[str, Any]],
    open_descriptors: Callable[[], int],
) -> None:
    """fileConfig fails after building two handlers; logkit then asks dictConfig which key."""
    shipped = shipped_paths["ini"]
    logkit.configure(shipped, rich=False)
    before = logging_state()
    handlers = logging.root.handlers[:]
    descriptors = open_descriptors()
    text = shipped.read_text().replace(
        "args=('logs/error.log', 'a', 10485760, 10)", "args=('${ERROR_LOG:-.}', 'a')"
    )
    if apply_with == "fileConfig":  # no variable: the file is applied as written
        text = text.replace("${ERROR_LOG:-.}", ".")
    broken = tmp_path / "broken.ini"
    broken.write_text(text)
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(broken, rich=False)
    assert caught.value.key == "handlers.error"
    assert logging_state() == before
    assert logging.root.handlers == handlers
    assert open_descriptors() == descriptors
    logging.getLogger("app").error("after the INI failure")
    for handler in handlers:
        handler.flush()
    assert "after the INI failure" in Path("logs/error.log").read_text()


def test_failed_configure_closes_what_it_built(
    shipped_paths: dict[str, Path],
    invalid_data: Callable[[str], Path],
    open_descriptors: Callable[[], int],
) -> None:
    logkit.configure(shipped_paths["yaml"], rich=False)
    path = invalid_data("undefined-formatter.yaml")
    descriptors = open_descriptors()
    gc.disable()  # closed, not merely collected: nothing is freed behind the count
    try:
        for _ in range(5):
            with pytest.raises(logkit.ConfigError):
                logkit.configure(path, rich=False)
        assert open_descriptors() == descriptors
    finally:
        gc.enable()


def test_successful_configure_closes_the_previous_handlers(shipped_paths: dict[str, Path]) -> None:
    logkit.configure(shipped_paths["yaml"], rich=False)
    old = logging.root.handlers[:]
    logkit.configure(shipped_paths["toml"], rich=False)
    info = next(h for h in old if h.get_name() == "info")
    assert isinstance(info, logging.FileHandler)
    assert info.stream is None  # closed
    assert all(h not in logging.root.handlers for h in old)
    registered = logging._handlers["console"]  # type: ignore[attr-defined]
    assert registered in logging.root.handlers  # closing the old one kept the new name


# -- a handler dying while a transaction copies the handler registry -----------
#
# Found by test_properties. ``logging._handlers`` holds weak references. A handler
# that a config defines but no logger uses dies whenever the garbage collector
# gets to it, which can be between the ``keys()`` and the lookups of
# ``dict(registry)``: a KeyError out of ``configure()``. Here the death is made to
# happen exactly there, by a handler name whose hashing (done while the copy is
# built) drops the other handler.

_last_reference: list[logging.Handler] = []


class _DropsTheOtherHandlerOnHash(str):
    armed = False

    def __hash__(self) -> int:
        if _DropsTheOtherHandlerOnHash.armed:
            _DropsTheOtherHandlerOnHash.armed = False
            _last_reference.clear()
        return str.__hash__(self)


def _register_survivor() -> logging.Handler:
    survivor = logging.NullHandler()
    survivor.name = _DropsTheOtherHandlerOnHash("survivor")
    return survivor


def _register_doomed() -> None:
    doomed = logging.NullHandler()
    doomed.name = "doomed"  # registered after the survivor, so looked up after it
    _last_reference.append(doomed)


def test_a_handler_dying_while_the_transaction_starts_is_left_out() -> None:
    survivor = _register_survivor()
    _register_doomed()
    _DropsTheOtherHandlerOnHash.armed = True
    with logging_transaction():
        pass
    assert not _DropsTheOtherHandlerOnHash.armed  # the death did happen mid-copy
    assert "doomed" not in logging._handlers  # type: ignore[attr-defined]
    assert logging._handlers["survivor"] is survivor  # type: ignore[attr-defined]


def test_a_handler_the_config_built_but_nothing_uses_may_die_while_committing() -> None:
    with logging_transaction():
        survivor = _register_survivor()  # as dictConfig registers what it builds
        logging.root.addHandler(survivor)
        _register_doomed()  # defined by the config, used by no logger
        _DropsTheOtherHandlerOnHash.armed = True
    assert not _DropsTheOtherHandlerOnHash.armed
    assert "doomed" not in logging._handlers  # type: ignore[attr-defined]
    assert logging._handlers["survivor"] is survivor  # type: ignore[attr-defined]


# -- configure() from inside a handler -------------------------------------------


class _ReconfiguringHandler(logging.Handler):
    """Calls configure() from emit, once, as an alerting handler might; times it."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.seconds: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.seconds is None and record.getMessage() == "reconfigure":
            start = time.monotonic()
            logkit.configure(self.path, rich=False)
            self.seconds = time.monotonic() - start


def _log_file_config(path: Path) -> Config:
    handler = {"class": "logging.FileHandler", "filename": str(path), "formatter": "plain"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(message)s"}},
        "handlers": {"file": handler},
        # Not through root, where the other thread would queue for the lock the
        # emitting handler holds (a wait configure() cannot shorten).
        "loggers": {"other": {"handlers": ["file"], "propagate": False}},
        "root": {"level": "INFO", "handlers": ["file"]},
    }


def test_configure_from_inside_emit_does_not_wait_for_itself(tmp_path: Path) -> None:
    """The emitting thread's own callHandlers holds the old list: not a thread to wait for.

    Another thread logs throughout; each of its records is in one of the files, once.
    """
    first, second = tmp_path / "first.log", tmp_path / "second.log"
    logkit.configure(_write(tmp_path / "first.yaml", _log_file_config(first)), rich=False)
    reconfiguring = _ReconfiguringHandler(
        _write(tmp_path / "second.yaml", _log_file_config(second))
    )
    logging.root.addHandler(reconfiguring)
    stop = threading.Event()
    sent: list[str] = []

    def keep_logging() -> None:
        while not stop.is_set() or len(sent) < 200:
            sent.append(f"record {len(sent)}")
            logging.getLogger("other").info(sent[-1])

    other = threading.Thread(target=keep_logging)
    other.start()
    try:
        while len(sent) < 100:
            time.sleep(0.001)
        logging.getLogger("app").info("reconfigure")
    finally:
        stop.set()
        other.join()
    for handler in logging.root.handlers:
        handler.flush()
    assert reconfiguring.seconds is not None
    assert reconfiguring.seconds < 0.25  # the stall it replaces was 0.5 s
    written = first.read_text().splitlines() + second.read_text().splitlines()
    assert sorted(line for line in written if line.startswith("record ")) == sorted(sent)


def _write(path: Path, config: Config) -> Path:
    path.write_text(logkit.dump(config, "yaml"))
    return path
