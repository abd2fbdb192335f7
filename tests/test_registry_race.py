"""A handler dying while a transaction copies the handler registry (found by test_properties).

``logging._handlers`` holds weak references. A handler that a config defines but
no logger uses dies whenever the garbage collector gets to it, which can be
between the ``keys()`` and the lookups of ``dict(registry)``: a KeyError out of
``configure()``. Here the death is made to happen exactly there, by a handler
name whose hashing (done while the copy is built) drops the other handler.
"""

from __future__ import annotations

import logging

from logkit._transaction import logging_transaction

_last_reference: list[logging.Handler] = []


class _DropsTheOtherHandlerOnHash(str):
    armed = False

    def __hash__(self) -> int:
        if _DropsTheOtherHandlerOnHash.armed:
            _DropsTheOtherHandlerOnHash.armed = False
            _last_reference.clear()
        return str.__hash__(self)


def _register_survivor() -> logging.Handler:
    survivor = logging.NullHandler()
    survivor.name = _DropsTheOtherHandlerOnHash("survivor")
    return survivor


def _register_doomed() -> None:
    doomed = logging.NullHandler()
    doomed.name = "doomed"  # registered after the survivor, so looked up after it
    _last_reference.append(doomed)


def test_a_handler_dying_while_the_transaction_starts_is_left_out() -> None:
    survivor = _register_survivor()
    _register_doomed()
    _DropsTheOtherHandlerOnHash.armed = True
    with logging_transaction():
        pass
    assert not _DropsTheOtherHandlerOnHash.armed  # the death did happen mid-copy
    assert "doomed" not in logging._handlers  # type: ignore[attr-defined]
    assert logging._handlers["survivor"] is survivor  # type: ignore[attr-defined]


def test_a_handler_the_config_built_but_nothing_uses_may_die_while_committing() -> None:
    with logging_transaction():
        survivor = _register_survivor()  # as dictConfig registers what it builds
        logging.root.addHandler(survivor)
        _register_doomed()  # defined by the config, used by no logger
        _DropsTheOtherHandlerOnHash.armed = True
    assert not _DropsTheOtherHandlerOnHash.armed
    assert "doomed" not in logging._handlers  # type: ignore[attr-defined]
    assert logging._handlers["survivor"] is survivor  # type: ignore[attr-defined]
