"""Fuzzing configure() with mutated shipped configs.

Whatever the mutation (a deleted key, a value of another type, a typo in a name
or class, a truncated file, random bytes), ``configure`` either applies the
config or raises ``ConfigError`` — never another exception, never a hang — and
after a failure the previous handlers are still attached, open and writing.
"""

from __future__ import annotations

import copy
import faulthandler
import gc
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import logkit

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,  # INI cannot write many mutations: they are skipped
    ],
)
HANG_SECONDS = 60  # a hang aborts the run with every thread's traceback


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path in a nested dict/list."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from paths(item, (*prefix, index))


def parent_of(config: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        config = config[part]
    return config


def typo(text: str, data: st.DataObject) -> str:
    if not text:
        return "x"
    index = data.draw(st.integers(0, len(text) - 1))
    kind = data.draw(st.sampled_from(["drop", "double", "swap", "case"]))
    if kind == "drop":
        return text[:index] + text[index + 1 :]
    if kind == "double":
        return text[:index] + text[index] * 2 + text[index + 1 :]
    if kind == "swap" and index + 1 < len(text):
        return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
    return text.swapcase()


OTHER_VALUES = st.one_of(
    st.integers(-5, 10**9),
    st.booleans(),
    st.text(max_size=12),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.none(),
)


def mutate_dict(config: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    mutated = copy.deepcopy(config)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(sorted(paths(mutated), key=repr)), label="path")
        parent = parent_of(mutated, path)
        kind = data.draw(st.sampled_from(["delete", "retype", "typo"]), label="kind")
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "retype":
            parent[path[-1]] = data.draw(OTHER_VALUES, label="value")
        elif isinstance(parent[path[-1]], str):
            parent[path[-1]] = typo(parent[path[-1]], data)
        elif isinstance(parent, dict) and isinstance(path[-1], str):
            parent[typo(path[-1], data)] = parent.pop(path[-1])
    return mutated


def mutate_bytes(data_bytes: bytes, data: st.DataObject) -> bytes:
    kind = data.draw(st.sampled_from(["truncate", "overwrite", "insert", "random"]))
    if kind == "random":
        return data.draw(st.binary(max_size=200))
    position = data.draw(st.integers(0, len(data_bytes)))
    if kind == "truncate":
        return data_bytes[:position]
    noise = data.draw(st.binary(min_size=1, max_size=8))
    if kind == "overwrite":
        return data_bytes[:position] + noise + data_bytes[position + len(noise) :]
    return data_bytes[:position] + noise + data_bytes[position:]


@pytest.fixture
def apply_and_check(
    logging_state: Callable[[], dict[str, Any]], open_descriptors: Callable[[], int]
) -> Callable[[Path, Path], None]:
    """``apply_and_check(broken, baseline)``: apply ``broken`` over ``baseline``:
    success, or a ConfigError that changed nothing."""

    def check(broken: Path, baseline: Path) -> None:
        logkit.configure(baseline, rich=False)
        before = logging_state()
        handlers = logging.root.handlers[:]
        gc.disable()  # a collection of earlier garbage would change the count below
        try:
            descriptors = open_descriptors()  # not collected first: the collector is off
            try:
                logkit.configure(broken, rich=False)
            except logkit.ConfigError as error:
                assert "\n" not in str(error)
                assert logging_state() == before
                assert logging.root.handlers == handlers
                assert open_descriptors() == descriptors
                logging.getLogger("fuzz").error("still logging")
                for handler in handlers:
                    handler.flush()
                assert "still logging" in Path("logs/error.log").read_text()
        finally:
            gc.enable()
        # Any other exception fails the test: configure raises only ConfigError.

    return check


@pytest.fixture
def check_mutated(
    tmp_path: Path,
    shipped_paths: dict[str, Path],
    apply_and_check: Callable[[Path, Path], None],
) -> Callable[[str, st.DataObject], None]:
    """``check_mutated(fmt, data)``: a shipped config mutated as ``data`` draws, written
    in ``fmt`` and applied over the YAML one."""

    def check(fmt: str, data: st.DataObject) -> None:
        source = shipped_paths["ini"] if fmt == "ini" else shipped_paths["yaml"]
        mutated = mutate_dict(logkit.load(source), data)
        try:
            text = logkit.dump(mutated, fmt)
        except logkit.ConfigError as refused:
            # The format cannot write it (TOML null, INI filters...): dump says so,
            # by key, and that mutation is skipped. Any other exception out of dump
            # is a bug (its contract is ConfigError) and fails the test.
            assert refused.key is not None, refused
            assume(False)
            return
        broken = tmp_path / f"broken.{fmt}"
        broken.write_text(text)
        apply_and_check(broken, shipped_paths["yaml"])

    return check


@pytest.mark.parametrize("fmt", ["yaml", "toml", "json"])
@FUZZ
@given(data=st.data())
def test_mutated_configs_fail_cleanly(
    fmt: str, data: st.DataObject, check_mutated: Callable[[str, st.DataObject], None]
) -> None:
    check_mutated(fmt, data)


# INI cannot write most mutations (they are discarded, which is slow): fewer here,
# and the damaged-file test below mutates INI text directly.
@settings(FUZZ, max_examples=20)
@given(data=st.data())
def test_mutated_ini_configs_fail_cleanly(
    data: st.DataObject, check_mutated: Callable[[str, st.DataObject], None]
) -> None:
    check_mutated("ini", data)


@FUZZ
@given(data=st.data())
def test_damaged_files_fail_cleanly(
    shipped: Path,
    data: st.DataObject,
    tmp_path: Path,
    shipped_paths: dict[str, Path],
    apply_and_check: Callable[[Path, Path], None],
) -> None:
    broken = tmp_path / f"broken{shipped.suffix}"
    broken.write_bytes(mutate_bytes(shipped.read_bytes(), data))
    apply_and_check(broken, shipped_paths["yaml"])
