"""The config files the repository ships, for parametrized tests."""

from __future__ import annotations

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
