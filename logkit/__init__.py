"""logkit: keep one logging scheme in a file (INI, YAML, TOML or JSON) and apply it.

    import logkit
    logkit.configure()          # $LOGKIT_CONFIG, ./logging.yaml, ... or the default

Format parsers and Rich are imported only when used, so ``import logkit`` is cheap.
"""

from ._api import AppliedConfig, configure, dump, load, watch
from ._errors import ConfigError
from ._show import show
from ._watch import stop

__version__ = "0.1.0"

__all__ = [
    "AppliedConfig",
    "ConfigError",
    "__version__",
    "configure",
    "dump",
    "load",
    "show",
    "stop",
    "watch",
]
