"""setuptools' build backend, plus the start-up hook ``logkit-startup.pth``.

A ``.pth`` file in site-packages is read by every Python start (``site``), and
its ``import`` lines run: that is how ``LOGKIT_CONFIG=path python app.py``
configures an app that never imports logkit, and every process it starts.
setuptools' declarative config cannot place a file at the top of
site-packages, so this backend builds the wheel with setuptools and adds the
file to it (with its line in the wheel's RECORD), for ``pip install .`` and
``pip install -e .`` alike. The hook's line checks one environment variable and
imports nothing of logkit unless it is set.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # noqa: F401 - the rest of the backend, unchanged
    build_sdist,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

HOOK = Path(__file__).with_name("logkit-startup.pth")


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    name: str = _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)
    _add_hook(Path(wheel_directory, name))
    return name


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    name: str = _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
    _add_hook(Path(wheel_directory, name))
    return name


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


def _add_hook(wheel: Path) -> None:
    """Rewrite ``wheel`` with the hook at its root and listed in its RECORD."""
    data = HOOK.read_bytes()
    handle, scratch = tempfile.mkstemp(dir=wheel.parent, suffix=".whl")
    os.close(handle)
    with (
        zipfile.ZipFile(wheel) as source,
        zipfile.ZipFile(scratch, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename.endswith(".dist-info/RECORD"):
                text = content.decode()
                if not text.endswith("\n"):
                    text += "\n"
                # RECORD lists itself last, without a hash: keep it there.
                lines = text.splitlines(keepends=True)
                own = [line for line in lines if line.startswith(item.filename + ",")]
                rest = [line for line in lines if line not in own]
                content = "".join([*rest, _record_line(HOOK.name, data), *own]).encode()
            target.writestr(item, content)
        target.writestr(HOOK.name, data)
    shutil.move(scratch, wheel)
