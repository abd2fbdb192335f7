"""``logkit convert PATH --to FMT [-o OUT]``: the same config in another format."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from .._api import dump, load
from .._errors import ConfigError
from .._formats import FORMATS, format_for_path, normalize_format
from . import UsageError

if TYPE_CHECKING:
    from .._prepare import Source

HELP = "convert a config to another format"
DESCRIPTION = (
    "Write the config in PATH in another format, to stdout or to OUT. With --check,"
    " read the result back and compare what it means with PATH (as 'logkit diff'"
    " does): exit 1, listing the differences on stderr, if the conversion lost anything."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the config file")
    parser.add_argument(
        "--to",
        metavar="FMT",
        help=f"target format: {', '.join(FORMATS)} (default: from OUT's extension)",
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write here, not to stdout")
    parser.add_argument(
        "--check",
        action="store_true",
        help="verify that the converted config means the same as PATH",
    )
    parser.add_argument(
        "--keep-env",
        action="store_true",
        help="write ${VAR} references as they are, instead of this environment's values",
    )


def _target_format(args: argparse.Namespace) -> str:
    """The format to write, from --to or else OUT's extension; wrong arguments are usage."""
    if args.to is None and args.output is None:
        raise UsageError("give --to FMT, or -o OUT with a known extension")
    try:
        return normalize_format(args.to) if args.to is not None else format_for_path(args.output)
    except ConfigError as error:
        raise UsageError(str(error)) from error


def run(args: argparse.Namespace) -> int:
    from .._prepare import Source

    fmt = _target_format(args)
    read = Source.read(args.path)  # once: for the config and for its opening comment
    source = read.substituted() if not args.keep_env else read.config
    text = _with_source_comment(dump(source, fmt), read, fmt)
    if args.output is None:
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(text)
        print(f"wrote {args.output}", file=sys.stderr)
    if args.check:
        return _check_conversion(args, source, text, fmt)
    return 0


def _with_source_comment(text: str, source: Source, fmt: str) -> str:
    """Carry the source's opening comment block over (where both formats have comments)."""
    from .._comments import carried_comment, opening_comment, with_opening_comment

    comment = opening_comment(source.text, source.format)
    carried = carried_comment(comment, os.path.basename(source.path), source.format, fmt)
    return with_opening_comment(text, carried, fmt)


def _check_conversion(
    args: argparse.Namespace, source: dict[str, Any], text: str, fmt: str
) -> int:
    """Read the converted config back (from OUT when written) and compare meanings."""
    from .._diff import config_differences
    from .._formats import format_module

    if args.output is None:
        converted = format_module(fmt).parse(text, "<converted>")
        name = f"the {fmt} output"
    else:
        converted = load(args.output, env=not args.keep_env)
        name = args.output
    differences = config_differences(source, converted)
    if not differences:
        print(f"checked: {name} means the same as {args.path}", file=sys.stderr)
        return 0
    print(f"logkit: {name} does not mean the same as {args.path}:", file=sys.stderr)
    for difference in differences:
        print(f"  {difference}", file=sys.stderr)
    return 1
