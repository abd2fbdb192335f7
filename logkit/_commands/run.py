"""``logkit run [--config PATH] script.py [args...]`` and ``logkit run -m module [args...]``."""

from __future__ import annotations

import argparse
import os

from . import UsageError

HELP = "configure logging, then run a Python script or module as python would"
DESCRIPTION = (
    "Apply a config (PATH, else $LOGKIT_CONFIG, ./logging.yaml, ... or the built-in"
    " scheme), then run the script or module as __main__ with its own arguments,"
    " exactly as 'python script.py args' or 'python -m module args' would: sys.argv,"
    " sys.path[0], the exit status and uncaught exceptions are python's. The program"
    " does not need to import logkit. Everything after the script name, or after"
    " -m MODULE, goes to the program. The program's child processes get the same"
    " config (LOGKIT_CONFIG is set for them)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # argparse cannot draw two REMAINDER arguments; "[options]" covers later ones.
    parser.usage = (
        "%(prog)s [options] script.py [ARGS...]\n"
        "       %(prog)s [options] -m MODULE [ARGS...]"
    )
    parser.add_argument(
        "--config", metavar="PATH", help="the config file (default: the usual discovery)"
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="re-apply the config file whenever it changes while the program runs",
    )
    # Options of `logkit run` itself go above this line: the two below take every
    # argument that follows, so `logkit run app.py --config x` passes --config to app.py.
    parser.add_argument(
        "-m",
        dest="module",
        nargs=argparse.REMAINDER,
        metavar="MODULE",
        help="run a library module as a script, like python -m (ARGS follow it)",
    )
    parser.add_argument(
        "program",
        nargs=argparse.REMAINDER,
        metavar="script.py [ARGS]",
        help="the script to run and its arguments",
    )


def run(args: argparse.Namespace) -> int:
    from .._api import configure
    from .._discovery import BUILT_IN
    from .._envvars import ENV_CONFIG
    from .._run import Program, run_program

    if args.module is not None:
        if not args.module:
            raise UsageError("-m needs a module name")
        # argparse stops -m's arguments at "--"; python passes it on, so do we.
        program = Program(args.module[0], [*args.module[1:], *args.program], is_module=True)
    else:
        words = args.program[1:] if args.program[:1] == ["--"] else args.program
        if not words:
            raise UsageError("give a script to run, or -m MODULE")
        program = Program(words[0], words[1:])
    applied = configure(args.config, watch=args.watch)
    # The program's children (multiprocessing, subprocess) apply the same choice
    # through the start-up hook, from any working directory.
    os.environ[ENV_CONFIG] = str(applied.path.resolve()) if applied.path else BUILT_IN
    try:
        return run_program(program)
    finally:
        if args.watch:
            from .._watch import stop

            stop()
