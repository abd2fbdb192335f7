"""ECS JSON through ecs-logging's StdlibFormatter, named from every format (the ecs extra)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import ecs_logging
import pytest

import logkit

CONFIGS = {
    "logging.yaml": """\
version: 1
formatters:
  ecs: {class: ecs_logging.StdlibFormatter}
handlers:
  file: {class: logging.FileHandler, filename: ecs.log, formatter: ecs}
root: {level: INFO, handlers: [file]}
""",
    "logging.toml": """\
version = 1
[formatters.ecs]
class = "ecs_logging.StdlibFormatter"
[handlers.file]
class = "logging.FileHandler"
filename = "ecs.log"
formatter = "ecs"
[root]
level = "INFO"
handlers = ["file"]
""",
    "logging.json": """\
{"version": 1,
 "formatters": {"ecs": {"()": "ecs_logging.StdlibFormatter", "exclude_fields": ["log.origin"]}},
 "handlers": {"file": {"class": "logging.FileHandler", "filename": "ecs.log", "formatter": "ecs"}},
 "root": {"level": "INFO", "handlers": ["file"]}}
""",
    "logging.config": """\
[loggers]
keys = root
[handlers]
keys = file
[formatters]
keys = ecs
[logger_root]
level = INFO
handlers = file
[handler_file]
class = FileHandler
args = ("ecs.log",)
formatter = ecs
[formatter_ecs]
class = ecs_logging.StdlibFormatter
""",
}


def field(document: dict[str, object], dotted: str) -> object:
    """An ECS field, written flat (``"log.level"``) or nested (``{"log": {"logger"}}``)."""
    if dotted in document:
        return document[dotted]
    found: object = document
    for part in dotted.split("."):
        assert isinstance(found, dict), (dotted, document)
        found = found[part]
    return found


@pytest.mark.parametrize("name", list(CONFIGS))
def test_every_format_names_the_ecs_formatter(tmp_path: Path, name: str):
    (tmp_path / name).write_text(CONFIGS[name])
    logkit.configure(tmp_path / name)
    [handler] = logging.root.handlers
    assert isinstance(handler.formatter, ecs_logging.StdlibFormatter)
    try:
        raise KeyError("missing")
    except KeyError:
        logging.getLogger("app.ecs").exception("failed ☃")
    handler.flush()
    [line] = (tmp_path / "ecs.log").read_text(encoding="utf-8").splitlines()
    document = json.loads(line)
    assert field(document, "message") == "failed ☃"
    assert field(document, "log.level") == "error"
    assert field(document, "log.logger") == "app.ecs"
    assert field(document, "ecs.version")
    assert 'raise KeyError("missing")' in str(field(document, "error.stack_trace"))
    assert field(document, "error.type") == "KeyError"


def test_the_formatter_is_validated_like_any_other(tmp_path: Path):
    path = tmp_path / "logging.yaml"
    path.write_text(
        "version: 1\nformatters:\n  ecs:\n    (): ecs_logging.StdlibFormatter\n"
        "    exclude_fieldz: [process.thread]\n"
    )
    with pytest.raises(logkit.ConfigError) as caught:
        logkit.configure(path)
    assert str(caught.value) == (
        f"{path}:5: formatters.ecs.exclude_fieldz: StdlibFormatter takes no argument"
        " 'exclude_fieldz' (did you mean 'exclude_fields'?)"
    )


NOT_INSTALLED = """\
import sys
sys.modules["ecs_logging"] = None  # as if the ecs extra were not installed
import logkit
try:
    logkit.configure(sys.argv[1])
except logkit.ConfigError as error:
    print(error)
    print(error.key)
"""


@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("logging.yaml", 3, "cannot import 'ecs_logging.StdlibFormatter'"),
        ("logging.config", 15, "cannot import formatter class 'ecs_logging.StdlibFormatter'"),
    ],
)
def test_without_the_extra_the_error_names_it(
    tmp_path: Path,
    child_environment: Callable[..., dict[str, str]],
    name: str,
    line: int,
    expected: str,
):
    (tmp_path / name).write_text(CONFIGS[name])
    finished = subprocess.run(
        [sys.executable, "-c", NOT_INSTALLED, name],
        cwd=tmp_path, env=child_environment(), capture_output=True, text=True, timeout=60,
        check=True,
    )  # fmt: skip
    message, key = finished.stdout.splitlines()
    assert message.startswith(f"{name}:{line}: formatters.ecs.class: {expected}: ")
    assert message.endswith(
        "no module named 'ecs_logging': install logkit's ecs extra: pip install \"logkit[ecs]\""
    )
    assert key == "formatters.ecs.class"
