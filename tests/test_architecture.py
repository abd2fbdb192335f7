"""The package's shape: no import cycles, nothing reaches back up to the facade, small modules.

Read from the source with ``ast`` (function-level imports included: an import
hidden in a function is still a dependency), so a new cycle fails here rather
than in a reader's head.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

PACKAGE = Path(__file__).resolve().parent.parent / "logkit"
MAX_LINES = 500
# The facade and the command line sit on top; everything else is below them.
FACADE = {"logkit", "logkit._api"}
# The pytest plugin is a user of the public API too (its fixture calls logkit.configure).
# So is the start-up hook (it calls configure() for a program that never imports logkit).
TOP = {"logkit", "logkit.__main__", "logkit._cli", "logkit.pytest_plugin", "logkit._startup"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _absolute(module: str, level: int, target: str | None) -> str:
    """The absolute name ``from <level dots><target> import ...`` means inside ``module``."""
    if level == 0:
        return target or ""
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def imports_of(name: str) -> set[str]:
    """The logkit modules ``name`` imports anywhere in its source."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(name, node.level, node.module)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in MODULES else source)
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def _cycle_from(start: str) -> list[str] | None:
    """A path of imports from ``start`` back to itself, if there is one."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        current, path = stack.pop()
        for imported in GRAPH[current]:
            if imported == start:
                return [*path, start]
            if imported not in seen:
                seen.add(imported)
                stack.append((imported, [*path, imported]))
    return None


def test_the_import_graph_is_read() -> None:
    # Guards the test itself: the graph must see the imports it checks.
    assert "logkit._prepare" in GRAPH["logkit._api"]
    assert "logkit._schema" in GRAPH["logkit._validate"]
    assert "logkit._stdlib_errors" in GRAPH["logkit._apply"]  # a function-level import


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_itself_through_others(module: str) -> None:
    cycle = _cycle_from(module)
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize("module", sorted(set(MODULES) - TOP))
def test_nothing_below_the_facade_imports_it(module: str) -> None:
    if module.startswith("logkit._commands"):
        return  # the command line sits on top of the facade
    assert not GRAPH[module] & FACADE


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_small(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[module].name}: {lines} lines"


# -- what configure() costs at start-up (issue 14) -----------------------------

# The logkit modules ``import logkit; logkit.configure("logging.yaml")`` loads when
# the console is not a terminal, outside a distributed launch. Each one costs start-up
# time (~0.1 ms here to find, load and run, and more objects to free at exit): a module
# joins this list only if every configure() given a path needs it.
CONFIGURE_MODULES = {
    "logkit",
    "logkit._api",
    "logkit._apply",
    "logkit._envvars",
    "logkit._errors",
    "logkit._formats",
    "logkit._formats._shape",
    "logkit._formats.yaml",
    "logkit._launch",
    "logkit._parameters",
    "logkit._prepare",
    "logkit._private",
    "logkit._reading",
    "logkit._rich_swap",
    "logkit._safe_rotation",
    "logkit._schema",
    "logkit._servers",
    "logkit._transaction",
    "logkit._validate",
    "logkit.handlers",
    "logkit.handlers._per_record",  # the rotating handlers' handle and format
    "logkit.handlers._rotating",
}
# What the program imports, as a list of the modules it added to sys.modules.
_NEW_MODULES = """
import json, sys
before = set(sys.modules)
{program}
print(json.dumps(sorted(set(sys.modules) - before)))
"""
HAND_WRITTEN = """
import logging.config, yaml
with open("logging.yaml") as f:
    logging.config.dictConfig(yaml.safe_load(f))
"""
# `from __future__ import annotations` is an import too; contextlib (logkit's
# context managers) is loaded by logging on 3.11 and by logging.config from 3.12,
# on 3.10 by neither. Everything else must be what yaml and logging.config load
# anyway: not pathlib (AppliedConfig.path is made when first read).
ALSO_ALLOWED = "import __future__, contextlib"


def test_configure_imports_only_what_yaml_and_dictconfig_import(
    tmp_path: Path, shipped_paths: dict[str, Path], child_environment: Callable[..., dict[str, str]]
) -> None:
    (tmp_path / "logging.yaml").write_bytes(shipped_paths["yaml"].read_bytes())
    # A fresh interpreter (python -S), as a regular install starts: with site, the
    # .pth files of this environment (an editable install's finder) import pathlib
    # and more first, which would hide them here.
    site_packages = os.path.dirname(os.path.dirname(yaml.__file__))
    environment = child_environment()
    environment["PYTHONPATH"] += os.pathsep + site_packages
    for variable in ("FORCE_COLOR", "TTY_COMPATIBLE"):  # they would make Rich swap in
        environment.pop(variable, None)

    def new_modules(program: str) -> set[str]:
        result = subprocess.run(
            [sys.executable, "-S", "-c", _NEW_MODULES.format(program=program)],
            cwd=tmp_path,
            env=environment,
            capture_output=True,  # stdout: a pipe, not a terminal
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        modules: list[str] = json.loads(result.stdout.splitlines()[-1])
        return set(modules)

    loaded = new_modules("import logkit\nlogkit.configure('logging.yaml')")
    allowed = new_modules(HAND_WRITTEN) | new_modules(ALSO_ALLOWED)
    assert "logkit" in loaded

    ours = {name for name in loaded if name.split(".")[0] == "logkit"}
    assert ours - CONFIGURE_MODULES == set(), (
        "configure() now loads these logkit modules too; import them where they are needed"
        " (or add them to CONFIGURE_MODULES if every configure() needs them)"
    )
    others = loaded - ours - allowed
    assert others == set(), (
        "configure() imports modules that yaml.safe_load + dictConfig do not"
        " (rich, typing, tomllib, difflib, ... each costs start-up time)"
    )
    assert {"rich", "typing", "configparser", "tomllib", "difflib", "inspect", "pathlib"} & (
        loaded
    ) == set()
