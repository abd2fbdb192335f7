"""``logkit show [--static] [PATH]``: the logger tree a config produces."""

from __future__ import annotations

import argparse

from . import chosen_config

HELP = "show the logger tree a config produces"
DESCRIPTION = (
    "Print the logger tree PATH builds (without PATH: the config configure() would"
    " use, from $LOGKIT_CONFIG, ./logging.yaml, ... or the built-in scheme), read with"
    " $VARS and LOGKIT_LEVEL/LOGKIT_LOGS_DIR as configure() reads it: each logger's"
    " level and effective level, propagation and disabled flag, and its handlers with"
    " class, level, formatter and where they write. The tree is built by"
    " logging.config in a trial that is rolled back, so code the config names runs:"
    " the modules of its classes are imported, and its classes and '()' factories"
    " called. File handlers are told not to open their files, and the running"
    " process's logging is left as it was. --static runs none of that code and"
    " draws the tree from the file alone: levels as written, handlers by their class"
    " as written, where they write as far as the file says. A Rich tree on a"
    " terminal, plain text otherwise."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", nargs="?", help="the config file")
    parser.add_argument(
        "--static",
        action="store_true",
        help="run no code from the config: draw the tree from the file alone",
    )


def run(args: argparse.Namespace) -> int:
    from .._prepare import prepare
    from .._show import print_tree, static_tree, tree_of_config

    # What configure() would apply: variables substituted, LOGKIT_* applied, checked.
    chosen, title = chosen_config(args.path)
    prepared = prepare(chosen, run_code=not args.static)
    with prepared.locating():
        tree = static_tree(prepared.config) if args.static else tree_of_config(prepared.config)
    # The title only once there is a tree: an error is the only output of a failure.
    print(f"{title} (static: from the file alone)" if args.static else title)
    print_tree(tree)
    return 0
