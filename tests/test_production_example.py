"""examples/production.*: one scheme in three formats, ECS files that Filebeat can read
across rotations, and syslog to a real collector."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from collectors import Collectors
from test_ecs import field

import logkit
from logkit.handlers import SyslogHandler

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FORMATS = {"yaml": "production.yaml", "toml": "production.toml", "ini": "production.config"}
ECS_FIELDS = ["@timestamp", "log.level", "message", "log.logger", "ecs.version", "process.pid"]


@pytest.mark.parametrize("environment", [{}, {"SYSLOG_HOST": "10.0.0.7", "SYSLOG_PORT": "6000"}])
def test_the_three_files_mean_the_same(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]
):
    for name in ("SYSLOG_HOST", "SYSLOG_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    loaded = {fmt: logkit.load(EXAMPLES / name) for fmt, name in FORMATS.items()}
    assert loaded["yaml"] == loaded["toml"] == loaded["ini"]
    syslog = loaded["yaml"]["handlers"]["syslog"]
    assert (syslog["host"], syslog["port"]) == (
        environment.get("SYSLOG_HOST", "127.0.0.1"),
        int(environment.get("SYSLOG_PORT", "514")),
    )


@pytest.mark.parametrize("fmt", ["yaml", "ini"])
def test_ecs_lines_parse_across_fifty_rotations_and_syslog_gets_every_record(
    collectors: Collectors,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
):
    collector = collectors.start("rsyslog")
    monkeypatch.setenv("SYSLOG_PORT", str(collector.port))
    monkeypatch.delenv("SYSLOG_HOST", raising=False)
    # The example, with files small enough to rotate often and enough backups to keep them.
    text = (EXAMPLES / FORMATS[fmt]).read_text()
    text = text.replace("10485760, 10)", "4000, 500)")  # INI's args
    text = text.replace("10485760", "4000").replace("backupCount: 10", "backupCount: 500")
    path = tmp_path / FORMATS[fmt]
    path.write_text(text)
    logkit.configure(path)

    logger = logging.getLogger("shop.orders")
    expected_info, expected_errors = 0, 0
    for n in range(600):
        if n % 10 == 0:
            try:
                raise RuntimeError(f"order {n} failed")
            except RuntimeError:
                logger.exception("order %d: payment refused ☃", n)
            expected_errors += 1
        else:
            logger.log([logging.DEBUG, logging.INFO, logging.WARNING][n % 3], "order %d ok", n)
        expected_info += n % 10 == 0 or n % 3 != 0

    rotated = sorted((tmp_path / "logs").glob("info.log.*"))
    assert len(rotated) >= 50
    documents = [
        json.loads(line)
        for file in [tmp_path / "logs" / "info.log", *rotated]
        for line in file.read_text(encoding="utf-8").splitlines()
    ]
    assert len(documents) == expected_info
    for document in documents:
        for name in ECS_FIELDS:
            assert field(document, name) is not None, (name, document)
        assert field(document, "log.logger") == "shop.orders"
        if field(document, "log.level") == "error":
            assert "raise RuntimeError" in str(field(document, "error.stack_trace"))
    errors = [
        json.loads(line)
        for file in (tmp_path / "logs").glob("error.log*")
        for line in file.read_text(encoding="utf-8").splitlines()
    ]
    assert len(errors) == expected_errors

    [syslog] = [h for h in logging.root.handlers if isinstance(h, SyslogHandler)]
    assert syslog.drain(10)
    received = collector.wait_for(expected_info)
    assert len(received) == expected_info and syslog.dropped == 0
    assert "order 0: payment refused ☃\nTraceback" in received[0]["msg"]
    assert "order 1 ok" in capsys.readouterr().out  # the console
