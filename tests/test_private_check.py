"""The private rich and logging names logkit relies on exist and mean what it reads them for.

Each name has a probe in ``logkit._private_check``; a new rich or Python that
renames one fails here by name, instead of a handler quietly taking its slow path.
"""

from __future__ import annotations

from logkit import _private_check
from logkit.handlers._repr_highlight import MATCHES_RICH


def test_every_private_name_is_present() -> None:
    assert _private_check.missing_names() == []


def test_the_highlighter_patterns_are_riches() -> None:
    # Otherwise every message silently goes through rich's slower highlighter.
    assert MATCHES_RICH


def test_a_probe_that_cannot_read_its_name_reports_the_name() -> None:
    class Renamed:
        _new_name = 1

    def gone() -> object:
        return Renamed._old_name  # as a release that renamed it would answer

    probes = {"Renamed._old_name": gone, "Renamed._new_name": lambda: Renamed._new_name}
    assert _private_check.missing_names(probes) == ["Renamed._old_name"]


def test_a_name_that_changed_meaning_is_reported() -> None:
    def drifted() -> None:
        _private_check._require(False, "a counter that no longer counts")

    assert _private_check.missing_names({"Console._drifted": drifted}) == ["Console._drifted"]
