"""``logkit convert PATH --to FMT [-o OUT]``: the same config in another format."""

from __future__ import annotations

import argparse
import sys

from .._api import dump, load
from .._errors import ConfigError
from .._formats import FORMATS, format_for_path, normalize_format

HELP = "convert a config to another format"
DESCRIPTION = "Write the config in PATH in another format, to stdout or to OUT."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the config file")
    parser.add_argument(
        "--to",
        metavar="FMT",
        help=f"target format: {', '.join(FORMATS)} (default: from OUT's extension)",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here, not to stdout")


def run(args: argparse.Namespace) -> int:
    if args.to is None and args.output is None:
        raise ConfigError("convert needs --to FMT or -o OUT with a known extension")
    fmt = normalize_format(args.to) if args.to is not None else format_for_path(args.output)
    text = dump(load(args.path), fmt)
    if args.output is None:
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(text)
        print(f"wrote {args.output}", file=sys.stderr)
    return 0
