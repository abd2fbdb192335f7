"""``logkit check [PATH ...]``: does each file load, and does the standard library accept it?"""

from __future__ import annotations

import argparse
import os
import sys

from .._check import check_config
from .._envvars import ENV_LEVEL, ENV_LOGS_DIR
from .._errors import ConfigError
from . import chosen_config

HELP = "check that configs load and the standard library accepts them"
DESCRIPTION = (
    "Check each PATH (without one: the config configure() would use, from"
    " $LOGKIT_CONFIG, ./logging.yaml, ... or the built-in scheme, named in the output)"
    " as configure() would read it, then have logging.config build it in a trial"
    " that is rolled back. That build runs code the config names: it imports the"
    " modules of its classes and calls its handler, formatter and filter classes"
    " and '()' factories; file handlers are told not to open their files, and the"
    " running process's logging is left as it was. --static runs none of that code"
    " (nothing imported, built or called): only what the file alone shows is"
    " checked. Every problem is printed on stderr, one per line, as"
    " FILE:LINE: KEY: REASON, and each warning as 'warning: FILE:LINE: KEY: REASON'."
    " Exit 1 when any file failed (with --strict, also when it has warnings)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="*",
        help="config files (default: the config configure() would use)",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "--static",
        action="store_true",
        help="run no code from the config: import nothing, build nothing",
    )


def run(args: argparse.Namespace) -> int:
    chosen = [chosen_config(path) for path in args.paths] if args.paths else [chosen_config(None)]
    failed = [_check_one(path, name, args) for path, name in chosen]
    return 1 if any(failed) else 0


def _check_one(path: str | os.PathLike[str] | None, name: str, args: argparse.Namespace) -> bool:
    """Check one config and print what was found; return whether it failed."""
    try:
        prepared = check_config(path, run_code=not args.static)
    except ConfigError as error:
        for problem in error.errors:
            print(f"logkit: {problem}", file=sys.stderr)
        return True
    for warning in prepared.warnings:
        print(f"logkit: warning: {warning}", file=sys.stderr)
    if args.strict and prepared.warnings:
        return True
    print(f"{name}: ok{_notes(args.static)}")
    return False


def _notes(static: bool) -> str:
    """What qualifies the verdict: a static check, the environment's overrides."""
    notes = ["static: no code run"] if static else []
    # Say so when the environment changed what was checked, as it will change what runs.
    overrides = [
        f"{name}={os.environ[name]}"
        for name in (ENV_LEVEL, ENV_LOGS_DIR)
        if os.environ.get(name, "").strip()
    ]
    if overrides:
        notes.append(f"with {', '.join(overrides)}")
    return f" ({'; '.join(notes)})" if notes else ""
