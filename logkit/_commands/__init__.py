"""One module per ``logkit`` subcommand.

Each module defines ``HELP`` (a one-line summary), ``DESCRIPTION``,
``add_arguments(parser)`` and ``run(args) -> int`` (the exit status). Register a
new command by adding its module name to ``logkit._cli.COMMANDS``. A command that
finds its arguments wrong raises :class:`UsageError`: ``logkit`` prints the
command's usage line and the message, and exits 2.
"""

from __future__ import annotations


class UsageError(Exception):
    """The command line is wrong (exit 2 with the command's usage), not the config."""


def chosen_config(path: str | None) -> tuple[str | None, str]:
    """The config a command works on, and how to name it in its output.

    An explicit ``path`` is named as given; otherwise the config ``configure()``
    would discover, named with where it came from (``logging.yaml (from
    working directory)``), or the built-in default scheme (``None``).

    Raises:
        ConfigError: ``$LOGKIT_CONFIG`` names a file that does not exist.
    """
    from .._discovery import find_config

    chosen, reason = find_config(path)
    if chosen is None:
        return None, "the built-in default scheme"
    return chosen, str(chosen) if reason == "argument" else f"{chosen} (from {reason})"
