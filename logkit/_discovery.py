"""Which config file ``configure()`` uses when it is not given one."""

from __future__ import annotations

import os

from ._envvars import ENV_CONFIG
from ._errors import ConfigError
from ._reading import IS_A_DIRECTORY

# LOGKIT_CONFIG=default names the built-in scheme (no file has a name without
# an extension): how ``logkit run`` hands that choice to the program's children.
BUILT_IN = "default"

# Looked for in the working directory, in this order.
CANDIDATE_NAMES = (
    "logging.yaml",
    "logging.yml",
    "logging.toml",
    "logging.json",
    "logging.config",
    "logging.ini",
)


def find_config(path: str | os.PathLike[str] | None) -> tuple[str | None, str]:
    """Return the config file to use (as a string, not a pathlib.Path: pathlib and
    urllib.parse would cost ~2.5 ms of every configure()) and why it was chosen.

    The order: the explicit ``path``, then ``$LOGKIT_CONFIG``, then the first
    of :data:`CANDIDATE_NAMES` in the working directory, else ``None`` (the
    built-in default, also chosen by ``LOGKIT_CONFIG=default``).
    """
    if path is not None:
        return os.fspath(path), "argument"
    from_env = os.environ.get(ENV_CONFIG, "").strip()
    if from_env == BUILT_IN:
        return None, "built-in default"
    if from_env:
        chosen = from_env
        if not os.path.exists(chosen):
            raise ConfigError(
                f"file not found (named by ${ENV_CONFIG})", path=chosen, key=ENV_CONFIG
            )
        if os.path.isdir(chosen):  # before its missing extension is taken for the problem
            raise ConfigError(
                f"{IS_A_DIRECTORY} (named by ${ENV_CONFIG})",
                path=chosen,
                key=ENV_CONFIG,
            )
        return chosen, ENV_CONFIG
    for name in CANDIDATE_NAMES:
        if os.path.isfile(name):
            return name, "working directory"
    return None, "built-in default"
