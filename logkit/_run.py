"""Running a program the way ``python script.py`` / ``python -m module`` would.

``logkit run`` configures logging first, so a program that never imports logkit
still logs through the config. Everything after that must look to the program
exactly like a plain ``python`` start: ``sys.argv``, ``sys.path[0]``, ``__main__``,
and, on the way out, the exit status and the printout of an uncaught exception.
"""

from __future__ import annotations

import os
import runpy
import sys
from collections.abc import Sequence
from types import TracebackType
from typing import NamedTuple

# Frames of these modules sit between logkit and the program; like python's, a
# traceback starts at the program's own code.
_LAUNCHER_MODULES = frozenset({__name__, "runpy"})

EXIT_INTERRUPTED = 128 + 2  # what a shell reports for SIGINT


class Program(NamedTuple):
    """What to run: a script path or a module name, and its arguments."""

    target: str
    args: Sequence[str]
    is_module: bool = False


def exit_status(code: object) -> int:
    """The status python exits with for ``SystemExit(code)``, printing it if it is a message."""
    if code is None:
        return 0
    if isinstance(code, int):  # True and False too, as for python
        return int(code)
    print(code, file=sys.stderr)  # sys.exit("message"): python prints it and exits 1
    return 1


def _program_frames(traceback: TracebackType | None) -> TracebackType | None:
    """The traceback without the leading runpy and logkit frames."""
    while traceback is not None:
        if traceback.tb_frame.f_globals.get("__name__") not in _LAUNCHER_MODULES:
            break
        traceback = traceback.tb_next
    return traceback


def _report_uncaught(error: BaseException) -> None:
    traceback = _program_frames(error.__traceback__)
    # The hook may print error.__traceback__ rather than its argument: trim both.
    error = error.with_traceback(traceback)
    # sys.excepthook, not traceback.print_exception: the program may have set its own.
    sys.excepthook(type(error), error, traceback)


def _run_source_file(path: str) -> None:
    """Run a ``.py`` file as python runs a script.

    Not ``runpy.run_path``: that sets ``sys.argv[0]`` to the path it is given,
    while python keeps ``sys.argv[0]`` as typed and makes ``__file__`` absolute.
    """
    import types
    from importlib.machinery import SourceFileLoader

    filename = os.path.abspath(path)
    with open(filename, "rb") as file:  # bytes: compile() honours a coding cookie
        source = file.read()
    code = compile(source, filename, "exec", dont_inherit=True)
    main = types.ModuleType("__main__")
    main.__file__ = filename
    main.__cached__ = None  # type: ignore[attr-defined]
    main.__loader__ = SourceFileLoader("__main__", filename)
    main.__spec__ = None
    sys.modules["__main__"] = main
    exec(code, main.__dict__)  # noqa: S102 - running the user's program is the point


def _start(program: Program) -> None:
    if program.is_module:
        sys.argv[:] = ["-m", *program.args]  # run_module puts the module's path in argv[0]
        sys.path[0:1] = [os.getcwd()]
        runpy.run_module(program.target, run_name="__main__", alter_sys=True)
        return
    sys.argv[:] = [program.target, *program.args]
    sys.path[0:1] = [os.path.dirname(os.path.realpath(program.target))]
    if os.path.isfile(program.target) and not _is_zip(program.target):
        _run_source_file(program.target)
    else:  # a directory or zip archive with a __main__.py, as python accepts
        runpy.run_path(program.target, run_name="__main__")


def _is_zip(path: str) -> bool:
    import zipfile

    return zipfile.is_zipfile(path)


def run_program(program: Program) -> int:
    """Run a script or module as ``__main__`` and return the status python would exit with.

    The process becomes the program's: ``sys.argv`` and ``sys.path[0]`` are set as
    python sets them and are not put back (threads and atexit hooks of the
    program still see them). An uncaught exception is printed through
    ``sys.excepthook`` starting at the program's own frames, and gives status 1
    (130 for KeyboardInterrupt).
    """
    if not program.is_module and not os.path.exists(program.target):
        print(
            f"logkit run: can't open file {os.path.abspath(program.target)!r}:"
            " [Errno 2] No such file or directory",
            file=sys.stderr,
        )
        return 2
    try:
        _start(program)
    except BaseException as error:  # noqa: BLE001 - whatever ends the program sets the status
        return _status_after(error, program)
    return 0


def _status_after(error: BaseException, program: Program) -> int:
    """Report what ended the program, as python would, and return the exit status."""
    if isinstance(error, SystemExit):
        return exit_status(error.code)
    if (
        isinstance(error, ImportError)
        and program.is_module
        and _program_frames(error.__traceback__) is None
    ):
        # runpy could not find the module: say it the way ``python -m`` does.
        print(f"logkit run: {error}", file=sys.stderr)
        return 1
    _report_uncaught(error)
    return EXIT_INTERRUPTED if isinstance(error, KeyboardInterrupt) else 1
