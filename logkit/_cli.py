"""The ``logkit`` command line; each subcommand lives in ``logkit._commands``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from . import __version__
from ._commands import UsageError
from ._errors import ConfigError

# Subcommands, in the order ``logkit --help`` lists them.
COMMANDS = ("check", "convert", "diff", "show", "run")

EXIT_FAILURE, EXIT_USAGE = 1, 2


def _command_module(name: str) -> ModuleType:
    return importlib.import_module(f"{__package__}._commands.{name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="logkit",
        description="Declarative logging configs in INI, YAML, TOML and JSON.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"logkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = _command_module(name)
        subparser = commands.add_parser(name, help=module.HELP, description=module.DESCRIPTION)
        module.add_arguments(subparser)
        subparser.set_defaults(command_parser=subparser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failure, 2 usage)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        status: int = _command_module(args.command).run(args)
    except UsageError as error:
        parser: argparse.ArgumentParser = args.command_parser
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (ConfigError, OSError) as error:
        print(f"logkit: {error}", file=sys.stderr)
        return EXIT_FAILURE
    return status
