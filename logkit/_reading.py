"""Reading a config file's text: the one place logkit touches config files."""

from __future__ import annotations

from ._errors import ConfigError, PathLike


def read_config_text(path: PathLike) -> str:
    """Return the text of a config file.

    Raises:
        ConfigError: the file is missing, unreadable, empty, or not UTF-8 text.
    """
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError as exc:
        raise ConfigError("file not found", path=path) from exc
    except IsADirectoryError as exc:
        raise ConfigError("is a directory, not a config file", path=path) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
    return decode_config_bytes(data, path)


def decode_config_bytes(data: bytes, path: PathLike | None = None) -> str:
    """Decode config bytes as UTF-8 text, rejecting binary and empty content."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise ConfigError(
            f"not a text file (NUL byte at offset {offset})",
            path=path,
            line=data.count(b"\n", 0, offset) + 1,
        )
    try:
        text = data.decode("utf-8")  # the utf-8-sig codec costs an import
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=path,
            line=data.count(b"\n", 0, exc.start) + 1,
        ) from exc
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    if not text.strip():
        raise ConfigError("file is empty", path=path)
    return text

