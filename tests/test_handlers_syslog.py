"""SyslogHandler against real collectors: what arrives, exactly, over tcp, udp and tls."""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from collectors import Collectors, self_signed_certificate

import logkit
from logkit.handlers import SyslogHandler
from logkit.handlers._rfc5424 import severity_of

SD_NUMBERED = r'\[logkit@32473 logger="ship\.numbered"( rank="\d+" world_size="\d+")?\]'
LEVELS = [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL]


class Bodies(logging.Handler):
    """What the syslog handler's formatter made of each record: the bodies to expect."""

    def __init__(self) -> None:
        super().__init__()
        self.expected: dict[int, tuple[str, int]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.expected[record.args[0]] = (self.format(record), record.levelno)  # type: ignore[index]


def log_mixed(logger: logging.Logger, count: int) -> None:
    """``count`` records: one in ten multi-line with a traceback, one in ten non-ASCII."""
    for n in range(count):
        level = LEVELS[n % len(LEVELS)]
        if n % 10 == 3:
            try:
                raise ValueError(f"boom {n}\n  second line of the error")
            except ValueError:
                logger.log(level, "record %d failed:\n\tindented", n, exc_info=True)
        elif n % 10 == 7:
            logger.log(level, "record %d naïve café ☃ 日本語 \u00e9\u0301 😀", n)
        else:
            logger.log(level, "record %d", n)


def numbered_logger(handler: logging.Handler, bodies: Bodies) -> logging.Logger:
    logger = logging.getLogger("ship.numbered")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    for each in (handler, bodies):
        each.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(each)
    return logger


@pytest.mark.parametrize("kind", ["rsyslog", "syslog-ng"])
def test_ten_thousand_records_arrive_once_each_byte_equal(collectors: Collectors, kind: str):
    collector = collectors.start(kind)
    handler = SyslogHandler(port=collector.port, app_name="shiptest", capacity=20_000)
    bodies = Bodies()
    log_mixed(numbered_logger(handler, bodies), 10_000)
    assert handler.drain(30)
    received = collector.wait_for(10_000)

    counts = Counter(int(message["msg"].split(None, 2)[1]) for message in received)
    assert len(received) == 10_000 and set(counts.values()) == {1}
    assert handler.dropped == 0
    for message in received:
        body, level = bodies.expected[int(message["msg"].split(None, 2)[1])]
        assert message["msg"].encode() == body.encode()
        assert message["severity"] == severity_of(level)
        assert message["app"] == "shiptest"
        assert message["procid"] == str(os.getpid())
        # rank and world_size appear where logkit's rank-aware logging sets them
        assert re.fullmatch(SD_NUMBERED, message["sd"]), message["sd"]
    multi_line = [m for m in received if "Traceback (most recent call last):\n" in m["msg"]]
    assert len(multi_line) == 1000
    assert sum("日本語" in m["msg"] for m in received) == 1000


def test_rank_and_world_size_reach_the_collector(collectors: Collectors):
    collector = collectors.start("rsyslog")
    handler = SyslogHandler(port=collector.port)
    logger = logging.getLogger("ship.rank")
    logger.addHandler(handler)

    def distributed(record: logging.LogRecord) -> bool:
        # set, not extra=: logkit's rank-aware logging may have set them already
        record.rank, record.world_size, record.msgid = 3, 8, "TRAIN"
        return True

    handler.addFilter(distributed)
    logger.warning("from rank 3")
    assert handler.drain(5)
    [message] = collector.wait_for(1)
    assert message["sd"] == '[logkit@32473 logger="ship.rank" rank="3" world_size="8"]'
    assert message["msgid"] == "TRAIN"
    assert message["severity"] == 4


def test_udp_delivers(collectors: Collectors):
    collector = collectors.start("rsyslog")  # it listens for udp on the same port
    handler = SyslogHandler(port=collector.port, transport="udp")
    logger = logging.getLogger("ship.udp")
    logger.addHandler(handler)
    for n in range(20):
        logger.error("udp record %d", n)
    assert handler.drain(5)
    received = collector.wait_for(20, timeout=5)
    assert {m["msg"] for m in received} == {f"udp record {n}" for n in range(20)}
    assert {m["severity"] for m in received} == {3}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


def test_tls_delivers_and_verifies_the_collector(
    collectors: Collectors, certificate: tuple[Path, Path]
):
    collector = collectors.start("syslog-ng", tls=certificate)
    assert collector.tls_port is not None
    _key, cert = certificate
    handler = SyslogHandler(port=collector.tls_port, transport="tls", ca_file=str(cert))
    logger = logging.getLogger("ship.tls")
    logger.addHandler(handler)
    logger.error("over tls\nline two ☃")
    assert handler.drain(5)
    [message] = collector.wait_for(1)
    assert message["msg"] == "over tls\nline two ☃"


def test_tls_refuses_a_collector_it_cannot_verify(
    collectors: Collectors, certificate: tuple[Path, Path], capfd: pytest.CaptureFixture[str]
):
    collector = collectors.start("syslog-ng", tls=certificate)
    handler = SyslogHandler(port=collector.tls_port, transport="tls")  # system CAs only
    logging.getLogger("ship.tls").addHandler(handler)
    logging.getLogger("ship.tls").error("never sent")
    assert not handler.drain(1.5)
    assert collector.messages() == []
    assert "CERTIFICATE_VERIFY_FAILED" in capfd.readouterr().err


CONFIGS = {
    "logging.yaml": """\
version: 1
handlers:
  ship:
    class: logkit.handlers.SyslogHandler
    host: 127.0.0.1
    port: {port}
    transport: tcp
    app_name: fromyaml
root: {{level: INFO, handlers: [ship]}}
""",
    "logging.toml": """\
version = 1
[handlers.ship]
class = "logkit.handlers.SyslogHandler"
host = "127.0.0.1"
port = {port}
transport = "tcp"
app_name = "fromtoml"
[root]
level = "INFO"
handlers = ["ship"]
""",
    "logging.json": """\
{{"version": 1, "handlers": {{"ship": {{"class": "logkit.handlers.SyslogHandler",
  "host": "127.0.0.1", "port": {port}, "transport": "tcp", "app_name": "fromjson"}}}},
 "root": {{"level": "INFO", "handlers": ["ship"]}}}}
""",
    "logging.config": """\
[loggers]
keys = root
[handlers]
keys = ship
[formatters]
keys =
[logger_root]
level = INFO
handlers = ship
[handler_ship]
class = logkit.handlers.SyslogHandler
args = ("127.0.0.1", {port})
kwargs = {{"transport": "tcp", "app_name": "fromini"}}
""",
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_every_format_can_name_it(collectors: Collectors, tmp_path: Path, name: str):
    collector = collectors.start("rsyslog")
    path = tmp_path / name
    path.write_text(CONFIGS[name].format(port=collector.port))
    logkit.configure(path)
    [handler] = logging.root.handlers
    assert isinstance(handler, SyslogHandler)
    logging.getLogger("configured").info("hello from %s", name)
    assert handler.drain(5)
    [message] = collector.wait_for(1)
    assert message["msg"] == f"hello from {name}"
    assert message["app"] == "from" + name.split(".")[1].replace("config", "ini")


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        ({"transport": "sctp"}, "transport must be one of tcp, udp, tls, not 'sctp'"),
        ({"facility": "local9"}, "unknown syslog facility 'local9'"),
        ({"sd_id": "has space"}, "sd_id must be 1-32 printable ASCII"),
        ({"capacity": 0}, "capacity must be at least 1, not 0"),
    ],
)
def test_bad_arguments_are_refused(keywords: dict[str, object], expected: str):
    with pytest.raises(ValueError, match=expected):
        SyslogHandler(**keywords)  # type: ignore[arg-type]


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_sends_through_its_own_thread(collectors: Collectors):
    collector = collectors.start("rsyslog")
    handler = SyslogHandler(port=collector.port)
    logger = logging.getLogger("ship.fork")
    logger.addHandler(handler)
    logger.warning("parent before fork")
    assert handler.drain(5)
    pid = os.fork()
    if pid == 0:  # the child: its sender must start its own thread and socket
        code = 1
        try:
            logger.warning("child %d", os.getpid())
            code = 0 if handler.drain(5) else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    logger.warning("parent after fork")
    assert handler.drain(5)
    received = collector.wait_for(3)
    assert sorted(m["msg"] for m in received) == sorted(
        ["parent before fork", f"child {pid}", "parent after fork"]
    )
    assert {m["procid"] for m in received} == {str(os.getpid()), str(pid)}
