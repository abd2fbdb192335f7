"""Reading a config file's text: the one place logkit touches config files.

Only regular files are read, and at most :data:`MAX_FILE_BYTES` of them: a
path naming a FIFO would block forever and ``/dev/zero`` never ends.
"""

from __future__ import annotations

import os
import stat

from ._errors import ConfigError, PathLike

TYPE_CHECKING = False  # typing's, without importing typing at start-up
if TYPE_CHECKING:
    from typing import NoReturn

MAX_FILE_BYTES = 10 * 1024 * 1024
IS_A_DIRECTORY = "is a directory, not a config file"  # said wherever a path is checked

# What a path is when it is not a regular file, as ls -l would say.
_FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_config_text(path: PathLike) -> str:
    """Return the text of a config file.

    Raises:
        ConfigError: the file is missing, unreadable, not a regular file,
            larger than :data:`MAX_FILE_BYTES`, empty, or not UTF-8 text.
    """
    try:
        # Not even opened unless regular: opening a FIFO waits for a writer, and a
        # device may act on being opened.
        _check_regular_file(os.stat(path), path)
        # Non-blocking all the same, in case the path is replaced in between.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:
        raise ConfigError("file not found", path=path) from exc
    except IsADirectoryError as exc:
        raise ConfigError(IS_A_DIRECTORY, path=path) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
    with os.fdopen(descriptor, "rb") as file:
        _check_regular_file(os.fstat(descriptor), path)
        try:
            data = file.read(MAX_FILE_BYTES + 1)  # the file may have grown since fstat
        except OSError as exc:
            raise ConfigError(f"cannot read file: {exc.strerror or exc}", path=path) from exc
    if len(data) > MAX_FILE_BYTES:
        _too_large(None, path)
    return decode_config_bytes(data, path)


def _check_regular_file(status: os.stat_result, path: PathLike) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise ConfigError(IS_A_DIRECTORY, path=path)
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(status.st_mode)), "a special file")
        raise ConfigError(f"not a regular file ({kind})", path=path)
    if status.st_size > MAX_FILE_BYTES:
        _too_large(status.st_size, path)


def _too_large(size: int | None, path: PathLike) -> NoReturn:
    shown = f"{size:,} bytes" if size is not None else f"more than {MAX_FILE_BYTES:,} bytes"
    raise ConfigError(
        f"file too large: {shown} (the limit is {MAX_FILE_BYTES:,} bytes)", path=path
    )


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

