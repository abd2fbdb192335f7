"""Real syslog collectors for the tests: rsyslog and syslog-ng on loopback.

The daemons come from Debian's packages, unpacked (not installed) by
``.ci/daemons.sh`` into a cache; ``$SYSLOG_DAEMONS`` names the unpacked root,
else the script's default cache path is tried. Each collector runs in the
foreground with its own config in a temporary directory, on a free loopback
port, writes every message it receives as one JSON line, and is stopped by PID.
Tests skip when the binaries are absent, unless ``$SYSLOG_DAEMONS`` was set (CI
sets it: there a missing daemon fails).

``conftest.py`` hands :class:`Collectors` to tests as the ``collectors`` fixture.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from processes import stop

DEFAULT_ROOT = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / (
    "logkit-daemons/root"
)
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


# Read once, at import: tests run with a cleaned environment.
NAMED_ROOT = os.environ.get("SYSLOG_DAEMONS")


def daemons_root() -> Path:
    """Where ``.ci/daemons.sh`` unpacked the daemons; skip (or fail in CI) without them."""
    named = NAMED_ROOT
    root = Path(named) if named else DEFAULT_ROOT
    binaries = [root / "usr/sbin/rsyslogd", root / "usr/sbin/syslog-ng"]
    missing = [str(path) for path in binaries if not os.access(path, os.X_OK)]
    if missing:
        reason = f"syslog daemons not unpacked ({', '.join(missing)}): run .ci/daemons.sh"
        if named:
            pytest.fail(f"$SYSLOG_DAEMONS is set but {reason}")
        pytest.skip(reason)
    return root


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


RSYSLOG_CONF = """\
global(workDirectory="{work}" maxMessageSize="256k"
       parser.escapeControlCharactersOnReceive="off")
module(load="imtcp")
module(load="imudp")
template(name="json" type="list" option.jsonf="on") {{
  property(outname="severity" name="syslogseverity" format="jsonf")
  property(outname="host" name="hostname" format="jsonf")
  property(outname="app" name="app-name" format="jsonf")
  property(outname="procid" name="procid" format="jsonf")
  property(outname="msgid" name="msgid" format="jsonf")
  property(outname="sd" name="structured-data" format="jsonf")
  property(outname="time" name="timereported" dateFormat="rfc3339" format="jsonf")
  property(outname="msg" name="msg" format="jsonf")
}}
ruleset(name="in") {{ action(type="omfile" file="{output}" template="json") }}
input(type="imtcp" address="127.0.0.1" port="{port}" ruleset="in")
input(type="imudp" address="127.0.0.1" port="{port}" ruleset="in")
"""

SYSLOG_NG_CONF = """\
@version: 3.38
options {{ keep-hostname(yes); chain-hostnames(no); log-msg-size(262144); stats-freq(0); }};
source s_in {{
  syslog(ip("127.0.0.1") port({port}) transport("tcp"));
  {tls_source}
}};
destination d_out {{
  file("{output}" template("$(format-json --scope none severity=int(${{LEVEL_NUM}})
    host=${{HOST}} app=${{PROGRAM}} procid=${{PID}} msgid=${{MSGID}} sd=${{SDATA}}
    time=${{ISODATE}} msg=${{MESSAGE}})\\n"));
}};
log {{ source(s_in); destination(d_out); }};
"""

SYSLOG_NG_TLS = (
    'syslog(ip("127.0.0.1") port({port}) transport("tls") '
    'tls(key-file("{key}") cert-file("{cert}") peer-verify(optional-untrusted)));'
)


class Collector:
    """One daemon: started, stopped, restarted on the same port; its messages as dicts."""

    def __init__(self, kind: str, directory: Path, root: Path, tls: tuple[Path, Path] | None):
        self.kind = kind
        self.directory = directory
        self.root = root
        self.port = free_port()
        self.tls_port = free_port() if tls else None
        self.output = directory / "received.jsonl"
        self.pidfile = directory / f"{kind}.pid"
        self.log = directory / f"{kind}.stderr"
        self.process: subprocess.Popen[bytes] | None = None
        directory.mkdir(parents=True, exist_ok=True)
        self.config = directory / f"{kind}.conf"
        if kind == "rsyslog":
            text = RSYSLOG_CONF.format(work=directory, output=self.output, port=self.port)
        else:
            tls_source = ""
            if tls:
                key, cert = tls
                tls_source = SYSLOG_NG_TLS.format(port=self.tls_port, key=key, cert=cert)
            text = SYSLOG_NG_CONF.format(port=self.port, output=self.output, tls_source=tls_source)
        self.config.write_text(text)

    def _argv(self) -> list[str]:
        if self.kind == "rsyslog":
            modules = self.root / "usr/lib/x86_64-linux-gnu/rsyslog"
            return [str(self.root / "usr/sbin/rsyslogd"), "-n", "-f", str(self.config),
                    "-i", str(self.pidfile), "-M", str(modules)]  # fmt: skip
        plugins = self.root / "usr/lib/syslog-ng/3.38"
        return [str(self.root / "usr/sbin/syslog-ng"), "-F", "--no-caps",
                "-f", str(self.config), "-p", str(self.pidfile),
                "-R", str(self.directory / "syslog-ng.persist"),
                "-c", str(self.directory / "syslog-ng.ctl"),
                f"--module-path={plugins}"]  # fmt: skip

    def start(self) -> None:
        environment = dict(os.environ)
        environment["LD_LIBRARY_PATH"] = (
            f"{self.root}/usr/lib/syslog-ng:{self.root}/usr/lib/x86_64-linux-gnu"
        )
        with self.log.open("ab") as stderr:
            self.process = subprocess.Popen(
                self._argv(), stdin=subprocess.DEVNULL, stdout=stderr, stderr=stderr,
                env=environment, cwd=self.directory,
            )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        ports = [port for port in (self.port, self.tls_port) if port]
        while not all(self._listening(port) for port in ports):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.kind} did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.02)

    @staticmethod
    def _listening(port: int) -> bool:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            return probe.connect_ex(("127.0.0.1", port)) == 0

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            stop(process, STOP_TIMEOUT)

    def messages(self) -> list[dict[str, Any]]:
        if not self.output.exists():
            return []
        text = self.output.read_text(encoding="utf-8")
        # A line still being written has no newline yet: read it next time.
        lines = [line for line in text.splitlines(keepends=True) if line.endswith("\n")]
        messages = [json.loads(line) for line in lines]
        for message in messages:  # rsyslog writes it as a string, syslog-ng as a number
            message["severity"] = int(message["severity"])
        return messages

    def wait_for(self, count: int, timeout: float = 20.0) -> list[dict[str, Any]]:
        """The messages received so far, once there are ``count`` (or at the timeout)."""
        deadline = time.monotonic() + timeout
        messages = self.messages()
        while len(messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
            messages = self.messages()
        return messages


class Collectors:
    """Start collectors by kind; every one started is stopped when the test ends."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.started: list[Collector] = []

    def start(self, kind: str, *, tls: tuple[Path, Path] | None = None) -> Collector:
        collector = Collector(kind, self.directory / f"{kind}-{len(self.started)}",
                              daemons_root(), tls)  # fmt: skip
        self.started.append(collector)
        collector.start()
        return collector

    def stop_all(self) -> None:
        for collector in self.started:
            collector.stop()


@contextlib.contextmanager
def collectors_in(directory: Path) -> Iterator[Collectors]:
    collectors = Collectors(directory)
    try:
        yield collectors
    finally:
        collectors.stop_all()


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A key and a certificate for 127.0.0.1, made with the openssl command."""
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return key, cert
