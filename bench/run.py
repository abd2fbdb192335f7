"""logkit benchmark: ``python bench/run.py`` (about four minutes on two cores).

Measures, in one run and side by side, as ratios to the plain standard-library
scheme (console + rotating info.log + rotating error.log):

1. the scheme under the mixed load (45% plain INFO, 45% %-args INFO, 9% ERROR,
   1% ``log.exception``) and the same without exceptions: a plain console,
   ``rich.logging.RichHandler(markup=True)``, logkit as shipped
   (``logkit.configure()`` at a terminal, logkit's rotating files), the same
   with rich tracebacks on; loguru, picologging and structlog on the same load;
1b. the exception-position ladder: one ``log.exception`` raised at line 10,
   500, 2000 and 5000 of its file, per console handler;
2. a rotating file handler alone: stdlib ``FileHandler`` (no rotation),
   stdlib ``RotatingFileHandler``, logkit's ``RotatingFileHandler``;
3. four processes writing one rotating file (~20 rotations): lines lost,
   duplicated and corrupt, and lines/s, for stdlib, concurrent-log-handler, logkit;
4. start-up: ``import logkit`` + ``configure`` vs hand-written YAML + dictConfig,
   paired and interleaved, in-process and whole process: in a fresh interpreter
   (the goal), with site as this Python starts, and at a terminal (Rich's console).

Every case runs in a fresh process in a temporary directory; peak memory is that
process's peak RSS. Options: ``--quick`` (smaller, for a smoke test),
``--json FILE`` (also save the figures).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# Bytecode is cached as for an installed package (pip compiles it on install):
# with PYTHONDONTWRITEBYTECODE every run would recompile logkit from source.
ENV = {
    **{
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LOGKIT_") and k != "PYTHONDONTWRITEBYTECODE"
    },
    "PYTHONPATH": str(REPO),
}
OPTIONAL = {
    "loguru": "loguru",
    "picologging": "picologging",
    "structlog": "structlog",
    "concurrent-log-handler": "concurrent_log_handler",
}
LOADS = {"mixed": "1% exceptions", "mixed-no-exceptions": "no exceptions"}


@dataclass
class Row:
    section: str
    case: str
    label: str
    records: int = 0
    load: str = "errors"
    rate: float | None = None  # records per CPU second (wall for multiprocess rows)
    wall_rate: float | None = None
    peak_mb: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def missing(distribution: str) -> bool:
    return importlib.util.find_spec(OPTIONAL[distribution]) is None


def run_script(script: str, *args: str, what: str) -> Any:
    """Run ``bench/script`` with ``args`` in a fresh process and a temporary directory;
    its figures are the JSON value on the last line it prints. ``what`` names it in errors."""
    workdir = tempfile.mkdtemp(prefix="logkit-bench-")
    try:
        result = subprocess.run(
            [sys.executable, str(BENCH / script), *args],
            cwd=workdir,
            env=ENV,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{what} failed:\n{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_case(case: str, records: int, load: str, script: str = "_scheme.py") -> dict[str, Any]:
    """Run one case of _scheme.py (or ``script``, same arguments): see :func:`run_script`."""
    figures: dict[str, Any] = run_script(script, case, str(records), load, what=case)
    return figures


def measure(rows: list[Row], repeats: int) -> None:
    """Fill in rates, ratios and peak memory: medians over repeats, run round-robin.

    The rate is per CPU second of the benchmark process: on a shared machine
    other work inflates wall time at random, CPU time much less. Wall-clock
    rates are kept alongside. A scheme row's ratio is the median of its ratios
    to the stdlib plain scheme run in the same round.
    """
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {
        (row.case, row.load): [] for row in rows if not row.note
    }
    for _ in range(repeats):
        for row in rows:
            if (row.case, row.load) in runs:
                runs[row.case, row.load].append(run_case(row.case, row.records, row.load))
    for row in rows:
        if (row.case, row.load) in runs:
            figures = runs[row.case, row.load]
            row.rate = statistics.median(cpu_rate(f) for f in figures)
            row.wall_rate = statistics.median(f["records"] / f["seconds"] for f in figures)
            row.peak_mb = max(f["peak_rss_kb"] for f in figures) / 1024
            baseline = runs.get(("stdlib-plain", row.load))
            if row.section.startswith("scheme") and baseline:
                # Each round's ratio to the baseline run in that round (minutes apart at
                # most), then their median: the machine's drift between rounds cancels.
                pairs = zip(figures, baseline, strict=True)
                row.extra["ratio"] = statistics.median(cpu_rate(f) / cpu_rate(b) for f, b in pairs)


def cpu_rate(figures: dict[str, Any]) -> float:
    """Records per CPU second of one run."""
    return float(figures["records"] / figures["cpu_seconds"])


def scheme_rows(records: int, rich_records: int) -> list[Row]:
    rows = []
    for load, described in LOADS.items():
        section = f"scheme, mixed load, {described}"
        cases = [
            ("stdlib-plain", "stdlib scheme, plain StreamHandler console", records),
            ("stdlib-richhandler", "stdlib scheme, RichHandler(markup=True)", rich_records),
            ("logkit-shipped", "logkit as shipped (configure(), Rich console)", records),
            ("logkit-rich-tracebacks", "logkit as shipped + rich tracebacks on", records),
            ("logkit-plain", "plain console + logkit rotating files", records),
            ("loguru", "loguru, equivalent sinks", records),
            ("picologging", "picologging, equivalent handlers", records),
            ("structlog", "structlog in front of the stdlib scheme", records),
        ]
        for case, label, count in cases:
            if case == "logkit-rich-tracebacks" and load != "mixed":
                continue  # without exceptions it is the shipped row
            row = Row(section, case, label, count, load)
            if case in OPTIONAL and missing(case):
                row.note = f"skipped: {case} not installed (pip install -r bench/requirements.txt)"
            rows.append(row)
    return rows


def ladder_rows(repeats: int) -> list[Row]:
    """One exception at lines 10..5000 of its file, per console (bench/_ladder.py)."""
    figures: dict[str, dict[str, dict[str, float]]] = run_script(
        "_ladder.py", str(repeats), what="ladder"
    )
    rows = []
    for handler, by_line in figures.items():
        note = "; ".join(
            f"line {line}: {cost['median_ms']:.2f} ms (first {cost['first_ms']:.1f})"
            for line, cost in by_line.items()
        )
        rows.append(
            Row(
                "exception ladder (ms per log.exception)",
                handler,
                handler,
                note=note,
                extra=by_line,
            )
        )
    return rows


def file_rows(records: int) -> list[Row]:
    return [
        Row("file", "file-stdlib-file", "stdlib FileHandler alone (no rotation)", records),
        Row("file", "file-stdlib-rotating", "stdlib RotatingFileHandler alone", records),
        Row("file", "file-logkit-rotating", "logkit RotatingFileHandler alone", records),
    ]


LINE = re.compile(r"w=(\d+) n=(\d{6}) (?:payload-){5}")


def multiprocess_run(kind: str, workers: int, lines: int, max_bytes: int) -> dict[str, Any]:
    """Four writers, one rotating file; count what reached the disk."""
    workdir = Path(tempfile.mkdtemp(prefix="logkit-mp-"))
    try:
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    str(BENCH / "_mp_worker.py"),
                    kind,
                    str(w),
                    str(lines),
                    str(max_bytes),
                ],
                cwd=workdir,
                env=ENV,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for w in range(workers)
        ]
        deadline = time.monotonic() + 60
        while not all((workdir / f"ready-{w}").exists() for w in range(workers)):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError(f"{kind} workers did not start: {procs[0].communicate()}")
            time.sleep(0.005)
        (workdir / "go").touch()
        times = []
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            if proc.returncode != 0:
                raise RuntimeError(f"{kind} worker failed:\n{err}")
            times.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = max(t["ended"] for t in times) - min(t["started"] for t in times)

        seen: Counter[tuple[int, int]] = Counter()
        corrupt = 0
        files = sorted(workdir.glob("app.log*"))
        for path in files:
            for line in path.read_text("utf-8", errors="replace").splitlines():
                match = LINE.fullmatch(line)
                if match:
                    seen[int(match[1]), int(match[2])] += 1
                else:
                    corrupt += 1
        expected = {(w, n) for w in range(workers) for n in range(lines)}
        return {
            "lost": len(expected - set(seen)),
            "duplicated": sum(count - 1 for count in seen.values() if count > 1),
            "corrupt": corrupt,
            "files": len(files),
            "lines_per_s": workers * lines / elapsed,
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def multiprocess_rows(runs: int, workers: int, lines: int, max_bytes: int) -> list[Row]:
    """Run every handler kind once per round, so machine load hits them alike."""
    kinds = {
        "plain-append": "plain FileHandler appends (no rotation)",
        "stdlib": "stdlib RotatingFileHandler",
        "concurrent-log-handler": "concurrent-log-handler",
        "logkit": "logkit RotatingFileHandler",
    }
    rows = {
        kind: Row("multiprocess", kind, label, workers * lines) for kind, label in kinds.items()
    }
    results: dict[str, list[dict[str, Any]]] = {}
    for kind, row in rows.items():
        if kind in OPTIONAL and missing(kind):
            row.note = f"skipped: {kind} not installed (pip install -r bench/requirements.txt)"
        else:
            results[kind] = []
    for round_number in range(runs):
        for kind, kind_results in results.items():
            if kind == "plain-append" and round_number >= max(1, runs // 3):
                continue  # a reference speed only: fewer runs
            kind_results.append(multiprocess_run(kind, workers, lines, max_bytes))
    for kind, kind_results in results.items():
        row = rows[kind]
        bad_runs = sum(1 for r in kind_results if r["lost"] or r["duplicated"] or r["corrupt"])
        row.rate = row.wall_rate = statistics.median(r["lines_per_s"] for r in kind_results)
        row.extra = {
            "runs": len(kind_results),
            "bad_runs": bad_runs,
            "lost": sum(r["lost"] for r in kind_results),
            "duplicated": sum(r["duplicated"] for r in kind_results),
            "corrupt": sum(r["corrupt"] for r in kind_results),
            "files": statistics.median(r["files"] for r in kind_results),
            "lines_per_s": [r["lines_per_s"] for r in kind_results],
        }
        if kind != "plain-append":
            row.note = (
                f"{bad_runs}/{len(kind_results)} runs bad; lost {row.extra['lost']}, "
                f"dup {row.extra['duplicated']}, corrupt {row.extra['corrupt']} "
                f"(all runs); ~{row.extra['files']:.0f} files"
            )
    return list(rows.values())


SCHEME_YAML = """\
version: 1
disable_existing_loggers: false
formatters:
  minimal: {format: '%(message)s'}
  detailed:
    format: "%(levelname)s %(asctime)s [%(name)s:%(filename)s:%(funcName)s:%(lineno)d]\\n\\
      %(message)s"
handlers:
  console: {class: logging.StreamHandler, stream: ext://sys.stdout, formatter: minimal,
            level: DEBUG}
  info: {class: logging.handlers.RotatingFileHandler, filename: logs/info.log,
         maxBytes: 10485760, backupCount: 10, formatter: detailed, level: INFO}
  error: {class: logging.handlers.RotatingFileHandler, filename: logs/error.log,
          maxBytes: 10485760, backupCount: 10, formatter: detailed, level: ERROR}
root: {level: INFO, handlers: [console, info, error]}
"""
STARTUP = {
    "logkit": "import logkit\nlogkit.configure('logging.yaml')",
    "yaml+dictConfig": (
        "import logging.config, yaml\n"
        "with open('logging.yaml') as f:\n"
        "    logging.config.dictConfig(yaml.safe_load(f))"
    ),
}
# At a terminal the like-for-like hand-written config names Rich's own handler
# for the console (the course's RichHandler(markup=True)).
RICH_SCHEME_YAML = SCHEME_YAML.replace(
    "{class: logging.StreamHandler, stream: ext://sys.stdout,",
    "{class: rich.logging.RichHandler, markup: true,",
)
STARTUP_AT_A_TERMINAL = {
    "logkit": STARTUP["logkit"],
    "yaml+dictConfig": STARTUP["yaml+dictConfig"].replace("logging.yaml", "rich-logging.yaml"),
}
# The program between two clocks; then (outside the time) the seconds and
# whether Rich was imported, as the last line on stderr.
_TIMED = """\
import time
started = time.perf_counter()
{program}
elapsed = time.perf_counter() - started
import json, sys
print(json.dumps([elapsed, "rich" in sys.modules]), file=sys.stderr)
"""
# Variables with which Rich would call a pipe a terminal.
_TERMINAL_HINTS = ("FORCE_COLOR", "TTY_COMPATIBLE")


@dataclass
class StartupEnvironment:
    """How the two programs' interpreters start, and whether stdout counts as a terminal."""

    name: str
    described: str
    python: list[str]
    env: dict[str, str]
    terminal: bool = False

    @property
    def programs(self) -> dict[str, str]:
        return STARTUP_AT_A_TERMINAL if self.terminal else STARTUP


def startup_environments() -> list[StartupEnvironment]:
    """A fresh interpreter (the goal's), this Python as it starts, and a terminal (for reference).

    ``python -S`` loads only what Python itself loads, as a new venv with a
    regular install of logkit does. With site, the ``.pth`` files of the
    environment run first: an editable install's finder imports pathlib,
    contextlib and importlib.util before either program starts, so that
    neither pays for them there (configure() itself does not import pathlib:
    tests/test_architecture.py checks that in a ``python -S`` child).
    """
    yaml_spec = importlib.util.find_spec("yaml")
    if yaml_spec is None or yaml_spec.origin is None:
        raise RuntimeError("PyYAML is not installed")
    site_packages = os.path.dirname(os.path.dirname(yaml_spec.origin))
    plain = {k: v for k, v in ENV.items() if k not in _TERMINAL_HINTS}
    fresh = {**plain, "PYTHONPATH": os.pathsep.join([str(REPO), site_packages])}
    terminal = {**fresh, "FORCE_COLOR": "1", "COLUMNS": "120", "COLORTERM": "truecolor"}
    return [
        StartupEnvironment(
            "fresh",
            "fresh interpreter (python -S), stdout not a terminal",
            [sys.executable, "-S"],
            fresh,
        ),
        StartupEnvironment(
            "site",
            "with site (its .pth files run first), not a terminal",
            [sys.executable],
            plain,
        ),
        StartupEnvironment(
            "terminal",
            "fresh, at a terminal (FORCE_COLOR=1): vs RichHandler(markup=True)",
            [sys.executable, "-S"],
            terminal,
            terminal=True,
        ),
    ]


def _time_startup(
    program: str, workdir: Path, environment: StartupEnvironment
) -> tuple[float, float]:
    """Seconds for import + configure inside a fresh process, and for the whole process."""
    began = time.perf_counter()
    result = subprocess.run(
        [*environment.python, "-c", _TIMED.format(program=program)],
        check=False,
        cwd=workdir,
        env=environment.env,
        capture_output=True,
        text=True,
    )
    process = time.perf_counter() - began
    if result.returncode != 0:
        raise RuntimeError(f"start-up failed:\n{result.stderr}")
    inside, rich_imported = json.loads(result.stderr.strip().splitlines()[-1])
    if "logkit" in program and rich_imported != environment.terminal:
        raise RuntimeError(
            f"start-up ({environment.name}): configure() imported Rich: {rich_imported}, "
            f"expected {environment.terminal}"
        )
    return float(inside), process


def _paired_startup(
    runs: int, workdir: Path, environment: StartupEnvironment
) -> dict[str, float]:
    """Medians of each program's times and of the paired differences (logkit - hand-written).

    Two warm-ups (bytecode caches, file cache), then pairs with alternating order,
    so that load from other processes hits both programs alike.
    """
    programs = environment.programs
    inside: dict[str, list[float]] = {case: [] for case in programs}
    whole: dict[str, list[float]] = {case: [] for case in programs}
    for attempt in range(runs + 2):
        cases = list(programs) if attempt % 2 else list(reversed(programs))
        timed = {case: _time_startup(programs[case], workdir, environment) for case in cases}
        if attempt >= 2:
            for case, (in_process, process) in timed.items():
                inside[case].append(in_process)
                whole[case].append(process)

    def paired(times: dict[str, list[float]]) -> float:
        pairs = zip(times["logkit"], times["yaml+dictConfig"], strict=True)
        return statistics.median(kit - hand for kit, hand in pairs) * 1000

    figures = {
        f"{case}_{kind}_ms": statistics.median(times[case]) * 1000
        for case in programs
        for kind, times in (("inside", inside), ("process", whole))
    }
    return {**figures, "inside_extra_ms": paired(inside), "process_extra_ms": paired(whole)}


def startup_rows(runs: int) -> list[Row]:
    """import logkit + configure() against yaml.safe_load + dictConfig: paired, interleaved,
    timed inside the process and for the whole process, per start-up environment."""
    sys.path.insert(0, str(REPO))
    try:
        import logkit

        available = callable(getattr(logkit, "configure", None))
    except ImportError:
        available = False
    if not available:
        return [
            Row("startup", "startup", "import logkit + configure()", note="skipped: no configure")
        ]
    rows = []
    workdir = Path(tempfile.mkdtemp(prefix="logkit-start-"))
    try:
        (workdir / "logs").mkdir()
        (workdir / "logging.yaml").write_text(SCHEME_YAML)
        (workdir / "rich-logging.yaml").write_text(RICH_SCHEME_YAML)
        for environment in startup_environments():
            figures = _paired_startup(runs, workdir, environment)
            rows.append(
                Row(
                    "startup",
                    f"startup-{environment.name}",
                    environment.described,
                    note=(
                        f"yaml+dictConfig {figures['yaml+dictConfig_inside_ms']:.1f} ms, "
                        f"logkit {figures['logkit_inside_ms']:.1f} ms in-process: "
                        f"{figures['inside_extra_ms']:+.1f} ms; whole process "
                        f"{figures['yaml+dictConfig_process_ms']:.1f} vs "
                        f"{figures['logkit_process_ms']:.1f} ms: "
                        f"{figures['process_extra_ms']:+.1f} ms (paired medians of {runs})"
                    ),
                    extra=figures,
                )
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for dist in ("rich", "loguru", "picologging", "structlog", "concurrent-log-handler"):
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:  # noqa: BLE001 - a missing peer is reported, not fatal
            versions.append(f"{dist} (not installed)")
    return (
        f"{os.cpu_count()} CPUs ({model}); Python {platform.python_version()} "
        f"({platform.python_implementation()}) on {platform.system()}; " + ", ".join(versions)
    )


def print_table(rows: list[Row]) -> None:
    header = (
        "case",
        "records",
        "rec/s",
        "µs/rec",
        "vs stdlib plain",
        "wall rec/s",
        "peak MB",
        "note",
    )
    lines = [header]
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            lines.append((f"[{section}]", "", "", "", "", "", "", ""))
        if row.rate is None:
            lines.append((row.label, "", "", "", "", "", "", row.note))
            continue
        ratio = f"{row.extra['ratio']:.2f}x" if "ratio" in row.extra else ""
        lines.append(
            (
                row.label,
                f"{row.records:,}",
                f"{row.rate:,.0f}",
                f"{1e6 / row.rate:.1f}",
                ratio,
                "" if row.wall_rate is None else f"{row.wall_rate:,.0f}",
                "" if row.peak_mb is None else f"{row.peak_mb:.0f}",
                row.note,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print(
            "  ".join(
                cell.ljust(width) if i in (0, 7) else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )


def row_of(rows: list[Row], case: str, load: str = "errors") -> Row | None:
    return next((row for row in rows if row.case == case and row.load == load), None)


def rate(rows: list[Row], case: str, load: str = "errors") -> float | None:
    row = row_of(rows, case, load)
    return None if row is None else row.rate


def print_goals(rows: list[Row]) -> None:
    def verdict(ok: bool) -> str:
        return "MET" if ok else "NOT MET"

    ladder = next((row for row in rows if row.case == "logkit console, rich tracebacks"), None)
    if ladder is not None:
        top, deep = ladder.extra["10"]["median_ms"], ladder.extra["5000"]["median_ms"]
        print(
            f"goal 1: a rich traceback at line 5000 within 1.5x of line 10: {deep:.2f} ms vs "
            f"{top:.2f} ms ({deep / top:.2f}x) -> {verdict(deep <= 1.5 * top)}"
        )
    for load, target in (("mixed-no-exceptions", 1.5), ("mixed", 1.2)):
        shipped = row_of(rows, "logkit-shipped", load)
        if shipped is not None and "ratio" in shipped.extra:
            ratio = shipped.extra["ratio"]
            print(
                f"goal 2 ({LOADS[load]}): logkit as shipped >= {target}x the stdlib plain "
                f"scheme: {ratio:.2f}x -> {verdict(ratio >= target)}"
            )
    std_rot, kit_rot = rate(rows, "file-stdlib-rotating"), rate(rows, "file-logkit-rotating")
    if std_rot and kit_rot:
        print(
            f"rotating handler >= 1.8x stdlib (issue 6): {kit_rot / std_rot:.2f}x "
            f"-> {verdict(kit_rot / std_rot >= 1.8)}"
        )
    kit_mp = next(
        (row for row in rows if row.section == "multiprocess" and row.case == "logkit"), None
    )
    clh_row = next((row for row in rows if row.case == "concurrent-log-handler"), None)
    if kit_mp and kit_mp.rate:
        clean = kit_mp.extra["bad_runs"] == 0
        speedup = None
        if clh_row is not None and clh_row.rate:
            pairs = zip(kit_mp.extra["lines_per_s"], clh_row.extra["lines_per_s"], strict=True)
            speedup = statistics.median(kit / clh for kit, clh in pairs)
        speed = (
            f"{speedup:.1f}x concurrent-log-handler (median of per-round ratios)"
            if speedup
            else "concurrent-log-handler not measured"
        )
        ok = clean and (speedup is None or speedup >= 2)
        print(
            f"4 processes (issue 6), 0 lost/dup/corrupt in "
            f"{kit_mp.extra['runs'] - kit_mp.extra['bad_runs']}/{kit_mp.extra['runs']} runs, "
            f"{speed} -> {verdict(ok)}"
        )
    starts = {row.case: row.extra for row in rows if row.section == "startup" and row.extra}
    for name, described in (
        ("fresh", "fresh interpreter"),
        ("site", "with site and its .pth files"),
    ):
        figures = starts.get(f"startup-{name}")
        if figures:
            inside, process = figures["inside_extra_ms"], figures["process_extra_ms"]
            print(
                f"goal 3 ({described}): import logkit + configure <= 3 ms over yaml + "
                f"dictConfig: {inside:+.1f} ms in-process, {process:+.1f} ms whole process "
                f"-> {verdict(inside <= 3 and process <= 3)}"
            )


@dataclass
class Sizes:
    """How much each section runs (``--quick`` shrinks them all)."""

    records: int = 100_000
    rich_records: int = 10_000  # RichHandler is ~20x slower per record
    repeats: int = 5
    ladder_repeats: int = 5
    mp_runs: int = 10
    mp_lines: int = 20_000
    workers: int = 4
    start_runs: int = 40  # start-up differences are a few ms in ~80: many runs settle them

    @property
    def max_bytes(self) -> int:
        # ~60-byte lines: 4 x 20,000 lines is ~4.8 MB, so 240 kB files give ~20 rotations.
        return max(4_000, 240_000 * self.mp_lines // 20_000)


QUICK = Sizes(5_000, 1_000, 1, 1, 2, 2_000, 4, 3)


def measured_rows(sizes: Sizes) -> list[Row]:
    """The scheme and single-file rows: fresh processes, round-robin, medians."""
    rows = scheme_rows(sizes.records, sizes.rich_records) + file_rows(sizes.records)
    measure(rows, sizes.repeats)
    return rows


def hook_rows(sizes: Sizes) -> list[Row]:
    """The start-up hook (bench/startup_hook.py): unset, and set against configure() in the app."""
    import startup_hook

    unset = startup_hook.unset_cost()
    hooked, itself, difference = startup_hook.set_cost(pairs=sizes.start_runs)
    return [
        Row(
            "start-up hook",
            "hook-unset",
            "LOGKIT_CONFIG unset: site reads logkit-startup.pth",
            note=f"{unset * 1e3:.4f} ms a start (site.addpackage, median; goal < 0.2 ms)",
        ),
        Row(
            "start-up hook",
            "hook-set",
            "LOGKIT_CONFIG set, app never imports logkit",
            note=(
                f"{hooked * 1e3:.1f} ms a process vs {itself * 1e3:.1f} ms for an app calling"
                f" configure() itself: {difference * 1e3:+.2f} ms (median of"
                f" {sizes.start_runs} interleaved pairs; goal < 1 ms)"
            ),
        ),
    ]


def syslog_rows(sizes: Sizes) -> list[Row]:
    """The caller's cost of a record sent to a syslog collector (bench/syslog_cost.py)."""
    import syslog_cost

    records = max(1_000, sizes.records // 5)
    return [
        Row("syslog (caller's time)", "syslog", name, records, rate=1 / seconds, note=note)
        for name, seconds, note in syslog_cost.measure_all(records, rounds=5)
    ]


# Each section is a function of the sizes returning its rows, run in this order.
# A new section plugs in by appending its function here; print_table shows any
# Row it returns.
SECTIONS: list[Callable[[Sizes], list[Row]]] = [
    measured_rows,
    lambda sizes: ladder_rows(sizes.ladder_repeats),
    lambda sizes: multiprocess_rows(sizes.mp_runs, sizes.workers, sizes.mp_lines, sizes.max_bytes),
    lambda sizes: startup_rows(sizes.start_runs),
    hook_rows,
    syslog_rows,
    lambda sizes: __import__("background_cost").rows(sizes, Row, run_case),  # BackgroundHandler
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small run, for a smoke test")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else Sizes()

    print(f"machine: {machine()}")
    started = time.monotonic()
    rows = [row for section in SECTIONS for row in section(sizes)]
    print(
        f"scheme and file rows: median of {sizes.repeats} fresh processes, run round-robin; "
        f"rec/s and ratios are per CPU second of the process, set-up included (wall rec/s "
        f"alongside); a ratio is the median of the rounds' ratios to the stdlib plain scheme "
        f"run in the same round. RichHandler "
        f"rows: {sizes.rich_records:,} records. Console output goes to a file; Rich consoles are "
        f"Console(file=..., width=120, force_terminal=True, color_system='truecolor') (logkit as "
        f"shipped: FORCE_COLOR=1, COLUMNS=120, COLORTERM=truecolor). Ladder: median of "
        f"{sizes.ladder_repeats} exceptions after the first."
    )
    print(
        f"multiprocess: {sizes.workers} processes x {sizes.mp_lines:,} lines, "
        f"maxBytes {sizes.max_bytes:,}, {sizes.mp_runs} runs each\n"
    )
    print_table(rows)
    print()
    print_goals(rows)
    print(f"\nfinished in {time.monotonic() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps([row.__dict__ for row in rows], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
