"""A tiny web app for uvicorn (``app``, ASGI) and gunicorn (``wsgi_app``, WSGI).

It knows nothing of logkit. Run from the repository's root:

    LOGKIT_CONFIG=logging.yaml uvicorn examples.web:app --workers 2
    LOGKIT_CONFIG=logging.yaml gunicorn -w 3 examples.web:wsgi_app

``/`` answers, ``/fail`` raises: the server's own lines (start-up, one access
line per request) and the traceback of the failed request go through the
scheme, from every worker: the console, logs/info.log, and logs/error.log.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

log = logging.getLogger("examples.web")


def _answer(path: str) -> bytes:
    log.info("serving %s from worker %d", path, os.getpid())
    if path.startswith("/fail"):
        raise RuntimeError(f"cannot serve {path}")
    return b"ok\n"


async def app(
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[dict[str, Any]]],
    send: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    if scope["type"] != "http":
        return
    body = _answer(scope["path"])
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    body = _answer(environ["PATH_INFO"])
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body]
