"""Stopping a process the tests started: by its PID, never waiting without a limit."""

from __future__ import annotations

import signal
import subprocess


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str], timeout: float) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``timeout`` seconds; reaped either way."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)
