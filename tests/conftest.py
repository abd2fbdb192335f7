"""Every test runs with its own logging state, working directory and LOGKIT_* env."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def isolated_logging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Restore the logging module, cwd and LOGKIT_* variables after each test."""
    for name in list(os.environ):
        if name.startswith("LOGKIT_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)

    root = logging.root
    saved_root = (root.level, root.handlers[:], root.filters[:], root.disabled)
    manager = root.manager
    saved_loggers = dict(manager.loggerDict)
    saved_logger_state = {
        name: (lg.level, lg.handlers[:], lg.propagate, lg.disabled, lg.filters[:])
        for name, lg in saved_loggers.items()
        if isinstance(lg, logging.Logger)
    }
    saved_handler_names = dict(logging._handlers)  # type: ignore[attr-defined]
    saved_handler_list = logging._handlerList[:]  # type: ignore[attr-defined]
    try:
        yield
    finally:
        known = set(map(id, (ref() for ref in saved_handler_list)))
        for ref in logging._handlerList[:]:  # type: ignore[attr-defined]
            handler = ref()
            if handler is not None and id(handler) not in known:
                with contextlib.suppress(Exception):
                    handler.close()
        logging._handlers.clear()  # type: ignore[attr-defined]
        logging._handlers.update(saved_handler_names)  # type: ignore[attr-defined]
        logging._handlerList[:] = saved_handler_list  # type: ignore[attr-defined]
        root.level, root.handlers[:], root.filters[:], root.disabled = saved_root
        manager.loggerDict.clear()
        manager.loggerDict.update(saved_loggers)
        for name, (level, handlers, propagate, disabled, filters) in saved_logger_state.items():
            lg = saved_loggers[name]
            assert isinstance(lg, logging.Logger)
            lg.level, lg.propagate, lg.disabled = level, propagate, disabled
            lg.handlers[:] = handlers
            lg.filters[:] = filters
        manager._clear_cache()  # type: ignore[attr-defined]
