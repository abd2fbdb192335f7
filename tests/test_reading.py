"""Reading a config file's text (``_reading.py``): missing, empty, binary, a directory."""

from __future__ import annotations

from pathlib import Path

import pytest

import logkit
from logkit._formats import FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_file(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"absent.{fmt}"
    with pytest.raises(logkit.ConfigError, match="file not found") as caught:
        logkit.load(path)
    assert caught.value.path == str(path)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(fmt: str, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"empty.{fmt}"
    path.write_bytes(content)
    with pytest.raises(logkit.ConfigError, match=r"file is empty$") as caught:
        logkit.load(path)
    assert caught.value.path == str(path)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"version: 1\n\xff\xfe\xfa\n"],
    ids=["nul-bytes", "not-utf8"],
)
def test_binary_file(fmt: str, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / f"binary.{fmt}"
    path.write_bytes(content)
    with pytest.raises(logkit.ConfigError, match=r"not (a text file|UTF-8 text)") as caught:
        logkit.load(path)
    assert caught.value.path == str(path)
    assert caught.value.line is not None


def test_directory_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "logging.yaml").mkdir()
    with pytest.raises(logkit.ConfigError, match="is a directory"):
        logkit.load(tmp_path / "logging.yaml")
