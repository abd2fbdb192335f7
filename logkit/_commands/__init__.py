"""One module per ``logkit`` subcommand.

Each module defines ``HELP`` (a one-line summary), ``DESCRIPTION``,
``add_arguments(parser)`` and ``run(args) -> int`` (the exit status). Register a
new command by adding its module name to ``logkit._cli.COMMANDS``.
"""
