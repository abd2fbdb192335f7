"""Servers' own records through the scheme: uvicorn and gunicorn.

Both servers set up logging of their own when they start: uvicorn applies its
``LOGGING_CONFIG`` with ``dictConfig`` (which also closes every handler the
scheme made), gunicorn gives ``gunicorn.error`` and ``gunicorn.access``
handlers of their own and stops them propagating. Either way their lines, and
the tracebacks of failed requests, bypass the scheme's console and files.

Once a config is applied, :func:`route_servers` makes each server, when it is
imported (now or later, in this process or a worker), leave that out unless the
user asked for logging of their own:

* uvicorn with its default ``log_config`` (no ``--log-config``): nothing is
  applied; its loggers (``uvicorn``, ``uvicorn.error``, ``uvicorn.access``)
  propagate to the scheme. ``--log-level`` and ``--no-access-log`` still work.
* gunicorn without ``--log-config``, ``logconfig_dict`` or ``--log-config-json``:
  its handlers for ``-`` (the terminal) are removed and both loggers propagate;
  files it was told to write (``--error-logfile PATH``, ``--access-logfile
  PATH``) and syslog stay. Access lines are always logged, as uvicorn does
  (gunicorn 23 and later; before, give ``--access-logfile -``).

The servers' code is wrapped, not edited: the original runs, and a user's own
logging configuration always wins.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

# importlib.abc is left out on purpose: it imports importlib.resources and
# tempfile, several milliseconds of every configure(). The import system asks a
# finder for find_spec and a loader for create_module/exec_module, nothing more.
TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from importlib.abc import Loader as _Loader
    from importlib.machinery import ModuleSpec
    from typing import Any
else:
    _Loader = object

_ROUTED = "__logkit_routed__"  # marks a wrapped function, so it is wrapped once


def _route_uvicorn(config_module: ModuleType) -> None:
    config_class = config_module.Config
    original = config_class.configure_logging
    if getattr(original, _ROUTED, False):
        return

    def configure_logging(self: Any) -> None:
        # Compared by value: a worker gets a pickled copy of the default.
        if self.log_config is None or self.log_config != config_module.LOGGING_CONFIG:
            original(self)  # the user's own --log-config wins
            return
        default, self.log_config = self.log_config, None
        try:
            original(self)  # levels, --no-access-log: the rest of uvicorn's setup
        finally:
            self.log_config = default

    setattr(configure_logging, _ROUTED, True)
    config_class.configure_logging = configure_logging


def _gunicorn_user_logging(cfg: Any) -> bool:
    return bool(cfg.logconfig or cfg.logconfig_dict or getattr(cfg, "logconfig_json", None))


def _route_gunicorn(glogging: ModuleType) -> None:
    logger_class = glogging.Logger
    original = logger_class.setup
    if getattr(original, _ROUTED, False):
        return

    def setup(self: Any, cfg: Any) -> None:
        original(self, cfg)
        if _gunicorn_user_logging(cfg):
            return
        for log in (self.error_log, self.access_log):
            for handler in list(log.handlers):
                terminal = isinstance(handler, logging.StreamHandler) and not isinstance(
                    handler, logging.FileHandler
                )
                if getattr(handler, "_gunicorn", False) and terminal:
                    log.removeHandler(handler)  # the scheme's console replaces it
            log.propagate = True
        # Read on every request since gunicorn 23 (before, --access-logfile - is needed).
        self._access_log_enabled = True

    setattr(setup, _ROUTED, True)
    logger_class.setup = setup


_ROUTES: dict[str, Callable[[ModuleType], None]] = {
    "uvicorn.config": _route_uvicorn,
    "gunicorn.glogging": _route_gunicorn,
}


class _RoutingLoader(_Loader):
    """The module's own loader, then its route."""

    def __init__(self, loader: Any, route: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._route = route

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        module: ModuleType | None = self._loader.create_module(spec)
        return module

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        self._route(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename, ...
        return getattr(self._loader, name)


class _RouteOnImport:
    """Routes a server's logging when its module is imported (after this finder is in place)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        route = _ROUTES.get(fullname)
        if route is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _RoutingLoader(spec.loader, route)
                return spec
        return None


def route_servers() -> None:
    """Route uvicorn's and gunicorn's logging to the scheme, now and when they are imported."""
    if not any(isinstance(finder, _RouteOnImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _RouteOnImport())
    for name, route in _ROUTES.items():
        module = sys.modules.get(name)
        if module is not None:
            route(module)
