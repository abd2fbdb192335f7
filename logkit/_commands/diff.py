"""``logkit diff A B``: do two configs, in any formats, mean the same logging?"""

from __future__ import annotations

import argparse

HELP = "compare what two configs mean, in any formats"
DESCRIPTION = (
    "Compare the logging that A and B configure, after filling in dictConfig's"
    " defaults (levels 20 and INFO, StreamHandler and logging.StreamHandler, an absent"
    " parameter and its default are the same). Print 'identical' and exit 0, or one line"
    " per difference ('handlers.info.maxBytes: 10485760 != 1048576') and exit 1."
    " Both files must be valid configs."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("left", metavar="A", help="a config file")
    parser.add_argument("right", metavar="B", help="another config file")


def run(args: argparse.Namespace) -> int:
    from .._diff import diff

    differences = diff(args.left, args.right)
    if not differences:
        print("identical")
        return 0
    for difference in differences:
        print(difference)
    return 1
