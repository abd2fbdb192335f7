"""logkit: keep one logging scheme in a file (INI, YAML, TOML or JSON) and apply it.

    import logkit
    logkit.configure()          # $LOGKIT_CONFIG, ./logging.yaml, ... or the default

Format parsers and Rich are imported only when used, so ``import logkit`` is cheap.
"""

from __future__ import annotations

import sys

from ._errors import ConfigError, ConfigWarning

# typing.TYPE_CHECKING without importing typing (about 2 ms of every start-up):
# mypy treats any name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._api import AppliedConfig, configure, dump, load, watch
    from ._diff import Difference, diff
    from ._show import show
    from ._watch import stop

__version__ = "0.1.0"

__all__ = [
    "AppliedConfig",
    "ConfigError",
    "ConfigWarning",
    "Difference",
    "__version__",
    "configure",
    "diff",
    "dump",
    "load",
    "show",
    "stop",
    "watch",
]

# Loaded on first use: programs that only configure never pay for show or diff, and
# importing the package (as pytest does, for logkit.pytest_plugin) costs almost nothing.
_LAZY = {
    "AppliedConfig": "._api",
    "configure": "._api",
    "dump": "._api",
    "load": "._api",
    "watch": "._api",
    "Difference": "._diff",
    "diff": "._diff",
    "show": "._show",
    "stop": "._watch",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = __name__ + _LAZY[name]
        __import__(module)  # not importlib: a fresh interpreter has not loaded it (~0.15 ms)
        value = getattr(sys.modules[module], name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
