"""The start-up hook: ``LOGKIT_CONFIG=path python app.py`` configures an unchanged app.

``logkit-startup.pth``, installed at the top of site-packages with logkit (see
``build_backend/``), runs at every Python start; it calls :func:`activate` only
when ``LOGKIT_CONFIG`` is set, and imports nothing of logkit otherwise. Every
process started from that environment (``multiprocessing`` children by spawn
or forkserver, process pools, ``subprocess`` running Python) inherits the
variable and so the config; a forked child inherits the configured logging.

Starting the program matters more than its logging: a config that cannot be
applied is reported as ``logkit:`` lines on stderr, once per program (a child
meeting the same problem stays quiet), and logging stays as the standard
library left it. Never a traceback at interpreter start.
"""

from __future__ import annotations

import functools
import os
import sys
import zlib

from ._envvars import ENV_CONFIG

# The digest of what this program already printed, inherited by its children.
_ENV_REPORTED = "_LOGKIT_STARTUP_REPORTED"

# Options of python that take a value as the next argument (python -X dev ...).
_OPTIONS_WITH_VALUE = frozenset({"-X", "-W", "--check-hash-based-pycs"})


@functools.cache
def activate() -> None:
    """Apply ``$LOGKIT_CONFIG`` to this process; never raise.

    Runs once per process: site may read the hook twice (a venv's ``lib`` and
    ``lib64`` are both site directories). logkit's own command line applies
    its config itself and is left alone.
    """
    if _runs_logkit_command(sys.argv, getattr(sys, "orig_argv", [])):
        return
    try:
        lines = _apply()
    except Exception as exc:  # noqa: BLE001 - the program must start whatever went wrong
        lines = [f"logkit: ${ENV_CONFIG} was not applied: {type(exc).__name__}: {exc}"]
    _report(lines)


def _apply() -> list[str]:
    """Configure from ``$LOGKIT_CONFIG``; return the lines to print about it."""
    import warnings

    from ._api import configure
    from ._errors import ConfigError, ConfigWarning

    _make_config_path_absolute()
    entry = _program_path_entry()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConfigWarning)
        sys.path.insert(0, entry)  # as for the program: its own handler classes import
        try:
            configure()
        except ConfigError as error:
            return [f"logkit: {problem}" for problem in error.errors]
        finally:
            sys.path.remove(entry)
    lines = []
    for warning in caught:
        if issubclass(warning.category, ConfigWarning):
            lines.append(f"logkit: warning: {warning.message}")
        else:  # not ours to judge: shown as it would have been
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return lines


def _make_config_path_absolute() -> None:
    """Children started after the program changes directory must find the same file."""
    named = os.environ.get(ENV_CONFIG, "").strip()
    if named and os.path.exists(named) and not os.path.isabs(named):
        os.environ[ENV_CONFIG] = os.path.abspath(named)


def _program_path_entry() -> str:
    """What python will put first on ``sys.path`` for this program (not there yet)."""
    if getattr(sys.flags, "safe_path", False) or sys.flags.isolated:
        return os.getcwd()  # no entry: harmless, and removed again
    script = sys.argv[0] if sys.argv else ""
    if script and script not in ("-c", "-m") and os.path.exists(script):
        return os.path.dirname(os.path.realpath(script))
    return os.getcwd()


def _runs_logkit_command(argv: list[str], orig_argv: list[str]) -> bool:
    """Whether this process is ``logkit ...`` or ``python -m logkit ...``."""
    if argv and os.path.splitext(os.path.basename(argv[0]))[0] == "logkit":
        return True
    words = iter(orig_argv[1:])
    for word in words:
        if word == "-m":
            return next(words, None) == "logkit"
        if word.startswith("-m"):
            return word == "-mlogkit"
        if word in _OPTIONS_WITH_VALUE:
            next(words, None)
        elif word == "-c" or not word.startswith("-"):
            return False
    return False


def _report(lines: list[str]) -> None:
    """Print ``lines`` on stderr unless this program's parent already printed them."""
    if not lines:
        return
    text = "".join(f"{line}\n" for line in lines)
    digest = format(zlib.crc32(text.encode("utf-8", "replace")), "08x")
    if os.environ.get(_ENV_REPORTED) == digest:
        return
    os.environ[_ENV_REPORTED] = digest
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # no stderr (pythonw), or closed
        pass
