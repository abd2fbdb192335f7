"""The ``logkit`` command line: ``check`` and ``convert``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import __version__
from ._api import dump, load
from ._check import check_config
from ._errors import ConfigError
from ._formats import FORMATS, format_for_path, normalize_format

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="logkit",
        description="Declarative logging configs in INI, YAML, TOML and JSON.",
    )
    parser.add_argument("--version", action="version", version=f"logkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="check that a config loads and the standard library accepts it",
        description="Exit 0 when PATH loads and logging.config accepts it, else 1."
        " Nothing is written and no log file is opened.",
    )
    check.add_argument("path", metavar="PATH")

    convert = commands.add_parser(
        "convert",
        help="convert a config to another format",
        description="Write the config in PATH in another format.",
    )
    convert.add_argument("path", metavar="PATH")
    convert.add_argument(
        "--to",
        metavar="FMT",
        help=f"target format: {', '.join(FORMATS)} (default: from -o's extension)",
    )
    convert.add_argument("-o", "--output", metavar="OUT", help="write here, not to stdout")
    return parser


def _run_check(path: str) -> int:
    check_config(path)
    print(f"{path}: ok")
    return EXIT_OK


def _run_convert(path: str, to: str | None, output: str | None) -> int:
    if to is None and output is None:
        raise ConfigError("convert needs --to FMT or -o OUT with a known extension")
    fmt = normalize_format(to) if to is not None else format_for_path(output or "")
    text = dump(load(path), fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        with open(output, "w", encoding="utf-8") as file:
            file.write(text)
        print(f"wrote {os.fspath(output)}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failure, 2 usage)."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    try:
        if args.command == "check":
            return _run_check(args.path)
        return _run_convert(args.path, args.to, args.output)
    except ConfigError as error:
        print(f"logkit: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:
        print(f"logkit: {error}", file=sys.stderr)
        return EXIT_FAILURE
