"""``logkit show [PATH]``: the logger tree a config produces."""

from __future__ import annotations

import argparse

HELP = "show the logger tree a config produces"
DESCRIPTION = (
    "Apply PATH (else $LOGKIT_CONFIG, ./logging.yaml, ... or the built-in scheme), with"
    " $VARS and LOGKIT_LEVEL/LOGKIT_LOGS_DIR as configure() applies them, in a trial"
    " that is rolled back, and print the logger tree it builds: each logger's"
    " level and effective level, propagation and disabled flag, and its handlers with"
    " class, level, formatter and where they write. Nothing is written and no log"
    " file is opened. A Rich tree on a terminal, plain text otherwise."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", nargs="?", help="the config file")


def run(args: argparse.Namespace) -> int:
    from .._discovery import find_config
    from .._prepare import prepare
    from .._show import print_tree, tree_of_config

    # What configure() would apply: variables substituted, LOGKIT_* applied, checked.
    chosen, reason = find_config(args.path)
    if chosen is None:
        print("the built-in default scheme")
    else:
        print(str(chosen) if reason == "argument" else f"{chosen} (from {reason})")
    prepared = prepare(chosen)
    with prepared.locating():
        tree = tree_of_config(prepared.config)
    print_tree(tree)
    return 0
