"""What the start-up hook (``logkit-startup.pth``) costs a Python start.

Two figures (issue 10's goals in brackets):

* unset: with ``LOGKIT_CONFIG`` unset, the work ``site`` does for the hook at
  every start of every Python in the environment: ``site.addpackage`` on the
  installed file (open, read, run its line), median of many, in-process [< 0.2 ms];
* set: ``LOGKIT_CONFIG=logging.yaml python app.py`` with an app that never
  imports logkit, against ``python app.py`` with an app that calls
  ``logkit.configure("logging.yaml")`` itself: whole processes, paired and
  interleaved, median of the differences [< 1 ms].

Run: ``python bench/startup_hook.py`` (from the repository, logkit installed).
"""

from __future__ import annotations

import os
import shutil
import site
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOOK = "logkit-startup.pth"
REPO = Path(__file__).resolve().parent.parent
APP_PLAIN = "import logging\nlogging.getLogger('app').info('ready')\n"
APP_CONFIGURES = "import logkit\nlogkit.configure('logging.yaml')\n" + APP_PLAIN


def installed_hook() -> Path:
    for directory in site.getsitepackages():
        if Path(directory, HOOK).exists():
            return Path(directory)
    raise SystemExit(f"{HOOK} is not installed in {site.getsitepackages()}: pip install .")


def unset_cost(rounds: int = 5000) -> float:
    """Median seconds ``site`` spends on the hook with LOGKIT_CONFIG unset."""
    directory = str(installed_hook())
    saved = os.environ.pop("LOGKIT_CONFIG", None)
    before = set(sys.modules)
    try:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            site.addpackage(directory, HOOK, set())
            times.append(time.perf_counter() - start)
    finally:
        if saved is not None:
            os.environ["LOGKIT_CONFIG"] = saved
    imported = [name for name in set(sys.modules) - before if name.startswith("logkit")]
    assert not imported, f"the hook imported {imported}"
    return statistics.median(times)


def _time(command: list[str], cwd: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True, timeout=60)
    return time.perf_counter() - start


def set_cost(pairs: int = 40) -> tuple[float, float, float]:
    """Median whole-process seconds: hook-configured app, self-configuring app, difference."""
    with tempfile.TemporaryDirectory() as scratch:
        shutil.copy(REPO / "logging.yaml", scratch)
        Path(scratch, "plain.py").write_text(APP_PLAIN)
        Path(scratch, "configures.py").write_text(APP_CONFIGURES)
        base = {k: v for k, v in os.environ.items() if not k.startswith("LOGKIT_")}
        hooked_env = {**base, "LOGKIT_CONFIG": "logging.yaml"}
        hooked, itself, differences = [], [], []
        for index in range(pairs + 2):
            runs = [
                ("hook", [sys.executable, "plain.py"], hooked_env),
                ("self", [sys.executable, "configures.py"], base),
            ]
            if index % 2:
                runs.reverse()  # interleaved: neither always goes first
            timed = {name: _time(command, scratch, env) for name, command, env in runs}
            if index < 2:
                continue  # warm the file cache
            hooked.append(timed["hook"])
            itself.append(timed["self"])
            differences.append(timed["hook"] - timed["self"])
    return statistics.median(hooked), statistics.median(itself), statistics.median(differences)


def main() -> None:
    unset = unset_cost()
    print(f"hook, LOGKIT_CONFIG unset: {unset * 1e3:.4f} ms a start (site.addpackage, median)")
    hooked, itself, difference = set_cost()
    print(
        f"hook, LOGKIT_CONFIG set: {hooked * 1e3:.1f} ms a process, against"
        f" {itself * 1e3:.1f} ms for an app calling configure() itself:"
        f" {difference * 1e3:+.2f} ms (median of paired differences)"
    )


if __name__ == "__main__":
    main()
