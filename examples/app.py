"""A small program that logs at every level through whatever config logkit finds.

Run it from the repository root, picking the config with LOGKIT_CONFIG:

    LOGKIT_CONFIG=logging.toml python examples/app.py

Records at INFO and above go to the console and logs/info.log, errors also to
logs/error.log; DEBUG records are dropped until the root level says DEBUG.
"""

from __future__ import annotations

import logging

import logkit

log = logging.getLogger("examples.app")


def train(epochs: int) -> float:
    loss = 1.0
    for epoch in range(1, epochs + 1):
        loss *= 0.5
        log.debug("epoch %d: gradient norm %.3f", epoch, loss * 3)
        log.info("epoch %d/%d: loss %.4f", epoch, epochs, loss)
    return loss


def main() -> None:
    applied = logkit.configure()
    where = applied.path if applied.path is not None else "the built-in default"
    log.info("logging configured from %s (%s)", where, applied.format)
    loss = train(epochs=3)
    if loss > 0.1:
        log.warning("loss %.3f is still above 0.1: consider more epochs", loss)
    try:
        {"learning_rate": 0.1}["momentum"]
    except KeyError:
        log.exception("missing hyper-parameter")
    log.critical("demo finished: see logs/info.log and logs/error.log")


if __name__ == "__main__":
    main()
