"""A small program that logs at every level, and knows nothing of logkit.

It only uses the standard library's ``logging``: the start-up hook installed
with logkit applies the config LOGKIT_CONFIG names before the program runs:

    LOGKIT_CONFIG=logging.toml python examples/app.py

(``logkit run examples/app.py`` does the same, finding the config as
``configure()`` does.)

Records at INFO and above go to the console and logs/info.log, errors also to
logs/error.log; DEBUG records are dropped until the root level says DEBUG.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("examples.app")


def train(epochs: int) -> float:
    loss = 1.0
    for epoch in range(1, epochs + 1):
        loss *= 0.5
        log.debug("epoch %d: gradient norm %.3f", epoch, loss * 3)
        log.info("epoch %d/%d: loss %.4f", epoch, epochs, loss)
    return loss


def main() -> None:
    log.info("training with %s", " ".join(sys.argv[1:]) or "the default settings")
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
