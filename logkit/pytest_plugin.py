"""logkit's pytest plugin: the ``logkit_config`` fixture.

Registered through the ``pytest11`` entry point, so every pytest run where logkit
is installed imports this module: it imports nothing but pytest and the standard
library at start-up (``import logkit`` itself is lazy), and logkit's pipeline only
when a test asks for the fixture. ``-p no:logkit`` turns it off.

    def test_staging_config(logkit_config):
        applied = logkit_config("staging.yaml")
        assert applied.format == "yaml"
        # ... the process logs as staging.yaml says; after the test, as before.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

import pytest

if TYPE_CHECKING:
    from ._api import AppliedConfig

__all__ = ["ApplyConfig", "logkit_config"]

ConfigArgument = Union[str, "os.PathLike[str]", Mapping[str, Any], None]


class ApplyConfig:
    """What the ``logkit_config`` fixture gives a test: call it to apply a config."""

    def __init__(self, directory: pytest.TempPathFactory) -> None:
        self._directory = directory
        self._numbers = itertools.count(1)
        self._watching = False

    def __call__(self, config: ConfigArgument = None, /, **options: Any) -> AppliedConfig:
        """Apply ``config`` as ``logkit.configure(config, **options)`` does; return its result.

        Args:
            config: A config file path (any format), a ``dictConfig`` dict, or
                None (found as ``configure()`` finds it). A dict is written as
                JSON to a temporary file and applied from there, so it goes
                through exactly what a file does: validation, ``${VAR}``,
                ``LOGKIT_*``, the Rich console; errors name that file.
            options: ``configure``'s keyword arguments (``rich``, ``watch``).

        Raises:
            ConfigError: as ``configure``; the logging in place stays.
        """
        import logkit

        if isinstance(config, Mapping):
            config = self._written(config)
        applied = logkit.configure(config, **options)
        self._watching = self._watching or bool(options.get("watch"))
        return applied

    def _written(self, config: Mapping[str, Any]) -> Path:
        import logkit

        text = logkit.dump(config, "json")  # ConfigError names what JSON cannot hold
        path = self._directory.mktemp("logkit_config") / f"config-{next(self._numbers)}.json"
        path.write_text(text, encoding="utf-8")
        return path

    def stop_watching(self) -> None:
        """End a watch a call started (before logging is put back: no reload after)."""
        if self._watching:
            import logkit

            logkit.stop()


@pytest.fixture
def logkit_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApplyConfig]:
    """``logkit_config(path_or_dict, **options)`` applies a config for this test only.

    It returns what ``logkit.configure`` returns. After the test, passed or
    failed, the process's logging is exactly as before: every logger's level,
    handlers, filters, propagate and disabled flags, the root's, the handler
    registry and the LogRecord factory; handlers that existed before were never
    closed, and every handler created during the test (so every file the
    configs opened) is closed. Loggers created during the test stay, inert
    (NOTSET, propagating, no handlers): module code may hold them.
    """
    from ._transaction import logging_set_aside

    with logging_set_aside():
        apply = ApplyConfig(tmp_path_factory)
        yield apply
        apply.stop_watching()
