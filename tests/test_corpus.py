"""The corpus: hand-written configs, one feature each, in every format that can hold it.

Every spelling of a feature means the same (semantically, and as the logging it
configures), the formats missing from the corpus are exactly those that refuse
the feature, and every corpus and shipped file converts to every format that can
hold it, with ``convert --check`` confirming the result.
"""

from __future__ import annotations

import copy
import logging.config
from pathlib import Path
from typing import Any

import pytest

import logkit
from logkit._cli import main
from logkit._diff import config_differences
from logkit._formats import FORMATS, format_for_path

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FEATURES: dict[str, dict[str, Path]] = {}
for _path in sorted(CORPUS.iterdir()):
    FEATURES.setdefault(_path.stem, {})[format_for_path(_path)] = _path

SPELLINGS = [path for feature in FEATURES.values() for path in feature.values()]
SPELLING_IDS = [f"{path.stem}-{format_for_path(path)}" for path in SPELLINGS]
DICT_FORMATS = ("yaml", "toml", "json")


def reference(path: Path) -> Path:
    """The YAML spelling of a corpus file's feature: every feature has one."""
    return FEATURES[path.stem]["yaml"]


def test_the_corpus_covers_each_feature() -> None:
    assert set(FEATURES) >= {
        "formatters",
        "file_handlers",
        "logger_tree",
        "streams_and_memory",
        "network_handlers",
        "filters",
        "factories",
        "disable_existing",
        "nulls",
    }
    assert all("yaml" in spellings for spellings in FEATURES.values())


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_a_feature_is_written_in_exactly_the_formats_that_can_hold_it(feature: str) -> None:
    config = logkit.load(FEATURES[feature]["yaml"])
    for fmt in FORMATS:
        if fmt in FEATURES[feature]:
            logkit.dump(config, fmt)  # can hold it
            continue
        with pytest.raises(logkit.ConfigError) as refused:
            logkit.dump(config, fmt)
        assert refused.value.key, f"{fmt} refuses {feature} without naming a key"


@pytest.mark.parametrize("path", SPELLINGS, ids=SPELLING_IDS)
def test_every_spelling_means_the_same(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = logkit.load(path)
    expected = logkit.load(reference(path))
    assert config_differences(expected, config) == []
    if format_for_path(path) in DICT_FORMATS:  # written alike, so loaded alike
        assert config == expected
    assert main(["diff", str(reference(path)), str(path)]) == 0
    assert capsys.readouterr().out == "identical\n"


@pytest.mark.parametrize("path", SPELLINGS, ids=SPELLING_IDS)
def test_every_spelling_configures_the_same_logging(path: Path, picture_of: Any) -> None:
    expected_config = logkit.load(reference(path))
    loggers = list(expected_config.get("loggers", {}))
    expected = picture_of(
        lambda: logging.config.dictConfig(copy.deepcopy(expected_config)), loggers
    )
    # As written: tests/test_safe_rotation.py covers the swap of the rotating handlers.
    applied = picture_of(
        lambda: logkit.configure(path, rich=False, safe_rotation=False), loggers
    )
    assert applied == expected


@pytest.mark.parametrize("path", SPELLINGS, ids=SPELLING_IDS)
def test_the_standard_library_accepts_every_spelling(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok\n"


# Every corpus spelling, and each shipped file (by its shipped_paths name).
CONVERSIONS: list[tuple[Path | str, str]] = [
    (source, fmt) for source in [*SPELLINGS, "yaml", "toml", "ini"] for fmt in FORMATS
]
CONVERSION_IDS = [
    f"{source.stem if isinstance(source, Path) else 'shipped-' + source}-to-{fmt}"
    for source, fmt in CONVERSIONS
]


@pytest.mark.parametrize(("source", "fmt"), CONVERSIONS, ids=CONVERSION_IDS)
def test_convert_check_confirms_every_conversion_a_format_can_hold(
    source: Path | str,
    fmt: str,
    tmp_path: Path,
    shipped_paths: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = source if isinstance(source, Path) else shipped_paths[source]
    holds = path.parent != CORPUS or fmt in FEATURES[path.stem]
    out = tmp_path / f"converted.{fmt}"
    status = main(["convert", str(path), "-o", str(out), "--check"])
    err = capsys.readouterr().err
    if holds:
        assert status == 0, err
        assert err.endswith(f"checked: {out} means the same as {path}\n")
        assert config_differences(logkit.load(path), logkit.load(out)) == []
    else:
        assert status == 1
        assert err.startswith("logkit: ")
        assert not out.exists()


@pytest.mark.parametrize("fmt", ["yaml", "toml", "ini"])
def test_convert_carries_the_opening_comment_over(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = FEATURES["formatters"]["toml" if fmt != "toml" else "yaml"]
    out = tmp_path / f"converted.{fmt}"
    assert main(["convert", str(source), "-o", str(out), "--check"]) == 0
    assert out.read_text(encoding="utf-8").startswith(
        "# Formatters in the three styles, with and without a date format, one spanning\n"
        "# two lines and one with non-ASCII text.\n"
    )


def test_json_has_no_comments_to_carry(tmp_path: Path) -> None:
    out = tmp_path / "converted.json"
    assert main(["convert", str(FEATURES["formatters"]["yaml"]), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("{\n")


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_what_diff_fills_in_is_what_the_standard_library_uses(
    feature: str, picture_of: Any
) -> None:
    from logkit._diff import normalize_config

    config = logkit.load(FEATURES[feature]["yaml"])
    loggers = list(config.get("loggers", {}))
    expected = picture_of(lambda: logging.config.dictConfig(copy.deepcopy(config)), loggers)
    normalized = normalize_config(config)
    assert picture_of(lambda: logging.config.dictConfig(normalized), loggers) == expected
