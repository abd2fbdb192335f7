"""Real uvicorn and gunicorn servers log through the scheme, each record once (issue 11)."""

from __future__ import annotations

import collections
import contextlib
import re
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from processes import stop

pytest.importorskip("uvicorn")
pytest.importorskip("gunicorn")

TIMEOUT = 60
REQUESTS = 200
FAILING = 10  # every 20th request raises
MAX_BYTES = 2000  # about 25 rotations of info.log over one run

ASGI_APP = textwrap.dedent(
    """
    import logging, os, time
    log = logging.getLogger("asgi.app")

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        path = scope["path"]
        log.info("handling %s in %d", path, os.getpid())
        time.sleep(0.01)  # blocks the worker's loop: concurrent requests reach both
        if path.startswith("/fail/"):
            raise RuntimeError(f"boom {path}")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
    """
)

WSGI_APP = textwrap.dedent(
    """
    import logging, os, time
    log = logging.getLogger("wsgi.app")

    def app(environ, start_response):
        path = environ["PATH_INFO"]
        log.info("handling %s in %d", path, os.getpid())
        time.sleep(0.01)  # busy, so that concurrent requests reach every sync worker
        if path.startswith("/fail/"):
            raise RuntimeError(f"boom {path}")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    """
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_for_port(port: int, server: subprocess.Popen[bytes], console: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = console.read_text(errors="replace")
            raise AssertionError(f"the server exited with {server.returncode}:\n{output}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {TIMEOUT} s")


@contextlib.contextmanager
def _serving(command: list[str], cwd: Path, env: dict[str, str], port: int) -> Iterator[None]:
    """Run a server until the block ends, then stop it by its PID (SIGTERM, then SIGKILL)."""
    with open(cwd / "console.txt", "ab") as console:
        server = subprocess.Popen(command, cwd=cwd, env=env, stdout=console, stderr=console)
    try:
        _wait_for_port(port, server, cwd / "console.txt")
        yield
    finally:
        stop(server, TIMEOUT)


def _paths() -> list[str]:
    return [f"/fail/{n}" if n % 20 == 7 else f"/ok/{n}" for n in range(REQUESTS)]


def _get(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT) as answer:
            status: int = answer.status
            return status
    except urllib.error.HTTPError as error:
        return error.code


def _request_all(port: int) -> collections.Counter[int]:
    with ThreadPoolExecutor(8) as pool:
        return collections.Counter(pool.map(lambda path: _get(port, path), _paths()))


def _scheme(shipped_paths: dict[str, Path], directory: Path) -> Path:
    text = shipped_paths["yaml"].read_text(encoding="utf-8").replace("10485760", str(MAX_BYTES))
    config = directory / "logging.yaml"
    config.write_text(text.replace("backupCount: 10", "backupCount: 500"), encoding="utf-8")
    return config


def _read(directory: Path, pattern: str) -> str:
    files = sorted(directory.glob(pattern), key=lambda f: f.name)
    return "".join(file.read_text(encoding="utf-8") for file in files)


def _check_logs(directory: Path, workers: int, access: str) -> None:
    logs = directory / "logs"
    assert len(list(logs.glob("info.log*"))) > 20  # rotated 20+ times
    info = _read(logs, "info.log*")
    handled = re.findall(r"^handling (/\w+/\d+) in (\d+)$", info, re.M)
    assert collections.Counter(path for path, _ in handled) == dict.fromkeys(_paths(), 1)
    assert len({pid for _, pid in handled}) == workers  # every worker served some
    lines = re.findall(access, info, re.M)
    assert collections.Counter(lines) == dict.fromkeys(_paths(), 1)
    errors = _read(logs, "error.log*")
    tracebacks = re.findall(r"^RuntimeError: boom (/fail/\d+)$", errors, re.M)
    failing = [path for path in _paths() if path.startswith("/fail/")]
    assert len(failing) == FAILING
    assert collections.Counter(tracebacks) == dict.fromkeys(failing, 1)


def _uvicorn(port: int, *extra: str) -> list[str]:
    return ["uvicorn", "app:app", "--port", str(port), "--workers", "2", *extra]


def _gunicorn(port: int, *extra: str) -> list[str]:
    return ["gunicorn", "-w", "3", "-b", f"127.0.0.1:{port}", "app:app", *extra]


@pytest.mark.parametrize("server", ["uvicorn", "gunicorn"])
@pytest.mark.parametrize("start", ["logkit run", "start-up hook"])
def test_every_record_of_app_and_server_once(
    server: str,
    start: str,
    shipped_paths: dict[str, Path],
    tmp_path: Path,
    child_environment: Any,
) -> None:
    (tmp_path / "app.py").write_text(ASGI_APP if server == "uvicorn" else WSGI_APP)
    config = _scheme(shipped_paths, tmp_path)
    port = _free_port()
    arguments = _uvicorn(port) if server == "uvicorn" else _gunicorn(port)
    if start == "logkit run":
        command = [sys.executable, "-m", "logkit", "run", "--config", str(config), "-m", *arguments]
        env = child_environment(HOME=str(tmp_path))
    else:
        command = [sys.executable, "-m", *arguments]
        env = child_environment(HOME=str(tmp_path), LOGKIT_CONFIG=str(config))
    with _serving(command, tmp_path, env, port):
        assert _request_all(port) == {200: REQUESTS - FAILING, 500: FAILING}
    if server == "uvicorn":
        access = r'^127\.0\.0\.1:\d+ - "GET (/\w+/\d+) HTTP/1\.1" \d+$'
        _check_logs(tmp_path, 2, access)
        assert "Application startup complete." in _read(tmp_path / "logs", "info.log*")
    else:
        _check_logs(tmp_path, 3, r'^127\.0\.0\.1 - - \[.*?\] "GET (/\w+/\d+) HTTP/1\.1" \d+')
        assert _read(tmp_path / "logs", "info.log*").count("Booting worker with pid") == 3


USER_LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"mine": {"format": "MINE %(name)s %(message)s"}},
    "handlers": {
        "mine": {"class": "logging.FileHandler", "filename": "mine.log", "formatter": "mine"}
    },
    # gunicorn merges this into its defaults, whose root names a handler 'console'.
    "root": {"level": "INFO", "handlers": ["mine"]},
    "loggers": {
        "uvicorn": {"handlers": ["mine"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": ["mine"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["mine"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["mine"], "level": "INFO", "propagate": False},
    },
}


@pytest.mark.parametrize("server", ["uvicorn", "gunicorn"])
def test_the_users_own_server_logging_wins(
    server: str, shipped_paths: dict[str, Path], tmp_path: Path, child_environment: Any
) -> None:
    import json

    (tmp_path / "app.py").write_text(ASGI_APP if server == "uvicorn" else WSGI_APP)
    config = _scheme(shipped_paths, tmp_path)
    port = _free_port()
    if server == "uvicorn":
        (tmp_path / "mine.json").write_text(json.dumps(USER_LOG_CONFIG))
        arguments = _uvicorn(port, "--log-config", "mine.json")
    else:
        (tmp_path / "gconf.py").write_text(f"logconfig_dict = {USER_LOG_CONFIG!r}\n")
        arguments = _gunicorn(port, "-c", "gconf.py", "--access-logfile", "-")
    env = child_environment(HOME=str(tmp_path), LOGKIT_CONFIG=str(config))
    with _serving([sys.executable, "-m", *arguments], tmp_path, env, port):
        assert _get(port, "/ok/1") == 200
    mine = (tmp_path / "mine.log").read_text()
    assert '"GET /ok/1 HTTP/1.1" 200' in mine
    assert re.search(r"^MINE (uvicorn|gunicorn)\.error ", mine, re.M), mine
    assert "GET /ok/1" not in _read(tmp_path / "logs", "info.log*")


def test_uvicorn_at_a_terminal_prints_through_rich(
    shipped_paths: dict[str, Path], tmp_path: Path, child_environment: Any, terminal_screen: Any
) -> None:
    (tmp_path / "app.py").write_text(ASGI_APP)
    port = _free_port()
    (tmp_path / "client.py").write_text(
        textwrap.dedent(
            f"""
            import os, signal, socket, subprocess, sys, time, urllib.request
            command = [sys.executable, "-m", "uvicorn", "app:app", "--port", "{port}"]
            server = subprocess.Popen(command)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", {port}), 0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            urllib.request.urlopen("http://127.0.0.1:{port}/ok/1", timeout=60).read()
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
            """
        )
    )
    env = child_environment(HOME=str(tmp_path), LOGKIT_CONFIG=str(shipped_paths["yaml"]))
    screen = terminal_screen([sys.executable, "client.py"], cwd=tmp_path, env=env)
    text = "\n".join(screen)
    # Rich's level column, for uvicorn's own lines and its access line alike.
    assert re.search(r"INFO +Application startup complete\.", text), text
    assert re.search(r'INFO +127\.0\.0\.1:\d+ - "GET /ok/1 HTTP/1\.1" 200', text), text


@pytest.mark.parametrize(
    "arguments",
    [
        ["uvicorn", "examples.web:app", "--workers", "2"],
        ["gunicorn", "-w", "3", "examples.web:wsgi_app"],
    ],
    ids=["uvicorn", "gunicorn"],
)
def test_the_readme_examples_serve_through_the_scheme(
    arguments: list[str], repo: Path, tmp_path: Path, child_environment: Any
) -> None:
    import shutil

    shutil.copytree(repo / "examples", tmp_path / "examples")
    port = _free_port()
    bind = ["--port", str(port)] if arguments[0] == "uvicorn" else ["-b", f"127.0.0.1:{port}"]
    env = child_environment(HOME=str(tmp_path), LOGKIT_CONFIG=str(repo / "logging.yaml"))
    with _serving([sys.executable, "-m", *arguments, *bind], tmp_path, env, port):
        assert (_get(port, "/"), _get(port, "/fail")) == (200, 500)
    info = _read(tmp_path / "logs", "info.log*")
    assert re.search(r'"GET / HTTP/1\.1" 200', info) and re.search(
        r'"GET /fail HTTP/1\.1" 500', info
    )
    errors = _read(tmp_path / "logs", "error.log*")
    assert errors.count("RuntimeError: cannot serve /fail") == 1
