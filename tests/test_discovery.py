"""Which config configure() uses (``_discovery.py``): the argument, $LOGKIT_CONFIG, the
working directory, else the built-in default."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import logkit
from logkit._default import default_config


def test_without_any_file_the_builtin_default_is_used() -> None:
    applied = logkit.configure(rich=False)
    assert applied.used_default
    assert (applied.path, applied.format, applied.source) == (None, "default", "built-in default")


def test_environment_variable_names_the_file(
    shipped_paths: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(shipped_paths["yaml"], "logging.yaml")  # would be found, but the env wins
    monkeypatch.setenv("LOGKIT_CONFIG", str(shipped_paths["toml"]))
    applied = logkit.configure(rich=False)
    assert (applied.path, applied.format, applied.source) == (
        shipped_paths["toml"],
        "toml",
        "LOGKIT_CONFIG",
    )


def test_environment_variable_naming_a_missing_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOGKIT_CONFIG", "nowhere/logging.yaml")
    with pytest.raises(logkit.ConfigError, match="file not found") as caught:
        logkit.configure()
    assert caught.value.path == "nowhere/logging.yaml"
    assert caught.value.key == "LOGKIT_CONFIG"


def test_explicit_path_beats_the_environment(
    shipped_paths: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGKIT_CONFIG", str(shipped_paths["toml"]))
    assert logkit.configure(shipped_paths["ini"], rich=False).format == "ini"


@pytest.mark.parametrize(
    ("present", "chosen"),
    [
        (["logging.ini", "logging.config", "logging.json"], "logging.json"),
        (["logging.ini", "logging.toml", "logging.yml"], "logging.yml"),
        (["logging.yml", "logging.yaml"], "logging.yaml"),
        (["logging.ini", "logging.config"], "logging.config"),
        (["logging.ini"], "logging.ini"),
    ],
)
def test_working_directory_search_order(
    present: list[str], chosen: str, shipped_paths: dict[str, Path]
) -> None:
    ini, toml = shipped_paths["ini"], shipped_paths["toml"]
    text = {".ini": ini, ".config": ini, ".toml": toml}
    for name in present:
        source = text.get(Path(name).suffix, shipped_paths["yaml"])
        if name.endswith(".json"):
            Path(name).write_text(logkit.dump(default_config(), "json"))
        else:
            shutil.copy(source, name)
    applied = logkit.configure(rich=False)
    assert applied.path == Path(chosen)
    assert applied.source == "working directory"


def test_environment_variable_naming_a_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOGKIT_CONFIG", str(tmp_path))
    with pytest.raises(logkit.ConfigError, match=r"is a directory, not a config file") as caught:
        logkit.configure()
    assert caught.value.path == str(tmp_path)
    assert caught.value.key == "LOGKIT_CONFIG"


def test_explicit_path_naming_a_directory_without_extension(tmp_path: Path) -> None:
    with pytest.raises(logkit.ConfigError, match=r"is a directory, not a config file$"):
        logkit.load(tmp_path)
