"""``logkit check PATH``: does the file load, and does the standard library accept it?"""

from __future__ import annotations

import argparse
import os
import sys

from .._check import check_config
from .._envvars import ENV_LEVEL, ENV_LOGS_DIR
from .._errors import ConfigError

HELP = "check that a config loads and the standard library accepts it"
DESCRIPTION = (
    "Exit 0 when PATH loads and logging.config accepts it, else 1 with the reason on"
    " stderr. Nothing is written, no log file is opened, and the running process's"
    " logging is left as it was. Every problem found is printed, one per line, as"
    " FILE:LINE: KEY: REASON."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the config file")


def run(args: argparse.Namespace) -> int:
    try:
        check_config(args.path)
    except ConfigError as error:
        for problem in error.errors:
            print(f"logkit: {problem}", file=sys.stderr)
        return 1
    # Say so when the environment changed what was checked, as it will change what runs.
    overrides = [
        f"{name}={os.environ[name]}"
        for name in (ENV_LEVEL, ENV_LOGS_DIR)
        if os.environ.get(name, "").strip()
    ]
    print(f"{args.path}: ok" + (f" (with {', '.join(overrides)})" if overrides else ""))
    return 0
