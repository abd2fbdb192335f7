"""The config files the repository ships, for parametrized tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

SHIPPED = {
    "yaml": REPO / "logging.yaml",
    "toml": REPO / "logging.toml",
    "ini": REPO / "logging.config",
}

shipped_files = pytest.mark.parametrize(
    "shipped", list(SHIPPED.values()), ids=list(SHIPPED)
)

ALL_FORMATS = ("yaml", "toml", "json", "ini")
EXTENSION = {"yaml": ".yaml", "toml": ".toml", "json": ".json", "ini": ".ini"}


def child_environment(**extra: str) -> dict[str, str]:
    """The environment for a child Python: this checkout importable, no LOGKIT_* set."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LOGKIT_")}
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])
    )
    environment.update(extra)
    return environment
